# Leaving and coming back, in a real terminal (tmux): the resume command names the profile;
# Ctrl-D in the middle of a saved session keeps the answers; the offer to resume says what it
# would resume, and what declining it discards; nothing answered leaves nothing to resume;
# --no-save never claims to save; the introduction says the length once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux.sh"
open_answers() { # open_answers PROFILE: answers in the profile's open sessions
	db "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id
	    WHERE s.status = 'open' AND p.name = '$1'"
}
status_count() { db "SELECT count(*) FROM session WHERE status = '$1'"; }

# On a fresh home nothing is written before the first answer: leaving at the first question,
# by Ctrl-D or by Ctrl-C and yes, leaves the data folder as it was (not even created), and the
# offer to leave still says answers would be saved
start f1 --profile fresh assess --questionnaire quick
wait_for f1 "new profile 'fresh', created with your first answer"
wait_for f1 "Question 1 of 9"
T send-keys -t f1 C-d
wait_for f1 "nothing was answered, so there is nothing to resume"
[ "$(wait_rc f1)" = "EXIT=6" ] && pass || fail "Ctrl-D at the first question on a fresh home did not exit 6"
[ ! -e "$XDG_DATA_HOME" ] && pass || fail "Ctrl-D at the first question left $(find "$XDG_DATA_HOME" | tr '\n' ' ')"
start f2 assess --questionnaire quick
wait_for f2 "Question 1 of 9"
send_keys f2 C-c
wait_for f2 "Question cancelled. Save your answers and leave? [y/N]"
type_line f2 "y"
wait_for f2 "nothing was answered, so there is nothing to resume"
[ "$(wait_rc f2)" = "EXIT=6" ] && pass || fail "Ctrl-C and yes at the first question did not exit 6"
[ ! -e "$XDG_DATA_HOME" ] && pass || fail "Ctrl-C at the first question left $(find "$XDG_DATA_HOME" | tr '\n' ' ')"
# a data folder that cannot be written is refused before the first question, database or none
# (CR_FAULT_ACCESS: root, who runs these tests in CI, may write anywhere chmod allows)
mkdir -p "$TMP/ro"
EXTRA_ENV="LD_PRELOAD=$CR_BUILD/cr_fault.so ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
CR_FAULT_MATCH=$TMP/ro CR_FAULT_ACCESS=EACCES XDG_DATA_HOME=$TMP/ro/data" \
	start f3 assess --questionnaire quick
wait_for f3 "cannot create folder: Permission denied"
[ "$(wait_rc f3)" = "EXIT=4" ] && pass || fail "an unwritable data folder: not refused with exit 4"
if on_screen f3 "Question 1 of"; then fail "an unwritable data folder: asked the first question"; else pass; fi
[ ! -e "$TMP/ro/data" ] && pass || fail "an unwritable data folder: something was created in it"

# Ctrl-C and yes under --profile: the command to resume names the profile
start l1 --profile c2 assess --questionnaire quick
wait_for l1 "Question 1 of 9"
# the questionnaire's description says how long it is; the count is not said again
expect_in "$(screen l1)" "Nine questions, about two minutes" "the description"
if screen l1 | grep -qF "9 questions, about 2 minutes"; then fail "the length said twice"; else pass; fi
type_line l1 "43-9021"
wait_for l1 "part 1 of 6"
T send-keys -t l1 C-c
wait_for l1 "Question cancelled. Save your answers and leave? [y/N]"
type_line l1 "y"
wait_for l1 "Your 1 answer is saved. Pick up where you left off with:"
wait_for l1 "career-risk --profile 'c2' assess --resume"
[ "$(wait_rc l1)" = "EXIT=6" ] && pass || fail "leaving did not exit 6"

