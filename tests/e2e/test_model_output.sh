# The assessment's explanations, end to end: consistency findings and the range they widen,
# answers not counted because their question would not have been asked (file and batch alike),
# the known-mistake warnings (text and Markdown), the limit that scaled an effect, why the range
# is as wide as it is, growing roles with their skills and months, and the JSON fields for them.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers

# --- consistency: the reviewer's three findings, each widening the range by 5
run 0 assess --answers "$A/inconsistent-accountant.yaml" --no-save
expect_in "$OUT" "Check these answers first" "findings shown"
expect_in "$OUT" "more of your week into data entry than into all routine work" "data entry vs tasks"
expect_in "$OUT" "You build or run AI workflows but rarely or never use AI tools" "depth vs frequency"
expect_in "$OUT" "entry-level role but fifteen or more years" "seniority vs years"
expect_in "$(tr -s ' \n' ' ' <<<"$OUT")" "15 for 3 answers that do not sit well together" "range says why it is wider"
run 0 assess --answers "$A/inconsistent-accountant.yaml" --no-save --format json
expect_jq "$OUT" '[.consistency[].id] | sort == ["ai-depth-vs-frequency","data-entry-vs-tasks","seniority-vs-years"]' "three findings in JSON"
expect_jq "$OUT" '.range_reason.inconsistent == 15 and .range_reason.half_width >= 20' "range widened by 15"
expect_jq "$OUT" '(.range[1] - .range[0]) >= 30 or .range[0] == 0 or .range[1] == 100' "range at least 30 wide"

# --- answers to questions not asked under the other answers do not count
run 0 assess --answers "$A/never-uses-ai-with-depth.yaml" --no-save --format json
expect_jq "$OUT" '.dimensions.ai_usage == 0' "AI usage 0 for someone who never uses AI"
expect_jq "$OUT" '[.rules[].id] | (index("ai-never") != null) and (index("ai-use-analysis") == null)' "no AI-use credit"
expect_jq "$OUT" '[.not_counted[].question] | sort == ["ai_depth","ai_domain","ai_uses"]' "not counted listed"
never_score=$(jq .score <<<"$OUT")
grep -v '^ai_uses\|^ai_depth\|^ai_domain' "$A/never-uses-ai-with-depth.yaml" >"$TMP/without.yaml"
run 0 assess --answers "$TMP/without.yaml" --no-save --format json
expect_jq "$OUT" ".score == $never_score and (.not_counted | length == 0)" "same score without those answers"
run 0 assess --answers "$A/never-uses-ai-with-depth.yaml" --no-save
# in the person's words: the question as asked, not its id or the condition that rules it out
expect_in "$OUT" 'Not counted: your answer to "Which best describes the most advanced way you' "text says not counted"
if grep -qE "ai_depth|ai_frequency|!=" <<<"$OUT"; then fail "text names question ids or a condition: $(grep -E "ai_depth|ai_frequency|!=" <<<"$OUT")"; else pass; fi
# the batch: the same row with and without an AI depth scores the same when AI is never used
printf '%s\n' 'employee_id,department,occupation,tasks.routine_cognitive,tasks.routine_manual,tasks.analytic,tasks.interpersonal,tasks.creative,tasks.nonroutine_manual,data_entry,ai_frequency,ai_uses,ai_depth,years_niche,rarity,ai_domain,judgment,regulated,seniority,learning_hours,skills' \
	'E1,Finance,13-2011,40,0,40,15,5,0,25,never,analysis;writing,build,12,several,exploring,4,yes,senior,6,financial-analysis' \
	'E2,Finance,13-2011,40,0,40,15,5,0,25,never,,,12,several,exploring,4,yes,senior,6,financial-analysis' >"$TMP/never.csv"
run 0 batch --input "$TMP/never.csv" --output "$TMP/never.out.csv"
s1=$(awk -F, '$2 == "E1" { print $4 }' "$TMP/never.out.csv")
s2=$(awk -F, '$2 == "E2" { print $4 }' "$TMP/never.out.csv")
[ -n "$s1" ] && [ "$s1" = "$s2" ] && pass || fail "batch: AI depth counted for someone who never uses AI ($s1 vs $s2)"

