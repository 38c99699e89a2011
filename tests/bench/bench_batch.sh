#!/usr/bin/env bash
# bench_batch.sh - how fast `career-risk batch` scores a survey export, against sqlite3's .import.
#
#   bash tests/bench/bench_batch.sh [ROWS ...]          (default: 100000 1000000)
#
# First the start-up: the median of BENCH_STARTUP_RUNS (default 7) runs of `occupation show
# 43-9021`, and of the time `assess` takes under a pseudo-terminal to show its first question
# (tests/bench/startup.py). Then, for each size, it generates a realistic synthetic intake export
# (tests/bench/gen_intake.c: BOM, CRLF, quoted fields with commas, quotes and line breaks, ~0.5%
# bad rows) and times, one after the other on the same file:
#   import   sqlite3 DB ".mode csv" ".import FILE intake"   (a fresh database file)
#   csv      career-risk batch --input FILE --output results.csv --summary summary.md
#   jobs 2   the same with --jobs 2
#   jsonl    career-risk batch --input FILE --output results.jsonl
#   store    career-risk batch --input FILE --output results.csv --store (a fresh database)
# and prints wall and CPU seconds, each as a ratio to the import of the same file in the same run,
# the main thread's share of the CPU a --jobs 2 run takes (one more run under `perf record -e
# cpu-clock`, when perf is installed and BENCH_PERF is not 0: the main thread reads a pipe and takes
# the chunks back in order, so the more it does, the less two workers can gain),
# rows per second and peak memory (/usr/bin/time), and whether the targets hold: csv <= 1.0x the
# import (wall, one core), --jobs 2 at least 1.7 times as fast as --jobs 1, JSON Lines <= 1.5x
# csv, --store <= 2x csv, under 50 MB (at 1M rows and more).
#
# Each step runs BENCH_REPEAT times (default 3), in rounds of one run of every step, and the
# fastest run of each is shown (the peak memory: the largest of its runs).
# Environment: BENCH_BUILD=DIR uses an existing build (else build-bench/ is configured as a
# Release build with link-time optimisation); BENCH_DIR=DIR keeps the generated files there.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
command -v sqlite3 >/dev/null || { echo "bench: needs sqlite3" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: needs python3 (tests/bench/startup.py)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }

BUILD=${BENCH_BUILD:-}
if [ -z "$BUILD" ]; then
	BUILD=build-bench
	cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON >/dev/null
	cmake --build "$BUILD" -j2 --target career-risk gen-intake >/dev/null
fi
BIN=$BUILD/career-risk
GEN=$BUILD/gen-intake
WORK=${BENCH_DIR:-$(mktemp -d /tmp/cr-bench.XXXXXX)}
mkdir -p "$WORK"
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$WORK"' EXIT
export XDG_DATA_HOME=$WORK/data
REPEAT=${BENCH_REPEAT:-3}

# measure NAME CMD...: runs CMD once under /usr/bin/time and keeps, per NAME, the fastest run's
# wall and CPU (user + system) seconds in BW[NAME] and BC[NAME], and the largest peak memory (KB) of
# any run in BM[NAME]. Other work on a shared machine only ever slows a run down, so the fastest is
# the one it disturbed least. Before the run: $PREP (if set), then sync.
declare -A BW BC BM
measure() {
	local name=$1 w u s m
	shift
	[ -z "${PREP:-}" ] || eval "$PREP"
	# the previous step's written files go to disk first: their writeback would otherwise be
	# charged to this run (the kernel throttles whoever writes next)
	sync
	/usr/bin/time -f "%e %U %S %M" -o "$WORK/time.$name" "$@" >"$WORK/out.$name" 2>"$WORK/err.$name" || {
		echo "bench: $name failed:" >&2; cat "$WORK/err.$name" >&2; exit 1; }
	read -r w u s m < <(tail -1 "$WORK/time.$name")
	if [ -z "${BW[$name]:-}" ] || awk -v a="$w" -v b="${BW[$name]}" 'BEGIN { exit !(a < b) }'; then
		BW[$name]=$w
		BC[$name]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
	fi
	[ "${BM[$name]:-0}" -ge "$m" ] || BM[$name]=$m
}
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%d", (t > 0 ? n / t : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# holds EXPR: 1 when the awk expression is true
holds() { awk "BEGIN { print ($1) ? 1 : 0 }"; }
# check EXPR: V=ok when it holds, else V=MISSED and the benchmark exits 1 (not in a $(...), which
# would lose the status)
check() { if [ "$(holds "$1")" = 1 ]; then V=ok; else V=MISSED; status=1; fi; }
FMT='%-9s %-34s %8s %8s %9s %9s %11s %8s\n'
# row N NAME STEP: one line of the table, NAME's fastest run against the import's
row() {
	printf "$FMT" "$1" "$3" "${BW[$2]}" "${BC[$2]}" "$(ratio "${BW[$2]}" "${BW[import]}")x" \
		"$(ratio "${BC[$2]}" "${BC[import]}")x" "$(rate "$1" "${BW[$2]}")" "$((BM[$2] / 1024))"
}