# the command as printed resumes that profile's session; Ctrl-D in the middle keeps the answers
start l2 --profile c2 assess --resume
wait_for l2 "Resuming: your earlier answers are kept."
wait_for l2 "Question 2 of 9"
type_line l2 65 10 5 10 0 10 60
wait_for l2 "Question 4 of 9"
T send-keys -t l2 C-d
wait_for l2 "Your 3 answers are saved. Pick up where you left off with:"
[ "$(wait_rc l2)" = "EXIT=6" ] && pass || fail "Ctrl-D in the middle did not exit 6"
[ "$(open_answers c2)" = 3 ] && pass || fail "Ctrl-D in the middle: $(open_answers c2) answers kept, not 3"
[ "$(open_answers me)" = 0 ] && pass || fail "the resumed session went to profile 'me'"

# the offer to resume says which questionnaire and how far it got; yes goes on from there
start l3 --profile c2 assess
wait_for l3 "You have an unfinished assessment (Quick check, 3 answers given). Resume it? [Y/n]"
type_line l3 "y"
wait_for l3 "Resuming: your earlier answers are kept."
wait_for l3 "Question 4 of 9"
if screen l3 | grep -qF "Question 1 of 9"; then fail "resuming asked the first question again"; else pass; fi
type_line l3 tried consume many 1 unclear us
wait_for l3 "Press Enter to see your result"
T send-keys -t l3 Enter
wait_for l3 "Exposure score"
[ "$(wait_rc l3)" = "EXIT=0" ] && pass || fail "resumed session did not exit 0"
[ "$(db "SELECT value_json FROM answer a JOIN session s ON s.id = a.session_id WHERE s.status = 'done' AND question = 'tasks'")" != "" ] &&
	pass || fail "the answers given before resuming are not in the finished session"
[ "$(status_count done)" = 1 ] && [ "$(status_count open)" = 0 ] && pass || fail "resume did not finish the same session"

# declining the offer asks before discarding, and says the unfinished one is discarded; Ctrl-D
# with nothing answered leaves no session at all, so none to resume
start l4 --profile c2 assess --questionnaire quick
wait_for l4 "Question 1 of 9"
type_line l4 "43-9021"
wait_for l4 "part 1 of 6"
T send-keys -t l4 C-d
wait_for l4 "Your 1 answer is saved."
[ "$(wait_rc l4)" = "EXIT=6" ] && pass || fail "Ctrl-D did not exit 6"
start l5 --profile c2 assess
wait_for l5 "(Quick check, 1 answer given). Resume it?"
type_line l5 "n"
wait_for l5 "Discard its 1 answer and start a new assessment? [y/N]"
type_line l5 "y"
wait_for l5 "The unfinished assessment and its 1 answer are discarded; starting a new one."
wait_for l5 "Question 1 of"
T send-keys -t l5 C-d
wait_for l5 "nothing was answered, so there is nothing to resume"
if screen l5 | grep -qF "answers are saved"; then fail "nothing answered, yet 'answers are saved'"; else pass; fi
[ "$(wait_rc l5)" = "EXIT=6" ] && pass || fail "Ctrl-D with nothing answered did not exit 6"
[ "$(status_count open)" = 0 ] && pass || fail "an empty session is left to resume"
# the new session is begun with its first answer: left at the first question, it never was
[ "$(status_count cancelled)" = 1 ] && pass || fail "expected the declined session cancelled, found $(status_count cancelled)"
[ "$(db "SELECT count(*) FROM session")" = 2 ] && pass || fail "leaving at the first question left a session: $(db "SELECT group_concat(status) FROM session")"

# --no-save: Ctrl-C offers to leave without saving, and nobody is told their answers are saved
start l6 assess --questionnaire quick --no-save
wait_for l6 "Question 1 of 9"
type_line l6 "43-9021"
wait_for l6 "part 1 of 6"
T send-keys -t l6 C-c
wait_for l6 "Question cancelled. Leave without saving? [y/N]"
if screen l6 | grep -qF "Save your answers"; then fail "--no-save offers to save"; else pass; fi
type_line l6 "y"
wait_for l6 "Leaving without saving: your 1 answer is not kept (--no-save)."
[ "$(wait_rc l6)" = "EXIT=6" ] && pass || fail "leaving --no-save did not exit 6"
if screen l6 | grep -qE "saved\. Pick up|--resume"; then fail "--no-save suggests resuming"; else pass; fi
finish
