# career-risk batch: a workforce scored from a survey export; bad rows listed without stopping
# the batch; the cohort summary never shows a group below the minimum; results stored as a cohort.
. "$(dirname "$0")/lib.sh"
GEN=$CR_BUILD/gen-intake
[ -x "$GEN" ] || { echo "gen-intake not built" >&2; exit 1; }
"$GEN" 3000 --seed 3 >"$TMP/in.csv"

# --- a survey export: BOM, CRLF, quoted fields with commas, quotes and line breaks, some bad rows
run 0 batch --input "$TMP/in.csv" --output "$TMP/out.csv" --summary "$TMP/sum.md" --group-by department,site
scored=$(sed -n 's/^career-risk: scored \([0-9,]*\) of .*/\1/p' <<<"$ERR" | tr -d ,)
read_n=$(sed -n 's/^career-risk: scored [0-9,]* of \([0-9,]*\) rows.*/\1/p' <<<"$ERR" | tr -d ,)
bad=$(sed -n 's/.*; \([0-9,]*\) could not be scored.*/\1/p' <<<"$ERR" | tr -d ,)
[ "$read_n" = 3000 ] && pass || fail "read $read_n rows, expected 3000"
[ "$bad" -gt 0 ] && [ $((scored + bad)) -eq 3000 ] && pass || fail "scored $scored + bad $bad != 3000"
expect_in "$ERR" "listed in $TMP/out.errors.csv" "errors file named"
expect_in "$ERR" "record " "first problems shown"
[ "$(($(wc -l <"$TMP/out.csv") - 1))" -eq "$scored" ] && pass || fail "results file has the wrong number of rows"
head -1 "$TMP/out.csv" | grep -q '^record,employee_id,department,site,title_given,occupation,occupation_title,match_method,match_confidence,score,band,range_low,range_high' && pass || fail "results header: $(head -1 "$TMP/out.csv")"
# every record is in exactly one of the two files
awk -F, 'FNR > 1 { print $1 }' "$TMP/out.csv" "$TMP/out.errors.csv" | sort -un >"$TMP/records"
[ "$(wc -l <"$TMP/records")" -eq 3000 ] && [ "$(head -1 "$TMP/records")" = 2 ] && [ "$(tail -1 "$TMP/records")" = 3001 ] &&
	pass || fail "records 2..3001 are not each in the results or the errors file"
