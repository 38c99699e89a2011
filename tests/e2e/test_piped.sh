# A questionnaire through a pipe: no prompts, same result as the answers file; errors name the line.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
answers() { printf '%s\n' "43-9021" "65 10 5 10 0 10" "60" "tried" "consume" "many" "1" "unclear" "us"; }
set +e
answers | cr assess --questionnaire quick --format json >"$TMP/piped.json" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 0 ] && pass || fail "piped run exited $rc: $(cat "$TMP/err")"
run 0 assess --questionnaire quick --answers "$A/quick-data-entry-clerk.yaml" --format json --no-save
piped=$(jq -c '{score, band, range, dimensions, rules: [.rules[].id]}' "$TMP/piped.json")
file=$(jq -c '{score, band, range, dimensions, rules: [.rules[].id]}' <<<"$OUT")
[ "$piped" = "$file" ] && pass || fail "pipe and answers file differ: $piped vs $file"
if grep -q $'\033' "$TMP/piped.json"; then fail "colour codes in piped output"; else pass; fi
if grep -q "Question 1 of" "$TMP/piped.json"; then fail "prompts in piped output"; else pass; fi
n=$(db "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id WHERE s.status = 'done'")
[ "$n" -eq 9 ] && pass || fail "expected 9 saved answers from the pipe, found $n"

# a bad line stops with its line number and exit 3; what came before is saved
set +e
printf '%s\n' "43-9021" "65 10 5 10 0 10" "lots" | cr assess --questionnaire quick >/dev/null 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 3 ] && pass || fail "bad piped answer exited $rc"
expect_in "$(cat "$TMP/err")" "stdin:3: answer to 'data_entry'" "bad line named"
# input that ends early
set +e
printf '%s\n' "43-9021" | cr assess --questionnaire quick --no-save >/dev/null 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 3 ] && pass || fail "short input exited $rc"
expect_in "$(cat "$TMP/err")" "input ended before question 'tasks' was answered" "short input"
finish
