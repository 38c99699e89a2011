# The worked examples of docs/knowledge-base.md work: each YAML block marked
# `<!-- file: PATH -->` is added to a copy of the shipped base, which must pass
# kb check --strict, and the commands the guide shows must give what it says.
. "$(dirname "$0")/lib.sh"
KB=$TMP/my-kb
mkdir -p "$KB"
cp -r "$CR_SRC/knowledge" "$CR_SRC/questionnaires" "$KB/"

# extract the marked blocks
awk -v root="$KB" '
	/^<!-- file: .* -->$/ { path = $3; next }
	path != "" && /^```yaml$/ { out = root "/" path; printf "" > out; copying = 1; next }
	copying && /^```$/ { close(out); copying = 0; path = ""; n++; next }
	copying { print >> out }
	END { print n > (root "/.blocks") }
' "$CR_SRC/docs/knowledge-base.md"
[ "$(<"$KB/.blocks")" = 4 ] && pass || fail "expected 4 marked examples in the guide, found $(<"$KB/.blocks")"

run 0 kb check --strict "$KB"
expect_in "$OUT" ": OK" "the guide's examples pass kb check --strict"
[ -z "$ERR" ] && pass || fail "kb check warned: $ERR"

# the rule fires for a clerk whose employer pilots AI and who has not learned a tool for a year
run 0 --kb "$KB" assess --answers "$CR_SRC/tests/data/answers/data-entry-clerk.yaml" --no-save --format json
expect_jq "$OUT" '[.rules[].id] | index("clerk-pilot-not-learning") != null' "the new rule fires"
expect_jq "$OUT" '[.recommendations[].id] | index("pilot-learning-partner") != null' "its new recommendation is given"
# and not for someone it does not describe
run 0 --kb "$KB" assess --answers "$CR_SRC/tests/data/answers/registered-nurse.yaml" --no-save --format json
expect_jq "$OUT" '[.rules[].id] | index("clerk-pilot-not-learning") == null' "the new rule stays silent for a nurse"

# the contradiction the guide warns about is caught at its line
sed -i "s/employer_adoption == 'pilot' and last_learned/employer_adoption == 'pilot' and employer_adoption == 'wide' and last_learned/" \
	"$KB/knowledge/rules/local.yaml"
run 3 kb check "$KB"
expect_in "$ERR" "knowledge/rules/local.yaml:14:12: rule 'clerk-pilot-not-learning' never fires" "a rule that cannot fire"
expect_in "$ERR" "recommendation 'pilot-learning-partner' is never given" "its recommendation is never given"
awk '/^<!-- file: knowledge\/rules\/local.yaml -->$/ { on = 1; next } on && /^```yaml$/ { c = 1; next }
	c && /^```$/ { exit } c { print }' "$CR_SRC/docs/knowledge-base.md" >"$KB/knowledge/rules/local.yaml"

# the occupation is found by its alias and assessed
run 0 --kb "$KB" occupation search calibration technician
expect_in "$(head -1 <<<"$OUT")" "17-3028  Calibration Technologists and Technicians" "search finds the new occupation first"
run 0 occupation show 17-3028 --kb "$KB" --format json
expect_jq "$OUT" '.code == "17-3028" and (.baseline.score | type == "number") and (.tasks | add == 100)' "show, with --kb after the command"

# the questionnaire is listed, shown and answered
run 0 --kb "$KB" questionnaire show fair
expect_in "$OUT" "How many hours a week could you give to learning something new?" "questionnaire show"
run 0 --kb "$KB" assess --questionnaire fair --answers "$KB/fair-answers.yaml" --no-save --format json
expect_jq "$OUT" '(.score | type == "number") and (.dimensions.ai_usage | type == "number")' "assess with the new questionnaire"
finish
