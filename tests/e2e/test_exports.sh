# career-risk batch on HR survey exports as the tools write them (issue 14): Google Forms,
# Microsoft Forms (its .xlsx refused, its CSV read), Qualtrics (three header rows, preview rows,
# numeric codes), SurveyMonkey (two header rows, a column per option) and an Excel CSV saved in a
# German locale (';', decimal commas, Windows-1252). The fixtures are the same 24 respondents in
# each shape (tests/data/exports/gen_exports.py); each export must give every respondent exactly
# the result the plain question-id file gives, and none of the silent misreads can happen.
. "$(dirname "$0")/lib.sh"
X=$CR_SRC/tests/data/exports
N=24

# the fixtures are what the generator writes
if python3 -c 'import yaml' 2>/dev/null; then
	python3 "$X/gen_exports.py" "$TMP/gen"
	for f in "$TMP"/gen/*; do
		cmp -s "$f" "$X/$(basename "$f")" && pass || fail "$(basename "$f") is not what gen_exports.py writes"
	done
fi

# the plain file: question ids, choice ids; the reference every export is compared with
run 0 batch --input "$X/canonical.csv" --output "$TMP/canonical.csv"
expect_in "$ERR" "scored $N of $N rows" "canonical scored"
# employee, occupation, score, band, range, recommendations, roles: what each export must reproduce
# the results' columns by name (a title may hold a quoted comma)
cols() {
	python3 -c 'import csv, sys
r = csv.reader(open(sys.argv[1], newline=""))
h = next(r)
ix = [h.index(c) for c in sys.argv[2].split()]
for row in r:
    print(",".join(row[i] for i in ix))' "$1" "$2"
}
key() { cols "$1" "employee_id occupation score band range_low range_high recommendations roles" | sort; }
key "$TMP/canonical.csv" >"$TMP/want"
[ "$(wc -l <"$TMP/want")" -eq $N ] && pass || fail "canonical results"

for f in google-forms microsoft-forms qualtrics qualtrics-numeric surveymonkey hris-excel-de; do
	map=()
	[ -f "$X/$f.map.yaml" ] && map=(--map "$X/$f.map.yaml")
	run 0 batch --input "$X/$f.csv" "${map[@]}" --output "$TMP/$f.csv" || continue
	expect_in "$ERR" "scored $N of $N rows" "$f: every respondent scored"
	key "$TMP/$f.csv" >"$TMP/got"
	diff "$TMP/want" "$TMP/got" >"$TMP/diff" && pass || fail "$f: results differ from the plain file's: $(head -5 "$TMP/diff")"
	[ ! -s "$X/$f.map.yaml" ] || [ "$(grep -vc '^#' "$X/$f.map.yaml")" -le 12 ] && pass || fail "$f: the map is not short"
done

# --- Microsoft Forms downloads .xlsx: refused by its signature, with the steps to save it as CSV
cp "$X/microsoft-forms.xlsx" "$TMP/responses.csv" # the name says CSV, the bytes say workbook
run 3 batch --input "$TMP/responses.csv" --output "$TMP/o.csv"
expect_in "$ERR" "this is an Excel workbook (.xlsx" "xlsx refused"
expect_in "$ERR" "Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\"" "the steps to save as CSV"
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old binary workbook' >"$TMP/old.xls"
run 3 batch --input "$TMP/old.xls" --output "$TMP/o.csv"
expect_in "$ERR" "(.xls: an OLE compound file)" "xls refused"

# --- silent misread 1: Qualtrics' numeric values are the survey's codes, never places in our list
run 3 batch --input "$X/qualtrics-numeric.csv" --output "$TMP/qn.csv"
expect_in "$ERR" "none of the $N rows could be scored" "codes without a map: nothing scored"
grep -q "never picks a choice by its place in the list" "$TMP/qn.errors.csv" && pass || fail "codes refused with the reason"
grep -q 'values: {ai_frequency: {""1"": never}}' "$TMP/qn.errors.csv" && pass || fail "the way out is shown: $(sed -n 2p "$TMP/qn.errors.csv")"
# a map value that is no choice is an error at its line in the map
sed 's/"1": "daily"/"1": "dialy"/' "$X/qualtrics-numeric.map.yaml" >"$TMP/bad.map.yaml"
run 3 batch --input "$X/qualtrics-numeric.csv" --map "$TMP/bad.map.yaml" --output "$TMP/qn.csv"
expect_in "$ERR" "bad.map.yaml:3:19:" "a bad value names its line and column"
expect_in "$ERR" "'dialy' means nothing 'ai_frequency' accepts" "a bad value is explained"

# --- silent misread 2: SurveyMonkey's column per option; forcing one header row is refused, not half read
run 3 batch --input "$X/surveymonkey.csv" --map "$X/surveymonkey.map.yaml" --header-rows 1 --output "$TMP/sm.csv"
expect_in "$ERR" "is followed by 8 columns with no header" "a column per option read as one cell is refused"
expect_in "$ERR" "--header-rows 2" "the fix is named"
# an option the questionnaire does not have, and the map does not ignore, is an error
grep -v -e "Other (please specify)" -e "^values:" "$X/surveymonkey.map.yaml" >"$TMP/sm.map.yaml"
run 3 batch --input "$X/surveymonkey.csv" --map "$TMP/sm.map.yaml" --output "$TMP/sm.csv"
expect_in "$ERR" "the option 'Other (please specify)'" "unknown option refused"
run 2 batch --input "$X/surveymonkey.csv" --header-rows 4 --output "$TMP/sm.csv"

# --- silent misread 3: Qualtrics preview rows are left out, counted and said
run 0 batch --input "$X/qualtrics.csv" --output "$TMP/q.csv"
expect_in "$ERR" "left out 2 rows whose 'Status' is 'Survey Preview'" "previews left out and counted"
grep -q PREVIEW "$TMP/q.csv" && fail "a preview row was scored" || pass
# the map's own filters: keep finished responses only, drop a response id
printf 'rows:\n  keep: {Finished: "True"}\n  drop: {ResponseId: ["R_0000000000000000", "R_0000000000000001"]}\n' >"$TMP/f.yaml"
run 0 batch --input "$X/qualtrics.csv" --map "$TMP/f.yaml" --output "$TMP/q.csv"
expect_in "$ERR" "scored 22 of 22 rows" "filters leave rows out"
expect_in "$ERR" "left out 2 rows whose 'ResponseId' is" "the drop filter is counted"
expect_in "$ERR" "left out 2 rows whose 'Status' is" "the default preview filter still applies"
printf 'rows:\n  keep: {Completed: "True"}\n' >"$TMP/f.yaml"
run 3 batch --input "$X/qualtrics.csv" --map "$TMP/f.yaml" --output "$TMP/q.csv"
expect_in "$ERR" "f.yaml:2:" "a filter on a missing column names its line"

# --- --jobs: a Qualtrics numeric export (previews, codes declared under values:) many times over, so rows,
# previews and chunks interleave: the same bytes, the same rows left out, whatever the number of threads
{ head -3 "$X/qualtrics-numeric.csv"; for i in $(seq 120); do tail -n +4 "$X/qualtrics-numeric.csv"; done; } >"$TMP/qbig.csv"
for j in 1 2; do
	run 0 batch --input "$TMP/qbig.csv" --map "$X/qualtrics-numeric.map.yaml" --output "$TMP/qbig$j.csv" \
		--summary "$TMP/qbig$j.md" --jobs $j
	expect_in "$ERR" "scored 2,880 of 2,880 rows" "--jobs $j: every respondent scored"
	expect_in "$ERR" "left out 240 rows whose 'Status' is" "--jobs $j: previews left out, counted once"
	run 0 batch --input "$TMP/qbig.csv" --map "$X/qualtrics-numeric.map.yaml" --output "$TMP/qbig$j.jsonl" --jobs $j
done
cmp -s "$TMP/qbig1.csv" "$TMP/qbig2.csv" && pass || fail "--jobs 2 results differ from --jobs 1"
cmp -s "$TMP/qbig1.md" "$TMP/qbig2.md" && pass || fail "--jobs 2 summary differs from --jobs 1"
cmp -s "$TMP/qbig1.errors.csv" "$TMP/qbig2.errors.csv" && pass || fail "--jobs 2 errors differ from --jobs 1"
cmp -s "$TMP/qbig1.jsonl" "$TMP/qbig2.jsonl" && pass || fail "--jobs 2 JSON Lines differ from --jobs 1"
grep -q PREVIEW "$TMP/qbig2.csv" && fail "a preview row was scored under --jobs 2" || pass
key "$TMP/qbig2.csv" | sort -u | diff -q "$TMP/want" - >/dev/null && pass || fail "--jobs 2: codes not read as the plain file"

# --- encoding: Windows-1252 recognised and converted; stated; refused with one message otherwise
run 0 batch --input "$X/hris-excel-de.csv" --output "$TMP/de.csv"
expect_in "$ERR" "read as Windows-1252" "cp1252 detected and said"
grep -q "Geschäftsführung" "$TMP/de.csv" && pass || fail "umlauts converted to UTF-8"
run 0 batch --input "$X/hris-excel-de.csv" --encoding cp1252 --output "$TMP/de.csv"
grep -q "Windows-1252" <<<"$ERR" && fail "a stated encoding still warned" || pass
run 2 batch --input "$X/hris-excel-de.csv" --encoding klingon --output "$TMP/de.csv"
expect_in "$ERR" "unknown encoding 'klingon'" "unknown encoding"
{ head -1 "$X/canonical.csv"; sed -n 2p "$X/canonical.csv" | sed 's/Finance/Fin\x81nce/'; } >"$TMP/odd.csv"
run 3 batch --input "$TMP/odd.csv" --output "$TMP/o.csv"
expect_in "$ERR" "not UTF-8 text, nor Windows-1252" "undecidable encoding refused"
expect_in "$ERR" "--encoding NAME" "the way to state it"

# --- numbers as people write them: a range is its midpoint, flagged; a split off by 2 rescaled, flagged
cols "$TMP/microsoft-forms.csv" "employee_id checks" | grep '^E1004,.*approx:data_entry$' >/dev/null && pass || fail "range flagged in checks"
cols "$TMP/microsoft-forms.csv" "employee_id checks" | grep '^E1006,.*rescaled:tasks$' >/dev/null && pass || fail "rescaled split flagged in checks"
# ... and so under --jobs: each worker's row carries its own notes
run 0 batch --input "$X/microsoft-forms.csv" --map "$X/microsoft-forms.map.yaml" --output "$TMP/ms2.jsonl" --jobs 2
[ "$(jq -r 'select(.employee_id == "E1006") | .checks | index("rescaled:tasks") != null' "$TMP/ms2.jsonl")" = true ] && pass ||
	fail "rescaled split not in the JSON checks under --jobs 2"
grep -v split_tolerance "$X/microsoft-forms.map.yaml" >"$TMP/ms.map.yaml"
run 0 batch --input "$X/microsoft-forms.csv" --map "$TMP/ms.map.yaml" --output "$TMP/ms.csv"
grep -q ',E1006,.*the parts must add up to 100' "$TMP/ms.errors.csv" && pass || fail "without a tolerance the split is refused"
# --- --suggest-map: a starting map from the headers, and the values only the analyst knows
run 0 batch --input "$X/google-forms.csv" --suggest-map "$TMP/g.map.yaml"
[ "$(stat -c %a "$TMP/g.map.yaml")" = 600 ] && pass || fail "the suggested map is not owner-only"
grep -q '^  Timestamp: ignore$' "$TMP/g.map.yaml" && pass || fail "an unused column is suggested as ignore"
grep -q '\[Creating: .*\]"\?: tasks.creative$' "$TMP/g.map.yaml" && pass || fail "a grid row mapped to its part"
grep -q '^values:' "$TMP/g.map.yaml" && fail "labels already known listed under values:" || pass
run 0 batch --input "$X/google-forms.csv" --map "$TMP/g.map.yaml" --output "$TMP/g.csv"
key "$TMP/g.csv" | diff -q "$TMP/want" - >/dev/null && pass || fail "the suggested map does not score as the plain file"
# reworded questions matched loosely; SurveyMonkey's options and Qualtrics' codes listed for the analyst
sed 's/How senior are you in your work?/How senior are you at work?/' "$X/google-forms.csv" >"$TMP/reworded.csv"
run 0 batch --input "$TMP/reworded.csv" --suggest-map "$TMP/r.map.yaml"
grep -q '^  How senior are you at work?: seniority$' "$TMP/r.map.yaml" && pass || fail "a reworded question matched loosely"
run 0 batch --input "$X/surveymonkey.csv" --suggest-map -
expect_in "$OUT" '    Other (please specify): ""' "an option that is no choice is left for the analyst"
expect_in "$OUT" '    "Checking work: my own, colleagues'"'"' or the AI'"'"'s": review' "a known option is filled in"
run 0 batch --input "$X/qualtrics-numeric.csv" --suggest-map "$TMP/qn.map.yaml"
grep -A5 '^  ai_frequency:' "$TMP/qn.map.yaml" | grep -q '^    5: ""$' && pass || fail "codes listed for the analyst: $(<"$TMP/qn.map.yaml")"
run 3 batch --input "$X/qualtrics-numeric.csv" --map "$TMP/qn.map.yaml" --output "$TMP/qn.csv"
expect_in "$ERR" "qn.map.yaml:" "an unfilled value is an error at its line"
run 2 batch --input "$X/google-forms.csv" --suggest-map "$TMP/x.yaml" --output "$TMP/x.csv"
run 2 batch --input "$X/google-forms.csv" --suggest-map "$X/google-forms.csv"
finish
