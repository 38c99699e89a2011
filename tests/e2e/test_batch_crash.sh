# A kill -9 in the middle of `career-risk batch --store` loses nothing stored and leaves nothing
# half-written. The batch stores its cohort one transaction per CR_STORE_COHORT_CHUNK rows and
# marks it 'done' in the last one; results, errors and summary are written under temporary names
# and renamed once the cohort is stored. After a crash at any point:
#   - the database passes integrity_check and foreign_key_check;
#   - every cohort is 'done' with all its rows, the same as a complete run's, or 'running' with
#     whole chunks only, the first rows of a complete run, or all of them when the kill came
#     between the last rows' commit and the (fully synced) one marking the cohort done (a killed
#     batch cannot finish its cohort, so it stays marked unfinished);
#   - each output file is missing or complete (byte for byte a complete run's) at its final path,
#     and in place only once the cohort is stored; at most temporary files are left beside it;
#   - the same batch run again succeeds and stores a whole cohort.
# Crashes come from the fault-injection library (tests/fault/cr_fault.c) at chosen writes to the
# database and its log and at each rename of an output into place, and from a plain kill -9 of a
# batch over a larger export while it runs.
. "$(dirname "$0")/lib.sh"
GEN=$CR_BUILD/gen-intake
[ -x "$GEN" ] || { echo "gen-intake not built" >&2; exit 1; }
CHUNK=$(sed -n 's/^#define CR_STORE_COHORT_CHUNK \([0-9][0-9]*\).*/\1/p' "$CR_SRC/app/store/store.h")
[ -n "$CHUNK" ] || { echo "cannot read CR_STORE_COHORT_CHUNK from app/store/store.h" >&2; exit 1; }
K=$TMP/k # everything the batch writes, and nothing else
mkdir -p "$K" "$TMP/ref"
DB=$K/crash.db
OUTS=(out.csv out.errors.csv sum.md)
# a whole chunk and part of another: a chunk commit, then the one that finishes the cohort
ROWS=$((CHUNK + CHUNK / 20))
"$GEN" "$ROWS" --seed 11 >"$TMP/in.csv"

