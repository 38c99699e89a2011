# assess --answers FILE --format json: every persona gives a valid result with the brief's fields,
# the session is saved, and the text and markdown formats render.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
for f in "$A"/*.yaml; do
	q=standard
	case $(basename "$f") in quick-*) q=quick ;; esac
	run 0 assess --questionnaire "$q" --answers "$f" --format json || continue
	expect_jq_all "$OUT" "$f" \
		score '(.score|type=="number") and .score>=0 and .score<=100' \
		band '.band|IN("low","moderate","elevated","high")' \
		range '(.range|length==2) and .range[0]<=.score and .score<=.range[1]' \
		dimensions '.dimensions|(.routineness>=0 and .ai_usage>=0 and .specialization>=0)' \
		rules '(.rules|length>0) and all(.rules[]; (.id|type=="string") and (.effect|type=="number") and (.sources|length>0))' \
		recommendations '(.recommendations|length>0) and all(.recommendations[]; .id and .title and (.priority|type=="number"))' \
		transitions/sensitivity '(.transitions|type=="array") and (.sensitivity|type=="array")' \
		'sum of effects (every point of the score is in the rules)' '([.rules[].effect]|add) as $s | (if $s<0 then 0 elif $s>100 then 100 else $s end | round) == .score' \
		'every cited source listed' '[.rules[].sources[]] - [.sources[].id] | length == 0'
done
n=$(db "SELECT count(*) FROM session WHERE status='done' AND score IS NOT NULL")
[ "$n" -ge 8 ] && pass || fail "expected 8 saved sessions, found $n"
n=$(db "SELECT count(*) FROM answer")
[ "$n" -gt 50 ] && pass || fail "answers not saved ($n)"

run 0 assess --answers "$A/accountant.yaml" --no-save
expect_in "$OUT" "Exposure score" "text output"
expect_in "$OUT" "Why this score" "text output explains"
width=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' <<<"$OUT")
[ "$width" -le 80 ] && pass || fail "text output is $width columns wide"
run 0 assess --answers "$A/accountant.yaml" --no-save --format markdown
expect_in "$OUT" "# AI exposure assessment" "markdown output"
expect_in "$OUT" "| Effect | Rule |" "markdown table"

# permissions: folder 0700, database 0600
[ "$(stat -c %a "$XDG_DATA_HOME/career-risk")" = 700 ] && pass || fail "data folder not 0700"
[ "$(stat -c %a "$XDG_DATA_HOME/career-risk/profiles.db")" = 600 ] && pass || fail "database not 0600"
[ "$(db 'PRAGMA journal_mode')" = wal ] && pass || fail "database not in WAL mode"
[ "$(db 'PRAGMA user_version')" -ge 1 ] && pass || fail "schema version not recorded"

# JSON answers work like YAML ones
printf '{"occupation": "43-9021", "tasks": {"routine_cognitive": 60, "routine_manual": 10, "analytic": 10, "interpersonal": 10, "creative": 5, "nonroutine_manual": 5}, "data_entry": 50, "ai_frequency": "never", "ai_depth": "none", "rarity": "many", "judgment": 2, "employer_stance": "unclear"}' >"$TMP/a.json"
run 0 assess --questionnaire quick --answers "$TMP/a.json" --format json --no-save
expect_jq "$OUT" '.occupation.code=="43-9021"' "JSON answers file"
finish
