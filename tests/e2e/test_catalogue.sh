# The occupation catalogue: generated files match their generator, every entry cites the
# projections its outlook follows, published Frey-Osborne values are shown with their source,
# and `occupation show` reads well in 80 columns.
. "$(dirname "$0")/lib.sh"

# knowledge/occupations/*.yaml are written by knowledge/src/gen_occupations.py from the curated
# table and the O*NET work-context file beside the repository; a hand edit would be lost.
onet=$CR_SRC/../shared/data/onet-work-context/occupations_onet_work_contexts.csv
if [ ! -f "$onet" ]; then
	echo "note: $onet is not beside the repository; the generated files were not re-derived"
elif python3 "$CR_SRC/knowledge/src/gen_occupations.py" --check --quiet --onet "$onet" 2>"$TMP/gen.err"; then
	pass
else
	fail "the catalogue is stale or the generator failed: $(<"$TMP/gen.err")"
fi

entries=$(cat "$CR_SRC"/knowledge/occupations/*.yaml | grep -c '^  - code:')
citing=$(cat "$CR_SRC"/knowledge/occupations/*.yaml | grep -c '^    sources: \[.*bls-ep-2024')
[ "$entries" -ge 300 ] && [ "$entries" -eq "$citing" ] && pass ||
	fail "$citing of $entries occupations cite bls-ep-2024 for their outlook"

# published values (Frey and Osborne 2013, Appendix), with their source
run 0 occupation show 43-9021 --format json
expect_jq "$OUT" '.published_exposure[0] | .index == "frey-osborne" and .value == 0.99 and .source == "frey-osborne-2013" and .who == "Frey & Osborne"' "data entry keyers 0.99"
# Eloundou et al. (occ_level.csv dv_rating_beta of 43-9021.00) and Microsoft (43-9021), with their sources
expect_jq "$OUT" '[.published_exposure[] | select(.index == "eloundou-gpt4-beta" and .source == "eloundou-2024")] | length == 1' "data entry keyers: Eloundou GPT-4 beta"
expect_jq "$OUT" '[.published_exposure[] | select(.index == "microsoft-applicability" and .source == "microsoft-applicability-2025" and .value == 0.343)] | length == 1' "data entry keyers: Microsoft 0.343"
expect_jq "$OUT" '.sources | index("bls-ep-2024") != null' "outlook cites bls-ep-2024"
run 0 occupation show 29-1141 --format json
expect_jq "$OUT" '.published_exposure[0].value == 0.009' "registered nurses 0.009"
run 0 occupation show 41-2011 --format json
expect_jq "$OUT" '.published_exposure[0].value == 0.97' "cashiers 0.97"
# renumbered in 2018: Personal Care Aides were 39-9021 in 2010
run 0 occupation show 31-1122 --format json
expect_jq "$OUT" '.published_exposure[0].value == 0.74' "personal care aides, renumbered"
# merged in 2018 from two 2010 occupations: no single Frey-Osborne value, so none is shown
# (the 2024-25 indices are keyed by SOC 2018 and do cover it)
run 0 occupation show 15-1252 --format json
expect_jq "$OUT" '[.published_exposure[].index] | index("frey-osborne") == null and length == 3' "software developers: merged, no Frey-Osborne value"

run 0 occupation show 43-9021
expect_in "$(tr -s ' \n' ' ' <<<"$OUT")" "Frey & Osborne (2013): 0.99, probability that the work can be computerised" "text shows the index"
for code in 43-9021 15-1252 29-1141 43-6014 11-9199; do
	run 0 occupation show "$code" || continue
	long=$(awk 'length($0) > 79' <<<"$OUT")
	[ -z "$long" ] && pass || fail "occupation show $code is wider than 79 columns: $long"
done
finish
