# Storage faults: a full disk, a failing sync, a read-only database or folder, a locked
# database. Each ends with a clear message and exit 4, and loses nothing already saved:
# the database stays intact and holds exactly what it held before.
# (The fault injection library is tests/fault/cr_fault.c; docs/reliability.md lists the faults.)
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
DB=$TMP/p/profiles.db

# snapshot: what the database holds, and that it is sound
snapshot() {
	sqlite3 "$DB" "PRAGMA integrity_check; SELECT count(*) FROM profile;
		SELECT group_concat(id || ':' || status, ',') FROM session;
		SELECT count(*) FROM answer;"
}
same_as_before() { # same_as_before WHAT
	local now
	now=$(snapshot)
	[ "$now" = "$BEFORE" ] && pass || fail "$1: the database changed: $(tr '\n' ' ' <<<"$BEFORE") -> $(tr '\n' ' ' <<<"$now")"
}

run 0 --db "$DB" assess --answers "$A/accountant.yaml" --format json
BEFORE=$(snapshot)

# -- a full disk while saving an answers file and its result: all or nothing
for n in 0 1 3 6; do
	with_faults CR_FAULT_MATCH=profiles.db-wal CR_FAULT_WRITE=$n:ENOSPC -- \
		run 4 --db "$DB" assess --answers "$A/registered-nurse.yaml"
	expect_in "$ERR" "database or disk is full" "disk full after $n writes: says so"
	expect_in "$ERR" "hint: the disk is full; free some space" "disk full: says what to do"
	same_as_before "disk full after $n writes"
done
# the whole database on a full disk, journal and shared memory included
with_faults CR_FAULT_MATCH=profiles.db CR_FAULT_WRITE=0:ENOSPC -- \
	run 4 --db "$DB" assess --answers "$A/registered-nurse.yaml"
expect_in "$ERR" "No space left on device" "disk full everywhere: the system's reason"
same_as_before "disk full everywhere"
# a disk that fails to sync (EIO) at the commit
with_faults CR_FAULT_MATCH=profiles.db CR_FAULT_SYNC=0:EIO -- \
	run 4 --db "$DB" assess --answers "$A/registered-nurse.yaml"
expect_in "$ERR" "disk I/O error" "failed sync: says so"
expect_in "$ERR" "hint: the disk reported an error" "failed sync: says what to do"
same_as_before "failed sync"
# and once the disk has room again, the same command works
run 0 --db "$DB" assess --answers "$A/registered-nurse.yaml" --format json
expect_jq "$OUT" '.score >= 0' "works again after the disk is freed"
BEFORE=$(snapshot)

# -- a full disk in the middle of a piped session: the answers before it are kept and resumable
quick=("43-9021" "65 10 5 10 0 10" "60" "tried" "consume" "many" "1" "unclear" "us")
PIPED=$TMP/piped.db
run 0 --db "$PIPED" assess --questionnaire quick --answers "$A/quick-data-entry-clerk.yaml" --format json
expected=$(jq -c '{score, band, range}' <<<"$OUT")
# how many writes a whole piped session makes, to fail a third of the way through
printf '%s\n' "${quick[@]}" | with_faults CR_FAULT_MATCH=piped.db-wal CR_FAULT_REPORT="$TMP/count" -- \
	cr --db "$PIPED" assess --questionnaire quick >/dev/null 2>&1
read -r total _ <"$TMP/count"
set +e
printf '%s\n' "${quick[@]}" | with_faults CR_FAULT_MATCH=piped.db-wal CR_FAULT_WRITE=$((total / 3)):ENOSPC -- \
	cr --db "$PIPED" assess --questionnaire quick >/dev/null 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 4 ] && pass || fail "disk full mid-session exited $rc: $(<"$TMP/err")"
