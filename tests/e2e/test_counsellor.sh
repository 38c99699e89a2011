# The counsellor's workflow from issue 6, end to end: three clients, two sessions each,
# compare, tick off plan items, re-assess (credits), notes, an HTML report, then export
# and erase one client, leaving the other two untouched.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers

# Second sessions: the same people after a few months of change.
sed -e 's/^data_entry: 60/data_entry: 20/' -e 's/^ai_frequency: tried/ai_frequency: daily/' \
	-e 's/^ai_depth: consume/ai_depth: workflow/' -e 's/^manual_preference: "yes"/manual_preference: "no"/' \
	-e 's/^last_learned: longer/last_learned: month/' -e 's/^learning_hours: 2$/learning_hours: 10/' \
	-e 's/routine_cognitive: 65/routine_cognitive: 35/' -e 's/analytic: 5,/analytic: 35,/' \
	"$A/data-entry-clerk.yaml" >"$TMP/clerk-later.yaml"
sed -e 's/^ai_frequency: weekly/ai_frequency: daily/' "$A/accountant.yaml" >"$TMP/acct-later.yaml"
cp "$A/registered-nurse.yaml" "$TMP/nurse-later.yaml"

run 0 profile create "Alex Doe"
expect_in "$OUT" "Created profile 'Alex Doe'" "create"
run 0 profile create bea
run 0 profile create cem
run 2 profile create bea
expect_in "$ERR" "already a profile named 'bea'" "duplicate name refused"

# session 1 for each client
run 0 --profile "Alex Doe" assess --answers "$A/data-entry-clerk.yaml" --format json
s1=$(jq .score <<<"$OUT")
run 0 --profile bea assess --answers "$A/accountant.yaml" --format json
run 0 --profile cem assess --answers "$A/registered-nurse.yaml" --format json

# the plan was made from the first session's recommendations, numbered from 1
run 0 --profile "Alex Doe" progress --format json
expect_jq "$OUT" '(.plan|length) >= 3 and (.plan|length) <= 8' "plan made from the top recommendations"
expect_jq "$OUT" '[.plan[].number] == ([range(1; (.plan|length)+1)])' "plan numbered 1.."
expect_jq "$OUT" 'all(.plan[]; .status=="todo" and .recommended_now)' "plan starts to do"
first_rec=$(jq -r '.plan[0].id' <<<"$OUT")
# an item the second session no longer calls for: automating data entry (data_entry falls to 20)
auto_num=$(jq -r '.plan[] | select(.id=="automate-own-data-entry") | .number' <<<"$OUT")
[ -n "$auto_num" ] && pass || fail "expected automate-own-data-entry in Alex's plan: $OUT"

# tick off items: done by number and by id, start one, drop one
run 0 --profile "Alex Doe" plan done "$auto_num" "$first_rec"
expect_in "$OUT" "Done item $auto_num" "plan done by number"
expect_in "$OUT" "next assessment credits it" "done explains the credit"
run 0 --profile "Alex Doe" plan start 3
expect_in "$OUT" "Started item 3" "plan start"
run 0 --profile "Alex Doe" plan drop 4
expect_in "$OUT" "plan todo 4" "drop says how to undo"
run 5 --profile "Alex Doe" plan done 99
expect_in "$ERR" "no item '99'" "missing item"
# every item is checked before any changes: a mistyped number among good ones changes nothing
before=$(db "SELECT group_concat(num || status || coalesce(done_at, ''), ',') FROM plan_item")
run 5 --profile "Alex Doe" plan drop 5 6 99
expect_in "$ERR" "no item '99'; nothing was changed" "several items, one unknown"
expect_in "$ERR" "career-risk --profile 'Alex Doe' plan list" "missing item: hint keeps the profile"
[ -z "$OUT" ] && pass || fail "reported changes it did not make: $OUT"
[ "$(db "SELECT group_concat(num || status || coalesce(done_at, ''), ',') FROM plan_item")" = "$before" ] && pass ||
	fail "plan drop 5 6 99 changed the plan"
