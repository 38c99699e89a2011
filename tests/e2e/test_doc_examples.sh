# Every `career-risk` example in README.md and docs/*.md runs as written (issue 17): each sh
# block's commands, in document order, in a folder of their own (a copy of the shipped
# knowledge base at ~/my-kb, so `--kb ~/my-kb` examples work), with a fresh profile database
# per document. Blocks marked `<!-- file: PATH -->` are written there first, as a reader would
# save them; files a reader brings (an HR export, a client's answers file) come from
# tests/data/doc-examples/ (its FILES names those kept elsewhere in tests/data). An example that needs a terminal (an assessment without an answers
# file, a confirmation) runs in tmux: it must show its first question or prompt, and is then
# left with Ctrl-D or answered "y". After an interactive assessment for a profile, two sessions
# from persona answers files are recorded for it, as a person coming back would have, so the
# history, compare, plan and report examples that follow have sessions to show.
. "$(dirname "$0")/lib.sh"
. "$CR_SRC/tests/e2e/tmux.sh"
FIX=$CR_SRC/tests/data/doc-examples
mkdir -p "$TMP/bin"
ln -s "$CR_BIN" "$TMP/bin/career-risk"
export PATH="$TMP/bin:$PATH"
N=0

# needs_terminal COMMAND: an assessment with no answers file and no input, or a deletion
# without --yes, waits for a person at a terminal
needs_terminal() {
	case " $1 " in
	*" --answers "* | *" <"* | *"|"*) return 1 ;;
	esac
	case " $1 " in
	" career-risk " | *" assess "*) return 0 ;;
	*" delete "* | *" erase "*) [[ " $1 " != *" --yes "* && " $1 " != *" --unfinished "* ]] ;;
	*) return 1 ;;
	esac
}

# at_terminal DOC LINE COMMAND: runs it in tmux; it must ask something; leave or confirm
at_terminal() {
	local name="t$N" rc
	T new-session -d -s "$name" -x 100 -y 40 \
		"cd '$PWD' && env HOME=$HOME XDG_DATA_HOME=$XDG_DATA_HOME XDG_STATE_HOME=$XDG_STATE_HOME PATH=$PATH TERM=xterm $1; echo EXIT=\$? >$TMP/$name.rc; sleep 30"
	TYPED_AT[$name]=-1
	wait_prompt "$name" || { fail "$DOC:$2: '$1' asked nothing at a terminal"; return; }
	if on_screen "$name" "[y/N]"; then
		T send-keys -t "$name" -l y && T send-keys -t "$name" Enter
	else
		T send-keys -t "$name" C-d # leave; answers given so far are kept
	fi
	rc=$(wait_rc "$name")
	case "$rc" in
	EXIT=0 | EXIT=6) pass ;;
	*) fail "$DOC:$2: '$1' at a terminal ended with $rc; screen:
$(screen "$name")" ;;
	esac
	T kill-session -t "$name" 2>/dev/null || true
}

# come_back COMMAND: the sessions a person coming back would have by now
come_back() {
	local prof=() q=standard a
	[[ $1 =~ --profile\ (\"[^\"]*\"|[^ ]+) ]] && eval "prof=(--profile ${BASH_REMATCH[1]})"
	[[ $1 == *"--questionnaire quick"* ]] && q=quick
	for a in data-entry-clerk accountant; do
		[ "$q" = quick ] && a=quick-$a && [ -f "$CR_SRC/tests/data/answers/$a.yaml" ] || a=${a#quick-}
		cr "${prof[@]}" assess --questionnaire "$q" --answers "$CR_SRC/tests/data/answers/$a.yaml" >/dev/null 2>&1 ||
			{ [ "$q" = quick ] && cr "${prof[@]}" assess --answers "$CR_SRC/tests/data/answers/$a.yaml" >/dev/null 2>&1; } || true
	done
}

mkdir -p "$TMP/ex"
(cd "$CR_SRC" && python3 tests/e2e/doc_examples.py --split "$TMP/ex" README.md docs/*.md)
for doc in "$CR_SRC/README.md" "$CR_SRC"/docs/*.md; do
	DOC=${doc#"$CR_SRC"/}
	export XDG_DATA_HOME=$TMP/data/$DOC XDG_STATE_HOME=$TMP/state/$DOC
	rm -rf "$HOME/my-kb"
	mkdir -p "$HOME/my-kb" "$XDG_DATA_HOME" "$XDG_STATE_HOME"
	cp -r "$CR_SRC/knowledge" "$CR_SRC/questionnaires" "$HOME/my-kb/"
	cp -r "$FIX/." "$HOME/my-kb/"
	rm -f "$HOME/my-kb/FILES" "$HOME/my-kb/README.md"
	while IFS=$'\t' read -r name from; do # the files a reader brings that tests/data keeps elsewhere
		[[ -z $name || $name == \#* ]] || cp "$CR_SRC/tests/data/$from" "$HOME/my-kb/$name"
	done <"$FIX/FILES"
	cd "$HOME/my-kb"
	cp "$TMP/ex/${DOC//\//_}" "$TMP/examples"
	# the files first: a reader saves them before running what uses them
	while IFS=$'\t' read -r kind a b c; do
		[ "$kind" = file ] || continue
		mkdir -p "$(dirname "$a")"
		base64 -d <<<"$c" >"$a"
	done <"$TMP/examples"
	while IFS=$'\t' read -r kind a b c; do
		[ "$kind" = run ] || continue
		N=$((N + 1))
		if needs_terminal "$b"; then
			at_terminal "$b" "$a"
			[[ " $b " == *" assess "* || "$b" == career-risk ]] && come_back "$b"
			continue
		fi
		set +e
		bash -c "$b" </dev/null >"$TMP/out" 2>"$TMP/err"
		rc=$?
		set -e
		[ "$rc" -eq 0 ] && pass || fail "$DOC:$a: '$b' exited $rc: $(head -c 600 "$TMP/err")"
	done <"$TMP/examples"
done
cd "$TMP"
echo "$N examples run from README.md and docs/"
[ "$N" -ge 40 ] && pass || fail "only $N examples found: is the extractor still reading the documents?"
finish
