# progress: the score and dimensions over time as an ASCII chart in 80 columns, the plan with
# status and dates; colour only on a terminal and never with NO_COLOR; clear errors.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
widest() { awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' <<<"$1"; }

run 0 profile list
expect_in "$OUT" "No profiles yet." "empty profile list says what to do"
run 0 profile create dana
run 0 --profile dana progress
expect_in "$OUT" "no scored assessment yet" "progress before any session"
run 5 --profile dana report
expect_in "$ERR" "dana has no scored assessment yet" "report before any session"
run 5 --profile dana compare
run 5 --profile nobody progress
expect_in "$ERR" "no profile named 'nobody'" "missing profile"
expect_in "$ERR" "profile list" "missing profile: hint"

# three sessions, the score falling then rising a little
sed -e 's/^ai_frequency: tried/ai_frequency: daily/' -e 's/^data_entry: 60/data_entry: 20/' \
	"$A/data-entry-clerk.yaml" >"$TMP/s2.yaml"
sed -e 's/^ai_frequency: tried/ai_frequency: weekly/' "$A/data-entry-clerk.yaml" >"$TMP/s3.yaml"
run 0 --profile dana assess --answers "$A/data-entry-clerk.yaml" --format json
a=$(jq .score <<<"$OUT")
run 0 --profile dana plan start 1
run 0 --profile dana assess --answers "$TMP/s2.yaml" --format json
b=$(jq .score <<<"$OUT")
run 0 --profile dana plan done 1 2
run 0 --profile dana assess --answers "$TMP/s3.yaml" --format json
c=$(jq .score <<<"$OUT")

run 0 --profile dana progress
expect_in "$OUT" "Progress of dana: 3 scored sessions" "progress title"
expect_in "$OUT" "Exposure score (0-100, lower is safer)" "score chart"
expect_in "$OUT" "  100 |" "chart axis"
expect_in "$OUT" "    0 +------------------" "chart base for three sessions"
expect_in "$OUT" "#1    #2    #3" "chart labels each session"
expect_in "$OUT" "  $b " "chart labels the score of session 2"
expect_in "$OUT" "Task routineness (lower is safer)" "routineness over time"
expect_in "$OUT" "AI tool usage (higher is safer)" "AI usage over time"
expect_in "$OUT" "Specialisation (higher is safer)" "specialisation over time"
expect_in "$OUT" "Session 3 credited the 2 items" "credit summary"
expect_in "$OUT" "Action plan: 2 done" "plan in progress view"
expect_in "$OUT" "[x]   1" "done item marked"
expect_in "$OUT" "done 20" "done item dated"
[ "$(widest "$OUT")" -le 80 ] && pass || fail "progress is $(widest "$OUT") columns wide"
if grep -q $'\033' <<<"$OUT"; then fail "colour codes when stdout is not a terminal"; else pass; fi
# the bar of session 1 is as tall as its score rounded to tens
h=$(( (a + 5) / 10 ))
rows=$(awk 'NR>1 && /^ +[0-9]+ \|/ { if (substr($0, 10, 2) == "##") n++ } END { print n + 0 }' <<<"$OUT")
[ "$rows" -eq "$h" ] && pass || fail "session 1's bar is $rows rows, expected $h (score $a)"
run 0 --profile dana progress --format json
expect_jq "$OUT" "[.sessions[].score] == [$a, $b, $c]" "progress json scores"
expect_jq "$OUT" '[.sessions[].change] == [null, '"$((b - a)), $((c - b))"']' "progress json changes"
expect_jq "$OUT" 'all(.sessions[]; .dimensions.routineness >= 0 and .dimensions.ai_usage >= 0)' "progress json dimensions"

# colour on a terminal, none with NO_COLOR (script gives the command a terminal)
if command -v script >/dev/null; then
	script -qec "$CR_BIN --profile dana progress" /dev/null >"$TMP/tty.txt" 2>&1 </dev/null || true
	grep -q $'\033\[1m' "$TMP/tty.txt" && pass || fail "no colour on a terminal: $(head -3 "$TMP/tty.txt")"
	NO_COLOR=1 script -qec "$CR_BIN --profile dana progress" /dev/null >"$TMP/tty.txt" 2>&1 </dev/null || true
	if grep -q $'\033\[' "$TMP/tty.txt"; then fail "colour despite NO_COLOR"; else pass; fi
	grep -q "Progress of dana" "$TMP/tty.txt" && pass || fail "progress on a terminal: $(head -3 "$TMP/tty.txt")"
fi

# history shows unfinished sessions too, and notes (a session begins with its first answer)
printf '43-9021\n' | "$CR_BIN" --profile dana assess --questionnaire quick >/dev/null 2>&1 || true
run 0 --profile dana history
expect_in "$OUT" "unfinished" "history lists an unfinished session"
[ "$(widest "$OUT")" -le 80 ] && pass || fail "history is $(widest "$OUT") columns wide"
run 5 --profile dana compare 1 4
expect_in "$ERR" "session 4 of dana has no result" "compare an unfinished session"
run 2 --profile dana compare one two
expect_in "$ERR" "'one' is not a session number" "compare: bad number"
run 0 --profile dana note add --session 2 "Second meeting."
run 0 --profile dana history --format json
expect_jq "$OUT" '.sessions[1].notes[0].text=="Second meeting."' "note on session 2"
run 2 --profile dana note add
head -c 5000 /dev/zero | tr '\0' 'x' >"$TMP/long.txt"
"$CR_BIN" --profile dana note add - <"$TMP/long.txt" >/dev/null 2>"$TMP/err" && fail "an over-long note was accepted" || pass
grep -q "longer than 4000 bytes" "$TMP/err" && pass || fail "over-long note: $(<"$TMP/err")"

# plan errors and undo
run 0 --profile dana plan todo 1
expect_in "$OUT" "to do again" "plan todo reopens"
run 0 --profile dana plan todo 1
expect_in "$OUT" "already todo" "no change is said"
run 2 --profile dana plan done
expect_in "$ERR" "give the number of an item" "plan done without a number"
run 2 plan
expect_in "$ERR" "'plan' needs one of: list, start, done, drop, todo" "plan sub-commands"

# profile management errors
run 2 profile create ""
expect_in "$ERR" "1 to 100 characters" "empty name refused"
run 2 profile create "$(printf 'a\tb')"
expect_in "$ERR" "control characters" "control characters refused"
# --profile NAME is held to the same rules: no profile is made of a bad name, the error is usage
run 2 --profile "$(printf 'a\nb')" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "a profile name cannot hold control characters" "--profile with a newline refused"
long=$(printf 'x%.0s' $(seq 200))
run 2 --profile "$long" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "a profile name has 1 to 100 characters" "--profile too long: the rule, not SQLite's"
if grep -q "CHECK constraint" <<<"$ERR"; then fail "raw SQLite error: $ERR"; else pass; fi
run 2 --profile "" history
expect_in "$ERR" "a profile name has 1 to 100 characters" "--profile '' refused"
if grep -q "profile create \`" <<<"$ERR"; then fail "suggests creating an empty name: $ERR"; else pass; fi
run 2 --profile "$(printf 'x\ty')" erase --yes
[ "$(db "SELECT count(*) FROM profile WHERE instr(name, char(10)) OR instr(name, char(9)) OR name = ''")" = 0 ] &&
	pass || fail "a profile with a bad name was stored"
run 0 profile create erin
run 2 profile rename dana erin
expect_in "$ERR" "already a profile named 'erin'" "rename onto an existing name"
run 5 profile rename nobody someone
run 0 profile rename erin "Erin K."
run 0 profile list
expect_in "$OUT" "Erin K." "renamed profile listed"
[ "$(widest "$OUT")" -le 80 ] && pass || fail "profile list is $(widest "$OUT") columns wide"

# profile list lines up names by the columns they take on screen, not their bytes, and cuts
# a name too long for 80 columns with an ellipsis (a database of its own: rows alike but names)
cols() { LC_ALL=C.UTF-8 wc -L <<<"$1"; }
U=$TMP/utf8.db
long46="Alexandra Konstantinopoulou-Vanderbilt Smythe!"
for n in "Céline Dubois" "李小龙" "bob" "$long46"; do run 0 --db "$U" profile create "$n"; done
run 0 --db "$U" profile list
rows=$(grep -E '^  (Céline|李小龙|bob|Alexandra)' <<<"$OUT")
[ "$(wc -l <<<"$rows")" = 4 ] && pass || fail "profile list rows: $OUT"
widths=$(while IFS= read -r l; do cols "$l"; done <<<"$rows" | sort -u)
[ "$(wc -l <<<"$widths")" = 1 ] && pass || fail "profile list columns shift with UTF-8 names: $OUT"
w=$(while IFS= read -r l; do cols "$l"; done <<<"$OUT" | sort -n | tail -1)
[ "$w" -le 80 ] && pass || fail "profile list is $w columns wide with a 46-character name: $OUT"
expect_in "$OUT" "Alexandra Konstantinop" "a long name keeps its start"
expect_in "$OUT" "…" "a long name is cut with an ellipsis"
run 0 --db "$U" profile list --format json
expect_jq "$OUT" "any(.[]; .name==\"$long46\")" "the json list keeps the whole name"

# the message of profile create fits 80 columns, its command whole
run 0 profile create "Alexandra Konstantinopoulou"
[ "$(widest "$OUT")" -le 80 ] && pass || fail "profile create says $(widest "$OUT") columns: $OUT"
expect_in "$OUT" "\`career-risk --profile 'Alexandra Konstantinopoulou' assess\`" "profile create: how to assess"

# no row of history ends in spaces
run 0 --profile dana history
if grep -q ' $' <<<"$OUT"; then fail "history rows end in spaces: $(grep -n ' $' <<<"$OUT" | cat -A | head -3)"; else pass; fi

# every new command is in the help
run 0 --help
for c in "profile list" "profile create" "history" "compare" "progress" "plan done" "note add" "report" "export" "erase"; do
	expect_in "$OUT" "  $c" "help lists $c"
done
run 0 report --help
expect_in "$OUT" "usage: career-risk report" "report --help"
run 2 --profile dana report --format pdf
expect_in "$ERR" "unknown format 'pdf'" "report: bad format"
run 2 --profile dana report --paper a5
expect_in "$ERR" "unknown paper 'a5'" "report: bad paper"
run 7 --profile dana report --output "$TMP/no/such/dir/r.txt"
expect_in "$ERR" "cannot write the output" "report: unwritable output"
# The HTML chart of dimensions over time draws exposure too, but only through sessions that
# have it: a session scored before model 2 (no exposure in its stored result) is a gap in the
# exposure line, never a point at 0, and the legend says why the line starts late.
run 0 --profile erin assess --answers "$A/accountant.yaml" --format json
run 0 --profile erin assess --answers "$A/accountant.yaml" --format json
run 0 --profile erin report --full --format html --output "$TMP/erin2.html"
chart=$(sed -n '/Dimensions over time/,/<\/section>/p' "$TMP/erin2.html")
[ "$(grep -o 'stroke="#e65100"' <<<"$chart" | wc -l)" = 1 ] && pass || fail "html: no exposure line over two model-2 sessions"
[ "$(grep -o 'fill="#e65100"' <<<"$chart" | wc -l)" = 2 ] && pass || fail "html: an exposure point per session"
expect_in "$chart" "exposure to AI dash-dot" "html: exposure in the chart legend"
run 0 --profile erin assess --answers "$A/accountant.yaml" --format json
db "UPDATE session SET result_json = json_remove(result_json, '$.dimensions.exposure', '$.model')
    WHERE id = (SELECT min(s.id) FROM session s JOIN profile p ON p.id = s.profile_id WHERE p.name = 'erin')"
run 0 --profile erin report --full --format html --output "$TMP/erin3.html"
chart=$(sed -n '/Dimensions over time/,/<\/section>/p' "$TMP/erin3.html")
[ "$(grep -o 'fill="#e65100"' <<<"$chart" | wc -l)" = 2 ] && pass || fail "html: the model-1 session got an exposure point"
grep -qE 'stroke="#e65100"[^>]*points="[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+"' <<<"$chart" && pass ||
	fail "html: the exposure line should join the two model-2 sessions only"
expect_in "$chart" "earlier sessions did not measure it" "html: why the exposure line starts late"
finish
