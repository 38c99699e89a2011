# The HTML report is one self-contained file that prints well on A4 and Letter: checked by
# printing it with headless Chromium (Debian's chromium) and reading the PDF back with
# poppler-utils (both in .ci/dev's package list; no test installs packages). Skipped with
# ctest's skip code 77, saying why, where they are missing.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers

need() {
	command -v chromium >/dev/null && command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null
}
if ! need; then
	echo "SKIP: Chromium or poppler-utils is not installed (bash .ci/dev deps installs" \
		"Debian's chromium and poppler-utils); the HTML report was not printed" >&2
	exit 77
fi

# Two sessions, a done item and a note, so every chart and section is there.
sed -e 's/^ai_frequency: weekly/ai_frequency: daily/' "$A/accountant.yaml" >"$TMP/later.yaml"
run 0 --profile Alex assess --answers "$A/accountant.yaml" --format json
run 0 --profile Alex plan done 1
run 0 --profile Alex assess --answers "$TMP/later.yaml" --format json
run 0 --profile Alex note add "Alex will ask about the audit pilot; review in spring."

# Self-contained: nothing is fetched, so it works offline and leaks nothing when opened.
run 0 --profile Alex report --full --notes --format html --paper a4 --output "$TMP/a4.html"
run 0 --profile Alex report --full --notes --format html --paper letter --output "$TMP/letter.html"
run 0 --profile Alex report --full --notes --format html --output "$TMP/any.html"
for f in a4 letter any; do
	h=$TMP/$f.html
	if grep -qiE '<script|<link|<iframe|<img|@import|url\(| src=' "$h"; then
		fail "$f.html loads something: $(grep -oiE '<script|<link|<iframe|<img|@import|url\(| src=' "$h" | head -3)"
	else pass; fi
	bad=$(grep -oE 'href="[^"]*"' "$h" | grep -vE '^href="(#|https?://)' || true)
	[ -z "$bad" ] && pass || fail "$f.html has unexpected links: $bad"
	[ "$(grep -o '<svg' "$h" | wc -l)" -ge 3 ] && pass || fail "$f.html: expected three inline SVG charts"
done
grep -q '@page{size:A4' "$TMP/a4.html" && pass || fail "a4 page size not set"
grep -q '@page{size:letter' "$TMP/letter.html" && pass || fail "letter page size not set"

# Print each with Chromium, the network closed, and read the PDF back.
print_pdf() { # print_pdf HTML PDF
	chromium_pdf "$1" "$2"
	[ -s "$2" ] || { fail "chromium did not print $1: $(tail -5 "$TMP/chromium.log")"; return 1; }
	pass
}

check_pdf() { # check_pdf PDF PAPER WIDTH_PT
	local pdf=$1 paper=$2 width=$3 info text
	info=$(pdfinfo "$pdf")
	expect_in "$info" "($paper)" "$pdf page size"
	pages=$(awk '/^Pages:/ {print $2}' <<<"$info")
	[ "$pages" -ge 2 ] && [ "$pages" -le 20 ] && pass || fail "$pdf has $pages pages"
	text=$(pdftotext -layout "$pdf" -)
	expect_in "$text" "AI exposure report: Alex" "$pdf title"
	expect_in "$text" "Score over time" "$pdf score chart"
	expect_in "$text" "Dimensions over time" "$pdf dimensions chart"
	# chart axis labels are SVG text: "#N" with the date on the line below
	grep -qE '(^| )#1( |$)' <<<"$text" && pass || fail "$pdf: chart axis label of session 1 not rendered"
	grep -qE '(^| )#2( |$)' <<<"$text" && pass || fail "$pdf: chart axis label of session 2 not rendered"
	expect_in "$text" "Task routineness (lower is safer)" "$pdf dimension bars"
	expect_in "$text" "Since session 1" "$pdf change since last time"
	expect_in "$text" "Counsellor notes" "$pdf notes"
	expect_in "$text" "review in spring" "$pdf note text"
	expect_in "$text" "Action plan" "$pdf plan"
	expect_in "$text" "Sources" "$pdf sources"
	# the score's total is written once, at the end of its table, not repeated on every page
	# (Chromium repeats a table's <tfoot> on each page it spans)
	local totals
	totals=$(pdftotext "$pdf" - | grep -c "the score (the sum" || true)
	[ "$totals" = 1 ] && pass || fail "$pdf: the score's total printed $totals times"
	# nothing runs off the page: every word lies inside the page, clear of the edge
	local xmax
	xmax=$(pdftotext -bbox "$pdf" - | grep -oE 'xMax="[0-9.]+"' | grep -oE '[0-9.]+' | sort -n | tail -1)
	awk -v x="$xmax" -v w="$width" 'BEGIN { exit !(x <= w - 20) }' && pass ||
		fail "$pdf: text reaches x=$xmax on a page $width pt wide"
}

print_pdf "$TMP/a4.html" "$TMP/a4.pdf" && check_pdf "$TMP/a4.pdf" A4 595
print_pdf "$TMP/letter.html" "$TMP/letter.pdf" && check_pdf "$TMP/letter.pdf" letter 612

