# export writes everything held about a person; erase and profile delete remove it for good:
# afterwards the person's answers and notes are nowhere in the database file or its -wal file.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
DB=$XDG_DATA_HOME/career-risk/profiles.db

canary() { # canary WORD: an answers file whose free text holds WORD
	grep -v '^goals:' "$A/accountant.yaml" >"$TMP/$1.yaml"
	printf 'goals: "%s wants to lead the audit-automation pilot"\n' "$1" >>"$TMP/$1.yaml"
}
in_db() { cat "$DB" "$DB-wal" 2>/dev/null | grep -c -a "$1" || true; }

canary zqxAliceCanary
canary zqxBobCanary
canary zqxCaraCanary
run 0 --profile alice assess --answers "$TMP/zqxAliceCanary.yaml" --format json
run 0 --profile alice plan done 1
run 0 --profile alice assess --answers "$TMP/zqxAliceCanary.yaml" --format json
run 0 --profile alice note add "zqxAliceNote: prefers written feedback"
run 0 --profile bob assess --answers "$TMP/zqxBobCanary.yaml" --format json
run 0 --profile cara assess --answers "$TMP/zqxCaraCanary.yaml" --format json

# export: everything, as JSON, owner-only
run 0 --profile alice export --output "$TMP/alice.json"
expect_in "$ERR" "readable by you only" "export says where it went"
[ "$(stat -c %a "$TMP/alice.json")" = 600 ] && pass || fail "export file not owner-only"
J=$(<"$TMP/alice.json")
expect_jq "$J" '.profile.name=="alice" and (.sessions|length)==2' "export: profile and sessions"
expect_jq "$J" 'all(.sessions[]; (.answers|length) > 20 and (.answered_at|length) == (.answers|length))' "export: every answer, dated"
expect_jq "$J" '.sessions[0].answers.goals|test("zqxAliceCanary")' "export: free text"
expect_jq "$J" '.sessions[0].answers.tasks.routine_cognitive|type=="number"' "export: answers as values, not strings"
expect_jq "$J" 'all(.sessions[]; .result.score == .score and (.result.rules|length) > 0)' "export: full results"
expect_jq "$J" '[.sessions[].notes[].text]==["zqxAliceNote: prefers written feedback"]' "export: notes"
expect_jq "$J" '.plan[0].status=="done" and (.plan[0].credits|length)==1' "export: plan with credits"
if grep -q zqxBob <<<"$J"; then fail "alice's export holds bob's data"; else pass; fi
run 0 --profile alice export
expect_jq "$OUT" '.profile.name=="alice"' "export to stdout"
run 5 --profile nobody export
expect_in "$ERR" "no profile named 'nobody'" "export of a missing profile"

# the canaries are in the database before
[ "$(in_db zqxAliceCanary)" -gt 0 ] && pass || fail "alice's answers not stored"
[ "$(in_db zqxAliceNote)" -gt 0 ] && pass || fail "alice's note not stored"

# erase: confirmation, what went, and no byte left
run 2 --profile alice erase
expect_in "$ERR" "cannot be undone; add --yes" "erase asks for --yes off a terminal"
[ "$(in_db zqxAliceCanary)" -gt 0 ] && pass || fail "an unconfirmed erase removed data"
run 0 --profile alice erase --yes
expect_in "$OUT" "Erased profile 'alice': 2 sessions," "erase: sessions"
expect_in "$OUT" "1 note" "erase: notes"
expect_in "$OUT" "no copy is left" "erase: says the file is clean"
grep -qxF "  $DB" <<<"$OUT" && pass || fail "erase: the database path is not on a line of its own: $OUT"
others=$(grep -vxF "  $DB" <<<"$OUT" | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
[ "$others" -le 80 ] && pass || fail "erase: a line of $others columns besides the path: $OUT"
answers=$(jq '[.sessions[].answers|length]|add' <<<"$J")
expect_in "$OUT" "$answers answers" "erase counts the answers"
[ "$(in_db zqxAliceCanary)" = 0 ] && pass || fail "alice's answers still in the database bytes"
[ "$(in_db zqxAliceNote)" = 0 ] && pass || fail "alice's note still in the database bytes"
[ ! -s "$DB-wal" ] && pass || fail "the write-ahead log was not emptied"
[ "$(in_db zqxBobCanary)" -gt 0 ] && pass || fail "bob's data went with alice's"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM session s JOIN profile p ON p.id = s.profile_id WHERE p.name = "alice"')" = 0 ] \
	&& pass || fail "alice's sessions remain"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM answer WHERE session_id NOT IN (SELECT id FROM session)')" = 0 ] \
	&& pass || fail "orphan answers remain"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] && pass || fail "database damaged by erase"
run 5 --profile alice erase --yes
expect_in "$ERR" "no profile named 'alice': there is nothing to erase" "erase of a missing profile"
if grep -q "profile create" <<<"$ERR"; then fail "erase of a missing profile suggests creating it: $ERR"; else pass; fi
run 5 profile delete nobody --yes
expect_in "$ERR" "nothing to erase" "profile delete of a missing profile"

# profile delete is the same erase
run 2 profile delete bob
run 0 profile delete bob --yes
expect_in "$OUT" "Erased profile 'bob'" "profile delete"
[ "$(in_db zqxBobCanary)" = 0 ] && pass || fail "bob's answers still in the database bytes"
[ "$(in_db zqxCaraCanary)" -gt 0 ] && pass || fail "cara's data went too"
run 0 --profile cara report --format json
expect_jq "$OUT" '.session.number==1' "cara still reports"
finish
