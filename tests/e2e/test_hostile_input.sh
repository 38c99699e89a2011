# Hostile input (issue 12): text from data reaches a terminal only escaped; a NUL byte in a
# CSV cell refuses the row; exit codes for missing files agree; names that a terminal would
# show wrongly are refused. Each case failed before the fix that made it pass.
. "$(dirname "$0")/lib.sh"
ESC=$'\e' RLO=$'\u202e'
# no_raw TEXT WHAT: TEXT holds no ESC, BEL or U+202E
no_raw() { [[ $1 != *$ESC* && $1 != *$'\a'* && $1 != *$RLO* ]] && pass || fail "$2: raw control characters in: $1"; }

# --- D7: a NUL byte in a CSV cell is an error for that row, never a cell cut short
run 0 questionnaire template intake --format csv
H=$(tr -d '\r' <<<"$OUT")
R='60,0,15,15,5,5,45,monthly,"analysis",consume,3,many,no,2,no,entry,1,writing'
{
	echo "$H,${ESC}]0;owned${ESC}\\${RLO}notes"
	printf 'E0000001\0X,Finance,accounts clerk,%s,x\n' "$R"
	printf 'E0000001,Finance,accounts clerk,%s,x\n' "$R"
	printf 'E3,Finance,accounts clerk,3\0009,0,15,15,5,5,45,monthly,"analysis",consume,3,many,no,2,no,entry,1,writing,x\n'
	printf 'E4,Finance,no such job \e[2J%s,%s,x\n' "$RLO" "$R"
} >"$TMP/nul.csv"
run 0 batch --input "$TMP/nul.csv" --output "$TMP/nul.jsonl"
expect_in "$ERR" "scored 1 of 4 rows; 3 could not be scored" "NUL rows refused"
expect_in "$ERR" "record 2 (line 2), column 'employee_id': column 1 holds a NUL byte" "NUL in the id"
expect_in "$ERR" "record 4 (line 4), column 'tasks.routine_cognitive': column 4 holds a NUL byte" "NUL in a number"
[ "$(wc -l <"$TMP/nul.jsonl")" -eq 1 ] && pass || fail "one row scored: $(cat "$TMP/nul.jsonl")"
expect_in "$(cat "$TMP/nul.errors.csv")" "2,2,employee_id" "errors file names record and column"
# --- D6: a header and a cell echoed by batch are escaped
expect_in "$ERR" "columns not used: '\\x1b]0;owned\\x1b\\\\u202Enotes'" "unused header escaped"
no_raw "$ERR" "batch"
run 3 batch --input "$TMP/nul.csv" --output "$TMP/nul2.jsonl" --strict
expect_in "$ERR" "nul.csv:2: record 2, column 'employee_id': column 1 holds a NUL byte" "--strict stops at the NUL row"
# a NUL in the header
{ printf 'employee_id,occ\0upation\n'; echo 'E1,clerk'; } >"$TMP/nulhead.csv"
run 3 batch --input "$TMP/nulhead.csv" --output "$TMP/nh.jsonl"
expect_in "$ERR" "nulhead.csv:1: column 2 of the header row holds a NUL byte" "NUL in the header"

finish
