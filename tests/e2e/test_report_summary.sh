# The client summary (`report`, the default form): what a counsellor hands a client.
# - every golden persona's summary prints on at most two A4 pages (two sessions' on Letter too), checked by
#   printing it with headless Chromium and reading the PDF back with poppler-utils (pdfinfo,
#   pdftoppm), as test_report_html.sh does for the full report; skipped (77) without them;
# - "what changed" is in plain words: no rule ids, no zero-size change, each with its size;
# - growing roles show median pay (BLS OEWS) where the role maps to a SOC code;
# - rules that add nothing are folded into one line, in assess and in the full report.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers

# what changed, in words: the data-entry clerk, then the same person answering as the accountant
run 0 --profile Sam assess --answers "$A/data-entry-clerk.yaml" --format json
run 0 --profile Sam assess --answers "$A/accountant.yaml" --format json
run 0 --profile Sam report --format json
ids=$(jq -r '.result.rules[].id' <<<"$OUT")
run 0 --profile Sam report --full
changed=$(awk '/^What changed since session 1/{on=1; next} on && /^[A-Z]/{on=0} on' <<<"$OUT")
[ -n "$changed" ] && pass || fail "the full report has no 'What changed' section: $OUT"
expect_in "$changed" "No longer applies: " "what changed: a rule that went, in words"
expect_in "$changed" "Now applies: " "what changed: a rule that came, in words"
grep -qE "\(it (added|took off) [0-9]+\.[0-9] points?\)" <<<"$changed" && pass || fail "what changed: no size given: $changed"
if grep -qE '[+-]0\.0 points|\(it added 0\.0|takes off 0\.0|adds 0\.0' <<<"$changed"; then
	fail "what changed lists a zero-size change: $changed"
else pass; fi
leaked=$(for id in $ids; do grep -qw -- "$id" <<<"$changed" && echo "$id"; done || true)
[ -z "$leaked" ] && pass || fail "what changed shows rule ids: $leaked"
# the summary lists only the largest few and says how many more the full report has
run 0 --profile Sam report
expect_in "$OUT" "smaller changes (the full report, --full, lists them)" "summary: the few largest changes"
expect_in "$OUT" "The reasons that matter most" "summary: the main reasons"
if grep -qE "Knowledge base kb-|Why this score: every point" <<<"$OUT"; then
	fail "the client summary shows the technical report's rules or the knowledge base hash"
else pass; fi
expect_in "$OUT" "Your answers" "summary: the answers given"
expect_in "$OUT" "Specialise in controls and AI audit" "summary: the person's goals"
expect_in "$OUT" "Every week, but not every day" "summary: answers in their labels"
# skills by name, pay where the role has a SOC code (data analyst: 15-2051)
expect_in "$OUT" "skills to add: Statistics" "summary: skills by name"
grep -qE "Data analyst: .*median pay \\\$[0-9]{2,3},[0-9]{3} a year \(your occupation: \\\$[0-9,]+\)" \
	<<<"$(tr -s ' \n' ' ' <<<"$OUT")" && pass || fail "summary: no median pay for data analyst: $OUT"
run 0 --kb "$CR_SRC/knowledge" assess --answers "$A/accountant.yaml" --no-save --format json
expect_jq "$OUT" '.occupation.median_wage == 81680' "assess json: the occupation's median pay (13-2011, OEWS May 2024)"
expect_jq "$OUT" '[.transitions[] | select(.role == "data-analyst") | .soc == "15-2051" and .median_wage == 112590] == [true]' \
	"assess json: a role's SOC code and median pay"
# a rule that fired but adds nothing is folded, not listed at +0.0
run 0 --kb "$CR_SRC/knowledge" assess --answers "$A/data-entry-clerk.yaml" --no-save
if grep -qE '^ +[+-]0\.0  ' <<<"$OUT"; then fail "assess lists a rule at 0.0: $(grep -E '^ +[+-]0\.0' <<<"$OUT")"; else pass; fi
if grep -qE "theme's limit|protection limit|ai_frequency|kb-[0-9a-f]{16}" <<<"$OUT"; then
	fail "assess text has jargon: $(grep -oE "theme's limit|protection limit|ai_frequency|kb-[0-9a-f]{16}" <<<"$OUT" | head -3)"
else pass; fi

if ! { command -v chromium && command -v pdfinfo && command -v pdftoppm; } >/dev/null; then
	echo "SKIP: Chromium or poppler-utils is not installed (bash .ci/dev deps installs Debian's" \
		"chromium and poppler-utils); the summaries were not printed" >&2
	finish
	exit 77