# the batch, over the small export or the larger one
SMALL=(--db "$DB" batch --input "$TMP/in.csv" --output "$K/out.csv" --summary "$K/sum.md" --store --cohort crash)
BIG=(--db "$DB" batch --input "$TMP/big.csv" --output "$K/out.csv" --summary "$K/sum.md" --store --cohort big)
# fresh: the database as it was before the batch (one earlier cohort in it), no outputs
fresh() {
	rm -f "$K"/*
	cp -p "$TMP/base.db" "$DB"
}
rows_hash() { # ID [N]: the stored results of cohort ID (its first N records), as one checksum
	local got
	got=$(sqlite3 "$DB" "SELECT record, employee_id, groups_json, occupation, score, band, range_low, range_high,
		routineness, ai_usage, specialization, recommendations, roles
		FROM intake_result WHERE cohort_id = $1 ORDER BY record LIMIT ${2:--1}")
	md5sum <<<"$got"
}

# -- a complete run: the reference outputs and cohort
run 0 "${SMALL[@]}"
cp -p "$DB" "$TMP/base.db"
for f in "${OUTS[@]}"; do cp "$K/$f" "$TMP/ref/$f"; done
IFS='|' read -r REF_ID REF_READ REF_SCORED REF_BAD < <(sqlite3 "$DB" "SELECT id, rows_read, rows_scored, rows_bad FROM intake_cohort WHERE status = 'done'") || true
[ "$REF_READ" = "$ROWS" ] && [ "$REF_SCORED" -gt "$CHUNK" ] && pass ||
	fail "the complete run stored $REF_READ rows read, $REF_SCORED scored; expected $ROWS read and over $CHUNK scored"
REF_HASH=$(rows_hash "$REF_ID")

# check WHAT [RERUN]: the state after a crash (WHAT says which) is consistent; with RERUN, the
# batch has since been run again to the end, so one more whole cohort must be there than after
# the crash (DONE_AFTER_CRASH), and no temporary file left.
check() {
	local what=$1 rerun=${2:-} got id status n rr rs rb done_new=0 running=0 f bad=0 seen=
	problem() { fail "$what: $*"; bad=1; }
	got=$(sqlite3 "$DB" "PRAGMA integrity_check; PRAGMA foreign_key_check;" 2>&1)
	if [ "$got" != ok ]; then
		problem "the database is damaged: $got"
		return
	fi
	while IFS='|' read -r id status n rr rs rb; do
		[ "$id" = "$REF_ID" ] && continue
		seen+=" cohort $id $status ($n rows);"
		case $status in
		done)
			done_new=$((done_new + 1))
			if [ "$rr|$rs|$rb" != "$ROWS|$REF_SCORED|$REF_BAD" ] || [ "$n" != "$REF_SCORED" ] ||
				[ "$(rows_hash "$id")" != "$REF_HASH" ]; then
				problem "cohort $id is marked done but holds $n rows (read $rr, scored $rs, bad $rb), not a complete run's $REF_SCORED"
			fi ;;
		running)
			running=$((running + 1))
			if { [ $((n % CHUNK)) -ne 0 ] && [ "$n" -ne "$REF_SCORED" ]; } || [ "$n" -gt "$REF_SCORED" ] || [ -n "$rr$rs$rb" ] ||
				[ "$(rows_hash "$id" "$n")" != "$(rows_hash "$REF_ID" "$n")" ]; then
				problem "unfinished cohort $id holds $n rows (counts '$rr|$rs|$rb'): not whole chunks of $CHUNK, or not a complete run's first rows"
			fi ;;
		*) problem "cohort $id has status '$status'" ;;
		esac
	done < <(sqlite3 "$DB" "SELECT c.id, c.status, (SELECT count(*) FROM intake_result r WHERE r.cohort_id = c.id),
		c.rows_read, c.rows_scored, c.rows_bad FROM intake_cohort c")
	if [ -n "$rerun" ]; then
		[ "$done_new" -eq $((DONE_AFTER_CRASH + 1)) ] ||
			problem "$done_new whole new cohorts after the batch ran again, expected $((DONE_AFTER_CRASH + 1))"
	elif [ $((done_new + running)) -gt 1 ]; then
		problem "one killed batch left $done_new done and $running unfinished cohorts"
	fi
	DONE_AFTER_CRASH=$done_new
	for f in "${OUTS[@]}"; do
		[ -e "$K/$f" ] || continue
		cmp -s "$K/$f" "$TMP/ref/$f" ||
			problem "$f is at its final path but is not a complete run's ($(wc -c <"$K/$f") bytes of $(wc -c <"$TMP/ref/$f"))"
		[ "$done_new" -ge 1 ] || problem "$f is in place but the cohort was not stored"
	done
	for f in "$K"/*; do
		seen+=" ${f##*/}"
		case ${f##*/} in
		crash.db | crash.db-wal | crash.db-shm | out.csv | out.errors.csv | sum.md) ;;
		out.csv.tmp-?????? | out.errors.csv.tmp-?????? | sum.md.tmp-??????)
			[ -z "$rerun" ] || problem "a batch that ran to the end left its temporary file ${f##*/}" ;;
		*) problem "unexpected file ${f##*/} beside the outputs" ;;
		esac
	done
	[ -n "$rerun" ] || echo "$what:$seen"
	[ "$bad" -eq 0 ] && pass
	return 0
}