run 0 --profile "Alex Doe" plan list
expect_in "$OUT" "[x]" "done marker"
expect_in "$OUT" "[>]   3" "doing marker"
expect_in "$OUT" "[-]   4" "dropped marker"
expect_in "$OUT" "Action plan: 2 done, 1 in progress" "plan summary"
expect_in "$OUT" ", 1 dropped" "plan summary counts the dropped items"
run 0 --profile bea plan done 1

# session 2 for each client
run 0 --profile "Alex Doe" assess --answers "$TMP/clerk-later.yaml"
expect_in "$OUT" "Session 2 credited the 2 items marked done" "re-assessment reports its credit"
run 0 --profile bea assess --answers "$TMP/acct-later.yaml"
run 0 --profile cem assess --answers "$TMP/nurse-later.yaml"

# the credit: the automation item is no longer called for; dates are kept
run 0 --profile "Alex Doe" progress --format json
expect_jq "$OUT" '(.sessions|length)==2' "two scored sessions"
expect_jq "$OUT" ".plan[] | select(.number==$auto_num) | .status==\"done\" and (.done_at|test(\"^20\")) and .credits==[{\"session\":2,\"still_recommended\":false}]" \
	"done item credited as no longer needed"
expect_jq "$OUT" '.plan[] | select(.number==3) | .status=="doing" and (.started_at|test("^20"))' "started item dated"
expect_jq "$OUT" '.plan[] | select(.number==4) | .status=="dropped" and (.dropped_at|test("^20"))' "dropped item dated"
s2=$(jq '.sessions[1].score' <<<"$OUT")
[ "$s2" -lt "$s1" ] && pass || fail "Alex's score should fall ($s1 -> $s2)"

# counsellor notes
run 0 --profile "Alex Doe" note add "Alex wants to move into QA; <b>follow up</b> in March."
expect_in "$OUT" "session 2 of Alex Doe" "note goes to the latest session"
run 0 --profile "Alex Doe" note add --session 1 "First meeting: worried about the new invoicing system."
printf 'Bea: ask HR about the audit-automation pilot.\nSecond line.\n' | "$CR_BIN" --profile bea note add - >/dev/null \
	&& pass || fail "note from standard input"
run 0 --profile bea note list
expect_in "$OUT" "audit-automation pilot" "note list"
# a blank note says nothing: refused, whether typed or piped
run 2 --profile bea note add "   "
expect_in "$ERR" "the note is blank" "blank note refused"
printf ' \n\t\n' | "$CR_BIN" --profile bea note add - >/dev/null 2>"$TMP/err" && fail "a blank piped note was accepted" || pass
grep -q "the note is blank" "$TMP/err" && pass || fail "blank piped note: $(<"$TMP/err")"
[ "$(db "SELECT count(*) FROM note WHERE trim(body, ' '||char(9)||char(10)||char(13)) = ''")" = 0 ] && pass ||
	fail "a blank note was stored"
# notes added out of order are shown grouped by session, in note list and in every report
run 0 --profile "Alex Doe" note add --session 2 "Third note, on session 2 again."
run 0 --profile "Alex Doe" note list
order=$(grep -o "^Session [0-9]" <<<"$OUT" | tr '\n' ' ')
[ "$order" = "Session 1 Session 2 " ] && pass || fail "note list not grouped by session: $order"
# counsellor notes are private: no report shows them unless --notes asks, in either form or any format
for form in "" --full; do
	for f in text markdown html json; do
		run 0 --profile "Alex Doe" report $form --format $f
		if grep -qE "First meeting|follow up|Third note|Counsellor notes" <<<"$OUT"; then
			fail "report $form --format $f shows counsellor notes without --notes"
		else pass; fi
		run 0 --profile "Alex Doe" report $form --notes --format $f
		expect_in "$OUT" "First meeting" "report $form --notes --format $f shows the notes"
	done
