# occupation search and show, with the baseline computed by the same engine.
. "$(dirname "$0")/lib.sh"
run 0 occupation search nurse
expect_in "$OUT" "29-1141  Registered Nurses" "search by title word"
run 0 occupation search registred nurse
expect_in "$OUT" "29-1141" "typo tolerated"
run 0 occupation show 43-9021 --format json
expect_jq "$OUT" '.code=="43-9021" and (.baseline.score|type=="number") and (.baseline.rules|length>0)' "show json with baseline"
expect_jq "$OUT" '.tasks|add==100' "task shares sum to 100"
run 0 occupation show "data entry keyers"
expect_in "$OUT" "Baseline:" "show text"

# the text view shows the full baseline (the JSON's, from the same engine) within 80 columns
for code in 43-9021 29-1141 15-1252 47-2111; do
	run 0 occupation show "$code" --format json
	J=$OUT
	run 0 occupation show "$code"
	T=$OUT
	expect_in "$T" "score $(jq .baseline.score <<<"$J") / 100 ($(jq -r .baseline.band <<<"$J")), likely range $(jq -r '.baseline.range | "\(.[0])-\(.[1])"' <<<"$J")" "$code: score, band, range"
	expect_in "$T" "routineness $(jq .baseline.dimensions.routineness <<<"$J"), AI use $(jq .baseline.dimensions.ai_usage <<<"$J")" "$code: dimensions"
	# the rule with the largest effect, its effect, the start of its reason and its sources
	top=$(jq -c '.baseline.rules | max_by(.effect | fabs)' <<<"$J")
	expect_in "$T" "$(jq -r '"\(.effect * 10 | round / 10 | tostring | if test("\\.") then . else . + ".0" end)  \(.id)"' <<<"$top")" "$code: top rule and effect"
	expect_in "$T" "$(jq -r '.reason | split(" ")[0:6] | join(" ")' <<<"$top")" "$code: top rule's reason"
	expect_in "$T" "sources: $(jq -r '.sources[0]' <<<"$top")" "$code: top rule's sources"
	expect_in "$T" "1. $(jq -r '.baseline.recommendations[0].title | split(" ")[0:5] | join(" ")' <<<"$J")" "$code: first recommendation"
	if [ "$(jq '.baseline.transitions | length' <<<"$J")" -gt 0 ]; then
		expect_in "$T" "- $(jq -r '.baseline.transitions[0].title' <<<"$J"): about" "$code: transition path"
	fi
	long=$(awk 'length > 80' <<<"$T")
	[ -z "$long" ] && pass || fail "$code: text lines over 80 columns: $long"
done
# a published index says whose estimate it is and of what, beside our score
run 0 occupation show 43-9021
expect_in "$OUT" "Frey & Osborne (2013): 0.99, probability" "published index named"
expect_in "$OUT" "Eloundou et al., rated by GPT-4 (2024): 0.89, share of the tasks" "Eloundou named"
expect_in "$OUT" "Microsoft, Tomlinson et al. (2025): 0.34, AI applicability" "Microsoft named"
run 5 occupation show zzzzqqq
expect_in "$ERR" "no occupation matches" "unknown occupation"
finish