echo "career-risk batch benchmark: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores, $(uname -m)"
echo "binary: $BIN ($(grep -m1 CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" | cut -d= -f2) build)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows the wall-clock figures)"
status=0
# start-up: each line "NAME MEDIAN MIN MAX" (seconds)
python3 tests/bench/startup.py "$BIN" "${BENCH_STARTUP_RUNS:-7}" >"$WORK/startup" || { echo "bench: start-up not measured" >&2; exit 1; }
while read -r name med lo hi; do
	case $name in
	show) what="occupation show 43-9021 (to exit)" ;;
	prompt) what="assess to its first question (pty)" ;;
	*) what=$name ;;
	esac
	printf 'start-up  %-38s median %ss (min %s, max %s, %s runs)\n' "$what" "$med" "$lo" "$hi" "${BENCH_STARTUP_RUNS:-7}"
done <"$WORK/startup"
printf "$FMT" rows step wall_s cpu_s wall/imp cpu/imp rows/s_wall peak_MB
for n in "${SIZES[@]}"; do
	in=$WORK/intake-$n.csv
	"$GEN" "$n" --seed 2024 >"$in"
	size=$(du -m "$in" | cut -f1)
	BW=() BC=() BM=()
	# rounds: each step once per round, so that every step meets the same stretches of a noisy
	# machine, rather than one step all of a quiet one and the next all of a busy one
	for ((round = 0; round < REPEAT; round++)); do
		PREP='rm -f "$WORK/import.db"' measure import sqlite3 "$WORK/import.db" ".mode csv" ".import $in intake"
		# each step's last outputs are removed first, as the import's database is: replacing a
		# 500 MB file frees it (a quarter of a second here), which is not the step's own work
		PREP='rm -f "$WORK"/results.csv "$WORK"/results.errors.csv "$WORK"/summary.md' \
			measure batch "$BIN" batch --input "$in" --output "$WORK/results.csv" --summary "$WORK/summary.md"
		PREP='rm -f "$WORK"/results-j2.* "$WORK"/summary-j2.md' \
			measure jobs2 "$BIN" batch --input "$in" --output "$WORK/results-j2.csv" --summary "$WORK/summary-j2.md" --jobs 2
		PREP='rm -f "$WORK"/results.jsonl' measure jsonl "$BIN" batch --input "$in" --output "$WORK/results.jsonl"
		PREP='rm -rf "$XDG_DATA_HOME" "$WORK"/results2.*' measure store "$BIN" batch --input "$in" --output "$WORK/results2.csv" --store
	done
	row "$n" import "sqlite3 .import (${size} MB file)"
	row "$n" batch "career-risk batch (csv + summary)"
	grep -m1 '^career-risk: scored' "$WORK/err.batch" | sed 's/^career-risk: /          /'
	row "$n" jobs2 "  the same, --jobs 2"
	if [ "${BENCH_PERF:-1}" != 0 ] && command -v perf >/dev/null &&
		perf record -q -e cpu-clock -F 999 -o "$WORK/perf.data" "$BIN" batch --input "$in" \
			--output "$WORK/results-p.csv" --summary "$WORK/summary-p.md" --jobs 2 >/dev/null 2>&1; then
		# samples of the main thread (its thread id is the process id) among all of the run's
		perf script -i "$WORK/perf.data" -F pid,tid 2>/dev/null | awk '{ split($1, t, "/"); n++; m += t[1] == t[2] }
			END { if (n) printf "          --jobs 2: the main thread took %.1f%% of the CPU samples (%d of %d)\n", 100 * m / n, m, n }'
		rm -f "$WORK/perf.data" "$WORK"/results-p* "$WORK"/summary-p*
	fi
	cmp -s "$WORK/results.csv" "$WORK/results-j2.csv" && cmp -s "$WORK/summary.md" "$WORK/summary-j2.md" ||
		{ echo "bench: --jobs 2 wrote different results from --jobs 1" >&2; exit 1; }
	row "$n" jsonl "career-risk batch (jsonl)"
	row "$n" store "career-risk batch (csv + --store)"
	iw=${BW[import]} bw=${BW[batch]} jw=${BW[jobs2]} lw=${BW[jsonl]} sw=${BW[store]}
	peak=$(printf '%s\n' "${BM[batch]}" "${BM[jobs2]}" "${BM[jsonl]}" "${BM[store]}" | sort -n | tail -1)
	# the targets (wall-clock ratios within this run)
	check "$bw <= $iw"; v1=$V
	check "$bw >= 1.7 * $jw"; v2=$V
	check "$lw <= 1.5 * $bw"; v3=$V
	check "$sw <= 2 * $bw"; v4=$V
	printf '          targets: csv %sx import <= 1.0: %s; --jobs 2 %sx as fast >= 1.7: %s; jsonl %sx csv <= 1.5: %s; store %sx csv <= 2: %s' \
		"$(ratio "$bw" "$iw")" "$v1" "$(ratio "$bw" "$jw")" "$v2" "$(ratio "$lw" "$bw")" "$v3" "$(ratio "$sw" "$bw")" "$v4"
	if [ "$n" -ge 1000000 ]; then
		check "$peak < 51200"
		printf '; peak %d MB < 50: %s' "$((peak / 1024))" "$V"
	fi
	printf '\n'
	rm -f "$in" "$WORK/import.db" "$WORK"/results* "$WORK"/summary*
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
