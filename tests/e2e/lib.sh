# lib.sh - helpers for end-to-end tests that drive the real binary.
# Each test gets its own temporary home, so no test touches a real profile.
set -euo pipefail
: "${CR_BIN:?set CR_BIN to the career-risk binary}"
: "${CR_SRC:?set CR_SRC to the source tree}"
TMP=$(mktemp -d /tmp/cr-e2e.XXXXXX)
export HOME=$TMP/home XDG_DATA_HOME=$TMP/data XDG_STATE_HOME=$TMP/state
# The compiled knowledge base (a cache keyed by the files' bytes and the binary): one folder for
# every test of a build (CR_TEST_CACHE, set by ctest), so each does not compile it again; apart
# from $HOME, which some tests check stays empty.
export XDG_CACHE_HOME=${CR_TEST_CACHE:-$TMP/cache}
mkdir -p "$HOME"
unset NO_COLOR CAREER_RISK_DATA
trap 'rm -rf "$TMP"' EXIT
# The schema version this build writes: one migration per file in profiles/schema.
SCHEMA_LATEST=$(find "$CR_SRC/profiles/schema" -name '[0-9]*.sql' | wc -l)
FAILS=0
PASSES=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { PASSES=$((PASSES + 1)); }

# cr ARGS...: runs the binary; with CR_VALGRIND=1, under valgrind's memcheck, where any
# memory error or definite leak makes it exit 99 (so `run` reports it as a failure).
# CR_VALGRIND_EVERY=N: only every Nth run of a test is under memcheck, its first run among
# them; the others run natively (each run under memcheck costs most of a second of CPU
# before it does anything). `bash .ci/dev test` uses 2, test-full 1 (every run).
cr() {
	if [ "${CR_VALGRIND:-0}" = 1 ] && memcheck_turn; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
			--show-leak-kinds=definite "$CR_BIN" "$@"
	else
		"$CR_BIN" "$@"
	fi
}

# memcheck_turn: whether this run is one of every CR_VALGRIND_EVERY. Counted in a file, so runs
# from subshells ($(cr ...), pipelines) count too, and each test picks the same runs every time.
memcheck_turn() {
	local every=${CR_VALGRIND_EVERY:-1} n=0
	[ "$every" -gt 1 ] || return 0
	[ ! -s "$TMP/memcheck-runs" ] || n=$(<"$TMP/memcheck-runs")
	echo $((n + 1)) >"$TMP/memcheck-runs"
	[ $((n % every)) -eq 0 ]
}

# run EXPECTED_RC CMD...: runs the binary, keeps stdout in $OUT and stderr in $ERR.
run() {
	local want=$1; shift
	set +e
	cr "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	set -e
	# $(<FILE): read by bash itself, with no cat to start (run is called thousands of times)
	OUT=$(<"$TMP/out"); ERR=$(<"$TMP/err")
	if [ "$RC" -ne "$want" ]; then
		fail "career-risk $* exited $RC, expected $want; stderr: $ERR"
		return 1
	fi
	pass
}

# expect_in TEXT NEEDLE WHAT: NEEDLE found in TEXT, as `grep -F` finds it (a needle of several
# lines: any one of them). Matched by bash itself: the suite checks thousands of outputs, and a
# fork and exec of grep for each costs more than the match.
expect_in() {
	local found=0 n
	if [[ $2 == *$'\n'* ]]; then
		while IFS= read -r n; do [[ $1 == *"$n"* ]] && found=1; done <<<"$2"
	elif [[ $1 == *"$2"* ]]; then
		found=1
	fi
	if [ "$found" = 0 ]; then fail "$3: '$2' not found in: $1"; else pass; fi
}

# cancel_fifo WHAT ROWS [BATCH OPTIONS]: Ctrl-C to a batch whose export is still arriving through a
# FIFO (the first ROWS rows of $TMP/in.csv written, the rest never): exit 6, its message left in
# $TMP/cancel.err, and no results kept, final or temporary. It is sent once the results file is
# open (the header read and mapped), so the batch is waiting in its read.
cancel_fifo() {
	local what=$1 rows=$2 pid rc
	shift 2
	rm -f "$TMP/fifo"
	mkfifo "$TMP/fifo"
	"$CR_BIN" batch "$@" --input "$TMP/fifo" --output "$TMP/cancel.csv" 2>"$TMP/cancel.err" &
	pid=$!
	exec 3>"$TMP/fifo"
	head -"$rows" "$TMP/in.csv" >&3
	for _ in $(seq 100); do ls "$TMP"/cancel.csv.tmp-* >/dev/null 2>&1 && break; sleep 0.1; done
	kill -INT "$pid"
	set +e
	wait "$pid"
	rc=$?
	set -e
	exec 3>&-
	[ "$rc" -eq 6 ] && pass || fail "$what: Ctrl-C exited $rc: $(<"$TMP/cancel.err")"
	[ -e "$TMP/cancel.csv" ] || ls "$TMP"/cancel.csv.tmp-* >/dev/null 2>&1 && fail "$what: cancelled batch left files" || pass
}

