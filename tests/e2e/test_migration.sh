# A database written by schema version 1 (profiles/schema/0001-initial.sql) upgrades to the
# current version without losing anything: the version-1 tables come through byte for byte,
# and the old sessions work with history, compare, progress and reports. Then, for every
# migration N, a database of version N-1 (built from the schema files before N and their
# fixtures in tests/data/migration) upgrades to the latest with every row unchanged.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
DB=$TMP/v1.db

# Two real results, as version 1 stored them (the JSON the engine writes).
"$CR_BIN" assess --answers "$A/data-entry-clerk.yaml" --format json --no-save >"$TMP/r1.json"
sed -e 's/^ai_frequency: tried/ai_frequency: daily/' -e 's/^data_entry: 60/data_entry: 20/' \
	"$A/data-entry-clerk.yaml" >"$TMP/later.yaml"
"$CR_BIN" assess --answers "$TMP/later.yaml" --format json --no-save >"$TMP/r2.json"

sqlite3 "$DB" <"$CR_SRC/profiles/schema/0001-initial.sql"
sqlite3 "$DB" <<SQL
PRAGMA user_version = 1;
INSERT INTO profile(id, name, created_at) VALUES (1, 'pat', '2025-01-10T09:00:00Z'), (2, 'quinn', '2025-02-01T09:00:00Z');
INSERT INTO session(id, profile_id, questionnaire, kb_version, status, started_at, finished_at, score, band,
                    range_low, range_high, routineness, ai_usage, specialization, result_json)
SELECT 1, 1, 'standard', json_extract(j, '\$.kb_version'), 'done', '2025-01-10T09:00:00Z', '2025-01-10T09:20:00Z',
       json_extract(j, '\$.score'), json_extract(j, '\$.band'), json_extract(j, '\$.range[0]'), json_extract(j, '\$.range[1]'),
       json_extract(j, '\$.dimensions.routineness'), json_extract(j, '\$.dimensions.ai_usage'),
       json_extract(j, '\$.dimensions.specialization'), j
FROM (SELECT CAST(readfile('$TMP/r1.json') AS TEXT) AS j);
INSERT INTO session(id, profile_id, questionnaire, kb_version, status, started_at, finished_at, score, band,
                    range_low, range_high, routineness, ai_usage, specialization, result_json)
SELECT 2, 1, 'standard', json_extract(j, '\$.kb_version'), 'done', '2025-06-10T09:00:00Z', '2025-06-10T09:25:00Z',
       json_extract(j, '\$.score'), json_extract(j, '\$.band'), json_extract(j, '\$.range[0]'), json_extract(j, '\$.range[1]'),
       json_extract(j, '\$.dimensions.routineness'), json_extract(j, '\$.dimensions.ai_usage'),
       json_extract(j, '\$.dimensions.specialization'), j
FROM (SELECT CAST(readfile('$TMP/r2.json') AS TEXT) AS j);
INSERT INTO session(id, profile_id, questionnaire, kb_version, status, started_at) VALUES
    (3, 2, 'quick', 'kb-old', 'open', '2025-02-01T09:05:00Z');
INSERT INTO answer(session_id, question, value_json, answered_at) VALUES
    (1, 'occupation', '"43-9021"', '2025-01-10T09:01:00Z'),
    (1, 'data_entry', '60', '2025-01-10T09:02:00Z'),
    (1, 'goals', '"v1 canary: keep a steady job"', '2025-01-10T09:03:00Z'),
    (2, 'occupation', '"43-9021"', '2025-06-10T09:01:00Z'),
    (2, 'data_entry', '20', '2025-06-10T09:02:00Z'),
    (3, 'occupation', '"29-1141"', '2025-02-01T09:06:00Z');
SQL
chmod 600 "$DB"
dump_v1() { sqlite3 "$DB" ".dump profile session answer" | grep -v '^CREATE\|^PRAGMA\|^BEGIN\|^COMMIT'; }
before=$(dump_v1)
[ "$(sqlite3 "$DB" 'PRAGMA user_version')" = 1 ] && pass || fail "test database is not version 1"

run 0 --db "$DB" --profile pat history --format json
latest=$SCHEMA_LATEST
[ "$(sqlite3 "$DB" 'PRAGMA user_version')" = "$latest" ] && pass || fail "not upgraded to version $latest"
after=$(dump_v1)
[ "$before" = "$after" ] && pass || fail "version-1 data changed by the upgrade: $(diff <(echo "$before") <(echo "$after") | head)"
expect_jq "$OUT" '(.sessions|length)==2 and .sessions[0].started_at=="2025-01-10T09:00:00Z"' "old sessions listed"
expect_jq "$OUT" ".sessions[0].score==$(jq .score "$TMP/r1.json") and .sessions[1].score==$(jq .score "$TMP/r2.json")" \
	"old scores kept"
