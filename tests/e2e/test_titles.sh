#!/usr/bin/env bash
# Job titles as HR exports write them (docs/hr-intake.md, "Job titles"): `titles` lists an
# export's distinct titles with their best occupation; `batch` records how each row's title
# matched, sends a low-confidence match to the errors file with its candidates rather than
# scoring a guess, and takes an organisation's own crosswalk (--titles) before any matching.
source "$(dirname "$0")/lib.sh"

# Five rows, the same answers apart from the job title.
rest='9,24,10,22,16,19,0,Every working day,"planning, customers",consume,2,few,exploring,3,no,mid,20,ai-prompting'
{
	echo 'employee_id,department,occupation,tasks.routine_cognitive,tasks.routine_manual,tasks.analytic,tasks.interpersonal,tasks.creative,tasks.nonroutine_manual,data_entry,ai_frequency,ai_uses,ai_depth,years_niche,rarity,ai_domain,judgment,regulated,seniority,learning_hours,skills'
	echo "E1,Care,RN - ICU,$rest"
	echo "E2,Finance,Sr. Accountant II,$rest"
	echo "E3,Legal,Contracts Manager,$rest"
	echo "E4,Care,RN - ICU,$rest"
	echo "E5,Support,CSR II,$rest"
} >"$TMP/in.csv"

# titles: distinct titles, most frequent first, with a blank soc to fill in
run 0 titles --input "$TMP/in.csv" --output "$TMP/xw.csv"
head -1 "$TMP/xw.csv" | grep -qx 'title,soc,count,candidate_soc,candidate_title,method,confidence' && pass || fail "titles header: $(head -1 "$TMP/xw.csv")"
sed -n 2p "$TMP/xw.csv" | grep -q '^RN - ICU,,2,29-1141,Registered Nurses,normalised,0.90$' && pass || fail "most frequent title first: $(sed -n 2p "$TMP/xw.csv")"
grep -q '^Sr. Accountant II,,1,13-2011,' "$TMP/xw.csv" && pass || fail "Sr. Accountant II"
[ "$(($(wc -l <"$TMP/xw.csv") - 1))" -eq 4 ] && pass || fail "4 distinct titles expected"
[ "$(stat -c %a "$TMP/xw.csv")" = 600 ] && pass || fail "crosswalk not 0600"
expect_in "$ERR" "4 distinct job titles in 5 rows" "titles says what it wrote"
run 0 titles --input "$TMP/in.csv"
expect_in "$OUT" "CSR II,,1,43-4051,Customer Service Representatives,normalised,0.90" "titles to standard output"
run 3 titles --input "$TMP/in.csv" --column "Job Name"
expect_in "$ERR" "no column 'Job Name' in the header" "a missing column is named"
expect_in "$ERR" "employee_id, department, occupation" "and the header's columns listed"
run 2 titles
expect_in "$ERR" "--input" "titles needs an input"
run 2 titles --input "$TMP/in.csv" --output "$TMP/in.csv"
expect_in "$ERR" "the export" "titles never writes over its input"

# a title a spreadsheet would run as a formula is written as text, and read back as the title
{ head -1 "$TMP/in.csv"; echo "E9,Ops,=HYPERLINK(\"x\"),$rest"; } >"$TMP/formula.csv"
run 0 titles --input "$TMP/formula.csv" --output "$TMP/fx.csv"
grep -q "^\"'=HYPERLINK(\"\"x\"\")\",,1," "$TMP/fx.csv" && pass || fail "formula title not neutralised: $(<"$TMP/fx.csv")"
sed 's/^\("[^"]*"*[^,]*\),,1,/\1,43-9061,1,/' "$TMP/fx.csv" >"$TMP/fx-filled.csv"
run 0 batch --input "$TMP/formula.csv" --output "$TMP/fx-out.csv" --titles "$TMP/fx-filled.csv"
grep -q ',43-9061,.*,crosswalk,1.00,' "$TMP/fx-out.csv" && pass || fail "the apostrophe is taken off when read back: $(cat "$TMP/fx-filled.csv" "$TMP/fx-out.csv")"

