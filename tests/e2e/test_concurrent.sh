# Several processes writing one profile database at once: each waits its turn (WAL, and a
# wait for the lock that the busy function bounds, not SQLite's 5 s), none fails, and no answer
# is lost - on a new database (all of them creating it and its schema at the same moment), on
# one profile created concurrently, and while another program holds the write lock for longer
# than SQLite's busy timeout. Nothing here races the clock: writers may take as long as they
# need (valgrind), as CAREER_RISK_BUSY_WAIT is far beyond any run, and the test waits for
# what the writers say, not for time.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
DB=$TMP/shared/profiles.db
N=8
[ "${CR_VALGRIND:-0}" = 1 ] && N=3
export CAREER_RISK_BUSY_WAIT=1200
WAITING="the database is busy (another career-risk is writing); waiting"

# N imports into one new database and one new profile, all at once
pids=()
for i in $(seq "$N"); do
	cr --db "$DB" --profile client assess --answers "$A/accountant.yaml" >/dev/null 2>"$TMP/err.$i" &
	pids+=($!)
done
for i in $(seq "$N"); do
	if wait "${pids[$((i - 1))]}"; then pass; else fail "import $i of $N failed: $(<"$TMP/err.$i")"; fi
done
got=$(sqlite3 "$DB" "PRAGMA integrity_check; SELECT count(*) FROM profile; SELECT count(*) FROM session WHERE status = 'done';
	SELECT count(*) FROM answer;")
[ "$got" = "$(printf 'ok\n1\n%s\n%s' "$N" $((N * 27)))" ] && pass ||
	fail "after $N concurrent imports expected ok, 1 profile, $N sessions, $((N * 27)) answers; got $(tr '\n' ' ' <<<"$got")"

# piped sessions and imports for different profiles, started while another program holds the
# write lock (the sqlite3 shell in BEGIN IMMEDIATE, fed from a FIFO), held until every one of
# them says it is waiting and SQLite's 5 s busy timeout has passed; then all at once
rm -f "$TMP/lock.fifo"; mkfifo "$TMP/lock.fifo"
sqlite3 "$DB" <"$TMP/lock.fifo" >"$TMP/lock.out" 2>&1 &
HOLDER=$!
exec 7>"$TMP/lock.fifo"
echo "BEGIN IMMEDIATE; INSERT INTO profile(name) VALUES ('lock-holder'); SELECT 'locked';" >&7
until grep -q locked "$TMP/lock.out"; do
	kill -0 "$HOLDER" 2>/dev/null || { fail "the lock holder failed: $(<"$TMP/lock.out")"; break; }
	sleep 0.05
done
locked_at=$(date +%s)
quick=("43-9021" "65 10 5 10 0 10" "60" "tried" "consume" "many" "1" "unclear" "us")
pids=() errs=()
for i in $(seq "$N"); do
	printf '%s\n' "${quick[@]}" | cr --db "$DB" --profile "piped-$i" assess --questionnaire quick >/dev/null 2>"$TMP/perr.$i" &
	pids+=($!) errs+=("$TMP/perr.$i")
	cr --db "$DB" --profile "file-$i" assess --answers "$A/registered-nurse.yaml" >/dev/null 2>"$TMP/ferr.$i" &
	pids+=($!) errs+=("$TMP/ferr.$i")
done
for k in "${!pids[@]}"; do
	until grep -qF "$WAITING" "${errs[$k]}"; do
		kill -0 "${pids[$k]}" 2>/dev/null || { fail "a writer ended while the lock was held: $(<"${errs[$k]}")"; break; }
		sleep 0.1
	done
done
while [ $(($(date +%s) - locked_at)) -le 6 ]; do sleep 0.2; done
alive=0
for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
[ "$alive" -eq ${#pids[@]} ] && pass || fail "only $alive of ${#pids[@]} writers still waiting past the busy timeout"
echo "ROLLBACK;" >&7
exec 7>&-
wait "$HOLDER"
for k in "${!pids[@]}"; do
	if wait "${pids[$k]}"; then pass; else fail "a concurrent writer failed: $(<"${errs[$k]}")"; fi
done
for i in $(seq "$N"); do
	n=$(sqlite3 "$DB" "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id
		WHERE p.name = 'piped-$i' AND s.status = 'done'")
	[ "$n" -eq 9 ] && pass || fail "profile piped-$i: expected 9 answers, found $n"
	n=$(sqlite3 "$DB" "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id
		WHERE p.name = 'file-$i' AND s.status = 'done'")
	[ "$n" -eq 28 ] && pass || fail "profile file-$i: expected 28 answers, found $n"
done
[ "$(sqlite3 "$DB" "SELECT count(*) FROM profile WHERE name = 'lock-holder'")" -eq 0 ] && pass || fail "the lock holder's row kept"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM session WHERE status != 'done'")" -eq 0 ] && pass || fail "sessions left open"
run 0 --db "$DB" doctor
expect_in "$OUT" "The database is healthy." "doctor after concurrent writers"
finish
