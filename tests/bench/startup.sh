#!/usr/bin/env bash
# startup.sh [BUILD-DIR] [RUNS] - how long `career-risk occupation show 43-9021` takes to start:
# the median wall-clock time of RUNS runs (default 11) each way, in milliseconds:
#   cold: no snapshot, so every run loads the YAML and compiles the snapshot;
#   warm: the snapshot is there and read;
#   floor: `career-risk --version`, which loads nothing (process start, dynamic linking).
# Then the in-process phases (cr-kb-startup). Figures mean something on a quiet machine only:
# run `uptime` first. docs/performance.md quotes them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
runs=${2:-11}
bin=$build/career-risk
[ -x "$bin" ] || { echo "startup.sh: no $bin; build first" >&2; exit 2; }
tmp=$(mktemp -d /tmp/cr-startup.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_CACHE_HOME=$tmp/cache XDG_DATA_HOME=$tmp/data
unset CAREER_RISK_DATA
mkdir -p "$HOME"

# median MS... : the middle value (mean of the two middle ones for an even count)
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# time_ms CMD...: one run's wall-clock milliseconds (bash's clock: no extra process)
time_ms() {
	local t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1
	local t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", (b - a) * 1000}'
}

cold=() warm=() floor=()
for _ in $(seq "$runs"); do
	rm -rf "$XDG_CACHE_HOME"
	cold+=("$(time_ms "$bin" occupation show 43-9021)")
done
"$bin" occupation show 43-9021 >/dev/null # the snapshot, for the warm runs
for _ in $(seq "$runs"); do
	warm+=("$(time_ms "$bin" occupation show 43-9021)")
	floor+=("$(time_ms "$bin" --version)")
done
echo "career-risk occupation show 43-9021, median of $runs runs, wall clock (load: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  cold (YAML, compiles the snapshot)  %8.1f ms\n' "$(median "${cold[@]}")"
printf '  warm (reads the snapshot)           %8.1f ms\n' "$(median "${warm[@]}")"
printf '  floor (--version, loads nothing)    %8.1f ms\n' "$(median "${floor[@]}")"
[ -x "$build/cr-kb-startup" ] && "$build/cr-kb-startup" "$here/../.." 5
exit 0