# --- known mistakes: text and Markdown both warn
run 0 assess --answers "$A/truck-driver.yaml" --no-save
expect_in "$OUT" "Watch out for" "text warnings"
expect_in "$OUT" "Waiting: people who start learning only when cuts are announced" "waiting warning"
expect_in "$OUT" "Hoarding manual work" "hoarding warning"
run 0 assess --answers "$A/truck-driver.yaml" --no-save --format markdown
expect_in "$OUT" "## Watch out for" "markdown warnings"
expect_in "$OUT" "- Hoarding manual work" "markdown hoarding warning"
run 0 assess --answers "$A/data-entry-clerk.yaml" --no-save --format json
expect_jq "$OUT" '.warnings | sort == ["generic","hoarding","waiting"]' "clerk warned of all three"

# --- the limit that actually scaled an effect is named
run 0 assess --answers "$A/marketing-manager.yaml" --no-save
# the limit in plain words (never a theme's id): the protection limit here, a theme's for employer-cuts
# rule_entry ID: the text output's entry of a rule (its effect line down to its sources), on one line
rule_entry() {
	awk -v id="(rule $1," 'function out() { gsub(/ +/, " ", e); if (index(e, id)) print e; e = "" }
		/^ +[-+][0-9]+\.[0-9]  / { out() } { e = e " " $0 } END { out() }' <<<"$OUT"
}
judg=$(rule_entry judgment-high)
expect_in "$judg" "(-4 on its own; less here because protective reasons can lower the score only so far)" \
	"protection limit named"
grep -q "count only so far together" <<<"$judg" && fail "theme limit blamed for the protection limit" || pass
run 0 assess --answers "$A/truck-driver.yaml" --no-save
cuts=$(rule_entry employer-cuts)
expect_in "$cuts" "reasons about your employer's stance, adoption and margins count only so far together" "theme limit named"
run 0 assess --answers "$A/marketing-manager.yaml" --no-save --format json
expect_jq "$OUT" '.rules[] | select(.id == "judgment-high") | .limited_by == ["protection"]' "limited_by in JSON"
run 0 assess --answers "$A/truck-driver.yaml" --no-save --format json
expect_jq "$OUT" '.rules[] | select(.id == "employer-cuts") | .limited_by == ["theme"]' "theme limit in JSON"

# --- rounding is not clamping; rule files are relative to the knowledge base
run 0 assess --answers "$A/accountant.yaml" --no-save --format json
expect_jq "$OUT" '.clamped == 0 and (.raw | . >= 0 and . <= 100) and (.score == (.raw | round))' "no clamping within 0-100"
expect_jq "$OUT" 'all(.rules[]; (.file | startswith("rules/")) and (.file | startswith("/") | not))' "rule files relative"

# --- the range reflects what is missing: the quick check is wider than the standard one
run 0 assess --answers "$A/data-entry-clerk.yaml" --no-save --format json
std=$(jq '.range_reason.half_width' <<<"$OUT")
run 0 assess --questionnaire quick --answers "$A/quick-data-entry-clerk.yaml" --no-save --format json
quick=$(jq '.range_reason.half_width' <<<"$OUT")
[ "$quick" -gt "$std" ] && pass || fail "quick check range +-$quick not wider than standard +-$std"
expect_jq "$OUT" '[.range_reason.missing_answers[] | select(.why == "not_in_questionnaire") | .question] | index("years_niche") != null' "missing answers named"
run 0 assess --questionnaire quick --answers "$A/quick-data-entry-clerk.yaml" --no-save
expect_in "$(tr -s ' \n' ' ' <<<"$OUT")" "12 not in this questionnaire" "text says why the range is wide, in counts"
if grep -q "years_niche" <<<"$OUT"; then fail "the range's reason names question ids"; else pass; fi
# questions no scoring rule reads (worry, openness) do not widen it
grep -v '^ai_worry\|^change_openness' "$A/accountant.yaml" >"$TMP/nowory.yaml"
run 0 assess --answers "$A/accountant.yaml" --no-save --format json
full=$(jq '.range_reason.half_width' <<<"$OUT")
run 0 assess --answers "$TMP/nowory.yaml" --no-save --format json
expect_jq "$OUT" ".range_reason.half_width == $full" "unscored questions do not widen the range"
# an optional question left out widens it too, named as not answered
run 0 assess --questionnaire quick --answers "$A/quick-data-entry-clerk.yaml" --no-save --format json
withregion=$(jq '.range_reason.half_width' <<<"$OUT")
grep -v '^region' "$A/quick-data-entry-clerk.yaml" >"$TMP/noregion.yaml"
run 0 assess --questionnaire quick --answers "$TMP/noregion.yaml" --no-save --format json
expect_jq "$OUT" ".range_reason.half_width >= $withregion and ([.range_reason.missing_answers[] | select(.why == \"omitted\") | .question] == [\"region\"])" "an omitted answer widens the range"

