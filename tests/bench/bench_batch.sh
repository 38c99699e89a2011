#!/usr/bin/env bash
# bench_batch.sh - how fast `career-risk batch` scores a survey export, against sqlite3's .import.
#
#   bash tests/bench/bench_batch.sh [ROWS ...]          (default: 100000 1000000)
#
# For each size it generates a realistic synthetic intake export (tests/bench/gen_intake.c: BOM,
# CRLF, quoted fields with commas, quotes and line breaks, ~0.5% bad rows), then times, one after
# the other on the same file:
#   import  sqlite3 DB ".mode csv" ".import FILE intake"   (a fresh database file)
#   batch   career-risk batch --input FILE --output results.csv --summary summary.md
# and prints wall and CPU seconds, rows per second and peak memory (/usr/bin/time), and whether
# the targets hold: >= 200,000 rows/s, within 2x of the import, under 50 MB at 1M rows.
# At the first size it also times JSON Lines output and --store.
#
# Each step runs BENCH_REPEAT times (default 3) and the fastest run is shown.
# Environment: BENCH_BUILD=DIR uses an existing build (else build-bench/ is configured as a
# Release build with link-time optimisation); BENCH_DIR=DIR keeps the generated files there.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
command -v sqlite3 >/dev/null || { echo "bench: needs sqlite3" >&2; exit 2; }
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

# measure NAME CMD...: runs CMD under /usr/bin/time REPEAT times and keeps the fastest run's
# WALL, CPU (user + system) and RSS (KB): other work on a shared machine only ever slows a run
# down, so the fastest is the one it disturbed least. Before each run: $PREP (if set), then sync.
measure() {
	local name=$1 i w u s m best=
	shift
	for ((i = 0; i < REPEAT; i++)); do
		[ -z "${PREP:-}" ] || eval "$PREP"
		# the previous step's written files go to disk first: their writeback would otherwise be
		# charged to this run (the kernel throttles whoever writes next)
		sync
		/usr/bin/time -f "%e %U %S %M" -o "$WORK/time.$name" "$@" >"$WORK/out.$name" 2>"$WORK/err.$name" || {
			echo "bench: $name failed:" >&2; cat "$WORK/err.$name" >&2; exit 1; }
		read -r w u s m < <(tail -1 "$WORK/time.$name")
		if [ -z "$best" ] || awk -v a="$w" -v b="$WALL" 'BEGIN { exit !(a < b) }'; then
			best=1 WALL=$w RSS=$m
			CPU=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
		fi
	done
}
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%d", (t > 0 ? n / t : 0) }'; }

echo "career-risk batch benchmark: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores, $(uname -m)"
echo "binary: $BIN ($(grep -m1 CMAKE_BUILD_TYPE: "$BUILD/CMakeCache.txt" | cut -d= -f2) build)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows the wall-clock figures)"
printf '%-9s %-32s %9s %9s %12s %12s %9s\n' rows step wall_s cpu_s rows/s_wall rows/s_cpu peak_MB
status=0
first=1
for n in "${SIZES[@]}"; do
	in=$WORK/intake-$n.csv
	"$GEN" "$n" --seed 2024 >"$in"
	size=$(du -m "$in" | cut -f1)
	PREP='rm -f "$WORK/import.db"' measure import sqlite3 "$WORK/import.db" ".mode csv" ".import $in intake"
	iw=$WALL ic=$CPU
	printf '%-9s %-32s %9s %9s %12s %12s %9s\n' "$n" "sqlite3 .import (${size} MB file)" "$WALL" "$CPU" \
		"$(rate "$n" "$WALL")" "$(rate "$n" "$CPU")" "$((RSS / 1024))"
	measure batch "$BIN" batch --input "$in" --output "$WORK/results.csv" --summary "$WORK/summary.md"
	bw=$WALL bc=$CPU brss=$RSS
	printf '%-9s %-32s %9s %9s %12s %12s %9s\n' "$n" "career-risk batch (csv + summary)" "$WALL" "$CPU" \
		"$(rate "$n" "$WALL")" "$(rate "$n" "$CPU")" "$((RSS / 1024))"
	grep -m1 '^career-risk: scored' "$WORK/err.batch" | sed 's/^career-risk: /          /'
	if [ "$first" = 1 ]; then
		measure jsonl "$BIN" batch --input "$in" --output "$WORK/results.jsonl"
		printf '%-9s %-32s %9s %9s %12s %12s %9s\n' "$n" "career-risk batch (jsonl)" "$WALL" "$CPU" \
			"$(rate "$n" "$WALL")" "$(rate "$n" "$CPU")" "$((RSS / 1024))"
		PREP='rm -rf "$XDG_DATA_HOME"' measure store "$BIN" batch --input "$in" --output "$WORK/results2.csv" --store
		printf '%-9s %-32s %9s %9s %12s %12s %9s\n' "$n" "career-risk batch (csv + --store)" "$WALL" "$CPU" \
			"$(rate "$n" "$WALL")" "$(rate "$n" "$CPU")" "$((RSS / 1024))"
		first=0
	fi
	# the targets
	ratio=$(awk -v b="$bw" -v i="$iw" 'BEGIN { printf "%.2f", (i > 0 ? b / i : 0) }')
	cratio=$(awk -v b="$bc" -v i="$ic" 'BEGIN { printf "%.2f", (i > 0 ? b / i : 0) }')
	verdict() { if [ "$1" = 1 ]; then echo ok; else echo MISSED; status=1; fi; }
	printf '          targets: %s rows/s (wall) >= 200000: %s; batch/import %sx wall, %sx cpu <= 2: %s' \
		"$(rate "$n" "$bw")" "$(verdict "$(awk -v r="$(rate "$n" "$bw")" 'BEGIN { print (r >= 200000) }')")" "$ratio" "$cratio" \
		"$(verdict "$(awk -v r="$ratio" 'BEGIN { print (r <= 2) }')")"
	if [ "$n" -ge 1000000 ]; then
		printf '; peak %d MB < 50: %s' "$((brss / 1024))" "$(verdict "$((brss < 51200))")"
	fi
	printf '\n'
	rm -f "$in" "$WORK/import.db"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
