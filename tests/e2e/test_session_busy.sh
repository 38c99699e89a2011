# A busy database in the middle of an interactive session (tmux): another program (the sqlite3
# shell, fed from a FIFO) takes the write lock between two answers and keeps it past SQLite's
# 5 s busy timeout. The session says it is waiting, and once the lock goes saves the answer and
# carries on: no answer is lost. Ctrl-C while it waits stops the wait: that answer is not
# saved (the message says so), the ones before it are, and --resume asks the rest.
# Every wait is for something on the screen or in the database, not for time, except holding
# the lock past the busy timeout, which is the point.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux.sh"
DB=$XDG_DATA_HOME/career-risk/profiles.db
answers_of() { # answers_of PROFILE STATUS
	db "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id
	    WHERE s.status = '$2' AND p.name = '$1'"
}
WAITING="the database is busy (another career-risk is writing); waiting..."

# -- the lock is released: the session saves the answer it waited with, and finishes
start b1 --profile t assess --questionnaire quick
wait_for b1 "Question 1 of 9"
type_line b1 "43-9021"
wait_for b1 "part 1 of 6"
hold_lock
type_line b1 65 10 5 10 0 10
wait_for b1 "$WAITING"
expect_in "$(screen b1)" "Ctrl-C stops waiting" "says how to stop waiting"
while [ $(($(date +%s) - LOCKED_AT)) -le 6 ]; do sleep 0.2; done
[ ! -f "$TMP/b1.rc" ] && pass || fail "the session ended while the lock was held: $(screen b1)"
[ "$(answers_of t open)" = 1 ] && pass || fail "saved while locked?"
release_lock
wait_for b1 "Question 3 of 9"
[ "$(answers_of t open)" = 2 ] && pass || fail "the answer waited with was not saved: $(answers_of t open)"
type_line b1 60 tried consume many 1 unclear us
wait_for b1 "Press Enter to see your result"
T send-keys -t b1 Enter
wait_for b1 "Exposure score"
[ "$(wait_rc b1)" = "EXIT=0" ] && pass || fail "the session did not finish after waiting: $(screen b1)"
[ "$(answers_of t done)" = 9 ] && pass || fail "expected 9 answers in the finished session, found $(answers_of t done)"

# -- Ctrl-C while waiting: this answer is not saved, the one before is, and --resume asks the rest
start b2 --profile u assess --questionnaire quick
wait_for b2 "Question 1 of 9"
type_line b2 "43-9021"
wait_for b2 "part 1 of 6"
hold_lock
type_line b2 65 10 5 10 0 10
wait_for b2 "$WAITING"
T send-keys -t b2 C-c
wait_for b2 "you stopped waiting (Ctrl-C), so this answer was not saved"
[ "$(wait_rc b2)" = "EXIT=4" ] && pass || fail "Ctrl-C while waiting did not exit 4: $(screen b2)"
release_lock
[ "$(answers_of u open)" = 1 ] && pass || fail "the answer before the wait is not kept: $(answers_of u open)"
printf '%s\n' "65 10 5 10 0 10" 60 tried consume many 1 unclear us |
	run 0 --profile u assess --resume --format json
[ "$(answers_of u done)" = 9 ] && pass || fail "resuming after Ctrl-C: $(answers_of u done) answers, not 9"
[ "$(db "SELECT count(*) FROM profile WHERE name = 'lock-holder'")" = 0 ] && pass || fail "the lock holder's row kept"
finish
