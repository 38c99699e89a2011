# A kill -9 at any moment loses nothing already saved and leaves nothing half-written:
# in the middle of a piped session (the answers given are kept and resumable), at every
# single write of an answers-file import (all of it is saved or none), and while a new
# database is being created (the next run works). A killed `batch --store` is
# test_batch_crash.sh's.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
DB=$TMP/crash.db
quick=("43-9021" "65 10 5 10 0 10" "60" "tried" "consume" "many" "1" "unclear" "us")
# under valgrind each run takes seconds: try every STEP-th crash point instead of each one;
# under the sanitizers every third (a third of a second each there); the plain build tries
# every one (this test is labelled `plain` in tests/CMakeLists.txt)
STEP=1
[ "${CR_VALGRIND:-0}" = 1 ] && STEP=9
[ "${CR_SANITIZE:-0}" = 1 ] && STEP=3

run 0 --db "$DB" assess --questionnaire quick --answers "$A/quick-data-entry-clerk.yaml" --format json
expected=$(jq -c '{score, band, range, rules: [.rules[].id]}' <<<"$OUT")

# kill_after DB N COUNT: a piped quick session on DB given its first N answers, killed with -9
# once COUNT (a function printing how many answers its open session holds) shows them all; its
# exit status in $rc
kill_after() {
	local db=$1 n=$2 count=$3 fifo pid
	fifo=$TMP/in-$n
	mkfifo "$fifo"
	( exec "$CR_BIN" --db "$db" assess --questionnaire quick <"$fifo" >/dev/null 2>"$TMP/err" ) &
	pid=$!
	exec 3>"$fifo"
	printf '%s\n' "${quick[@]:0:n}" >&3
	for _ in $(seq 200); do [ "$("$count")" -ge "$n" ] && break; sleep 0.05; done
	kill -9 "$pid"
	set +e
	wait "$pid"
	rc=$?
	set -e
	exec 3>&-
}

# -- kill -9 in the middle of a piped session, after four answers
open_answers() { sqlite3 "$DB" "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id WHERE s.status = 'open'"; }
kill_after "$DB" 4 open_answers
[ "$rc" -eq 137 ] && pass || fail "the session was not killed (exit $rc)"
[ "$(open_answers)" -eq 4 ] && pass || fail "expected the 4 answers given before the kill, found $(open_answers)"
[ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok ] && pass || fail "database damaged by kill -9"
run 0 --db "$DB" doctor
expect_in "$OUT" "profile 'me' has 1 unfinished assessment, answers kept" "doctor sees the unfinished session"
# resume_from DB K WHAT: `assess --resume` on DB, given the quick answers from the K-th on (only
# the questions left are asked), ends with the result of answering in one go
resume_from() {
	local db=$1 k=$2 what=$3 got
	set +e
	printf '%s\n' "${quick[@]:k}" | cr --db "$db" assess --resume --format json >"$TMP/resumed.json" 2>"$TMP/err"
	rc=$?
	set -e
	[ "$rc" -eq 0 ] && pass || fail "$what: resume exited $rc: $(<"$TMP/err")"
	got=$(jq -c '{score, band, range, rules: [.rules[].id]}' "$TMP/resumed.json")
	[ "$got" = "$expected" ] && pass || fail "$what: the resumed result differs: $got vs $expected"
}
resume_from "$DB" 4 "after kill -9 at the fourth answer"
[ "$(open_answers)" -eq 0 ] && pass || fail "the resumed session is still open"