# kill_at SETTING WHAT: a batch killed by the fault library (SETTING: CR_FAULT_KILL=N or
# CR_FAULT_KILL_RENAME=N) at files matching $MATCH, checked; then run again to the end, checked again.
kill_at() {
	local what="killed before $2" rc=0
	fresh
	with_faults CR_FAULT_MATCH="$MATCH" "$1" -- "$CR_BIN" "${SMALL[@]}" >/dev/null 2>&1 || rc=$?
	if [ "$rc" -ne 137 ]; then
		fail "$what: the batch was not killed (exit $rc)"
		return
	fi
	check "$what"
	# the same batch again: it removes the killed run's temporary files (no live batch holds
	# their lock), so `check ... rerun` finds none, natively (under valgrind once, at the end)
	if ! "$CR_BIN" "${SMALL[@]}" >/dev/null 2>"$TMP/err"; then
		fail "$what: the batch run again failed: $(<"$TMP/err")"
		return
	fi
	check "$what, then run again" rerun
}

# count MATCH: how many writes, syncs and renames a complete batch makes to files whose path
# holds MATCH (a failure ends the test: the kill points depend on it)
count() {
	local rc=0
	fresh
	rm -f "$TMP/count"
	with_faults CR_FAULT_MATCH="$1" CR_FAULT_REPORT="$TMP/count" -- "$CR_BIN" "${SMALL[@]}" >/dev/null 2>"$TMP/err" || rc=$?
	if [ "$rc" -ne 0 ] || [ ! -s "$TMP/count" ]; then
		echo "the batch counting writes to '$1' failed (exit $rc): $(<"$TMP/err")" >&2
		exit 1
	fi
	cat "$TMP/count"
}

# -- killed at writes to the write-ahead log spread over the whole run, from the cohort's first
# row on, and at its last writes (the last chunk, with the commit that marks the cohort done)
MATCH=crash.db-wal
counts=$(count "$MATCH")
read -r WAL _ <<<"$counts"
[ "$WAL" -gt 100 ] && pass || fail "expected over a hundred writes to the log for $ROWS rows, counted $WAL"
# Under the sanitizers (CR_SANITIZE=1) two spread points, the last write, the first rename and
# one kill -9 below run: each point is two batches of ten thousand rows there. The plain build
# runs every point (this test is labelled `plain` in tests/CMakeLists.txt).
SPREAD=8 LAST=("$((WAL - 2))" "$((WAL - 1))")
[ "${CR_SANITIZE:-0}" = 1 ] && SPREAD=2 LAST=("$((WAL - 1))")
for n in $(for ((i = 0; i < SPREAD; i++)); do echo $((i * WAL / SPREAD)); done) "${LAST[@]}"; do
	kill_at CR_FAULT_KILL=$n "write $((n + 1)) of $WAL to the write-ahead log"
