# career-risk cohort show|compare (issue 14, part 5): a stored cohort's summary counted again
# from its stored results, without raw SQL, in text, Markdown and JSON; and two waves compared
# overall and by group, where a group below the minimum in a wave stays hidden for that wave.
. "$(dirname "$0")/lib.sh"
GEN=$CR_BUILD/gen-intake
[ -x "$GEN" ] || { echo "gen-intake not built" >&2; exit 1; }
"$GEN" 1500 --seed 3 >"$TMP/spring.csv"
# the second wave: another sample, with Legal down to a handful of people
"$GEN" 1200 --seed 4 | awk -F, '$2 == "Legal" && ++n > 4 { next } { print }' >"$TMP/autumn.csv"

run 0 batch --input "$TMP/spring.csv" --summary "$TMP/spring.md" --group-by department,site --store --cohort Spring
expect_in "$ERR" "stored as intake cohort 1" "first wave stored"
run 0 batch --input "$TMP/autumn.csv" --summary "$TMP/autumn.md" --group-by department,site --store --cohort Autumn
expect_in "$ERR" "stored as intake cohort 2" "second wave stored"

# --- cohort show: the batch's figures again, from the database
run 0 cohort show 1
expect_in "$OUT" "Cohort 1 'Spring'" "text: the cohort named"
expect_in "$OUT" "Key findings" "text: findings"
expect_in "$OUT" "By department" "text: by department"
expect_in "$OUT" "By site" "text: by site"
expect_in "$OUT" "Bands: low 0-29" "text: band legend"
# characters, not bytes: a name cut short ends in a three-byte ellipsis
w=$(LC_ALL=C.UTF-8 wc -L <<<"$OUT")
[ "$w" -le 80 ] && pass || fail "cohort show is $w columns wide"
grep -q 'Board Office' <<<"$OUT" && fail "a group of 3 shown" || pass
run 0 cohort show 1 --format markdown
# the overall row is the batch summary's, to the digit (responded includes the unscored rows)
everyone=$(grep '^| Everyone |' "$TMP/spring.md")
expect_in "$OUT" "$everyone" "markdown: the overall row is the batch summary's"
for dim in department site; do
	diff <(awk "/^## By $dim/{t=1; next} /^## /{t=0} t && /^\\| / { n = split(\$0, c, \"|\"); print c[2] c[3] c[5] c[6] c[7] c[8] c[9] c[10] c[11] }" "$TMP/spring.md") \
		<(awk "/^## By $dim/{t=1; next} /^## /{t=0} t && /^\\| / { n = split(\$0, c, \"|\"); print c[2] c[3] c[5] c[6] c[7] c[8] c[9] c[10] c[11] }" <<<"$OUT") >/dev/null &&
		pass || fail "the $dim rows differ from the batch summary's"
done
run 0 cohort show 1 --format json
scored=$(db "SELECT rows_scored FROM intake_cohort WHERE id = 1")
expect_jq "$OUT" ".cohort.id == 1 and .cohort.name == \"Spring\" and .overall.people == $scored and .overall.responded == 1500" "json: the cohort and its counts"
expect_jq "$OUT" '[.groups[].rows[].people] | min >= 10' "json: no group below 10"
expect_jq "$OUT" '(.findings | length) >= 3 and (.findings | length) <= 5 and (.findings[0].text | type == "string")' "json: findings"
expect_jq "$OUT" '[.groups[].column] == ["department", "site"]' "json: the grouping columns in the batch's order"
expect_jq "$OUT" '(.bands | length) == 4 and .bands[0].scores == [0, 29]' "json: the legend"
expect_jq "$OUT" '(.recommendations[0].title | type == "string") and (.roles[0].title | type == "string")' "json: advice in words"
run 0 cohort show 1 --format json --min-group 200
expect_jq "$OUT" '[.groups[].rows[].people] | min >= 200' "json: --min-group 200"

# --- cohort compare: wave over wave
run 0 cohort compare 1 2 --format json
expect_jq "$OUT" '.first.id == 1 and .second.id == 2 and .changes[0].column == null and .changes[0].group == null' "json: overall first"
expect_jq "$OUT" '.changes[0] | (.change.mean - (.second.mean - .first.mean) | fabs) < 0.0001' "json: the overall change"
expect_jq "$OUT" '.changes[0] | .change.band_points.high == .second.band_percent.high - .first.band_percent.high' "json: band points"
expect_jq "$OUT" '[.changes[] | select(.group == "Legal")][0] | .first.people >= 10 and .second == null and .change == null' \
	"json: Legal, too small in the second wave, stays hidden there"
expect_jq "$OUT" 'all(.changes[]; (.first == null or .first.people >= 10) and (.second == null or .second.people >= 10))' \
	"json: no side below the minimum"
expect_jq "$OUT" 'all(.changes[]; (.change == null) == (.first == null or .second == null))' "json: a change only when both are shown"
grep -q 'Board Office' <<<"$OUT" && fail "compare shows a group of 3" || pass
run 0 cohort compare 1 2
expect_in "$OUT" "Cohort 1 'Spring', then cohort 2 'Autumn'" "text: both waves named"
expect_in "$OUT" "Legal: people " "text: Legal"
grep -q '^  Legal: people [0-9,]* -> not shown' <<<"$OUT" && pass || fail "text: Legal not shown in the second wave: $(grep Legal <<<"$OUT")"
w=$(LC_ALL=C.UTF-8 wc -L <<<"$OUT")
[ "$w" -le 80 ] && pass || fail "cohort compare is $w columns wide"
run 0 cohort compare 1 2 --format markdown
expect_in "$OUT" "## By department" "markdown: by department"
expect_in "$OUT" "| Everyone | " "markdown: overall"
grep -q '^| Legal | [0-9,]* → – |' <<<"$OUT" && pass || fail "markdown: Legal hidden in the second wave: $(grep Legal <<<"$OUT")"
run 0 cohort compare 1 2 --min-group 400 --format json
expect_jq "$OUT" 'all(.changes[]; (.first == null or .first.people >= 400) and (.second == null or .second.people >= 400))' \
	"json: --min-group 400 holds in both waves"

# --- what cannot be shown says why
run 5 cohort show 9
expect_in "$ERR" "no intake cohort 9" "unknown cohort"
expect_in "$ERR" "cohort list" "hint names cohort list"
run 2 cohort show first
expect_in "$ERR" "'first' is not a cohort id" "not an id"
run 2 cohort compare 1 1
expect_in "$ERR" "two different cohorts" "a cohort with itself"
run 5 cohort compare 1 9
expect_in "$ERR" "no intake cohort 9" "compare: unknown cohort"
run 2 cohort show 1 --format html
run 2 cohort show 1 --min-group 1
# an unfinished cohort (what a stopped batch leaves) is refused: its figures would be partial
db "UPDATE intake_cohort SET status = 'running' WHERE id = 2"
run 3 cohort show 2
expect_in "$ERR" "cohort 2 is unfinished" "unfinished refused"
finish