# -- kill -9 after the first answer of a session on a fresh home: the database, created with that
# answer (not before the first question), keeps it, and resuming goes on from the second question
FIRST=$TMP/fresh/profiles.db
first_answers() { # never creates the file: the session must
	[ -e "$FIRST" ] && sqlite3 -readonly "$FIRST" "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id
		WHERE s.status = 'open'" 2>/dev/null || echo 0
}
kill_after "$FIRST" 1 first_answers
[ "$rc" -eq 137 ] && pass || fail "the first session was not killed (exit $rc)"
[ "$(first_answers)" -eq 1 ] && pass || fail "expected the first answer kept after kill -9, found $(first_answers)"
[ "$(sqlite3 "$FIRST" "PRAGMA integrity_check; SELECT question FROM answer")" = "$(printf 'ok\noccupation')" ] && pass ||
	fail "after kill -9 at the first answer: $(sqlite3 "$FIRST" "PRAGMA integrity_check; SELECT question FROM answer" | tr '\n' ' ')"
resume_from "$FIRST" 1 "after kill -9 at the first answer"

# -- kill -9 at every write of an answers-file import into an existing database
state() { sqlite3 "$DB" "PRAGMA integrity_check; SELECT count(*) FROM session WHERE status != 'done';
	SELECT count(*) FROM session s WHERE status = 'done' AND (SELECT count(*) FROM answer WHERE session_id = s.id) NOT IN (9, 27);
	SELECT count(*) FROM session WHERE status = 'done';"; }
with_faults CR_FAULT_MATCH=crash.db CR_FAULT_REPORT="$TMP/count" -- \
	run 0 --db "$DB" assess --answers "$A/accountant.yaml" --format json
read -r writes _ <"$TMP/count"
[ "$writes" -gt 5 ] && pass || fail "expected several writes per import, counted $writes"
done_before=$(sqlite3 "$DB" "SELECT count(*) FROM session WHERE status = 'done'")
bad=0
for ((n = 0; n < writes; n += STEP)); do
	set +e
	with_faults CR_FAULT_MATCH=crash.db CR_FAULT_KILL=$n -- \
		"$CR_BIN" --db "$DB" assess --answers "$A/accountant.yaml" >/dev/null 2>&1
	set -e
	{ read -r ok; read -r open; read -r partial; read -r done_now; } < <(state)
	if [ "$ok" != ok ] || [ "$open" -ne 0 ] || [ "$partial" -ne 0 ] || [ "$done_now" -lt "$done_before" ] ||
		[ "$done_now" -gt $((done_before + 1)) ]; then
		fail "killed before write $((n + 1)) of $writes: integrity '$ok', $open open, $partial partial, $done_before -> $done_now done"
		bad=1
	fi
	done_before=$done_now
done
[ "$bad" -eq 0 ] && pass
run 0 --db "$DB" assess --answers "$A/accountant.yaml" --format json

# -- kill -9 while a new database is created and its schema written: the next run works
NEW=$TMP/new.db
with_faults CR_FAULT_MATCH=new.db CR_FAULT_REPORT="$TMP/count" -- \
	run 0 --db "$NEW" assess --answers "$A/accountant.yaml" --format json
read -r writes _ <"$TMP/count"
for ((n = 0; n < writes; n += STEP * 4)); do
	rm -f "$NEW" "$NEW-wal" "$NEW-shm" "$NEW-journal"
	set +e
	with_faults CR_FAULT_MATCH=new.db CR_FAULT_KILL=$n -- \
		"$CR_BIN" --db "$NEW" assess --answers "$A/accountant.yaml" >/dev/null 2>&1
	set -e
	if ! cr --db "$NEW" assess --answers "$A/accountant.yaml" >/dev/null 2>"$TMP/err"; then
		fail "after a kill before write $((n + 1)) of creating the database, the next run failed: $(<"$TMP/err")"
		continue
	fi
	got=$(sqlite3 "$NEW" "PRAGMA integrity_check; PRAGMA user_version; SELECT count(*) FROM session WHERE status != 'done'")
	[ "$got" = "$(printf 'ok\n%s\n0' "$SCHEMA_LATEST")" ] && pass || fail "kill before write $((n + 1)) while creating: $(tr '\n' ' ' <<<"$got")"
done
finish