# 14 sessions: the x-axis labels are thinned (first and last always there) and do not touch,
# score labels that would overlap are left out, and the year is given
for i in $(seq 1 14); do
	f=$([ $((i % 2)) = 0 ] && echo daily || echo weekly)
	sed -e "s/^learning_hours: .*/learning_hours: $i/" -e "s/^ai_frequency: weekly/ai_frequency: $f/" \
		"$A/accountant.yaml" >"$TMP/s$i.yaml"
	run 0 --profile Many assess --answers "$TMP/s$i.yaml" --format json
done
run 0 --profile Many report --full --notes --format html --paper a4 --output "$TMP/many.html"
# the score chart's SVG, one element a line
svg=$(sed -n '/<h2>Score over time/,/<\/svg>/p' "$TMP/many.html" | sed 's/></>\n</g')
labels=$(grep -o 'class="x-label" x="[0-9.]*"[^>]*>#[0-9]*' <<<"$svg" | sed -E 's/.* x="([0-9.]+)".*>#([0-9]+)$/\1 \2/')
n=$(wc -l <<<"$labels")
[ "$n" -ge 2 ] && [ "$n" -le 8 ] && pass || fail "14 sessions: $n x-axis labels (expected 2 to 8): $labels"
[ "$(head -1 <<<"$labels" | cut -d' ' -f2)" = 1 ] && pass || fail "the first session has no label: $labels"
[ "$(tail -1 <<<"$labels" | cut -d' ' -f2)" = 14 ] && pass || fail "the last session has no label: $labels"
# labels five characters wide (MM-DD) at font-size 11 need about 33 units and a gap
awk 'NR > 1 && $1 - x < 40 { bad = 1 } { x = $1 } END { exit bad }' <<<"$labels" && pass ||
	fail "x-axis labels closer than 40 units: $labels"
year=$(date -u +%Y)
expect_in "$svg" "Dates in $year." "the chart names the year of its dates"
# score labels: the last always, and no two overlapping (12 units high, 7.5 a digit, as drawn)
scores=$(grep -o 'class="score-label" x="[0-9.]*" y="[0-9.]*"[^>]*text-anchor="[a-z]*">[0-9]*' <<<"$svg" |
	sed -E 's/.* x="([0-9.]+)" y="([0-9.]+)".*anchor="([a-z]+)">([0-9]+)$/\1 \2 \3 \4/')
last=$(jq '.sessions[-1].score' <<<"$("$CR_BIN" --profile Many progress --format json)")
grep -q " end $last\$" <<<"$scores" && pass || fail "the last score ($last) is not labelled: $scores"
awk '{ w = 7.5 * length($4); x0 = $3 == "end" ? $1 - w : $1; X0[NR] = x0; X1[NR] = x0 + w; Y[NR] = $2 }
	END { for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++)
		if (X0[i] < X1[j] && X0[j] < X1[i] && (Y[i] - Y[j] < 12 && Y[j] - Y[i] < 12)) { print i, j; exit 1 } }' \
	<<<"$scores" && pass || fail "score labels overlap: $scores"
print_pdf "$TMP/many.html" "$TMP/many.pdf" && {
	text=$(pdftotext "$TMP/many.pdf" -)
	if grep -qE '[0-9]#[0-9]' <<<"$text"; then fail "x-axis labels run together: $(grep -oE '.{12}[0-9]#[0-9].{12}' <<<"$text" | head -3)"
	else pass; fi
	expect_in "$text" "#14" "the last session's label prints"
	[ "$(grep -c "the score (the sum" <<<"$text")" = 1 ] && pass || fail "many.pdf: the score's total repeated"
}
# sessions over two years: each label gives its year
db "UPDATE session SET finished_at = '2023' || substr(finished_at, 5) WHERE id IN
	(SELECT s.id FROM session s JOIN profile p ON p.id = s.profile_id WHERE p.name = 'Many' ORDER BY s.id LIMIT 7)"
run 0 --profile Many report --full --notes --format html --output "$TMP/years.html"
svg=$(sed -n '/<h2>Score over time/,/<\/svg>/p' "$TMP/years.html" | sed 's/></>\n</g')
expect_in "$svg" ">2023-" "labels of sessions two years ago give the year"
expect_in "$svg" ">$year-" "labels of this year's sessions give the year"
if grep -q "Dates in" <<<"$svg"; then fail "one year named for sessions over several"; else pass; fi

# assess --format html gives the same kind of page, saved or not
run 0 assess --answers "$A/registered-nurse.yaml" --format html --no-save
expect_in "$OUT" "<!DOCTYPE html>" "assess html"
expect_in "$OUT" "<svg" "assess html chart"
printf '%s' "$OUT" >"$TMP/assess.html"
print_pdf "$TMP/assess.html" "$TMP/assess.pdf" && expect_in "$(pdftotext "$TMP/assess.pdf" -)" "Dimensions" "assess html prints"
run 0 --profile Alex assess --answers "$TMP/later.yaml" --format html
expect_in "$OUT" "Session 3 of 3" "assess html of a saved session has its history"
finish
