# occupation list: every catalogue occupation with its baseline and percentile, in text, CSV and
# JSON that agree with each other and with `occupation show`.
. "$(dirname "$0")/lib.sh"
# the catalogue's size, counted from the generated files rather than from the program under test
total=$(cat "$CR_SRC"/knowledge/occupations/*.yaml | grep -c '^  - code: ')
[ "$total" -ge 600 ] && pass || fail "catalogue has only $total occupations"

run 0 occupation list --format json
J=$OUT
expect_jq "$J" ".occupations | length == $total" "json: one entry per occupation"
expect_jq "$J" '[.occupations[].code] | . == (unique)' "json: each code once, in code order"
expect_jq "$J" 'all(.occupations[]; (.score|type) == "number" and (.range|length) == 2 and
	(.dimensions.routineness|type) == "number" and (.percentile >= 0 and .percentile < 100))' "json: fields"
# percentile = share scoring strictly lower: monotone in score, equal for equal scores, 0 at the bottom
expect_jq "$J" '[.occupations | sort_by(.score)[] | .percentile] | . == sort' "percentiles monotone in score"
expect_jq "$J" '.occupations | group_by(.score) | all(map(.percentile) | unique | length == 1)' "ties share a percentile"
expect_jq "$J" '(.occupations | min_by(.score) | .percentile) == 0' "lowest score has percentile 0"
expect_jq "$J" '.occupations as $o | all($o[]; . as $e |
	.percentile == (([$o[] | select(.score < $e.score)] | length) * 100 / ($o|length) | floor))' "percentile definition"

run 0 occupation list --format csv
C=$OUT
# parsed by a real CSV reader: quoted titles with commas must come back whole
printf '%s\n' "$C" >"$TMP/list.csv"
python3 - "$total" "$TMP/list.csv" >"$TMP/csv.check" 2>&1 <<'PY' && pass || fail "csv: $(<"$TMP/csv.check")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
assert len(rows) == int(sys.argv[1]), "%d rows" % len(rows)
assert list(rows[0]) == ["code", "title", "score", "band", "range_low", "range_high", "routineness",
                         "ai_usage", "specialization", "exposure", "percentile"], list(rows[0])
assert any("," in r["title"] for r in rows), "no title with a comma came through"
for r in rows:
    int(r["score"]); int(r["percentile"])
    assert r["exposure"] == "" or 0 <= int(r["exposure"]) <= 100
PY
# the CSV and the JSON carry the same figures
csvj=$(python3 -c 'import csv,sys,json; print(json.dumps([[r["code"],int(r["score"]),int(r["percentile"])] for r in csv.DictReader(sys.stdin)]))' <<<"$C")
expect_jq "$J" "[.occupations[] | [.code, .score, .percentile]] == $csvj" "csv agrees with json"

run 0 occupation list
T=$OUT
[ "$(grep -c '^[0-9][0-9]-[0-9][0-9][0-9][0-9] ' <<<"$T")" -eq "$total" ] && pass || fail "text: not one row per occupation"
long=$(awk 'length > 80' <<<"$T")
[ -z "$long" ] && pass || fail "text lines over 80 columns: $long"
expect_in "$T" "$(jq -r '.occupations[] | select(.code == "43-9021") | "43-9021 \(.score | tostring | (" " * (5 - length)) + .) \(.band)"' <<<"$J")" "text row of data entry keyers"

# show says where the occupation ranks, with the list's percentile and the same score
for code in 43-9021 29-1141 27-3091 15-1252; do
	e=$(jq -c ".occupations[] | select(.code == \"$code\")" <<<"$J")
	run 0 occupation show "$code" --format json
	expect_jq "$OUT" ".percentile == $(jq .percentile <<<"$e") and .baseline.score == $(jq .score <<<"$e")" "$code: show json agrees with list"
	run 0 occupation show "$code"
	p=$(jq .percentile <<<"$e")
	if [ "$p" -gt 0 ]; then
		expect_in "$OUT" "more exposed than $p% of the $total occupations" "$code: show's rank line"
	else
		expect_in "$OUT" "ranks lowest" "$code: show's rank line"
	fi
done

run 2 occupation list --format xml
expect_in "$ERR" "unknown format" "bad format refused"
run 2 occupation list nurse
expect_in "$ERR" "takes no arguments" "stray argument refused"
finish