done
run 0 --profile "Alex Doe" report --format json
expect_jq "$OUT" '.notes == [] and .notes_included == false and .form == "summary"' "json report: notes kept out"
run 0 --profile "Alex Doe" report --notes
order=$(grep -oE "^  Session [0-9]$" <<<"$OUT" | tr -s ' \n' ' ')
[ "$order" = " Session 1 Session 2 " ] && pass || fail "text report notes not grouped by session: '$order'"
texts=$(awk '/^Counsellor notes/{on=1; next} on && /^[A-Z]/{on=0} on' <<<"$OUT" | grep -oE "First meeting|follow up|Third note" | tr '\n' ' ')
[ "$texts" = "First meeting follow up Third note " ] && pass || fail "text report note order: $texts"
# the report gives the session's four-step plan, each step with the recommendation chosen for it
step4=$(printf '%s\n' "$OUT" | grep -A1 "^  4\. Insurance for later" | tr -s ' \n' ' ')
[ -n "$step4" ] && pass || fail "text report lacks step 4 of the four-step plan: $OUT"
for f in markdown html; do
	run 0 --profile "Alex Doe" report --format $f
	expect_in "$OUT" "four-step plan" "$f report: four-step plan"
	n=$(printf '%s\n' "$OUT" | grep -c -E '^(<li value="[1-4]"><strong>|[1-4]\. \*\*)')
	[ "$n" -eq 4 ] && pass || fail "$f report: four steps, found $n"
done
# the JSON report carries the notes the text report shows: session 1's too
run 0 --profile "Alex Doe" report --notes --format json
expect_jq "$OUT" '[.notes[].session] == [1, 2, 2]' "json report: every note up to the session, grouped"
expect_jq "$OUT" '.notes[0].text | test("First meeting")' "json report: session 1's note"
run 0 --profile "Alex Doe" report --notes --format json --session 1
expect_jq "$OUT" '[.notes[].session] == [1]' "json report of session 1: no later note"

# history and compare
run 0 --profile "Alex Doe" history
expect_in "$OUT" "Sessions of Alex Doe (2 scored)" "history title"
expect_in "$OUT" "$((s2 - s1))" "history shows the change"
# the commands it suggests act on the same profile (and database) when copied
expect_in "$OUT" "\`career-risk --profile 'Alex Doe' compare A B\`" "history: compare hint keeps --profile"
run 0 --profile "Alex Doe" plan list
expect_in "$OUT" "\`career-risk --profile 'Alex Doe' plan start|done|drop|todo NUMBER\`" "plan: hint keeps --profile"
LONGDB=$TMP/a-rather-long-folder-name-for-the-counsellor/clients-2025/profiles.db
run 0 --db "$LONGDB" --profile "Alex Doe" assess --answers "$A/accountant.yaml" --format json
run 0 --db "$LONGDB" --profile "Alex Doe" progress
expect_in "$OUT" "  \`career-risk --db '$LONGDB' --profile 'Alex Doe' plan start|done|drop|todo NUMBER\`" \
	"a long suggested command stays whole on its own line"
run 0 --profile "Alex Doe" compare 1 2 --format json
expect_jq "$OUT" ".score.before==$s1 and .score.after==$s2 and .score.change==($s2-$s1)" "compare score"
expect_jq "$OUT" '.dimensions.ai_usage.change > 0 and .dimensions.routineness.change < 0' "compare dimensions"
expect_jq "$OUT" '[.rules.went[].id] | index("data-entry-heavy") != null' "rule that went"
expect_jq "$OUT" '[.rules.came[].id] | index("ai-daily") != null' "rule that came"
expect_jq "$OUT" '[.recommendations.went[].id] | index("automate-own-data-entry") != null' "advice that went"
expect_jq "$OUT" '(.recommendations.came|length) > 0' "advice that came"
expect_jq "$OUT" '.answers[] | select(.question=="data_entry") | .before==60 and .after==20' "answers that changed"
run 0 --profile "Alex Doe" compare
expect_in "$OUT" "session 1" "compare defaults to the last two"
expect_in "$OUT" "Rules that no longer apply" "compare text: rules went"
expect_in "$OUT" "data_entry: 60 -> 20" "compare text: answers"
expect_in "$OUT" "(you marked it" "compare text: done advice"
width=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' <<<"$OUT")
[ "$width" -le 80 ] && pass || fail "compare output is $width columns wide"
run 0 --profile cem compare 2 1
expect_in "$OUT" "compared with session 1" "compare in either order"
run 5 --profile cem compare 1 7
expect_in "$ERR" "cem has no session 7" "compare: missing session"
run 2 --profile cem compare 2 2
expect_in "$ERR" "session 2 cannot be compared with itself" "compare a session with itself"
run 2 --profile cem compare 2
expect_in "$ERR" "session 2 is the newest" "compare the newest with the newest"