fi
print_pages() { # print_pages HTML PDF: prints, then sets PAGES from pdfinfo and PNGS from pdftoppm
	chromium_pdf "$1" "$2"
	PAGES=$(pdfinfo "$2" 2>/dev/null | awk '/^Pages:/ {print $2}')
	rm -f "$TMP"/page-*.png
	pdftoppm -r 20 -png "$2" "$TMP/page" 2>/dev/null
	PNGS=$(find "$TMP" -maxdepth 1 -name 'page-*.png' | wc -l)
}
# every golden persona (tests/data/golden.yaml), with a counsellor's note that must stay out.
# Their summaries are printed together, in one Chromium start (some 2 s of CPU each): one
# document of the summaries' bodies, each beginning a new page, under the styles and @page
# rule they share (all A4); each persona's pages are then counted from its heading's page.
i=0
names=()
while read -r persona q; do
	i=$((i + 1))
	name=$(printf 'client%02d' "$i")
	names+=("$name")
	run 0 --profile "$name" assess ${q:+--questionnaire "$q"} --answers "$A/$persona" --format json
	run 0 --profile "$name" note add "zqxPrivate: anxious about the chatbot pilot"
	run 0 --profile "$name" report --format html --paper a4 --output "$TMP/s$i.html"
	if grep -q zqxPrivate "$TMP/s$i.html"; then fail "$persona: the summary shows a counsellor note"; else pass; fi
done < <(awk '/^- persona:/ {if (p) print p, q; p = $3; q = ""} /^  questionnaire:/ {q = $2} END {print p, q}' \
	"$CR_SRC/tests/data/golden.yaml")
{
	sed -n '1,/<body[^>]*>/p' "$TMP/s1.html"
	for ((k = 1; k <= i; k++)); do
		[ "$k" -gt 1 ] && echo '<div style="break-before: page"></div>'
		sed -n '/<body[^>]*>/,/<\/body>/p' "$TMP/s$k.html" | sed '1s/.*<body[^>]*>//; $s/<\/body>.*//'
	done
	echo '</body></html>'
} >"$TMP/all.html"
head_of() { sed -n '1,/<body[^>]*>/p' "$1" | grep -v '<title>'; } # all but the title: the same for each
cmp -s <(head_of "$TMP/s1.html") <(head_of "$TMP/s$i.html") && pass ||
	fail "the summaries' styles differ: they cannot be printed as one document"
print_pages "$TMP/all.html" "$TMP/all.pdf"
[ -n "$PAGES" ] && [ "$PNGS" = "$PAGES" ] && pass || fail "the summaries printed on ${PAGES:-no} pages (pdftoppm: $PNGS)"
starts=() # the page each summary begins on
for ((pg = 1; pg <= ${PAGES:-0}; pg++)); do
	h=$(pdftotext -f "$pg" -l "$pg" "$TMP/all.pdf" - 2>/dev/null | sed -n 's/^AI exposure summary: \(client[0-9]*\)$/\1/p' | head -1)
	[ -n "$h" ] && starts+=("$pg:$h")
done
[ "${#starts[@]}" -eq "$i" ] && pass || fail "found ${#starts[@]} summary headings in the printed document, expected $i: ${starts[*]}"
for ((k = 0; k < ${#starts[@]}; k++)); do
	first=${starts[k]%%:*} name=${starts[k]#*:}
	next=$((${PAGES:-0} + 1))
	[ $((k + 1)) -lt ${#starts[@]} ] && next=${starts[k + 1]%%:*}
	[ "$name" = "${names[k]}" ] && [ $((next - first)) -ge 1 ] && [ $((next - first)) -le 2 ] && pass ||
		fail "$name (expected ${names[k]}): the client summary prints on $((next - first)) A4 pages, not one or two"
done
[ "$i" -ge 18 ] && pass || fail "read $i golden personas, expected 18"
# Letter is the shorter page: the summary with the most in it (two sessions, what changed) fits two
run 0 --profile Sam report --format html --paper letter --output "$TMP/s.html"
print_pages "$TMP/s.html" "$TMP/s.pdf"
[ -n "$PAGES" ] && [ "$PAGES" -le 2 ] && [ "$PNGS" = "$PAGES" ] && pass ||
	fail "the client summary of two sessions prints on ${PAGES:-no} Letter pages, not one or two"
expect_in "$(pdfinfo "$TMP/s.pdf")" "(letter)" "the Letter summary's page size"
finish
