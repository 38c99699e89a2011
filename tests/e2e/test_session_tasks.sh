# The task question (issue 16) in a real terminal (tmux) and through a pipe: the occupation's
# main tasks listed and numbered, one level per task typed in order (a short line refused rather
# than read as "none" for the rest), the answer saved by O*NET task id, shown in words at the
# review by task number, changed there (Enter keeps it), and the result scored from it as an answers file is.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux.sh"
export LC_ALL=C.UTF-8
count() { screen "$1" | grep -cF -- "$2" || true; }
wait_count() { # wait_count NAME TEXT N: until TEXT is on N lines
	for _ in $(seq 1 100); do [ "$(count "$1" "$2")" -ge "$3" ] && { pass; return 0; }; sleep 0.1; done
	fail "timed out waiting for '$2' $3 times; screen:
$(screen "$1")"
}
answer() { db "SELECT value_json FROM answer a JOIN session s ON s.id = a.session_id WHERE s.status = '$1' AND question = '$2'"; }
# the interpreters' and translators' main tasks, in the order the question lists them
mapfile -t ids < <("$CR_BIN" occupation show 27-3091 --format json | jq -r '.main_tasks[].id')
[ "${#ids[@]}" -ge 8 ] && pass || fail "27-3091 has ${#ids[@]} main tasks"

start k1 --profile tess assess --questionnaire standard
wait_for k1 "Question 1 of 29"
type_line k1 "27-3091"
wait_for k1 "How much of your week goes to each"
wait_for k1 "2) Translate messages simultaneously"
wait_for k1 "One digit per task, in order: 0 none, 1 a little, 2 a lot, 3 most"
# a line with fewer levels than tasks is refused, saying how many are listed
type_line k1 "1 3"
wait_for k1 "Not quite: ${#ids[@]} tasks are listed and 2 levels are given"
levels=(1 3 2 2 1 1 0 1)
type_line k1 "${levels[*]}"
wait_for k1 "Question 3 of 29"
want=$(for i in "${!levels[@]}"; do printf '%s %s\n' "${ids[i]}" "${levels[i]}"; done |
	jq -R -s -c 'split("\n") | map(select(. != "") | split(" ")) |
	map({key: .[0], value: (["none", "a little", "a lot", "most"][.[1] | tonumber])}) | from_entries')
expect_jq "$(answer open task_time)" ". == $want" "task levels saved by task id, in the listed order"
# the rest of the translator persona (tests/data/answers/translator.yaml), the split part by part
for v in mid professional-services germany 8 30 0 20 10 40 0 5 3 2 no several never no unknown self unknown \
	yes 2 year yes self "writing, domain-expertise, research" 4 unsure "" ""; do
	type_line k1 "$v"
	sleep 0.15
done
wait_for k1 "Press Enter to see your result"
# the review names the tasks in words, not ids
expect_in "$(screen k1)" "2. Here are the main tasks of your occupation" "review shows the task question"
if screen k1 | grep -qE "${ids[1]}"; then fail "review shows task ids"; else pass; fi
screen k1 | sed -n '/^Your answers/,$p' >"$TMP/review1"
# by the numbers the question listed them under, each with its level in words
grep -qF "1 a little, 2 most, 3 a lot, 4 a lot, 5 a little, 6 a little, 7 none, 8 a little" "$TMP/review1" && pass ||
	fail "review does not give each task's level: $(grep -i -A2 'main tasks' "$TMP/review1")"

# change it at the review: asked again with the answer shown; Enter keeps it
type_line k1 "2"
wait_for k1 "(now:"
T send-keys -t k1 Enter
wait_count k1 "Press Enter to see your result" 2
expect_jq "$(answer open task_time)" ". == $want" "Enter at the review keeps the task levels"
type_line k1 "2"
wait_count k1 "One digit per task, in order" 3
type_line k1 "0 3 0 0 0 0 0 0"
wait_count k1 "Press Enter to see your result" 3
expect_jq "$(answer open task_time)" "(.[\"${ids[1]}\"] == \"most\") and ([.[] | select(. != \"none\")] | length == 1)" \
	"changed task levels saved"
T send-keys -t k1 Enter
wait_for k1 "Exposure score"
[ "$(wait_rc k1)" = "EXIT=0" ] && pass || fail "session with the task question did not exit 0"

# the stored result is the one an answers file with the same answers gives
sed "s/^task_time: .*/task_time: {\"${ids[1]}\": most, \"${ids[0]}\": none}/" \
	"$CR_SRC/tests/data/answers/translator.yaml" >"$TMP/same.yaml"
run 0 assess --answers "$TMP/same.yaml" --format json --no-save
stored=$(db "SELECT result_json FROM session s JOIN profile p ON p.id = s.profile_id WHERE p.name = 'tess' AND s.status = 'done'")
expect_jq "$stored" ".score == $(jq .score <<<"$OUT") and .dimensions.exposure == $(jq .dimensions.exposure <<<"$OUT")" \
	"the terminal session scores as the answers file does"
expect_jq "$stored" '.dimensions.exposure == 100 and .tasks.own' "exposure from the person's own tasks"

# through a pipe the same digits work, and a short line stops the session, naming the question
printf '%s\n' "27-3091" "1 3 2 2 1 1 0 1" | cr --profile pipe assess --questionnaire standard >/dev/null 2>"$TMP/err" || true
expect_in "$(<"$TMP/err")" "input ended before question 'seniority'" "piped task levels accepted"
expect_jq "$(db "SELECT value_json FROM answer WHERE question = 'task_time' ORDER BY session_id DESC LIMIT 1")" \
	". == $want" "piped task levels saved"
printf '%s\n' "27-3091" "1 3" | cr --profile pipe2 assess --questionnaire standard >/dev/null 2>"$TMP/err" || true
expect_in "$(<"$TMP/err")" "answer to 'task_time': ${#ids[@]} tasks are listed and 2 levels are given" \
	"piped short task line refused"
finish
