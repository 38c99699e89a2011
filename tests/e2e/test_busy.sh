# A busy database: another program holds the write lock (the sqlite3 shell in `BEGIN
# IMMEDIATE`, fed from a FIFO so the test decides when it lets go). A piped session waits,
# says so, and saves every answer once the lock is released, however long it was held;
# other writers wait up to CAREER_RISK_BUSY_WAIT seconds, then fail clearly; readers do not
# wait at all. Every wait here is for a condition (a line on stderr, a row in the
# database), never for a fixed time, except where the time is the thing under test.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
DB=$TMP/p/profiles.db
WAITING="the database is busy (another career-risk is writing); waiting"
run 0 --db "$DB" --profile me assess --answers "$A/accountant.yaml"

# wait_said FILE PID: until FILE (a process's stderr) says it is waiting; fails if PID ends first.
wait_said() {
	until grep -qF "$WAITING" "$1"; do
		kill -0 "$2" 2>/dev/null || { fail "process ended without waiting: $(<"$1")"; return 1; }
		sleep 0.05
	done
	pass
}
# hold_past_timeout PID: keeps the lock until SQLite's 5 s busy timeout has passed, PID still waiting.
hold_past_timeout() {
	while [ $(($(date +%s) - LOCKED_AT)) -le 6 ]; do sleep 0.2; done
	kill -0 "$1" 2>/dev/null && pass || fail "gave up before the lock was released"
}
answers_of() { # answers_of PROFILE STATUS
	sqlite3 "$DB" "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id
		WHERE p.name = '$1' AND s.status = '$2'"
}

# -- a piped session: the lock is taken after its third answer and held past the busy timeout
quick=("43-9021" "65 10 5 10 0 10" "60" "tried" "consume" "many" "1" "unclear" "us")
rm -f "$TMP/in.fifo"; mkfifo "$TMP/in.fifo"
cr --db "$DB" --profile piped assess --questionnaire quick --format json <"$TMP/in.fifo" >"$TMP/s.out" 2>"$TMP/s.err" &
SESSION=$!
exec 8>"$TMP/in.fifo"
printf '%s\n' "${quick[@]:0:3}" >&8
until [ "$(answers_of piped open 2>/dev/null || echo 0)" -eq 3 ]; do
	kill -0 "$SESSION" 2>/dev/null || { fail "session ended early: $(<"$TMP/s.err")"; break; }
	sleep 0.05
done
hold_lock
printf '%s\n' "${quick[@]:3}" >&8
exec 8>&-
wait_said "$TMP/s.err" "$SESSION"
hold_past_timeout "$SESSION"
release_lock
rc=0; wait "$SESSION" || rc=$?
[ "$rc" -eq 0 ] && pass || fail "the session exited $rc after the lock was released: $(<"$TMP/s.err")"
[ "$(answers_of piped done)" -eq 9 ] && pass || fail "expected all 9 answers saved, found $(answers_of piped done)"
expect_jq "$(<"$TMP/s.out")" '.score >= 0' "the session's result after waiting"
[ "$(grep -cF "$WAITING" "$TMP/s.err")" -eq 1 ] && pass || fail "said it was waiting more than once: $(<"$TMP/s.err")"

# -- other writers wait past the busy timeout too, and save
hold_lock
cr --db "$DB" --profile me note add "written while another held the lock" >/dev/null 2>"$TMP/n.err" &
NOTE=$!
cr --db "$DB" --profile import assess --answers "$A/registered-nurse.yaml" >/dev/null 2>"$TMP/i.err" &
IMPORT=$!
wait_said "$TMP/n.err" "$NOTE"
wait_said "$TMP/i.err" "$IMPORT"
hold_past_timeout "$NOTE"
release_lock
wait "$NOTE" && pass || fail "note add failed after waiting: $(<"$TMP/n.err")"
wait "$IMPORT" && pass || fail "the import failed after waiting: $(<"$TMP/i.err")"
[ "$(answers_of import done)" -eq 28 ] && pass || fail "the import's answers are missing"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM note")" -eq 1 ] && pass || fail "the note is missing"

# -- ...up to their bound: then "database is locked", exit 4, nothing written
hold_lock
BEFORE=$(sqlite3 "$DB" "SELECT count(*) FROM session; SELECT count(*) FROM note")
CAREER_RISK_BUSY_WAIT=2 run 4 --db "$DB" --profile me note add "never written"
expect_in "$ERR" "waiting up to 2 s" "a bounded writer says how long it waits"
expect_in "$ERR" "database is locked (waited 2 s)" "a bounded writer gives up"
expect_in "$ERR" "hint: another career-risk (or another program) is writing to this database" "locked: says what to do"
CAREER_RISK_BUSY_WAIT=1 run 4 --db "$DB" --profile me assess --answers "$A/accountant.yaml"
expect_in "$ERR" "database is locked" "an import gives up at its bound"
# -- readers never wait for a writer
for c in history report export progress "plan list" "note list" "profile list" doctor; do
	# shellcheck disable=SC2086
	CAREER_RISK_BUSY_WAIT=0 run 0 --db "$DB" --profile me $c
	[ -z "$ERR" ] || [ "$c" = doctor ] && pass || fail "$c while locked printed: $ERR"
done
release_lock
[ "$(sqlite3 "$DB" "SELECT count(*) FROM session; SELECT count(*) FROM note")" = "$BEFORE" ] && pass ||
	fail "a writer that gave up changed the database"
[ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok ] && pass || fail "integrity"
finish