[ "$(awk -F, 'NR > 1 { print $1 }' "$TMP/out.errors.csv" | sort -u | wc -l)" -eq "$bad" ] && pass || fail "errors file rows != bad rows"
# each problem names the record, the line it starts on, the column and a reason
head -1 "$TMP/out.errors.csv" | grep -q '^record,line,column,employee_id,value,problem' && pass || fail "errors header"
grep -q ',years_niche,E[0-9]*,lots,answer with a number from 0 to 50 years' "$TMP/out.errors.csv" && pass || fail "a bad number is explained"
grep -q 'tasks: the parts must add up to 100' "$TMP/out.errors.csv" && pass || fail "a bad split is explained"
# files are the employer's personal data: owner-only
[ "$(stat -c %a "$TMP/out.csv")" = 600 ] && [ "$(stat -c %a "$TMP/out.errors.csv")" = 600 ] && pass || fail "outputs not 0600"
ls "$TMP"/*.tmp-* >/dev/null 2>&1 && fail "temporary files left behind" || pass

# --- the summary never shows a group smaller than the minimum
min_people() { # the smallest People figure in the "By ..." tables of a Markdown summary
	awk -F'|' '/^## By /{t=1; next} /^## /{t=0} t && /^\| / && $3 ~ /[0-9]/ { gsub(/[ ,]/, "", $3); print $3 }' "$1" | sort -n | head -1
}
expect_in "$(<"$TMP/sum.md")" "## By department" "summary by department"
expect_in "$(<"$TMP/sum.md")" "## By site" "summary by site"
expect_in "$(<"$TMP/sum.md")" "Other groups" "small groups merged"
expect_in "$(<"$TMP/sum.md")" "## Most common recommendations" "recommendations"
expect_in "$(<"$TMP/sum.md")" "reskilling programmes" "growing roles"
m=$(min_people "$TMP/sum.md")
[ -n "$m" ] && [ "$m" -ge 10 ] && pass || fail "a group of $m people is shown with --min-group 10"
# the tiny groups the generator plants (3 and 6 people) are nowhere by name, nor alone
grep -q '^| Board Office |' "$TMP/sum.md" && fail "a group of 3 shown" || pass
run 0 batch --input "$TMP/in.csv" --summary "$TMP/sum50.md" --min-group 50 --group-by department,site
m=$(min_people "$TMP/sum50.md")
[ "$m" -ge 50 ] && pass || fail "a group of $m people is shown with --min-group 50"
expect_in "$(<"$TMP/sum50.md")" "no group of fewer than 50 people" "minimum stated"
# a cohort smaller than the minimum shows no figures at all
head -c 2000 "$TMP/in.csv" >"$TMP/few.csv"
run 0 batch --input "$TMP/few.csv" --summary "$TMP/few.md"
expect_in "$(<"$TMP/few.md")" "so no figures are shown" "tiny cohort suppressed"
grep -q '^| Everyone' "$TMP/few.md" && fail "tiny cohort shows figures" || pass

# --- HTML summary: one self-contained page
run 0 batch --input "$TMP/in.csv" --summary "$TMP/sum.html"
grep -q '^<!DOCTYPE html>' "$TMP/sum.html" && pass || fail "HTML doctype"
grep -qiE '<script|<link|src=|@import' "$TMP/sum.html" && fail "HTML summary is not self-contained" || pass
grep -q 'Sales, Marketing &amp; Communications' "$TMP/sum.html" && pass || fail "HTML escapes text"

# --- JSON Lines
run 0 batch --input "$TMP/in.csv" --output "$TMP/out.jsonl"
expect_jq "$(head -1 "$TMP/out.jsonl")" '(.record == 2) and (.score|type=="number") and (.band|type=="string") and (.range|length==2) and (.dimensions.ai_usage|type=="number") and (.groups.department|type=="string") and (.recommendations|type=="array")' "JSONL fields"
[ "$(jq -s length "$TMP/out.jsonl")" -eq "$scored" ] && pass || fail "JSONL row count"
# every scored row carries the fourth dimension, and the CSV has its column (issue 16)
expect_jq "$(jq -s '[.[] | .dimensions.exposure | select(type=="number" and . >= 0 and . <= 100)] | length' \
	"$TMP/out.jsonl")" ". == $scored" "JSONL exposure on every row"
head -1 "$TMP/out.csv" | grep -q ',specialization,exposure,' && pass || fail "results CSV has no exposure column"
# the cohort summary's mean exposure is the mean over the same people
mean=$(jq -s '[.[].dimensions.exposure] | add / length | . + 0.5 | floor' "$TMP/out.jsonl")
grep -q "exposure to AI $mean\." "$TMP/sum.md" && pass ||
	fail "summary mean exposure is not $mean: $(grep -o 'Mean dimensions.*' "$TMP/sum.md")"
grep -q "exposure to AI $mean\." "$TMP/sum.html" && pass || fail "HTML summary mean exposure is not $mean"
expect_jq "$(jq -s '[.[] | select(.employee_id == "E0000001")] | length' "$TMP/out.jsonl")" '. == 1' "ids kept as strings"

# --- the same person scores the same as `career-risk assess`
career-risk() { "$CR_BIN" "$@"; }
run 0 questionnaire template intake --format csv
header=$(tr -d '\r' <<<"$OUT")
[ "$header" = "employee_id,department,occupation,tasks.routine_cognitive,tasks.routine_manual,tasks.analytic,tasks.interpersonal,tasks.creative,tasks.nonroutine_manual,data_entry,ai_frequency,ai_uses,ai_depth,years_niche,rarity,ai_domain,judgment,regulated,seniority,learning_hours,skills" ] && pass || fail "template header: $header"
printf '%s\r\n%s\r\n' "$header" 'E9,Finance,accounts clerk,60,0,15,15,5,5,45,monthly,"Writing or editing text: e-mails, reports, summaries;analysis",consume,3,many,no,2,no,entry,1,"data-literacy, writing"' >"$TMP/one.csv"
run 0 batch --input "$TMP/one.csv" --output "$TMP/one.jsonl"
cat >"$TMP/one.yaml" <<'EOF'
employee_id: E9
department: Finance
occupation: accounts clerk
tasks: {routine_cognitive: 60, routine_manual: 0, analytic: 15, interpersonal: 15, creative: 5, nonroutine_manual: 5}
data_entry: 45
ai_frequency: monthly
ai_uses: [writing, analysis]
ai_depth: consume
years_niche: 3
rarity: many
ai_domain: "no"
judgment: 2
regulated: "no"
seniority: entry
learning_hours: 1
skills: [data-literacy, writing]
EOF
run 0 assess --questionnaire intake --answers "$TMP/one.yaml" --format json --no-save
single=$(jq -c '[.score, .band, .range, .dimensions, [.recommendations[:3][].id], [.transitions[:3][].role]]' <<<"$OUT")
batch=$(jq -c '[.score, .band, .range, .dimensions, .recommendations, .roles]' "$TMP/one.jsonl")
[ "$single" = "$batch" ] && pass || fail "batch $batch != assess $single"

# --- the YAML template: every question, to fill in; filled in, it assesses
run 0 questionnaire template intake
printf '%s\n' "$OUT" >"$TMP/t.yaml"
for q in employee_id department occupation tasks data_entry ai_frequency ai_uses ai_depth skills; do
	grep -q "^$q:" "$TMP/t.yaml" && pass || fail "template lacks $q"
done
expect_in "$OUT" "#   daily                Every working day" "choices listed as comments"
run 3 assess --questionnaire intake --answers "$TMP/t.yaml" --no-save
grep -q "this question needs an answer\|has no answer" <<<"$ERR" && pass || fail "an empty template is incomplete, not malformed: $ERR"
sed -e 's/^employee_id:$/employee_id: E1/; s/^department:$/department: Legal/; s/^occupation:$/occupation: "23-1011"/' \
    -e 's/^  routine_cognitive:$/  routine_cognitive: 20/; s/^  routine_manual:$/  routine_manual: 0/; s/^  analytic:$/  analytic: 50/' \
    -e 's/^  interpersonal:$/  interpersonal: 20/; s/^  creative:$/  creative: 10/; s/^  nonroutine_manual:$/  nonroutine_manual: 0/' \
    -e 's/^data_entry:$/data_entry: 5/; s/^ai_frequency:$/ai_frequency: daily/; s/^ai_uses:$/ai_uses: [research]/; s/^ai_depth:$/ai_depth: prompt/' \
    -e 's/^years_niche:$/years_niche: 10/; s/^rarity:$/rarity: few/; s/^ai_domain:$/ai_domain: "yes"/; s/^judgment:$/judgment: 5/' \
    -e 's/^regulated:$/regulated: "yes"/; s/^seniority:$/seniority: senior/; s/^learning_hours:$/learning_hours: 8/; s/^skills:$/skills: [legal-analysis]/' \
    "$TMP/t.yaml" >"$TMP/filled.yaml"
run 0 assess --questionnaire intake --answers "$TMP/filled.yaml" --format json --no-save
expect_jq "$OUT" '.occupation.code == "23-1011"' "filled template assesses"

# --- a survey's own headers, through a map file; semicolon-separated, LF, no BOM
"$GEN" 400 --seed 9 --survey-headers --map-out "$TMP/map.yaml" --lf --no-bom >"$TMP/survey.csv"
run 3 batch --input "$TMP/survey.csv" --output "$TMP/s.csv"
expect_in "$ERR" "--map" "unmapped headers: the map is suggested"
run 0 batch --input "$TMP/survey.csv" --map "$TMP/map.yaml" --output "$TMP/s.csv"
head -1 "$TMP/s.csv" | grep -q '^record,employee_id,Department / team,Site,' && pass || fail "map groups: $(head -1 "$TMP/s.csv")"
printf '%s\n%s\n' "$(tr ',' ';' <<<"$header")" 'E9;Finance;accounts clerk;60;0;15;15;5;5;45;monthly;writing, analysis;consume;3;many;no;2;no;entry;1;"data-literacy;writing"' >"$TMP/semi.csv"
run 0 batch --input "$TMP/semi.csv" --output "$TMP/semi.csv.out.csv" --format csv
[ "$(wc -l <"$TMP/semi.csv.out.csv")" -eq 2 ] && pass || fail "semicolon-separated export"

# --- columns that answer no question are named; cells echoed back cannot run as spreadsheet formulas
run 0 batch --input "$TMP/in.csv" --output "$TMP/cols.csv"
expect_in "$ERR" "columns not used: 'site', 'comments'" "unused columns named"
printf '%s\n%s\n' "$header" '=1+1,"=HYPERLINK(""http://example.com"")",lawyer,20,0,50,20,10,0,5,daily,research,prompt,10,few,yes,5,yes,senior,8,legal-analysis' >"$TMP/inj.csv"
run 0 batch --input "$TMP/inj.csv" --output "$TMP/inj.out.csv"
grep -q "^2,'=1+1,\"'=HYPERLINK" "$TMP/inj.out.csv" && pass || fail "formula-like cells not neutralised: $(tail -1 "$TMP/inj.out.csv")"

# --- --strict stops at the first bad row, exit 3, and leaves no results file
run 3 batch --input "$TMP/in.csv" --output "$TMP/strict.csv" --strict
expect_in "$ERR" "--strict stops at the first bad row" "strict explained"
[ -e "$TMP/strict.csv" ] && fail "strict left a results file" || pass
[ "$(wc -l <"$TMP/strict.errors.csv")" -eq 2 ] && pass || fail "strict errors file lists the one bad row"

# --- a quote left open in the last row: that row is bad, the others are scored
printf '%s\n%s\n%s\n' "$header" 'E1,Legal,lawyer,20,0,50,20,10,0,5,daily,research,prompt,10,few,yes,5,yes,senior,8,legal-analysis' \
	'E2,"Legal,lawyer,20,0,50,20,10,0,5,daily,research,prompt,10,few,yes,5,yes,senior,8,legal-analysis' >"$TMP/open.csv"
run 0 batch --input "$TMP/open.csv" --output "$TMP/open.out.csv"
expect_in "$ERR" "scored 1 of 2 rows" "open quote: one row scored"
grep -q "ends inside a quoted field" "$TMP/open.out.errors.csv" && pass || fail "open quote explained"

# --- --store: an intake cohort, results only
run 0 batch --input "$TMP/in.csv" --store --cohort "Spring pulse"
expect_in "$ERR" "stored as intake cohort 1" "cohort stored"
[ "$(db "SELECT name, status, rows_read, rows_scored, rows_bad FROM intake_cohort")" = "Spring pulse|done|3000|$scored|$bad" ] && pass || fail "cohort row: $(db 'SELECT * FROM intake_cohort')"
[ "$(db "SELECT count(*) FROM intake_result WHERE cohort_id = 1")" -eq "$scored" ] && pass || fail "cohort results"
[ "$(db "SELECT groups_json FROM intake_result WHERE record = 2")" = "$(jq -c '{department: .groups.department}' <<<"$(head -1 "$TMP/out.jsonl")" | sed 's/:/: /')" ] && pass || fail "groups_json: $(db "SELECT groups_json FROM intake_result WHERE record = 2")"
[ "$(db "SELECT score FROM intake_result WHERE record = 2")" = "$(jq '.score' <<<"$(head -1 "$TMP/out.jsonl")")" ] && pass || fail "stored score"
# a database that cannot be written: exit 4, nothing written
sqlite3 "$TMP/new.db" "PRAGMA user_version = 99" && chmod 600 "$TMP/new.db"
run 4 --db "$TMP/new.db" batch --input "$TMP/in.csv" --output "$TMP/x.csv" --store
[ -e "$TMP/x.csv" ] && fail "results written though the store failed" || pass

# --- usage and input errors
run 2 batch --output "$TMP/x.csv"
expect_in "$ERR" "--input" "input required"
run 2 batch --input "$TMP/in.csv"
expect_in "$ERR" "say where the results go" "an output required"
run 2 batch --input "$TMP/in.csv" --output "$TMP/in.csv"
expect_in "$ERR" "is the survey export" "never writes over the export"
run 2 batch --input "$TMP/in.csv" --output "$TMP/x.xlsx"
expect_in "$ERR" "name it .csv or .jsonl" "output format"
run 2 batch --input "$TMP/in.csv" --summary "$TMP/x.pdf"
run 2 batch --input "$TMP/in.csv" --summary "$TMP/x.md" --min-group 1
run 2 batch --input "$TMP/in.csv" --output "$TMP/x.csv" --cohort x
run 2 batch --input "$TMP/in.csv" --output "$TMP/x.csv" --group-by region
expect_in "$ERR" "no column 'region' to group by" "unknown grouping column"
run 5 batch --input "$TMP/nope.csv" --output "$TMP/x.csv"
: >"$TMP/empty.csv"
run 3 batch --input "$TMP/empty.csv" --output "$TMP/x.csv"
expect_in "$ERR" "the file is empty" "empty file"
printf '%s\n' "$header" >"$TMP/header.csv"
run 3 batch --input "$TMP/header.csv" --output "$TMP/x.csv"
expect_in "$ERR" "no rows to score" "header only"
printf '\xff\xfee\x00\n\x00' >"$TMP/utf16.csv"
run 3 batch --input "$TMP/utf16.csv" --output "$TMP/x.csv"
expect_in "$ERR" "UTF-16" "UTF-16 refused"
run 0 batch --help
expect_in "$OUT" "usage: career-risk batch" "help"

# --- standard input in, results to standard output
run 0 batch --input - --output - <"$TMP/one.csv"
[ "$(wc -l <<<"$OUT")" -eq 2 ] && pass || fail "stdin to stdout"

# --- Ctrl-C while the export is still arriving: exit 6, nothing kept
cancel_fifo "a FIFO" 20
grep -q "cancelled" "$TMP/cancel.err" && pass || fail "cancel explained"

finish
