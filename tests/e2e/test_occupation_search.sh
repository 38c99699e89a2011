# occupation search puts the right occupation first for the job titles people type most,
# with typos, British spellings and words written apart. One case a line: query | SOC code.
. "$(dirname "$0")/lib.sh"
cases=0
while IFS='|' read -r query want; do
	query=$(echo "$query" | sed 's/ *$//')
	want=$(echo "$want" | tr -d ' ')
	[ -z "$query" ] && continue
	# shellcheck disable=SC2086 # the words of the query are separate arguments, as a person types them
	run 0 occupation search $query || continue
	got=$(head -1 <<<"$OUT" | cut -d' ' -f1)
	[ "$got" = "$want" ] && pass || fail "search '$query': first is '$(head -1 <<<"$OUT")', want $want"
	cases=$((cases + 1))
done <<'TABLE'
nurse                      | 29-1141
registered nurse           | 29-1141
registred nurse            | 29-1141
teacher                    | 25-2021
secondary school teacher   | 25-2031
software developer         | 15-1252
software engineer          | 15-1252
progammer                  | 15-1251
accountant                 | 13-2011
acountant                  | 13-2011
bookkeeper                 | 43-3031
book keeper                | 43-3031
cashier                    | 41-2011
shop assistant             | 41-2031
sales representative       | 41-4012
truck driver               | 53-3032
lorry driver               | 53-3032
delivery driver            | 53-3033
forklift driver            | 53-7051
fork lift driver           | 53-7051
warehouse worker           | 53-7062
electrician                | 47-2111
electritian                | 47-2111
plumer                     | 47-2152
carpenter                  | 47-2031
labourer                   | 47-2061
builder                    | 47-2061
mechanic                   | 49-3023
receptionist               | 43-4171
recieptionist              | 43-4171
secretary                  | 43-6014
secetary                   | 43-6014
data entry clerk           | 43-9021
customer service           | 43-4051
call centre agent          | 43-4051
waitress                   | 35-3031
chef                       | 35-1011
cleaner                    | 37-2011
care worker                | 31-1122
hairdresser                | 39-5012
police officer             | 33-3051
security guard             | 33-9032
lawyer                     | 23-1011
solicitor                  | 23-1011
paediatrician              | 29-1221
physiotherapist            | 29-1123
orthopaedic surgeon        | 29-1242
counsellor                 | 21-1018
tyre fitter                | 49-3093
jeweller                   | 51-9071
draughtsman                | 17-3011
event organiser            | 13-1121
estate agent               | 41-9022
project manager            | 13-1082
graphic designer           | 27-1024
web developer              | 15-1254
data scientist             | 15-2051
43-9021                    | 43-9021
TABLE
[ "$cases" -ge 25 ] && pass || fail "only $cases search cases ran"

# Typo hits far weaker than a whole-word hit are dropped. One case a line: query | a code
# that must not be listed (the typo it came through).
while IFS='|' read -r query unwanted; do
	query=$(echo "$query" | sed 's/ *$//')
	unwanted=$(echo "$unwanted" | tr -d ' ')
	run 0 occupation search "$query" || continue
	[[ $OUT != *"$unwanted"* ]] && pass || fail "search '$query' lists $unwanted: $OUT"
done <<'TABLE'
lawyer                     | 47-2041
lawyer                     | 47-2042
nurse                      | 39-2011
cashier                    | 35-9021
TABLE

# single letters and stopwords match nothing by prefix or typo; show refuses a guess
for q in a the of and "a b"; do
	# shellcheck disable=SC2086 # the words as a person types them
	run 5 occupation search $q
	expect_in "$ERR" "no occupation matches" "search '$q' finds nothing"
done
run 5 occupation show a b
expect_in "$ERR" "no occupation matches 'a b'" "show 'a b' picks nothing"
run 5 occupation show acountant
expect_in "$ERR" "no occupation matches 'acountant'; did you mean 13-2011" "show refuses a typo-only match"
run 0 occupation show registred nurse
expect_in "$OUT" "29-1141" "show takes a typo beside a whole word"

# a match through an alias says so
run 0 occupation search lorry driver
expect_in "$OUT" '53-3032  Heavy and Tractor-Trailer Truck Drivers (as "lorry driver")' "alias shown"

# a cut list says how many more, and every line fits 80 columns
n43=$(grep -hc '^  - code: "43-' "$CR_SRC"/knowledge/occupations/*.yaml | paste -sd+ | bc)
run 0 occupation search 43-
expect_in "$OUT" "...and $((n43 - 15)) more; give a longer code prefix" "search 43- says how many more"
[ "$(grep -c '^43-' <<<"$OUT")" -eq 15 ] && pass || fail "search 43- shows $(grep -c '^43-' <<<"$OUT") codes"
for q in teacher sales engineer 43-; do
	run 0 occupation search $q
	long=$(awk 'length > 80' <<<"$OUT")
	[ -z "$long" ] && pass || fail "search $q: lines over 80 columns: $long"
done
run 5 occupation show engineer
expect_in "$ERR" "'engineer' matches " "ambiguous show"
expect_in "$ERR" "...and " "ambiguous show says more exist"
long=$(awk 'length > 80' <<<"$ERR")
[ -z "$long" ] && pass || fail "show engineer: lines over 80 columns: $long"
[ "$(grep -c '^    [0-9][0-9]-[0-9]' <<<"$ERR")" -ge 2 ] && pass || fail "show engineer: one match a line: $ERR"

# a query echoed in an error is cut short and shows no control character raw
run 5 occupation show $'\e[31mzzz' "$(printf 'qqqq%.0s' {1..40})"
[[ $ERR != *$'\e'* ]] && pass || fail "escape echoed raw: $ERR"
expect_in "$ERR" "…'" "long query cut"
expect_in "$ERR" '\x1b[31mzzz' "escape shown as \\x1b"
[ "$(head -1 <<<"$ERR" | wc -c)" -lt 120 ] && pass || fail "echoed query too long: $ERR"
# more words than the search reads is said, not silently dropped
run 2 occupation search one two three four five six seven eight nine ten eleven twelve thirteen
expect_in "$ERR" "at most 12 words" "too many words"
finish