# --- growing roles: skills to add and months, in JSON and text
run 0 assess --answers "$A/customer-service-representative.yaml" --no-save --format json
expect_jq "$OUT" '(.transitions | length > 0) and all(.transitions[]; (.months | length == 2 and .[0] <= .[1]) and (.skills_to_add | type == "array") and (.fit | type == "number"))' "transitions carry months, fit and skills"
role=$(jq -r '.transitions[0].title' <<<"$OUT")
run 0 assess --answers "$A/customer-service-representative.yaml" --no-save
expect_in "$OUT" "Growing roles within reach" "roles section"
expect_in "$OUT" "$role" "first role named in text"
expect_in "$OUT" "skills to add:" "skills to add in text"
expect_in "$OUT" "months to be productive" "months in text"

# --- no growing role within reach: said, with what to do instead
run 0 assess --answers "$A/truck-driver.yaml" --no-save --format json
expect_jq "$OUT" '.transitions == []' "truck driver has no transition"
run 0 assess --answers "$A/truck-driver.yaml" --no-save
expect_in "$OUT" "Growing roles within reach" "section kept when empty"
expect_in "$(tr -s ' \n' ' ' <<<"$OUT")" "None yet: no growing role" "says there is none"
run 0 assess --answers "$A/truck-driver.yaml" --no-save --format markdown
expect_in "$OUT" "None yet: no growing role" "markdown says there is none"
# a nurse of nine years is not told to add domain expertise
run 0 assess --answers "$A/registered-nurse.yaml" --no-save --format json
expect_jq "$OUT" 'all(.transitions[]; .skills_to_add | index("domain-expertise") == null)' "nurse credited with domain expertise"

# --- every persona's text fits 80 columns, limits named in full included
for f in "$A"/*.yaml; do
	q=standard
	case $(basename "$f") in quick-*) q=quick ;; esac
	run 0 assess --questionnaire "$q" --answers "$f" --no-save || continue
	width=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' <<<"$OUT")
	[ "$width" -le 80 ] && pass || fail "$(basename "$f"): text output is $width columns wide"
done

# --- the four-step plan, from the person's own recommendations (text, Markdown, JSON)
run 0 assess --answers "$A/data-entry-clerk.yaml" --no-save --format json
expect_jq "$OUT" '(.plan | length == 4) and ([.plan[].step] == [1,2,3,4])' "four steps for the clerk"
expect_jq "$OUT" '[.recommendations[].id] as $ids | all(.plan[]; .recommendation as $r | $ids | index($r) != null)' "plan from own recommendations"
expect_jq "$OUT" '.plan[0].recommendation as $r | [.recommendations[] | select(.id == $r)][0].priority <= ([.recommendations[].priority] | max)' "plan entry is ranked"
first=$(jq -r '.plan[0].recommendation as $r | .recommendations[] | select(.id == $r) | .title' <<<"$OUT")
run 0 assess --answers "$A/data-entry-clerk.yaml" --no-save
expect_in "$OUT" "Your four-step plan" "text plan"
expect_in "$(tr -s ' \n' ' ' <<<"$OUT")" "1. First-hand practice: $first" "text plan step 1"
run 0 assess --answers "$A/data-entry-clerk.yaml" --no-save --format markdown
expect_in "$OUT" "## Your four-step plan" "markdown plan"

finish