# batch: each row says how its title matched; the guess goes to the errors file
run 0 batch --input "$TMP/in.csv" --output "$TMP/out.csv"
head -1 "$TMP/out.csv" | grep -q '^record,employee_id,department,title_given,occupation,occupation_title,match_method,match_confidence,score,' && pass || fail "results header: $(head -1 "$TMP/out.csv")"
grep -q '^2,E1,Care,RN - ICU,29-1141,Registered Nurses,normalised,0.90,' "$TMP/out.csv" && pass || fail "RN - ICU row: $(grep E1 "$TMP/out.csv")"
grep -q '^6,E5,Support,CSR II,43-4051,Customer Service Representatives,normalised,0.90,' "$TMP/out.csv" && pass || fail "CSR II row"
grep -q 'E3' "$TMP/out.csv" && fail "Contracts Manager was scored on a guess" || pass
grep -q '^4,4,occupation,E3,Contracts Manager,"job title .Contracts Manager. is not matched surely enough to score (confidence 0\.[0-5][0-9], below 0\.60); candidates: 11-9021 Construction Managers' "$TMP/out.errors.csv" && pass || fail "low-confidence row in errors: $(<"$TMP/out.errors.csv")"
# a lower threshold accepts it, and says how it matched
run 0 batch --input "$TMP/in.csv" --output "$TMP/low.jsonl" --min-confidence 0.1
expect_jq "$(grep '"E3"' "$TMP/low.jsonl")" '.title_given == "Contracts Manager" and .occupation == "11-9021" and .occupation_title == "Construction Managers" and .match_method == "fuzzy" and .match_confidence < 0.6' "jsonl title fields"
expect_jq "$(grep '"E1"' "$TMP/low.jsonl")" '.title_given == "RN - ICU" and .match_method == "normalised" and .match_confidence == 0.9' "jsonl normalised row"
run 2 batch --input "$TMP/in.csv" --output "$TMP/x.csv" --min-confidence 2
expect_in "$ERR" "--min-confidence takes a number from 0 to 1" "a bad threshold is a usage error"

# the organisation's crosswalk comes first: confidence 1, method crosswalk
printf 'title,soc,note\nContracts Manager,13-1023,buys under contract\n"RN - ICU",29-1141,\nCSR II,,still to decide\n' >"$TMP/org.csv"
run 0 batch --input "$TMP/in.csv" --output "$TMP/xw-out.csv" --titles "$TMP/org.csv"
grep -q '^4,E3,Legal,Contracts Manager,13-1023,"Purchasing Agents, Except Wholesale, Retail, and Farm Products",crosswalk,1.00,' "$TMP/xw-out.csv" && pass || fail "crosswalk row: $(grep E3 "$TMP/xw-out.csv")"
grep -q '^2,E1,Care,RN - ICU,29-1141,Registered Nurses,crosswalk,1.00,' "$TMP/xw-out.csv" && pass || fail "crosswalk before the matcher"
grep -q '^6,E5,Support,CSR II,43-4051,Customer Service Representatives,normalised,' "$TMP/xw-out.csv" && pass || fail "a blank soc leaves the title to the matcher"
# the filled-in output of `titles` is a crosswalk
sed 's/^Contracts Manager,,/Contracts Manager,13-1023,/' "$TMP/xw.csv" >"$TMP/filled.csv"
run 0 batch --input "$TMP/in.csv" --output "$TMP/f.csv" --titles "$TMP/filled.csv"
grep -q '^4,E3,Legal,Contracts Manager,13-1023,' "$TMP/f.csv" && pass || fail "titles output read back as a crosswalk"
# a bad crosswalk: file:line, exit 3, nothing scored
printf 'title,soc\nContracts Manager,99-9999\nRN,29-1141\nrn,29-2061\n' >"$TMP/bad.csv"
run 3 batch --input "$TMP/in.csv" --output "$TMP/b.csv" --titles "$TMP/bad.csv"
expect_in "$ERR" "bad.csv:2:2: '99-9999' is not a SOC code of the catalogue" "unknown code named with file:line:column"
expect_in "$ERR" "bad.csv:4:2: 'rn' is mapped to 29-2061 here and to 29-1141 above" "a title mapped twice"
[ ! -e "$TMP/b.csv" ] && pass || fail "results written despite a bad crosswalk"
printf 'name,code\nx,29-1141\n' >"$TMP/nohead.csv"
run 3 batch --input "$TMP/in.csv" --output "$TMP/b.csv" --titles "$TMP/nohead.csv"
expect_in "$ERR" "has no 'title' column" "crosswalk header checked"
run 5 batch --input "$TMP/in.csv" --output "$TMP/b.csv" --titles "$TMP/missing.csv"

# the interactive question uses the same matcher: typed through a pipe, as at the prompt
for t in "ICU nurse|29-1141" "critical care nurse|29-1141" "senior software engineer|15-1252" "Admin Asst.|43-6014"; do
	set +e
	printf '%s\n' "${t%|*}" "65 10 5 10 0 10" "60" "tried" "consume" "many" "1" "unclear" "us" |
		cr assess --questionnaire quick --format json --no-save >"$TMP/q.json" 2>"$TMP/err"
	rc=$?
	set -e
	[ "$rc" -eq 0 ] && pass || fail "'${t%|*}' at the occupation question exited $rc: $(<"$TMP/err")"
	expect_jq "$(<"$TMP/q.json")" ".occupation.code == \"${t#*|}\"" "'${t%|*}' resolves to ${t#*|}"
done
# an ambiguous normalised title is not taken: the question lists the candidates
set +e
printf '%s\n' "Sr. Analyst" | cr assess --questionnaire quick --no-save >/dev/null 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 3 ] && pass || fail "an ambiguous title was accepted (exit $rc)"
expect_in "$(<"$TMP/err")" "matches several occupations" "the candidates are listed"
finish
