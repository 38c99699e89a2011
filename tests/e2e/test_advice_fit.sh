# Advice that fits the person (issue 17), end to end: the goal read back and the items that
# serve it in every format, reasons in the person's own sector's and region's figures, and a
# profile's action plan marks an item only always-firing rules call for as one no reassessment
# credits (it could never close otherwise). The matrix of personas x answers is tests/unit/test_advice_matrix.c.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers

# --- the goal, read back and served, in text, Markdown, HTML and JSON
run 0 assess --answers "$A/icu-nurse.yaml" --no-save
flat=$(tr -s ' \n' ' ' <<<"$OUT")
expect_in "$flat" "Your goal: Become a clinical nurse specialist" "text: goal read back"
expect_in "$flat" "Serves your goal: Become a clinical nurse specialist" "text: item serving it"
expect_in "$flat" "Your region, United Kingdom," "text: the UK's own region reason"
case $flat in *"North America"*) fail "a UK nurse's reasons quote North America" ;; *) pass ;; esac
case $flat in *"Technology, media and professional services"*) fail "healthcare told about tech's AI jobs" ;; *) pass ;; esac
for f in markdown html; do
	run 0 assess --answers "$A/icu-nurse.yaml" --no-save --format $f
	expect_in "$OUT" "Your goal: Become a clinical nurse specialist" "$f: goal read back"
	expect_in "$OUT" "Serves your goal: Become a clinical nurse specialist" "$f: item serving it"
done
run 0 assess --answers "$A/icu-nurse.yaml" --no-save --format json
expect_jq "$OUT" '.goals == ["Become a clinical nurse specialist"]' "json: goals"
expect_jq "$OUT" '[.recommendations[:8][] | select(.serves_goal == "Become a clinical nurse specialist")] | length >= 1' "json: served in the plan"
expect_jq "$OUT" '[.recommendations[:3][] | select(.id | test("move|retrain|relocate|internal-move"))] | length == 0' "json: no move in the top three"
expect_jq "$OUT" '[.recommendations[] | select(.id == "map-your-tasks")][0].creditable == false' "json: core-only advice not creditable"

# --- a daily AI user is not told to start
run 0 assess --answers "$A/backend-developer.yaml" --no-save --format json
expect_jq "$OUT" '[.recommendations[].id] | (index("try-ai-this-week") == null) and (index("broaden-ai-uses") == null) and (index("ask-for-stretch-work") == null)' "developer: nothing already done"
expect_jq "$OUT" '[.plan[].title] | all(test("Try AI") | not)' "developer: no 'try AI' plan step"

# --- an item only always-firing rules call for is in the plan, marked: no reassessment credits it
run 0 profile create nurse
run 0 --profile nurse assess --answers "$A/icu-nurse.yaml" --format json
kind=$(db "SELECT i.kind FROM plan_item i JOIN profile p ON p.id = i.profile_id WHERE p.name = 'nurse' AND i.rec_id = 'map-your-tasks'")
[ "$kind" = always ] && pass || fail "map-your-tasks, which only always-firing rules call for, is '$kind' in the plan, not 'always'"
run 0 --profile nurse plan list
expect_in "$(tr -s ' \n' ' ' <<<"$OUT")" "Take the cases that need a person there" "plan holds the goal's item"

# --- a reason placeholder or a recommendation's when that cannot work is a load error, at file:line:col
cp -r "$CR_SRC/knowledge" "$CR_SRC/questionnaires" "$TMP/"
sed -i 's/Your sector, {sector.title}, shows a mixed/Your sector, {sector.name}, shows a mixed/' "$TMP/knowledge/rules/context.yaml"
sed -i 's/    when: "not (count(ai_uses) >= 3)"/    when: "count(ai_usess) < 3"/' "$TMP/knowledge/recommendations.yaml"
rl=$(grep -n '{sector.name}' "$TMP/knowledge/rules/context.yaml" | cut -d: -f1)
wl=$(grep -n 'ai_usess' "$TMP/knowledge/recommendations.yaml" | cut -d: -f1)
run 3 kb check "$TMP"
expect_in "$ERR" "rules/context.yaml:$rl:14: the reason of rule 'sector-mixed' has '{sector.name}'" "unknown placeholder refused"
expect_in "$ERR" "recommendations.yaml:$wl:18: in when of recommendation 'broaden-ai-uses': unknown fact 'ai_usess'" "bad when refused"

finish