for t in plan_item note credit; do
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE name='$t'")" = 1 ] && pass || fail "table $t missing"
done
[ "$(sqlite3 "$DB" 'PRAGMA foreign_key_check')" = "" ] && pass || fail "foreign keys broken after the upgrade"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] && pass || fail "integrity check failed"

# the plan of pat's newest scored session was carried in, numbered by priority
n=$(jq '[.recommendations[]] | length' "$TMP/r2.json")
expected=$((n < 8 ? n : 8))
[ "$n" -gt 8 ] && pass || fail "the test wants a result with more than 8 recommendations ($n)"
run 0 --db "$DB" --profile pat progress --format json
expect_jq "$OUT" "(.plan|length)==$expected" "plan backfilled from the newest session"
expect_jq "$OUT" '.plan[0].number==1 and .plan[0].status=="todo" and .plan[0].recommended_now' "backfilled plan usable"
expect_jq "$OUT" "[.plan[].id] == $(jq -c '[.recommendations | sort_by(.priority)[] | .id][:8]' "$TMP/r2.json")" \
	"plan in priority order"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM plan_item WHERE profile_id = 2")" = 0 ] && pass || fail "unscored profile got a plan"

# the old sessions work with every new command
run 0 --db "$DB" --profile pat compare 1 2 --format json
expect_jq "$OUT" '.answers[] | select(.question=="data_entry") | .before==60 and .after==20' "compare old sessions"
run 0 --db "$DB" --profile pat report --session 1 --format markdown
expect_in "$OUT" "# AI exposure summary: pat" "report of an old session"
run 0 --db "$DB" --profile pat export
expect_jq "$OUT" '.sessions[0].answers.goals=="v1 canary: keep a steady job"' "old free text exported"
run 0 --db "$DB" --profile quinn history
expect_in "$OUT" "unfinished, 1 answer" "open session kept"
run 0 --db "$DB" --profile pat plan done 1
run 0 --db "$DB" --profile pat assess --answers "$TMP/later.yaml" --format json
run 0 --db "$DB" --profile pat progress --format json
expect_jq "$OUT" '(.sessions|length)==3 and (.plan[0].credits|length)==1' "new sessions after the upgrade"

# opening again changes nothing
v=$(sqlite3 "$DB" 'SELECT count(*) FROM plan_item')
run 0 --db "$DB" profile list
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM plan_item')" = "$v" ] && pass || fail "reopening changed the plan"
# ---- every version before the latest -> the latest ---------------------------------------
# A database of version V is built as career-risk would have left it: each schema file up to
# V, each followed by its fixture (tests/data/migration/, same file name: rows a person would
# have made under that version). A schema file without a fixture fails here, so every new
# migration gets "previous version -> latest" coverage with real content.
F=$CR_SRC/tests/data/migration
mapfile -t schemas < <(find "$CR_SRC/profiles/schema" -name '[0-9]*.sql' | sort)
[ "${#schemas[@]}" = "$SCHEMA_LATEST" ] && pass || fail "schema files: ${#schemas[@]}, expected $SCHEMA_LATEST"
for s in "${schemas[@]}"; do
	[ -f "$F/$(basename "$s")" ] && pass || fail "no fixture $F/$(basename "$s") for the migration $(basename "$s")"