# expect_jq_all JSON WHAT NAME FILTER [NAME FILTER]...: each jq filter must output true, all
# checked by one jq (a start costs some 30 ms, and a test may check hundreds); a failure names
# the checks that were not true.
expect_jq_all() {
	local json=$1 what=$2 prog="" args=() i=0 got
	shift 2
	while [ $# -ge 2 ]; do
		prog+="${prog:+, }((try ($2) catch false) | if . then empty else \$n$i end)"
		args+=(--arg "n$i" "$1")
		i=$((i + 1))
		shift 2
	done
	got=$(jq -r "${args[@]}" "[$prog] | join(\", \")" <<<"$json" 2>&1) || { fail "$what: jq gave: $got"; return 0; }
	[ -z "$got" ] && pass || fail "$what: not true: $got"
}

# expect_jq JSON FILTER WHAT: the jq filter must output true.
expect_jq() {
	local got
	got=$(jq -e "$2" <<<"$1" 2>&1) || { fail "$3: jq '$2' gave: $got"; return 0; }
	pass
}

db() { sqlite3 "$XDG_DATA_HOME/career-risk/profiles.db" "$@"; }

# with_faults SETTING... -- COMMAND...: runs COMMAND (usually `run ...`) with the fault
# injection library preloaded (tests/fault/cr_fault.c says what each CR_FAULT_* does):
#   with_faults CR_FAULT_MATCH=p.db CR_FAULT_WRITE=0:ENOSPC -- run 4 --db "$DB" assess ...
with_faults() {
	local settings=() s rc=0 asan=${ASAN_OPTIONS-}
	while [ "$1" != -- ]; do settings+=("$1"); shift; done
	shift
	: "${CR_BUILD:?set CR_BUILD to the build folder (it holds cr_fault.so)}"
	for s in "${settings[@]}"; do export "${s?}"; done
	export LD_PRELOAD=$CR_BUILD/cr_fault.so ASAN_OPTIONS=${asan:+$asan:}verify_asan_link_order=0
	"$@" || rc=$?
	for s in "${settings[@]}"; do unset "${s%%=*}"; done
	unset LD_PRELOAD
	if [ -n "$asan" ]; then export ASAN_OPTIONS=$asan; else unset ASAN_OPTIONS; fi
	return $rc
}

finish() {
	echo "$PASSES passed, $FAILS failed"
	[ "$FAILS" -eq 0 ]
}

# hold_lock: a sqlite3 shell takes $DB's write lock (BEGIN IMMEDIATE) and keeps it until
# release_lock; returns once the lock is held (LOCKED_AT: when), failing if the shell died.
hold_lock() {
	rm -f "$TMP/lock.fifo" "$TMP/lock.out"
	mkfifo "$TMP/lock.fifo"
	sqlite3 "$DB" <"$TMP/lock.fifo" >"$TMP/lock.out" 2>&1 &
	HOLDER=$!
	exec 7>"$TMP/lock.fifo"
	echo "BEGIN IMMEDIATE; INSERT INTO profile(name) VALUES ('lock-holder'); SELECT 'locked';" >&7
	until grep -q locked "$TMP/lock.out"; do
		kill -0 "$HOLDER" 2>/dev/null || { fail "the lock holder failed: $(<"$TMP/lock.out")"; return 1; }
		sleep 0.05
	done
	LOCKED_AT=$(date +%s)
}
release_lock() { echo "ROLLBACK;" >&7; exec 7>&-; wait "$HOLDER"; }

# chromium_pdf HTML PDF: prints HTML to PDF with headless Chromium, the network closed (no
# proxy, no name resolution), its log in $TMP/chromium.log; the report tests read the PDF back.
chromium_pdf() {
	local ud
	ud=$(mktemp -d "$TMP/chromium.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync --user-data-dir="$ud" \
		--proxy-server=127.0.0.1:9 --host-resolver-rules='MAP * ~NOTFOUND' --no-pdf-header-footer \
		--print-to-pdf="$2" "file://$1" >"$TMP/chromium.log" 2>&1
	rm -rf "$ud"
}
