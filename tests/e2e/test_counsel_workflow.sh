# The counsellor's workflow: items of their own in the plan (`plan add`: listed, closed like the
# others, in every report format, never credited), a recommendation every assessment gives
# whatever the answers never credited either, notes edited and deleted by their number (asked
# first at a terminal, --yes elsewhere; the other numbers stay), and profile tags with
# `profile list --tag`. Bad input exits with a message and changes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux.sh"
A=$CR_SRC/tests/data/answers
item() { db "SELECT $2 FROM plan_item i JOIN profile p ON p.id = i.profile_id WHERE p.name = 'pat' AND num = $1"; }

run 0 --profile pat assess --answers "$A/data-entry-clerk.yaml" --format json
# --- items of the counsellor's own -------------------------------------------------------
run 0 --profile pat plan add Shadow the «QA» lead for a day
expect_in "$OUT" "Added item 9 to pat's action plan: Shadow the «QA» lead for a day" "plan add says the number"
[ "$(item 9 kind)" = custom ] && pass || fail "item 9 kind: $(item 9 kind)"
run 0 --profile pat plan list
expect_in "$OUT" "  [ ]   9  Shadow the «QA» lead for a day" "plan list shows the custom item"
run 2 --profile pat plan add "   "
expect_in "$ERR" "the item is blank" "a blank item is refused"
run 2 --profile pat plan add "$(head -c 201 /dev/zero | tr '\0' x)"
expect_in "$ERR" "a plan item has 1 to 200 bytes; this one has 201" "a long item is refused"
[ "$(db "SELECT count(*) FROM plan_item")" = 9 ] && pass || fail "a refused item was stored"
run 5 --profile nobody plan add "An item"
expect_in "$ERR" "no profile named 'nobody'" "plan add for a missing profile"

# a recommendation every assessment gives (its rule's condition is "true") is marked so
always=$(db "SELECT num FROM plan_item WHERE rec_id = 'write-niche-statement'")
[ -n "$always" ] && [ "$(item "$always" kind)" = always ] && pass || fail "write-niche-statement is not 'always': $(item "${always:-0}" kind)"
run 0 --profile pat plan done 9 "$always" 1
expect_in "$OUT" "It is your own item: it stays done, and no assessment re-checks it." "done custom item"
expect_in "$OUT" "Every assessment recommends this whatever the answers" "done 'always' item"
expect_in "$OUT" "The next assessment credits it" "done ordinary item"
run 0 --profile pat assess --answers "$A/data-entry-clerk.yaml" --format json
# only the ordinary item is credited; the other two stay done, uncredited
credited=$(db "SELECT group_concat(i.num) FROM credit c JOIN plan_item i ON i.id = c.item_id")
[ "$credited" = 1 ] && pass || fail "credited items: $credited (want 1 only)"
[ "$(item 9 status)" = done ] && [ "$(item "$always" status)" = done ] && pass || fail "uncredited items not kept done"
run 0 --profile pat plan list
expect_in "$OUT" "your own item, which no" "plan list: custom item's state"
expect_in "$OUT" "every assessment recommends it whatever" "plan list: always item's state"

# in every report format: the full report, which lists the action plan with its status
run 0 --profile pat report --full
expect_in "$OUT" "  [x]   9  Shadow the «QA» lead for a day" "text report"
run 0 --profile pat report --full --format markdown
expect_in "$OUT" "- [x] **9.** **Shadow the «QA» lead for a day**" "markdown report"
run 0 --profile pat report --full --format html
expect_in "$OUT" "<strong>9. Shadow the «QA» lead for a day</strong>" "html report"
run 0 --profile pat report --full --format json
expect_jq "$OUT" '[.plan[] | select(.id == "custom:9" and .status == "done")] | length == 1' "json report"
run 0 --profile pat plan drop 9
run 0 --profile pat report
if grep -qF "Shadow the" <<<"$OUT"; then fail "a dropped custom item is in the report"; else pass; fi
run 0 --profile pat plan todo 9

