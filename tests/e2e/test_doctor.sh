# career-risk doctor: examines a database without changing it, says what to do about each
# finding, exits 0 when healthy and 4 when something needs fixing.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
DEFAULT=$XDG_DATA_HOME/career-risk/profiles.db

# no database yet: nothing to fix, and nothing created
run 0 doctor
expect_in "$OUT" "No profile database yet at $DEFAULT" "no database yet"
[ ! -e "$DEFAULT" ] && pass || fail "doctor created a database"
run 5 --db "$TMP/typo.db" doctor
expect_in "$ERR" "typo.db: no such file" "a --db that names nothing"

# a healthy database, with an unfinished session
run 0 assess --answers "$A/accountant.yaml" --format json
printf '%s\n' "43-9021" "65 10 5 10 0 10" | cr --profile "Ana Li" assess --questionnaire quick >/dev/null 2>&1 || true
sum=$(md5sum <"$DEFAULT")
run 0 doctor --format json
REPORT=$OUT
finding() { # finding LEVEL TEXT WHAT: the JSON report has a finding of LEVEL containing TEXT
	expect_jq "$REPORT" "any(.checks[]; .level == \"$1\" and (.finding | contains(\"$2\")))" "$3"
}
finding ok "the folder $XDG_DATA_HOME/career-risk is yours and private (700)" "folder checked"
finding ok "the database is yours and private (600)" "file checked"
finding ok "a career-risk database, schema $SCHEMA_LATEST (this version's)" "schema checked"
finding ok "integrity check passed" "integrity checked"
finding ok "every answer and session belongs to an existing profile" "foreign keys checked"
finding note "profile 'Ana Li' has 1 unfinished assessment, answers kept" "unfinished session noted"
run 0 doctor
expect_in "$OUT" "note     profile 'Ana Li' has 1 unfinished assessment, answers kept" "text report"
expect_in "$OUT" "\`career-risk --profile 'Ana Li' assess --resume\` carries on" "says how to resume"
expect_in "$OUT" "The database is healthy." "verdict"
[ "$(md5sum <"$DEFAULT")" = "$sum" ] && pass || fail "doctor changed the database"
[ ! -e "$DEFAULT-wal" ] && [ ! -e "$DEFAULT-shm" ] && pass || fail "doctor left journal files behind"
if awk 'length > 80 { bad = 1 } END { exit !bad }' <<<"$OUT"; then fail "doctor's report is wider than 80 columns"; else pass; fi
run 0 doctor --format json
expect_jq "$OUT" '.healthy == true and .problems == 0 and (.checks | length) >= 6' "json report"
expect_jq "$OUT" '[.checks[] | select(.level == "note")] | length == 1' "json report: one note"

# permissions: a database others can read is a problem, with the command that fixes it
chmod 644 "$DEFAULT"
run 4 doctor
expect_in "$OUT" "PROBLEM  others can read the database (644); career-risk refuses to use it" "open permissions found"
expect_in "$OUT" "run \`chmod 600 $DEFAULT\`" "open permissions: the fix"
expect_in "$OUT" "1 problem to fix" "open permissions: verdict"
expect_in "$ERR" "1 problem found" "open permissions: stderr"
[ ! -e "$DEFAULT-wal" ] && pass || fail "doctor left a journal with the database's open permissions"
chmod 600 "$DEFAULT"
chmod 755 "$XDG_DATA_HOME/career-risk"
run 0 doctor
expect_in "$OUT" "note     others can list the folder" "listable folder noted"
chmod 700 "$XDG_DATA_HOME/career-risk"

# a newer schema, damage and strangers: each named, with what to do
cp "$DEFAULT" "$TMP/newer.db"
sqlite3 "$TMP/newer.db" "PRAGMA user_version = 7"
run 4 --db "$TMP/newer.db" doctor
expect_in "$OUT" "written by a newer career-risk (schema 7; this version knows up to $SCHEMA_LATEST)" "newer schema"
expect_in "$OUT" "upgrade career-risk" "newer schema: the fix"
cp "$DEFAULT" "$TMP/older.db"
sqlite3 "$TMP/older.db" "PRAGMA user_version = 0; CREATE TABLE x(y)"
run 4 --db "$TMP/older.db" doctor
expect_in "$OUT" "a SQLite database of another program" "another program's database"
cp "$DEFAULT" "$TMP/damaged.db"
printf '\xde\xad\xbe\xef%.0s' $(seq 300) | dd of="$TMP/damaged.db" bs=1 seek=8192 conv=notrunc 2>/dev/null
run 4 --db "$TMP/damaged.db" doctor
expect_in "$OUT" "PROBLEM  the " "damage found"
expect_in "$OUT" ".recover | sqlite3 recovered.db" "damage: the recovery command"
printf 'not a database at all' >"$TMP/text.db"
chmod 600 "$TMP/text.db"
run 4 --db "$TMP/text.db" doctor
expect_in "$OUT" "not a SQLite database: the file does not start with a SQLite header" "not a database"
: >"$TMP/empty.db"
chmod 600 "$TMP/empty.db"
run 0 --db "$TMP/empty.db" doctor
expect_in "$OUT" "note     the file is empty: created, but nothing saved yet" "empty file"
# rows whose profile is gone (written with foreign keys off, as another tool might)
cp "$DEFAULT" "$TMP/orphans.db"
sqlite3 "$TMP/orphans.db" "PRAGMA foreign_keys = OFF; DELETE FROM profile WHERE name = 'me'"
run 4 --db "$TMP/orphans.db" doctor --format json
REPORT=$OUT
finding problem "refer to rows that are gone: a row of '" "orphans named"
finding problem "refers to a missing row of 'profile'" "orphans found"
# a journal left by a crash is explained, not deleted
cp "$DEFAULT" "$TMP/crashed.db"
printf 'x%.0s' $(seq 100) >"$TMP/crashed.db-journal"
chmod 600 "$TMP/crashed.db-journal"
run 0 --db "$TMP/crashed.db" doctor --format json
REPORT=$OUT
finding note "a rollback journal from an interrupted write" "journal explained"
finding note "the contents can be checked once the interrupted write is undone" "says when the rest is checked"
[ -e "$TMP/crashed.db-journal" ] && pass || fail "doctor removed a journal"
finish
