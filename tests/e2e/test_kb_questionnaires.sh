# questionnaire list|show: every shipped questionnaire is shown within 80 columns, with its
# choices and "why" wrapped under their own text, and what a number or scale answer may be.
. "$(dirname "$0")/lib.sh"
run 0 questionnaire list
ids=$(awk '{print $1}' <<<"$OUT")
[ -n "$ids" ] && pass || fail "no questionnaires listed"
for id in $ids; do
	run 0 questionnaire show "$id" || continue
	S=$OUT
	long=$(awk 'length > 80' <<<"$S")
	[ -z "$long" ] && pass || fail "$id: lines over 80 columns: $long"
	# nothing but the title line and the question headers starts at column 0 or 1
	stray=$(grep -vE '^$|^ ?[0-9]+\. |^[a-z0-9_-]+: |^    ' <<<"$S" || true)
	[ -z "$stray" ] && pass || fail "$id: lines not indented under their question: $stray"
	[ "$(grep -c '^    why: ' <<<"$S")" = "$(grep -cE '^ ?[0-9]+\. ' <<<"$S")" ] && pass || fail "$id: a why per question"
	# each number and scale question says its range, unit and scale ends, as the template does
	run 0 questionnaire template "$id"
	flat=$(tr -s ' \n' ' ' <<<"$S")
	hows=$(awk '/^# a (whole )?number from/ { h = substr($0, 3); while (h !~ /;/ && (getline l) > 0) h = h " " substr(l, 3) }
		h != "" { sub(/;.*/, "", h); print h; h = "" }' <<<"$OUT")
	[ -n "$hows" ] || [ "$id" = quick ] || fail "$id: the template lists no number or scale question"
	while IFS= read -r how; do
		[ -z "$how" ] && continue
		grep -qF -- "answer: $how" <<<"$flat" && pass || fail "$id: show does not say '$how'"
	done <<<"$hows"
done
run 2 questionnaire list extra
expect_in "$ERR" "unexpected argument 'extra'" "list takes no argument"
run 2 questionnaire show quick extra
expect_in "$ERR" "unexpected argument 'extra'" "show takes one id"
finish
