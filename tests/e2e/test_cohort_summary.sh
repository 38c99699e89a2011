# The cohort summary leadership reads (issue 14, part 5): key findings computed from the
# figures, a band legend, responded against scored per group (both suppressed below the
# minimum like every other figure), warnings when many rows are unscored or coverage is
# uneven, and grouping columns shown under the names given with --group-label.
. "$(dirname "$0")/lib.sh"
GEN=$CR_BUILD/gen-intake
[ -x "$GEN" ] || { echo "gen-intake not built" >&2; exit 1; }
"$GEN" 1500 --seed 5 >"$TMP/in.csv"
# most Finance rows get a seniority no question accepts: Finance responded but few were scored
sed -E '/^E[0-9]+,Finance,/ s/,(mid|senior),([0-9.]+),/,wizard,\2,/' "$TMP/in.csv" >"$TMP/finance.csv"
[ "$(grep -c ',wizard,' "$TMP/finance.csv")" -ge 100 ] && pass || fail "the sabotaged export has too few bad Finance rows"

# the People and Responded figures of every "By ..." table row: name|people|responded
by_rows() {
	awk -F'|' '/^## By /{t=1; next} /^## /{t=0} t && /^\| / && $3 ~ /[0-9]/ {
		n=$2; p=$3; r=$4; gsub(/^ +| +$/, "", n); gsub(/[ ,]/, "", p); gsub(/[ ,]/, "", r); print n "|" p "|" r }' "$1"
}

# --- findings, legend, responded and scored, labels
run 0 batch --input "$TMP/in.csv" --summary "$TMP/sum.md" --group-by department,site --group-label "site=Office location"
S=$(<"$TMP/sum.md")
expect_in "$S" "## Key findings" "findings section"
n=$(awk '/^## Key findings/{t=1; next} /^## /{t=0} t && /^- /' "$TMP/sum.md" | wc -l)
[ "$n" -ge 3 ] && [ "$n" -le 5 ] && pass || fail "$n key findings, expected 3 to 5"
# the share at risk is the Elevated and High columns of the Everyone row
read -r people el hi < <(awk -F'|' '/^\| Everyone /{gsub(/[ ,%]/, ""); print $3, $10, $11}' "$TMP/sum.md")
risk=$(grep -o '^- [0-9]*% of the people scored ([0-9,]* of [0-9,]*) are in the elevated or high band' "$TMP/sum.md")
[ -n "$risk" ] && pass || fail "no at-risk finding: $S"
at=$(sed -E 's/.*\(([0-9,]*) of ([0-9,]*)\).*/\1/' <<<"$risk" | tr -d ,)
of=$(sed -E 's/.*\(([0-9,]*) of ([0-9,]*)\).*/\2/' <<<"$risk" | tr -d ,)
[ "$of" = "$people" ] && pass || fail "the finding counts $of people, the table $people"
share=$(((at * 100 + people / 2) / people))
diff=$((share - el - hi))
[ "${diff#-}" -le 1 ] && pass || fail "the finding says $share% at risk, the table $el% + $hi%"
top=$(awk -F'|' '/^## Most common recommendations/{t=1} t && /^\| 1 \|/{gsub(/^ +| +$/, "", $3); print $3; exit}' "$TMP/sum.md")
expect_in "$S" "The most common recommendation is \"$top\"" "the most common recommendation is the table's first"
expect_in "$S" "a reskilling programme to plan" "a reskilling target"
expect_in "$S" "### What the bands mean" "band legend"
expect_in "$S" "| Low | 0-29 |" "legend: the low band's scores"
expect_in "$S" "| High | 70-100 |" "legend: the high band's scores"
expect_in "$S" "## By Office location" "a grouping column under its label"
expect_in "$S" "By Office location, " "the label in the findings"
grep -q '^## By site' "$TMP/sum.md" && fail "the column's own name is still a heading" || pass
expect_in "$S" "| Cohort | People | Responded |" "responded beside scored"
bad=$(($(awk -F, 'NR > 1 { print $1 }' "$TMP/in.errors.csv" | sort -u | wc -l)))
read -r p r < <(awk -F'|' '/^\| Everyone /{gsub(/[ ,]/, ""); print $3, $4}' "$TMP/sum.md")
[ "$r" = 1500 ] && [ $((r - p)) = "$bad" ] && pass || fail "overall: responded $r, scored $p, $bad bad rows"
# every group shown: responded at least scored, scored at least the minimum; the rows add up
while IFS='|' read -r name p r; do
	[ "$p" -ge 10 ] && [ "$r" -ge "$p" ] || fail "group '$name': $p scored of $r responded"
