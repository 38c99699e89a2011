# career-risk batch on a roster (issue 14, part 4): an HRIS extract with job titles, department
# and location but no survey answers. Each person is scored on their occupation's baseline (what
# `occupation show` prints), marked as such in the results and the summary; the mode is found by
# itself or asked for with --roster, and said on the terminal. Also --excel (BOM, separator, CRLF).
. "$(dirname "$0")/lib.sh"

# a generated HRIS extract: 480 people, eight titles (free text, a SOC code), five departments, three sites
awk 'BEGIN {
	split("paralegal|call centre agent|15-1252|registered nurse|accountant|truck driver|graphic designer|data entry clerk", t, "|")
	split("Legal|Customer Service|IT|Care|Finance", d, "|"); split("Leeds|Glasgow|Cardiff", s, "|")
	print "Employee ID,Job title,Department,Location,Grade"
	for (i = 1; i <= 480; i++) printf "H%05d,%s,%s,%s,G%d\n", i, t[(i % 8) + 1], d[(i % 5) + 1], s[(i % 3) + 1], i % 4
}' >"$TMP/roster.csv"

# --- found by itself: a title column and no question answered
run 0 batch --input "$TMP/roster.csv" --output "$TMP/out.csv" --summary "$TMP/sum.md" --group-by Department,Location
expect_in "$ERR" "career-risk: roster mode: no survey answers, so each person is scored on their occupation's baseline" "roster mode said"
expect_in "$ERR" "scored 480 of 480 rows" "every row scored"
head -1 "$TMP/out.csv" | grep -q ',occupation_title,.*,basis,recommendation_titles,role_titles$' && pass || fail "results header: $(head -1 "$TMP/out.csv")"
[ "$(awk -F, 'NR > 1 && $(NF-2) != "occupation baseline"' "$TMP/out.csv" | grep -vc '"' || true)" = 0 ] && pass ||
	fail "a row without basis 'occupation baseline'"
[ "$(grep -c ',occupation baseline,' "$TMP/out.csv")" = 480 ] && pass || fail "not every row says it rests on the occupation baseline"
# the score and range of a paralegal are the baseline `occupation show` prints for 23-2011
run 0 occupation show 23-2011 --format json
want=$(jq -r '"\(.baseline.score),\(.baseline.band),\(.baseline.range[0]),\(.baseline.range[1])"' <<<"$OUT")
# the columns by name (the paralegal's row has no quoted comma)
col() { awk -F, -v id="$1" -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["employee_id"] == id { n = split(want, w, " "); for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? "," : ""), $c[w[i]]; print "" }' "$TMP/out.csv"; }
got=$(col H00008 "score band range_low range_high")
[ -n "$want" ] && [ "$got" = "$want" ] && pass || fail "paralegal scored $got, occupation show says $want"
# the baseline's range is the wider one of a worker nobody asked anything: 40 points here
lo_hi=$(col H00008 "range_low range_high")
[ $((${lo_hi#*,} - ${lo_hi%,*})) -ge 30 ] && pass || fail "the roster range is not wide"
grep -q ',Paralegals and Legal Assistants,' "$TMP/out.csv" && pass || fail "the occupation in words"
awk -F, 'NR == 2' "$TMP/out.csv" | grep -q '"[A-Z][^"]*; [A-Z][^"]*' && pass || fail "recommendations in words: $(sed -n 2p "$TMP/out.csv")"
expect_in "$(<"$TMP/sum.md")" "- **Basis:** occupation baseline." "the summary says what it rests on"
expect_in "$(<"$TMP/sum.md")" "## By Department" "grouped by department"
expect_in "$(<"$TMP/sum.md")" "## By Location" "grouped by location"
run 0 batch --input "$TMP/roster.csv" --output "$TMP/out.jsonl"
expect_jq "$(head -1 "$TMP/out.jsonl")" '.basis == "occupation baseline" and (.occupation_title | type == "string")
	and (.recommendation_titles | length) == (.recommendations | length)' "JSONL: basis and words"

# --- a blank or unknown title is a bad row, not a crash or a guess
{ cat "$TMP/roster.csv"; printf 'H99998,,Legal,Leeds,G1\nH99999,zzqx nothing at all,Legal,Leeds,G1\n'; } >"$TMP/holes.csv"
run 0 batch --input "$TMP/holes.csv" --output "$TMP/holes.out.csv"
expect_in "$ERR" "scored 480 of 482 rows; 2 could not be scored" "two bad rows"
grep -q "^482,482,Job title,H99998,," "$TMP/holes.out.errors.csv" && pass || fail "blank title not listed: $(<"$TMP/holes.out.errors.csv")"
grep -q "^483,483,Job title,H99999,zzqx nothing at all,\"no occupation matches" "$TMP/holes.out.errors.csv" && pass ||
	fail "unknown title not listed: $(<"$TMP/holes.out.errors.csv")"

# --- a survey export is read as a survey; --roster reads it as a roster
GEN=$CR_BUILD/gen-intake
"$GEN" 200 --seed 3 --bad 0 >"$TMP/survey.csv"
run 0 batch --input "$TMP/survey.csv" --output "$TMP/s.csv"
expect_in "$ERR" "career-risk: survey mode: each person is scored on their answers" "survey mode said"
[ "$(grep -c ',answers,' "$TMP/s.csv")" -ge 150 ] && pass || fail "survey rows have basis 'answers'"
# a roster without a title column cannot be scored: it says which column it needs
printf 'Employee ID,Department\nH1,Legal\n' >"$TMP/notitle.csv"
run 3 batch --input "$TMP/notitle.csv" --output "$TMP/n.csv" --roster
expect_in "$ERR" "occupation" "no title column: the occupation question named"

# --- --excel: BOM, the export's separator, CRLF
tr , ';' <"$TMP/roster.csv" >"$TMP/semi.csv"
run 0 batch --input "$TMP/semi.csv" --output "$TMP/x.csv" --excel
[ "$(head -c 3 "$TMP/x.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && pass || fail "no UTF-8 BOM"
head -1 "$TMP/x.csv" | grep -q $'^\xef\xbb\xbfrecord;employee_id;Department;' && pass || fail "not ';'-separated: $(head -1 "$TMP/x.csv")"
[ "$(grep -c $'\r$' "$TMP/x.csv")" = 481 ] && pass || fail "not every line ends in CRLF"
# a field holding the separator is quoted: the recommendation titles hold "; "
sed -n 2p "$TMP/x.csv" | grep -q ';"[^"]*; [^"]*";' && pass || fail "a field with ';' is not quoted: $(sed -n 2p "$TMP/x.csv")"
run 0 batch --input "$TMP/roster.csv" --output "$TMP/xc.csv" --excel
head -1 "$TMP/xc.csv" | grep -q $'^\xef\xbb\xbfrecord,employee_id,' && pass || fail "a comma export gives comma results"
run 2 batch --input "$TMP/roster.csv" --output "$TMP/x.jsonl" --excel
expect_in "$ERR" "--excel shapes a CSV results file" "--excel with JSON Lines refused"
finish
