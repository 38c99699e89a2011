#!/usr/bin/env bash
# run.sh BUILD-DIR NAME SECONDS [LIBFUZZER-FLAGS...]
#
# Runs the fuzz target NAME (knowledge, questionnaire, answers, expr, csv, plan, snapshot) built in
# BUILD-DIR (cmake -DCR_FUZZ=ON -DCMAKE_C_COMPILER=clang):
#   1. replays every kept crashing input in tests/fuzz/regress/NAME: each must
#      now be handled without a crash, a leak or undefined behaviour;
#   2. fuzzes for SECONDS, starting from the seed corpora (the shipped files)
#      and the corpus earlier runs grew in BUILD-DIR/fuzz/corpus/NAME.
# A new crash is saved as BUILD-DIR/fuzz/crash-NAME-*; fix it, then keep the
# input in tests/fuzz/regress/NAME so step 1 checks it from then on.
set -euo pipefail
build=$1 name=$2 seconds=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
bin=$build/fuzz/fuzz_$name
[ -x "$bin" ] || { echo "run.sh: no $bin; configure with -DCR_FUZZ=ON -DCMAKE_C_COMPILER=clang" >&2; exit 2; }

case $name in
knowledge)     seeds=("$src/knowledge" "$here/seeds/knowledge" "$src/tests/data/bad/knowledge");          dict=yaml.dict; max_len=65536 ;;
questionnaire) seeds=("$src/questionnaires" "$src/tests/data/bad/questionnaires"); dict=yaml.dict; max_len=65536 ;;
answers)       seeds=("$src/tests/data/answers" "$here/seeds/answers" "$src/tests/data/bad/answers"); dict=yaml.dict; max_len=16384 ;;
expr)          seeds=("$here/seeds/expr");                                  dict=expr.dict; max_len=2100 ;;
csv)           seeds=("$here/seeds/csv");                                   dict=csv.dict;  max_len=16384 ;;
plan)          seeds=("$here/seeds/plan");                                  dict=;          max_len=4096 ;; # bytes drive a generator: no words to suggest
snapshot)      seeds=("$here/seeds/snapshot");                              dict=;          max_len=4096 ;; # bytes pick a mode and edits (fuzz_snapshot.c)
*) echo "run.sh: unknown target '$name' (knowledge, questionnaire, answers, expr, csv, plan, snapshot)" >&2; exit 2 ;;
esac
existing=()
for d in "${seeds[@]}"; do [ -d "$d" ] && existing+=("$d"); done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

regress=$here/regress/$name
if [ -d "$regress" ] && [ -n "$(ls -A "$regress")" ]; then
	n=$(find "$regress" -type f | wc -l)
	echo "== replaying $n kept input(s) from tests/fuzz/regress/$name"
	find "$regress" -type f -print0 | xargs -0 "$bin" -runs=1 >/dev/null 2>"$build/fuzz/regress-$name.log" || {
		cat "$build/fuzz/regress-$name.log" >&2
		echo "run.sh: a kept crashing input of '$name' fails again" >&2
		exit 1
	}
fi

corpus=$build/fuzz/corpus/$name
mkdir -p "$corpus"
echo "== fuzzing '$name' for ${seconds}s"
exec "$bin" -max_total_time="$seconds" -timeout=10 -max_len="$max_len" ${dict:+-dict="$here/$dict"} \
	-artifact_prefix="$build/fuzz/crash-$name-" -print_final_stats=1 "$@" "$corpus" "${existing[@]}"