done
# dump_rows DB REF TABLE...: every row of each table, as SQL literals, by the columns the table had
# in the old version (a later migration may add columns; the old ones must keep their values).
# The columns come from REF, a copy of the old database: the upgraded one may have more.
dump_rows() { # dump_rows DB REF TABLE...
	local db=$1 ref=$2 t cols
	shift 2
	for t in "$@"; do
		cols=$(sqlite3 "$ref" "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('$t')")
		echo "== $t"
		sqlite3 -cmd '.mode quote' "$db" "SELECT $cols FROM \"$t\" ORDER BY $cols"
	done
}
for ((v = 1; v < SCHEMA_LATEST; v++)); do
	OLD=$TMP/from-v$v.db
	for ((k = 0; k < v; k++)); do
		sqlite3 "$OLD" <"${schemas[k]}"
		(cd "$TMP" && sqlite3 -bail "$OLD" <"$F/$(basename "${schemas[k]}")") ||
			fail "fixture $(basename "${schemas[k]}") does not load into a version-$((k + 1)) database"
	done
	sqlite3 "$OLD" "PRAGMA user_version = $v"
	chmod 600 "$OLD"
	mapfile -t tables < <(sqlite3 "$OLD" "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
	cp "$OLD" "$OLD.ref"
	before=$(dump_rows "$OLD" "$OLD.ref" "${tables[@]}")
	rows=$(grep -vc '^== ' <<<"$before")
	[ "$rows" -ge 20 ] && pass || fail "version-$v fixture has only $rows rows"

	run 0 --db "$OLD" --profile pat history --format json || continue
	[ "$(sqlite3 "$OLD" 'PRAGMA user_version')" = "$SCHEMA_LATEST" ] && pass ||
		fail "version $v: not upgraded to $SCHEMA_LATEST"
	after=$(dump_rows "$OLD" "$OLD.ref" "${tables[@]}")
	[ "$before" = "$after" ] && pass ||
		fail "version $v -> $SCHEMA_LATEST changed rows: $(diff <(echo "$before") <(echo "$after") | head -20)"
	[ "$(sqlite3 "$OLD" 'PRAGMA foreign_key_check')" = "" ] && pass || fail "version $v: foreign keys broken"
	[ "$(sqlite3 "$OLD" 'PRAGMA integrity_check')" = ok ] && pass || fail "version $v: integrity check failed"
	expect_jq "$OUT" '.sessions[0].started_at=="2024-11-10T09:00:00Z"' "version $v: old sessions read"

	# the upgraded database works: what the old rows hold reads back, and new rows go in
	run 0 --db "$OLD" --profile pat export
	expect_jq "$OUT" '.sessions[0].answers.goals|test("fixture canary")' "version $v: old answers exported"
	if [[ " ${tables[*]} " == *" note "* ]]; then # the version-2 fixture is in
		expect_jq "$OUT" '[.sessions[].notes[].text] | any(test("follow up in March"))' "version $v: old notes exported"
		expect_jq "$OUT" '.plan[] | select(.id=="fixture-rec") | .status=="doing" and .started_at=="2025-06-11T09:30:00Z"' \
			"version $v: old plan item kept"
		expect_jq "$OUT" '[.plan[] | select(.number==2)][0] | .status=="done" and .credits==[{"session":3,"still_recommended":false}]' \
			"version $v: old credit kept"
	fi
	run 0 --db "$OLD" --profile pat assess --answers "$TMP/later.yaml" --format json
	run 0 --db "$OLD" --profile pat plan done 1
	run 0 --db "$OLD" --profile pat note add "after the upgrade from version $v"
	run 0 --db "$OLD" --profile pat progress --format json
	scored=$(sqlite3 "$OLD" "SELECT count(*) FROM session WHERE profile_id = 1 AND status = 'done'")
	expect_jq "$OUT" "(.sessions|length)==$scored and .plan[0].status==\"done\"" "version $v: new session and plan"
	run 0 --db "$OLD" --profile pat note list
	expect_in "$OUT" "after the upgrade from version $v" "version $v: new note"
	run 0 --db "$OLD" --profile "Céline Dubois" assess --answers "$A/accountant.yaml" --format json
	run 0 --db "$OLD" --profile quinn history
	expect_in "$OUT" "unfinished, 1 answer" "version $v: open session kept"
	run 0 --db "$OLD" cohort list --format json
	c=$(sqlite3 "$OLD" "SELECT count(*) FROM intake_cohort")
	expect_jq "$OUT" "(.cohorts|length)==$c" "version $v: cohorts listed"
	"$CR_BUILD/gen-intake" 20 --seed 5 >"$TMP/intake.csv"
	run 0 --db "$OLD" batch --input "$TMP/intake.csv" --output "$TMP/out-v$v.csv" --store
	[ "$(sqlite3 "$OLD" "SELECT count(*) FROM intake_cohort")" = $((c + 1)) ] && pass ||
		fail "version $v: batch --store did not store a cohort"
	# a cohort stored after the upgrade keeps each person's exposure (0004); the old rows stay NULL
	[ "$(sqlite3 "$OLD" "SELECT count(*) FROM intake_result WHERE cohort_id = (SELECT max(id) FROM intake_cohort)
		AND exposure IS NULL")" = 0 ] && pass || fail "version $v: new cohort rows without exposure"
	[ "$(sqlite3 "$OLD" 'PRAGMA integrity_check')" = ok ] && pass || fail "version $v: integrity after use"
done
finish