done
# -- and at a write to the database or its log halfway through them: the log's pages are copied
# into the database by a checkpointer thread beside the rows (store_cohort.c), and the rest as the
# store closes
MATCH=crash.db
counts=$(count "$MATCH")
read -r W _ <<<"$counts"
n=$(((WAL + W) / 2))
kill_at CR_FAULT_KILL=$n "write $((n + 1)) of $W to the database and its log"
# -- the cohort is done; the finished outputs are being moved into place, one by one
MATCH=$K/
counts=$(count "$MATCH")
read -r _ _ R <<<"$counts"
[ "$R" -eq ${#OUTS[@]} ] && pass || fail "expected a rename for each of the ${#OUTS[@]} outputs, counted $R"
RENAMES=$R
[ "${CR_SANITIZE:-0}" = 1 ] && RENAMES=1
for ((n = 0; n < RENAMES; n++)); do
	kill_at CR_FAULT_KILL_RENAME=$n "rename $((n + 1)) of $R"
done

# -- a plain kill -9 while a batch over a larger export runs: once a chunk is stored, then once
# two are; then the batch run to the end (under valgrind when the suite runs so)
BIG_ROWS=$((4 * CHUNK)) WANTS=("$CHUNK" $((2 * CHUNK)))
[ "${CR_SANITIZE:-0}" = 1 ] && BIG_ROWS=$((3 * CHUNK)) WANTS=("$CHUNK")
"$GEN" "$BIG_ROWS" --seed 12 >"$TMP/big.csv"
fresh
killed=0
for want in "${WANTS[@]}"; do
	last=$(sqlite3 "$DB" "SELECT max(id) FROM intake_cohort")
	stored() { sqlite3 "$DB" "SELECT count(*) FROM intake_result WHERE cohort_id > $last" 2>/dev/null || echo 0; }
	"$CR_BIN" "${BIG[@]}" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 1200); do
		[ "$(stored)" -ge "$want" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -9 "$pid" 2>/dev/null || true
	rc=0
	wait "$pid" 2>/dev/null || rc=$?
	n=$(stored)
	what="kill -9 once $want rows were stored"
	if [ "$rc" -ne 137 ]; then
		fail "$what: the batch was not killed (exit $rc, $n rows stored)"
		continue
	fi
	killed=$((killed + 1))
	[ "$n" -ge "$want" ] && pass || fail "$what: found $n rows stored"
	got=$(sqlite3 "$DB" "PRAGMA integrity_check; PRAGMA foreign_key_check;
		SELECT count(*) FROM intake_cohort WHERE status = 'running';
		SELECT count(*) FROM intake_cohort WHERE status = 'done' AND id != $REF_ID;")
	[ "$got" = "$(printf 'ok\n%s\n0' "$killed")" ] && pass ||
		fail "$what: expected an intact database with $killed unfinished cohorts and no new whole one, got: $(tr '\n' ' ' <<<"$got")"
	for f in "${OUTS[@]}"; do
		[ -e "$K/$f" ] && fail "$what: $f is at its final path" || pass
	done
done
stale=("$K"/*.tmp-*)
[ -e "${stale[0]}" ] && pass || fail "the killed batches left no temporary files to clean up"
run 0 "${BIG[@]}"
IFS='|' read -r big_id big_read big_scored big_n < <(sqlite3 "$DB" "SELECT c.id, c.rows_read, c.rows_scored,
	(SELECT count(*) FROM intake_result r WHERE r.cohort_id = c.id) FROM intake_cohort c WHERE status = 'done' AND id != $REF_ID") || true
[ "$big_read" = "$BIG_ROWS" ] && [ "$big_n" = "$big_scored" ] && pass ||
	fail "after kill -9, the batch run again stored $big_n rows ($big_read read, $big_scored scored), expected $BIG_ROWS read"
# the killed runs' unfinished cohorts: whole chunks, the same rows as the complete run's first ones
while IFS='|' read -r id n; do
	if { [ $((n % CHUNK)) -ne 0 ] && [ "$n" -ne "$big_n" ]; } || [ "$n" -eq 0 ] || [ "$(rows_hash "$id" "$n")" != "$(rows_hash "$big_id" "$n")" ]; then
		fail "after kill -9, unfinished cohort $id holds $n rows: not whole chunks of a complete run's first rows"
	else
		pass
	fi
done < <(sqlite3 "$DB" "SELECT c.id, (SELECT count(*) FROM intake_result r WHERE r.cohort_id = c.id)
	FROM intake_cohort c WHERE status = 'running'")
for f in "${OUTS[@]}"; do
	[ -s "$K/$f" ] && pass || fail "the batch run again after kill -9 wrote no $f"
done
ls "$K"/*.tmp-* >/dev/null 2>&1 && fail "the batch run to the end left temporary files" || pass
expect_in "$ERR" "temporary files a stopped batch had left beside the outputs" "stale temporary files: said"

# a temporary file a live batch holds (its lock) is never taken for a dead one's
live=$K/out.csv.tmp-LIVE01
: >"$live"
chmod 600 "$live"
(exec 9>>"$live" && flock 9 && exec sleep 60) & # one process holding the lock, as a running batch does
holder=$!
for _ in $(seq 50); do flock -n "$live" true 2>/dev/null || break; sleep 0.1; done
run 0 "${SMALL[@]}"
[ -e "$live" ] && pass || fail "a temporary file another batch holds was removed"
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
run 0 "${SMALL[@]}"
[ -e "$live" ] && fail "an unheld temporary file was left" || pass
finish
