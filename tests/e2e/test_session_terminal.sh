# The session on the terminal (tmux): questions on the screen and only the result on stdout;
# Tab completion of job titles (none for an empty word, a screenful at most, titles with commas)
# and of choices (after a comma, with or without a space); the session at 60 columns.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux.sh"
export LC_ALL=C.UTF-8

# stdout redirected to a file: the questions are on the screen, the file holds only the JSON
start t1 assess --questionnaire quick --no-save --format json '>' "$TMP/out.json"
wait_for t1 "Question 1 of 9"
# Tab twice on an empty answer: a hint, not thousands of titles
send_keys t1 Tab Tab
wait_for t1 "Type the first letters of a job title, then Tab."
if screen t1 | grep -qF "Display all"; then fail "Tab on an empty answer offers every title"; else pass; fi
# a short start: at most a screenful, and how many more
send_keys t1 -l "S"; T send-keys -t t1 Tab Tab
wait_for t1 "more: type more letters, then Tab."
[ "$(screen t1 | wc -l)" -lt 80 ] && pass || fail "the list of titles floods the screen"
T send-keys -t t1 C-u
# a title with a comma completes as one word
send_keys t1 -l "Ophthalmologists, Ex"; T send-keys -t t1 Tab
wait_for t1 "> Ophthalmologists, Except Pediatric"
T send-keys -t t1 C-u
type_line t1 "43-9021"
wait_for t1 "part 1 of 6"
type_line t1 65 10 5 10 0 10 60
wait_for t1 "Question 4 of 9"
type_line t1 "?"
wait_for t1 "Why:"
# a choice completes
send_keys t1 -l "tr"; T send-keys -t t1 Tab
wait_for t1 "> tried"
T send-keys -t t1 Enter
wait_for t1 "Question 5 of 9"
type_line t1 consume many 1 unclear us
wait_for t1 "Press Enter to see your result"
T send-keys -t t1 Enter
[ "$(wait_rc t1)" = "EXIT=0" ] && pass || fail "session with stdout redirected did not exit 0"
jq -e '.score | numbers' "$TMP/out.json" >/dev/null && pass || fail "stdout is not the JSON result: $(head -c 300 "$TMP/out.json")"
if grep -qE "Question|Why:|Your answers" "$TMP/out.json"; then fail "the session's text went to stdout"; else pass; fi
expect_in "$(screen t1)" "Your answers:" "the review is on the screen"

# several choices: each completes after a comma, with or without a space. The standard
# questionnaire's first thirteen answers (an empty line passes the optional task question)
# come through a pipe (input ends: exit 3, answers kept), so the resumed session starts at
# the question of several choices.
set +e
printf '%s\n' "43-9021" "" "mid" "" "us" "5" "65 10 5 10 0 10" "60" "2" "2" "no" "many" "daily" |
	cr assess --questionnaire standard >/dev/null 2>"$TMP/err"
set -e
expect_in "$(<"$TMP/err")" "input ended before question 'ai_uses'" "piped start of the standard questionnaire"
start t2 assess --resume
wait_for t2 "Resuming: your earlier answers are kept."
wait_for t2 "(several: separate with commas"
send_keys t2 -l "wri"; T send-keys -t t2 Tab
T send-keys -t t2 -l ",ana"; T send-keys -t t2 Tab
T send-keys -t t2 -l ", rev"; T send-keys -t t2 Tab
wait_for t2 "> writing ,analysis , review"
T send-keys -t t2 Enter
wait_for t2 "Which best describes the most advanced way you use AI tools?"
expect_jq "$(db "SELECT value_json FROM answer WHERE question = 'ai_uses'")" '. == ["writing","analysis","review"]' "completed choices saved"
T send-keys -t t2 C-d
[ "$(wait_rc t2)" = "EXIT=6" ] && pass || fail "Ctrl-D did not exit 6"

# at 60 columns nothing of the session's is wider than the terminal or cut mid-word (lines the
# terminal had to wrap are joined by `screen`, so they show up here as wider than 60)
COLS=60 start t3 assess --questionnaire quick --no-save
wait_for t3 "Question 1 of 9"
type_line t3 "43-9021"
wait_for t3 "part 1 of 6"
type_line t3 10 10 10 10 10 10
wait_for t3 "These add up to 60%"
type_line t3 "" 65 10 5 10 0 10 lots 60 '?' 2 consume many 1 unclear us
wait_for t3 "Press Enter to see your result"
T send-keys -t t3 C-c
wait_for t3 "Leave without saving? [y/N]"
type_line t3 "n"
wait_prompt t3
wide=$(screen t3 | sed 's/ *$//' | while IFS= read -r l; do [ ${#l} -le 60 ] || printf '%s\n' "$l"; done)
[ -z "$wide" ] && pass || fail "lines wider than 60 columns:
$wide"
expect_in "$(screen t3)" "Not quite:" "an invalid answer at 60 columns"
T send-keys -t t3 C-d
wait_for t3 "Leaving without saving: your 9 answers are not kept"
[ "$(wait_rc t3)" = "EXIT=6" ] && pass || fail "leaving at 60 columns did not exit 6"
finish