expect_in "$(<"$TMP/err")" "cannot save the answer: database or disk is full" "disk full mid-session: says so"
kept=$(sqlite3 "$PIPED" "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id WHERE s.status = 'open'")
[ "$kept" -ge 1 ] && [ "$kept" -lt ${#quick[@]} ] && pass || fail "expected some answers kept, found $kept"
[ "$(sqlite3 "$PIPED" "PRAGMA integrity_check")" = ok ] && pass || fail "database damaged by a full disk"
# resume with the remaining answers: the same result as answering in one go
set +e
printf '%s\n' "${quick[@]:$kept}" | cr --db "$PIPED" assess --resume --format json >"$TMP/resumed.json" 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 0 ] && pass || fail "resuming after a full disk exited $rc: $(<"$TMP/err")"
[ "$(jq -c '{score, band, range}' "$TMP/resumed.json")" = "$expected" ] && pass ||
	fail "resumed result $(jq -c '{score, band, range}' "$TMP/resumed.json") differs from $expected"

# -- a read-only database (chmod 400, or a disk mounted read-only): refused before any answer
with_faults CR_FAULT_MATCH=profiles.db CR_FAULT_OPEN=EROFS -- \
	run 4 --db "$DB" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "the database is read-only: career-risk could not save anything to it" "read-only database"
expect_in "$ERR" "hint: reading works (history, report, export...); to save, check the permissions" "read-only database: says what to do"
same_as_before "read-only database"
# ...and it still serves every command that only reads; every write is refused the same way
run 0 --db "$DB" --profile me plan start 1
run 0 --db "$DB" --profile me note add "kept"
BEFORE=$(snapshot)
plain() { "$@"; }
ro_reads() { # ro_reads WHAT PREFIX...: every read command works, every write says read-only
	local c what=$1
	shift
	for c in history "report" "report --format json" "report --format markdown" export "compare 1 2" progress \
		"profile list" "plan list" "note list" "cohort list" "occupation show 43-9021" "questionnaire list"; do
		# shellcheck disable=SC2086
		"$@" run 0 --db "$DB" --profile me $c || fail "$what: '$c' on a read-only database"
	done
	"$@" run 0 --db "$DB" doctor
	for c in "note add more" "plan done 1" "profile create other" "profile rename me you" "erase --yes" \
		"assess --questionnaire quick"; do
		# shellcheck disable=SC2086
		"$@" run 4 --db "$DB" --profile me $c </dev/null || continue
		expect_in "$ERR" "the database is read-only: career-risk could not save anything to it" "$what: '$c' refused"
	done
}
ro_reads "injected EROFS" with_faults CR_FAULT_MATCH=profiles.db CR_FAULT_OPEN=EROFS --
same_as_before "read-only database, read commands"
if [ "$(id -u)" -ne 0 ]; then # root ignores permissions; the injected case above covers it
	chmod 400 "$DB"
	run 4 --db "$DB" assess --answers "$A/accountant.yaml"
	expect_in "$ERR" "the database is read-only" "chmod 400 database"
	ro_reads "chmod 400" plain
	run 0 --db "$DB" doctor
	expect_in "$OUT" "career-risk reads it but cannot save" "doctor notes a read-only database"
	chmod 600 "$DB"
	same_as_before "chmod 400 database"
	chmod 500 "$(dirname "$DB")"
	ro_reads "read-only folder" plain
	chmod 700 "$(dirname "$DB")"
	same_as_before "read-only folder (chmod 500)"
fi
# a read-only folder: the database is writable but its journal cannot be created
with_faults CR_FAULT_MATCH=profiles.db-wal CR_FAULT_OPEN=EACCES -- \
	run 4 --db "$DB" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "the database is read-only: career-risk could not save anything to it" "read-only folder"
same_as_before "read-only folder"
ro_reads "read-only folder (injected)" with_faults CR_FAULT_MATCH=profiles.db- CR_FAULT_OPEN=EACCES --
same_as_before "read-only folder, read commands"
# a new database in a read-only folder
with_faults CR_FAULT_MATCH=new.db CR_FAULT_OPEN=EACCES -- \
	run 4 --db "$TMP/new.db" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "cannot create the database: Permission denied" "read-only folder, new database"
expect_in "$ERR" "hint: the folder is read-only" "read-only folder, new database: says what to do"

# -- a locked database: another writer holds the lock
hold_lock() { # another program takes the write lock and keeps it until release_lock
	rm -f "$TMP/locked" "$TMP/release"
	{ echo "BEGIN IMMEDIATE; INSERT INTO profile(name) VALUES ('lock-holder');"
	  echo ".shell touch '$TMP/locked'"
	  while [ ! -e "$TMP/release" ]; do sleep 0.05; done
	  echo "ROLLBACK;"; } | sqlite3 "$DB" &
	HOLDER=$!
	for _ in $(seq 100); do [ -e "$TMP/locked" ] && return 0; sleep 0.05; done
	fail "the lock holder did not start"
}
release_lock() { touch "$TMP/release"; wait "$HOLDER"; }
# held for longer than a non-interactive writer waits (CAREER_RISK_BUSY_WAIT, 60 s unless set;
# test_busy.sh shows every writer outlasting SQLite's 5 s): a clear message, exit 4, nothing written
hold_lock
CAREER_RISK_BUSY_WAIT=2 run 4 --db "$DB" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "database is locked (waited 2 s)" "locked database"
expect_in "$ERR" "hint: another career-risk (or another program) is writing to this database" "locked: says what to do"
release_lock
same_as_before "locked database"
# held until career-risk says it is waiting (not for a time): it waits for the lock, then saves
hold_lock
set +e
cr --db "$DB" assess --answers "$A/accountant.yaml" --format json >"$TMP/out" 2>"$TMP/err" &
WRITER=$!
until grep -qF "the database is busy (another career-risk is writing); waiting" "$TMP/err"; do
	kill -0 "$WRITER" 2>/dev/null || break # ended without waiting: its status says why
	sleep 0.05
done
release_lock
wait "$WRITER"
rc=$?
set -e
[ "$rc" -eq 0 ] && pass || fail "a writer that waited for the lock exited $rc: $(<"$TMP/err")"
expect_in "$(<"$TMP/err")" "waiting" "the writer said it was waiting for the lock"
n=$(sqlite3 "$DB" "SELECT count(*) FROM session WHERE status = 'done'")
[ "$n" -eq 3 ] && pass || fail "after waiting for a lock, expected 3 finished sessions, found $n"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM profile WHERE name = 'lock-holder'")" -eq 0 ] && pass || fail "lock holder's row kept"
finish