done < <(by_rows "$TMP/sum.md")
pass
dep=$(awk -F'|' '/^## By department/{t=1; next} /^## /{t=0} t && /^\| / && $4 ~ /[0-9]/ { gsub(/[ ,]/, "", $4); s += $4 } END { print s }' "$TMP/sum.md")
[ "$dep" = 1500 ] && pass || fail "department rows add up to $dep responded, not 1,500"
grep -q 'Warning' "$TMP/sum.md" && fail "a warning with $bad of 1,500 rows unscored: $(grep Warning "$TMP/sum.md")" || pass
# the same parts in the HTML summary
run 0 batch --input "$TMP/in.csv" --summary "$TMP/sum.html" --group-label "department=Team"
H=$(<"$TMP/sum.html")
expect_in "$H" "<h2>Key findings</h2>" "HTML findings"
expect_in "$H" "<h3>What the bands mean</h3>" "HTML legend"
expect_in "$H" "<h2>By Team</h2>" "HTML label"
expect_in "$H" "<th class=n>Responded</th>" "HTML responded"

# --- a smaller minimum never shows a group below it; a higher one merges Legal away
run 0 batch --input "$TMP/in.csv" --summary "$TMP/sum200.md" --min-group 200
while IFS='|' read -r name p r; do
	[ "$p" -ge 200 ] || fail "group '$name' of $p people shown with --min-group 200"
	[ "$name" != Legal ] || fail "Legal (about 50 people) shown with --min-group 200"
done < <(by_rows "$TMP/sum200.md")
pass

# --- many rows unscored, unevenly: both warnings
run 0 batch --input "$TMP/finance.csv" --summary "$TMP/finance.md" --min-group 10
L=$(<"$TMP/finance.md")
IFS='|' read -r _ fp fr < <(by_rows "$TMP/finance.md" | grep '^Finance|') || true
[ -n "$fr" ] && [ $((fr - fp)) -ge 100 ] && pass || fail "Finance: $fp scored of $fr responded"
expect_in "$L" "**Warning:** Coverage is uneven across department: Finance had" "uneven coverage named"
"$GEN" 400 --seed 9 --bad 250 >"$TMP/bad.csv"
run 0 batch --input "$TMP/bad.csv" --summary "$TMP/bad.md"
B=$(<"$TMP/bad.md")
expect_in "$B" "> **Warning:** " "many unscored rows: a warning"
expect_in "$B" "could not be scored, more than 10%" "the warning says the threshold"
expect_in "$B" "could not be scored, so the figures may not represent everyone." "and a finding"
run 0 batch --input "$TMP/bad.csv" --summary "$TMP/bad.html"
expect_in "$(<"$TMP/bad.html")" "<p class=warn><strong>Warning:</strong>" "HTML warning"

# --- a label for a column the summary does not group by is refused, not ignored
run 2 batch --input "$TMP/in.csv" --summary "$TMP/x.md" --group-label "sitee=Site"
expect_in "$ERR" "a label is given for 'sitee', which is not a grouping column" "unknown label column"
run 2 batch --input "$TMP/in.csv" --summary "$TMP/x.md" --group-label "site"
expect_in "$ERR" "--group-label takes COLUMN=LABEL" "a label without ="
[ -e "$TMP/x.md" ] && fail "a summary written after a usage error" || pass
finish
