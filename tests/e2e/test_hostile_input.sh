# Hostile input (issue 12): text from data reaches a terminal only escaped; a NUL byte in a
# CSV cell refuses the row; exit codes for missing files agree; names that a terminal would
# show wrongly are refused. Each case failed before the fix that made it pass.
. "$(dirname "$0")/lib.sh"
ESC=$'\e' RLO=$'\xe2\x80\xae'
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
[ "$(wc -l <"$TMP/nul.jsonl")" -eq 1 ] && pass || fail "one row scored: $(<"$TMP/nul.jsonl")"
expect_in "$(<"$TMP/nul.errors.csv")" "2,2,employee_id" "errors file names record and column"
# --- D6: a header and a cell echoed by batch are escaped
expect_in "$ERR" "columns not used: '\\x1b]0;owned\\x1b\\\\u202Enotes'" "unused header escaped"
no_raw "$ERR" "batch"
run 3 batch --input "$TMP/nul.csv" --output "$TMP/nul2.jsonl" --strict
expect_in "$ERR" "nul.csv:2: record 2, column 'employee_id': column 1 holds a NUL byte" "--strict stops at the NUL row"
# a NUL in the header
{ printf 'employee_id,occ\0upation\n'; echo 'E1,clerk'; } >"$TMP/nulhead.csv"
run 3 batch --input "$TMP/nulhead.csv" --output "$TMP/nh.jsonl"
expect_in "$ERR" "nulhead.csv:1: column 2 of the header row holds a NUL byte" "NUL in the header"

# --- D6: a knowledge-base text with escapes (YAML's "\e", "\a", "\u202E") is shown escaped
# in text and Markdown; JSON escapes controls itself
KB=$TMP/kb
cp -r "$CR_SRC/tests/data/kb-minimal" "$KB"
sed -i '0,/reason: R/s//reason: "R \\e]0;owned\\a\\e[2J\\u202Eevil"/' "$KB/knowledge/rules.yaml"
grep -q 'owned' "$KB/knowledge/rules.yaml" && pass || fail "the knowledge base was not changed"
printf 'occupation: "43-9021"\nai_frequency: never\n' >"$TMP/a.yaml"
for f in text markdown json; do
	run 0 --kb "$KB" assess --answers "$TMP/a.yaml" --no-save --format $f
	no_raw "${OUT//$RLO/}" "kb text in $f" # JSON keeps U+202E as a character (see docs/reliability.md)
done
run 0 --kb "$KB" assess --answers "$TMP/a.yaml" --no-save --format text
expect_in "$OUT" 'R \x1b]0;owned\x07\x1b[2J\u202Eevil' "kb text shown escaped"
no_raw "$OUT" "kb text in text"

# --- D6: a note with escapes: note list, text and Markdown reports
run 0 --profile ann assess --answers "$CR_SRC/tests/data/answers/data-entry-clerk.yaml"
run 0 --profile ann note add "call ${ESC}]0;owned${ESC}\\ back${RLO}later"
run 0 --profile ann note list
expect_in "$OUT" 'call \x1b]0;owned\x1b\ back\u202Elater' "note list escaped"
no_raw "$OUT" "note list"
for f in text markdown html; do
	run 0 --profile ann report --format $f
	no_raw "$OUT" "report $f"
done

# --- D10: a score that overflows for these answers (a base kb check refuses, loaded anyway)
# is an internal error naming the rule, never a 0 or "-nan" in the result
KB2=$TMP/kb2
cp -r "$CR_SRC/tests/data/kb-minimal" "$KB2"
cp "$CR_SRC/tests/data/kb-broken/rule-score-overflow.yaml" "$KB2/knowledge/rules.yaml"
for f in text json; do
	run 1 --kb "$KB2" assess --answers "$TMP/a.yaml" --no-save --format $f
	expect_in "$ERR" "rules.yaml:11:5: rule 'over' gave a score that is not a finite number (an overflow)" "overflow at run time ($f)"
	[[ $OUT != *nan* && $OUT != *inf* ]] && pass || fail "a non-finite score reached the output: $OUT"
done
run 1 --kb "$KB2" --profile nf assess --answers "$TMP/a.yaml"
run 0 --kb "$KB2" --profile nf history
[[ $OUT != *nan* ]] && pass || fail "a non-finite result was stored: $OUT"
# the same base in batch: refused before a row is written
printf 'employee_id,occupation,ai_frequency,ai_uses\nE1,43-9021,never,\n' >"$TMP/nf.csv"
run 1 --kb "$KB2" batch --questionnaire quick --input "$TMP/nf.csv" --output "$TMP/nf.jsonl"
expect_in "$ERR" "rule 'over' gave a score that is not a finite number" "overflow in batch"

# --- D14: a cohort summary never names a merged group smaller than the minimum
{
	echo "$H"
	for i in $(seq 12); do echo "E$i,Finance,accounts clerk,$R"; done
	echo "E13,Secret Unit,accounts clerk,$R"
} >"$TMP/groups.csv"
for f in md html; do
	run 0 batch --input "$TMP/groups.csv" --summary "$TMP/sum.$f" --group-by department
	S=$(<"$TMP/sum.$f")
	[[ $S != *Secret* ]] && pass || fail "a group of one named in the $f summary: $(grep -i secret <<<"$S")"
	expect_in "$S" "1 group of fewer than 10 people, not named" "the small group counted ($f)"
done

# --- D14: a missing file is "not found" (5) whether it is --answers, --input or --map
run 5 assess --answers "$TMP/missing.yaml" --no-save
expect_in "$ERR" "missing.yaml: cannot read: No such file or directory" "missing --answers"
run 5 batch --input "$TMP/missing.csv" --output "$TMP/m.jsonl"
run 5 batch --input "$TMP/nul.csv" --map "$TMP/missing-map.yaml" --output "$TMP/m.jsonl"

# --- D14: names a terminal would show wrongly are refused, with the reason
run 2 profile create ' '
expect_in "$ERR" "a profile name cannot be only blanks" "blank name"
run 2 profile create "max${RLO}xam"
expect_in "$ERR" "invisible formatting characters (such as U+202E" "U+202E in a name"
run 2 profile rename ann "a${ESC}[2Jb"
expect_in "$ERR" "cannot hold control characters" "ESC in a name"

finish