# the list shows each client's last session, score and trend
run 0 profile list
expect_in "$OUT" "Alex Doe" "list: Alex"
expect_in "$OUT" "down $((s1 - s2))" "list: Alex's trend"
run 0 profile list --format json
expect_jq "$OUT" 'length==3 and all(.[]; .sessions==2 and .last_session==2)' "list: two sessions each"
expect_jq "$OUT" ".[] | select(.name==\"Alex Doe\") | .score==$s2 and .trend==($s2-$s1)" "list: score and trend"

# reports: text, markdown, json, html
run 0 --profile "Alex Doe" report --notes
expect_in "$OUT" "session 2 of 2" "report text"
expect_in "$OUT" "Counsellor notes" "report shows notes"
expect_in "$OUT" "follow up" "report shows the note's text"
expect_in "$OUT" "Done, and no longer needed" "report credits done items"
run 0 --profile "Alex Doe" report --format markdown --session 1 --notes
expect_in "$OUT" "# AI exposure summary: Alex Doe" "report markdown"
expect_in "$OUT" "First meeting" "session 1 report has session 1's note"
if grep -q "follow up" <<<"$OUT"; then fail "session 1 report shows a later note"; else pass; fi
run 0 --profile "Alex Doe" report --format json
expect_jq "$OUT" '.session.number==2 and .result.score==.session.score and (.history|length)==2' "report json"
expect_jq "$OUT" '.previous.from==1 and .previous.to==2' "report json: previous"
run 0 --profile "Alex Doe" report --full --notes --format html --output "$TMP/alex.html"
[ "$(stat -c %a "$TMP/alex.html")" = 600 ] && pass || fail "report file not owner-only"
html=$(<"$TMP/alex.html")
expect_in "$html" "<svg" "html has inline charts"
expect_in "$html" "&lt;b&gt;follow up&lt;/b&gt;" "html escapes notes"
expect_in "$html" "Score over time" "html score chart"

# export, then erase one client for good
run 0 --profile bea export --output "$TMP/bea.json"
expect_jq "$(<"$TMP/bea.json")" '.format=="career-risk-export" and .profile.name=="bea" and (.sessions|length)==2' "export"
expect_jq "$(<"$TMP/bea.json")" '.sessions[0].answers.occupation and .sessions[0].result.score and (.plan|length)>0' \
	"export holds answers, results and plan"
expect_jq "$(<"$TMP/bea.json")" '[.sessions[].notes[].text] | any(test("audit-automation"))' "export holds notes"
run 2 --profile bea erase
expect_in "$ERR" "add --yes" "erase needs confirmation off a terminal"
run 0 --profile bea erase --yes
expect_in "$OUT" "Erased profile 'bea': 2 sessions" "erase says what went"
expect_in "$OUT" "1 note" "erase counts notes"
run 5 --profile bea history
run 0 profile list --format json
expect_jq "$OUT" 'length==2 and ([.[].name]|sort)==["Alex Doe","cem"]' "the others are untouched"
run 0 --profile "Alex Doe" report --format json
expect_jq "$OUT" '.session.number==2' "Alex's data survives"

# rename keeps everything
run 0 profile rename cem "Cem Yilmaz"
run 0 --profile "Cem Yilmaz" history --format json
expect_jq "$OUT" '(.sessions|length)==2' "rename keeps the sessions"
finish
