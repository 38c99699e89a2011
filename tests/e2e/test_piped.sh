# A questionnaire through a pipe: no prompts, same result as the answers file; errors name the line;
# an empty line passes an optional question; `?` prints nothing to stdout; the commands suggested
# after a saved assessment name its profile; `questionnaire list`.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
answers() { printf '%s\n' "43-9021" "65 10 5 10 0 10" "60" "tried" "consume" "many" "1" "unclear" "us"; }
set +e
answers | cr assess --questionnaire quick --format json >"$TMP/piped.json" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 0 ] && pass || fail "piped run exited $rc: $(<"$TMP/err")"
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
expect_in "$(<"$TMP/err")" "stdin:3: answer to 'data_entry'" "bad line named"
# input that ends early
set +e
printf '%s\n' "43-9021" | cr assess --questionnaire quick --no-save >/dev/null 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 3 ] && pass || fail "short input exited $rc"
expect_in "$(<"$TMP/err")" "input ended before question 'tasks' was answered" "short input"
# an empty line passes an optional question (region), as Enter does at the terminal; `?` is
# answered on stderr, never in stdout, which holds only the result
set +e
printf '%s\n' "43-9021" "65 10 5 10 0 10" "60" "?" "tried" "consume" "many" "1" "unclear" "" |
	cr --profile "c'3" assess --questionnaire quick --format json >"$TMP/opt.json" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 0 ] && pass || fail "empty line for an optional question exited $rc: $(<"$TMP/err")"
jq -e '.score | numbers' "$TMP/opt.json" >/dev/null && pass || fail "stdout is not the JSON result: $(head -c 300 "$TMP/opt.json")"
if grep -q "Why:" "$TMP/opt.json"; then fail "help in stdout"; else pass; fi
[ "$(db "SELECT value_json FROM answer a JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id
	WHERE p.name = 'c''3' AND question = 'region'")" = null ] && pass || fail "the empty line was not saved as skipped"
# an empty line for a required question still stops, with its line number
set +e
printf '%s\n' "43-9021" "" | cr assess --questionnaire quick --no-save >/dev/null 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 3 ] && pass || fail "empty line for a required question exited $rc"
expect_in "$(<"$TMP/err")" "stdin:2: answer to 'tasks'" "empty required line named"

# the commands suggested after a saved assessment act on the same profile, copied as printed
set +e
answers | cr --profile "c'3" assess --questionnaire quick >"$TMP/text" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 0 ] && pass || fail "second assessment of c'3 exited $rc: $(<"$TMP/err")"
expect_in "$(<"$TMP/text")" "career-risk --profile 'c'\''3' progress" "progress command names the profile"
run 0 --profile "c'3" plan list
expect_in "$OUT" "Action plan" "the suggested plan list works"

# the questionnaires there are, with their length
run 0 questionnaire list
for id in quick standard intake; do
	expect_in "$OUT" "$id" "questionnaire list names $id"
done
n=$(grep -c "^ *- id:" "$CR_SRC/questionnaires/quick.yaml")
expect_in "$(grep '^quick' <<<"$OUT")" "$n questions" "quick's question count"
# a reader that stops early (`| head`) ends the run quietly with status 0, as other Unix tools do;
# a full disk is still an error (exit 7)
for argv in "occupation show nurse" "occupation list" "occupation list --format json" "history --format json"; do
	set +e
	# shellcheck disable=SC2086 # the words are the command's
	cr $argv 2>"$TMP/err" | head -c 20 >/dev/null
	rc=${PIPESTATUS[0]}
	set -e
	[ "$rc" -eq 0 ] && pass || fail "'$argv | head' exited $rc"
	[ ! -s "$TMP/err" ] && pass || fail "'$argv | head' said: $(<"$TMP/err")"
done
set +e
cr occupation list >/dev/full 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 7 ] && pass || fail "a full disk exited $rc"
expect_in "$(<"$TMP/err")" "cannot write to standard output" "a full disk is named"
finish
