#!/usr/bin/env bash
# jobs_pair.sh [BUILD-DIR] [ROUNDS] [ROWS] - is the extra CPU of `batch --jobs 2` ours or the
# machine's? Each round runs, in turn, on one generated export (gen-intake ROWS, default 1000000):
#   one   a one-job batch;
#   pair  two one-job batches at once, pinned one to each of CPUs 0 and 1 (taskset);
#   jobs2 a --jobs 2 batch;
# and prints each one's wall and CPU (user + system) seconds, the pair's CPU and --jobs 2's as a
# ratio to the one-job run's, and --jobs 2's speed-up. When --jobs 2's ratio follows the pair's,
# its extra CPU is what any second process pays on that machine at that moment (a core shared
# by the host, say), not the cost of its threads. docs/performance.md quotes it. Needs taskset
# (util-linux) and /usr/bin/time, and two CPUs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build-bench}
rounds=${2:-3}
rows=${3:-1000000}
bin=$build/career-risk
[ -x "$bin" ] && [ -x "$build/gen-intake" ] || { echo "jobs_pair.sh: no $bin or gen-intake; build first" >&2; exit 2; }
[ "$(nproc)" -ge 2 ] || { echo "jobs_pair.sh: needs two CPUs" >&2; exit 2; }
tmp=$(mktemp -d /tmp/cr-pair.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache
"$build/gen-intake" "$rows" --seed 2024 >"$tmp/in.csv"
"$bin" batch --input "$tmp/in.csv" --output "$tmp/warm.csv" >/dev/null 2>&1 # the snapshot, compiled once

# timed NAME CMD...: runs CMD under /usr/bin/time into $tmp/t.NAME ("wall cpu")
timed() {
	local name=$1
	shift
	/usr/bin/time -o "$tmp/t.$name" -f "%e %U %S" "$@" >/dev/null 2>&1
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$tmp/t.$name" >"$tmp/w.$name"
}
fresh() { rm -f "$tmp"/out*; sync; }
printf '%-5s %8s %8s | %8s %8s %9s | %8s %8s %9s %8s\n' round one_wall one_cpu pair_cpu0 pair_cpu1 pair/one \
	j2_wall j2_cpu j2/one speedup
for ((r = 1; r <= rounds; r++)); do
	fresh
	timed one "$bin" batch --input "$tmp/in.csv" --output "$tmp/out1.csv"
	fresh
	timed p0 taskset -c 0 "$bin" batch --input "$tmp/in.csv" --output "$tmp/out-p0.csv" &
	p0=$!
	timed p1 taskset -c 1 "$bin" batch --input "$tmp/in.csv" --output "$tmp/out-p1.csv"
	wait "$p0" # its status: a failed run stops the script
	fresh
	timed j2 "$bin" batch --input "$tmp/in.csv" --output "$tmp/out-j2.csv" --jobs 2
	read -r ow oc <"$tmp/w.one"
	read -r _ c0 <"$tmp/w.p0"
	read -r _ c1 <"$tmp/w.p1"
	read -r jw jc <"$tmp/w.j2"
	awk -v r="$r" -v ow="$ow" -v oc="$oc" -v c0="$c0" -v c1="$c1" -v jw="$jw" -v jc="$jc" 'BEGIN {
		printf "%-5d %8.2f %8.2f | %8.2f %8.2f %8.2fx | %8.2f %8.2f %8.2fx %7.2fx\n",
			r, ow, oc, c0, c1, (oc > 0 ? (c0 + c1) / (2 * oc) : 0), jw, jc, (oc > 0 ? jc / oc : 0), (jw > 0 ? ow / jw : 0) }'
done
