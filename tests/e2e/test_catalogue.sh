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
	fail "the catalogue is stale or the generator failed: $(cat "$TMP/gen.err")"
fi

entries=$(cat "$CR_SRC"/knowledge/occupations/*.yaml | grep -c '^  - code:')
citing=$(cat "$CR_SRC"/knowledge/occupations/*.yaml | grep -c '^    sources: \[.*bls-ep-2024')
[ "$entries" -ge 300 ] && [ "$entries" -eq "$citing" ] && pass ||
	fail "$citing of $entries occupations cite bls-ep-2024 for their outlook"

# published values (Frey and Osborne 2013, Appendix), with their source
run 0 occupation show 43-9021 --format json
expect_jq "$OUT" '.published_exposure == [{"index": "frey-osborne", "value": 0.99, "source": "frey-osborne-2013"}]' "data entry keyers 0.99"
expect_jq "$OUT" '.sources | index("bls-ep-2024") != null' "outlook cites bls-ep-2024"
run 0 occupation show 29-1141 --format json
expect_jq "$OUT" '.published_exposure[0].value == 0.009' "registered nurses 0.009"
run 0 occupation show 41-2011 --format json
expect_jq "$OUT" '.published_exposure[0].value == 0.97' "cashiers 0.97"
# renumbered in 2018: Personal Care Aides were 39-9021 in 2010
run 0 occupation show 31-1122 --format json
expect_jq "$OUT" '.published_exposure[0].value == 0.74' "personal care aides, renumbered"
# merged in 2018 from two 2010 occupations: no single published value, so none is shown
run 0 occupation show 15-1252 --format json
expect_jq "$OUT" '.published_exposure == []' "software developers: merged, no value"

run 0 occupation show 43-9021
expect_in "$(tr -s ' \n' ' ' <<<"$OUT")" "Frey & Osborne 2013, probability of computerisation (0-1): 0.99" "text shows the index"
for code in 43-9021 15-1252 29-1141 43-6014 11-9199; do
	run 0 occupation show "$code" || continue
	long=$(awk 'length($0) > 79' <<<"$OUT")
	[ -z "$long" ] && pass || fail "occupation show $code is wider than 79 columns: $long"
done
finish
