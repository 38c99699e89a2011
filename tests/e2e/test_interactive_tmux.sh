# The interactive questionnaire in a real terminal (tmux): completion, help, invalid input,
# back, skip, review, Ctrl-C with save and resume, and the saved profile.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux.sh"

start s1 assess --questionnaire quick
wait_for s1 "Question 1 of 9"
send_keys s1 -l "Data Entry Ke"
T send-keys -t s1 Tab
wait_for s1 "> Data Entry Keyers"
T send-keys -t s1 Enter
wait_for s1 "-> Data Entry Keyers (43-9021)"
wait_for s1 "Question 2 of 9"
type_line s1 65 10 5 10 0
wait_for s1 "10% left (Enter for 10)"
T send-keys -t s1 Enter
wait_for s1 "Question 3 of 9"
type_line s1 "lots"
wait_for s1 "Not quite: answer with a number from 0 to 100"
type_line s1 "60"
wait_for s1 "Question 4 of 9"
type_line s1 "?"
wait_for s1 "Why:"
type_line s1 "tried"
wait_for s1 "Question 5 of 9"
type_line s1 "back"
wait_for s1 "(now: I have tried them"
T send-keys -t s1 Enter
wait_for s1 "Question 5 of 9"
type_line s1 "consume"
wait_for s1 "Question 6 of 9"
type_line s1 "many"
# Ctrl-C cancels the question and offers to leave; answering no carries on
wait_for s1 "Question 7 of 9"
T send-keys -t s1 C-c
wait_for s1 "Save your answers and leave?"
type_line s1 "n"
wait_for s1 "Question 7 of 9"
type_line s1 "1"
wait_for s1 "Question 8 of 9"
type_line s1 "unclear"
wait_for s1 "Question 9 of 9"
type_line s1 "skip"
wait_for s1 "Press Enter to see your result"
T send-keys -t s1 Enter
wait_for s1 "Exposure score"
[ "$(wait_rc s1)" = "EXIT=0" ] && pass || fail "interactive session did not exit 0"
# on a terminal without NO_COLOR the result has colour
if [[ $(T capture-pane -e -p -t s1) == *$'\033['* ]]; then pass; else fail "no colour on a terminal"; fi

[ "$(db "SELECT count(*) FROM session WHERE status='done'")" = 1 ] && pass || fail "finished session not saved"
[ "$(db "SELECT count(*) FROM answer")" = 9 ] && pass || fail "expected 9 saved answers, found $(db 'SELECT count(*) FROM answer')"
[ "$(db "SELECT value_json FROM answer WHERE question='region'")" = null ] && pass || fail "skip not saved as null"
[ "$(db "SELECT value_json FROM answer WHERE question='ai_frequency'")" = '"tried"' ] && pass || fail "ai_frequency not kept after back"
# what the terminal produced is what the answers file gives
score=$(db "SELECT score FROM session WHERE status='done'")
printf 'occupation: "43-9021"\ntasks: {routine_cognitive: 65, routine_manual: 10, analytic: 5, interpersonal: 10, creative: 0, nonroutine_manual: 10}\ndata_entry: 60\nai_frequency: tried\nai_depth: consume\nrarity: many\njudgment: 1\nemployer_stance: unclear\nregion:\n' >"$TMP/same.yaml"
run 0 assess --questionnaire quick --answers "$TMP/same.yaml" --format json --no-save
[ "$(jq .score <<<"$OUT")" = "$score" ] && pass || fail "terminal score $score differs from answers file $(jq .score <<<"$OUT")"
# answers never reach readline history: nothing is written to the home folder
if [ -n "$(find "$HOME" -type f)" ]; then fail "files written to home: $(find "$HOME" -type f)"; else pass; fi

# Ctrl-C then "y": answers saved, exit 6; resume finishes the same session
start s2 assess --questionnaire quick
wait_for s2 "Question 1 of 9"
type_line s2 "43-9021"
wait_for s2 "Question 2 of 9"
type_line s2 "65"
T send-keys -t s2 C-c
wait_for s2 "Save your answers and leave?"
type_line s2 "y"
wait_for s2 "career-risk assess --resume"
[ "$(wait_rc s2)" = "EXIT=6" ] && pass || fail "leaving did not exit 6"
[ "$(db "SELECT count(*) FROM session WHERE status='open'")" = 1 ] && pass || fail "open session not kept"
start s3 assess --resume
wait_for s3 "Resuming: your earlier answers are kept."
wait_for s3 "Question 2 of 9"
T send-keys -t s3 -l "60 10 10 10 5 5"   # a whole split on the first part is not a number: re-asked
T send-keys -t s3 Enter
wait_for s3 "Give a percentage from 0 to 100."
type_line s3 65 10 5 10 0 10
wait_for s3 "Question 3 of 9"
type_line s3 60 tried consume many 1 unclear us
wait_for s3 "Press Enter to see your result"
T send-keys -t s3 Enter
wait_for s3 "Exposure score"
[ "$(wait_rc s3)" = "EXIT=0" ] && pass || fail "resumed session did not exit 0"
[ "$(db "SELECT count(*) FROM session WHERE status='done'")" = 2 ] && pass || fail "resumed session not finished"
[ "$(db "SELECT count(*) FROM session WHERE status='open'")" = 0 ] && pass || fail "an open session is left"

# a split that does not add up is explained and asked again; NO_COLOR means no escape codes;
# Enter passes an optional question
EXTRA_ENV="NO_COLOR=1" start s5 assess --questionnaire quick --no-save
wait_for s5 "Question 1 of 9"
type_line s5 "43-9021"
wait_for s5 "part 1 of 6"
type_line s5 10 10 10 10 10
wait_for s5 "50% left (Enter for 50)"
type_line s5 "10"
wait_for s5 "These add up to 60%, not 100%:"
# Enter at the offer to change one part: every part again
type_line s5 "" 60 10 10 10 5
T send-keys -t s5 Enter
wait_for s5 "Question 3 of 9"
if [[ $(T capture-pane -e -p -t s5) == *$'\033['* ]]; then fail "escape codes on screen with NO_COLOR"; else pass; fi
type_line s5 50 daily prompt several 3 redeploy
wait_for s5 "Question 9 of 9"
T send-keys -t s5 Enter
wait_for s5 "9. Where do you work?"
expect_in "$(screen s5 | grep -A1 '9. Where do you work?')" "(skipped)" "an optional question passed with Enter"
T send-keys -t s5 Enter
wait_for s5 "Exposure score"
[ "$(wait_rc s5)" = "EXIT=0" ] && pass || fail "NO_COLOR session did not exit 0"
[ -z "$(find "$XDG_STATE_HOME" -type f 2>/dev/null)" ] && pass || fail "files written under XDG_STATE_HOME"

# Ctrl-D leaves cleanly with exit 6
start s4 assess --questionnaire quick --no-save
wait_for s4 "Question 1 of 9"
T send-keys -t s4 C-d
wait_for s4 "Leaving without saving"
[ "$(wait_rc s4)" = "EXIT=6" ] && pass || fail "Ctrl-D did not exit 6"
finish
