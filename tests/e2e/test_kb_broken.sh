# Each kind of broken knowledge base fails `kb check` with a precise file:line:column message.
# The cases are data: tests/data/kb-broken/*.yaml, each a file that replaces (or removes) one
# file of the minimal valid base tests/data/kb-minimal/ (see tests/data/kb-broken/README.md).
. "$(dirname "$0")/lib.sh"
MIN=$CR_SRC/tests/data/kb-minimal

run 0 kb check --strict "$MIN"
expect_in "$OUT" ": OK" "the minimal base is clean, with no warning"

# Under valgrind every third case runs (kb check's answer search takes seconds there); the
# plain and ASan suites run them all.
STEP=1
[ "${CR_VALGRIND:-0}" = 1 ] && STEP=3
cases=0 seen=0
for case in "$CR_SRC"/tests/data/kb-broken/*.yaml; do
	((seen++ % STEP == 0)) || { cases=$((cases + 1)); continue; }
	name=$(basename "$case" .yaml)
	replaces=$(sed -n 's/^# replaces: //p' "$case")
	removes=$(sed -n 's/^# removes: //p' "$case")
	expect=$(sed -n 's/^# expect: //p' "$case")
	option=$(sed -n 's/^# option: //p' "$case")
	want=$(sed -n 's/^# exit: //p' "$case")
	problems=$(sed -n 's/^# problems: //p' "$case")
	if [ -z "$expect" ] || [ -z "$replaces$removes" ]; then
		fail "$name: needs '# expect:' and '# replaces:' or '# removes:'"
		continue
	fi
	root=$TMP/$name
	mkdir -p "$root"
	cp -r "$MIN/knowledge" "$MIN/questionnaires" "$root/"
	if [ -n "$replaces" ]; then cp "$case" "$root/$replaces"; else rm "$root/$removes"; fi
	# shellcheck disable=SC2086 # an option, when given, is one word
	run "${want:-3}" kb check $option "$root" || continue
	while IFS= read -r e; do
		expect_in "$ERR" "$root/$e" "$name"
	done <<<"$expect"
	if [ -n "$problems" ]; then
		expect_in "$ERR" "career-risk: $problems problem" "$name: $problems problem(s) in all"
	fi
	cases=$((cases + 1))
done
[ "$cases" -ge 30 ] && pass || fail "only $cases broken-base cases ran"
finish