# --- notes by number -----------------------------------------------------------------------
run 0 --profile pat note add "first: wants QA"
run 0 --profile pat note add --session 1 "on the first session"
run 0 --profile pat note add "third"
run 0 --profile pat note list
expect_in "$OUT" "  2. " "notes are numbered"
run 0 --profile pat note edit 1 "first: wants QA, follow up in March"
expect_in "$OUT" "Changed note 1 of pat." "note edit"
[ "$(db "SELECT body FROM note WHERE num = 1")" = "first: wants QA, follow up in March" ] && pass || fail "note not edited"
echo "from stdin" | cr --profile pat note edit 3 - >/dev/null && pass || fail "note edit - failed"
[ "$(db "SELECT body FROM note WHERE num = 3")" = "from stdin" ] && pass || fail "note edit - did not read stdin"
run 5 --profile pat note edit 7 "no such note"
expect_in "$ERR" "there is no note 7 for this profile" "edit a missing note"
run 2 --profile pat note edit x "text"
expect_in "$ERR" "'x' is not a note number" "edit with a bad number"
run 2 --profile pat note edit 1 "  "
expect_in "$ERR" "the note is blank" "edit to a blank note"
[ "$(db "SELECT body FROM note WHERE num = 1")" = "first: wants QA, follow up in March" ] && pass || fail "refused edit changed the note"
# not at a terminal: --yes is needed
run 2 --profile pat note delete 2 </dev/null
expect_in "$ERR" "deleting note 2 cannot be undone; add --yes to confirm it" "delete without --yes"
[ "$(db "SELECT count(*) FROM note")" = 3 ] && pass || fail "note deleted without --yes"
run 0 --profile pat note delete 2 --yes
expect_in "$OUT" "Deleted note 2 of pat; the other notes keep their numbers." "delete --yes"
run 0 --profile pat note list
expect_in "$OUT" "  3. " "note 3 keeps its number"
if grep -qF "on the first session" <<<"$OUT"; then fail "deleted note still listed"; else pass; fi
run 5 --profile pat note delete 2 --yes
expect_in "$ERR" "pat has no note 2" "delete a deleted note"
# at a terminal: asked first, quoting the note; no keeps it, yes deletes it
start d1 --profile pat note delete 3
wait_for d1 'Delete note 3 of pat (session 2: "from stdin")? [y/N]'
type_line d1 n
wait_for d1 "Nothing was deleted."
wait_rc d1 >/dev/null
[ "$(db "SELECT count(*) FROM note WHERE num = 3")" = 1 ] && pass || fail "'n' deleted the note"
start d2 --profile pat note delete 3
wait_for d2 "Delete note 3 of pat"
type_line d2 y
wait_for d2 "Deleted note 3 of pat"
[ "$(wait_rc d2)" = "EXIT=0" ] && pass || fail "confirmed delete did not exit 0"
[ "$(db "SELECT count(*) FROM note WHERE num = 3")" = 0 ] && pass || fail "'y' kept the note"

# --- tags ----------------------------------------------------------------------------------
run 0 --profile quinn assess --answers "$A/registered-nurse.yaml" --format json
run 0 profile create sam
run 0 profile tag pat autumn-intake qa
expect_in "$OUT" "pat's tags: autumn-intake, qa." "tags added"
run 0 profile tag quinn autumn-intake
run 0 profile tag pat
expect_in "$OUT" "pat's tags: autumn-intake, qa." "tags shown"
run 0 profile list --tag autumn-intake --format json
expect_jq "$OUT" '[.[].name] == ["pat", "quinn"]' "list by tag"
run 0 profile list --tag qa
expect_in "$OUT" "pat" "text list by tag"
if grep -qE "^ *(quinn|sam) " <<<"$OUT"; then fail "untagged profiles listed: $OUT"; else pass; fi
run 0 profile untag pat qa
expect_in "$OUT" "pat's tags: autumn-intake." "tag removed"
run 5 profile list --tag qa
expect_in "$ERR" "no profile is tagged 'qa'" "no profile with the tag"
run 2 profile tag sam ok "not a tag"
expect_in "$ERR" "'not a tag' is not a tag" "a bad tag"
[ "$(db "SELECT count(*) FROM profile_tag t JOIN profile p ON p.id = t.profile_id WHERE p.name = 'sam'")" = 0 ] &&
	pass || fail "a refused tag command tagged something"
run 2 profile list --tag ""
run 5 profile tag nobody x
expect_in "$ERR" "no profile named 'nobody'" "tag a missing profile"
# the tags are held about the profile, so its export holds them
run 0 --profile pat export
expect_jq "$OUT" '.profile.tags == ["autumn-intake"]' "export holds the tags"
# erasing a profile takes its tags with it
run 0 profile delete pat --yes
[ "$(db "SELECT count(*) FROM profile_tag")" = 1 ] && pass || fail "tags of an erased profile kept"
finish
