# The compiled knowledge base (app/io/kb_cache.h): the first run compiles a snapshot into the
# cache folder (0600 in a 0700 folder); later runs read it and print exactly what the YAML
# gives; a YAML file edited, added or removed, and a truncated, corrupted or other-format
# snapshot, are noticed and the snapshot rebuilt; two runs compiling at once leave a good one;
# kb check never reads or writes it.
. "$(dirname "$0")/lib.sh"
BASE=$TMP/base
mkdir -p "$BASE"
cp -r "$CR_SRC/knowledge" "$CR_SRC/questionnaires" "$BASE/"
export XDG_CACHE_HOME=$TMP/cache # its own, not the one the other tests share
CACHE=$XDG_CACHE_HOME/career-risk
snap() { ls "$CACHE"/kb-*.snap 2>/dev/null; }
# the snapshot after our 40-byte header (which holds when the files were looked at)
body() { tail -c +41 "$(snap)"; }

# kb check reads the YAML only: no snapshot appears
run 0 kb check "$BASE"
[ -z "$(snap)" ] && pass || fail "kb check wrote a snapshot: $(snap)"

# first run: from the YAML, and a snapshot written owner-only
run 0 --kb "$BASE" occupation list --format json
YAML_LIST=$OUT
[ -n "$(snap)" ] && pass || fail "no snapshot in $CACHE after a run"
[ "$(stat -c %a "$(snap)")" = 600 ] && pass || fail "snapshot mode $(stat -c %a "$(snap)"), expected 600"
[ "$(stat -c %a "$CACHE")" = 700 ] && pass || fail "cache folder mode $(stat -c %a "$CACHE"), expected 700"
ls "$CACHE" | grep -q tmp- && fail "a temporary file was left: $(ls "$CACHE")" || pass
body >"$TMP/good.snap"
# second run: from the snapshot, the same output (the whole catalogue with every baseline)
run 0 --kb "$BASE" occupation list --format json
[ "$OUT" = "$YAML_LIST" ] && pass || fail "occupation list differs when read from the snapshot"

# a few personas (unit.snapshot assesses every one in process) and an occupation's full record:
# the same from the YAML and from the snapshot
for p in accountant quick-registered-nurse never-uses-ai-with-depth paralegal; do
	f=$CR_SRC/tests/data/answers/$p.yaml
	q=standard
	case $(basename "$f") in quick-*) q=quick ;; esac
	rm -f "$CACHE"/kb-*.snap
	run 0 --kb "$BASE" assess --questionnaire "$q" --answers "$f" --format json --no-save
	from_yaml=$OUT
	run 0 --kb "$BASE" assess --questionnaire "$q" --answers "$f" --format json --no-save
	[ "$OUT" = "$from_yaml" ] && pass || fail "$(basename "$f"): the result differs from the snapshot"
done
run 0 --kb "$BASE" occupation show 43-9021 --format json
SHOW=$OUT
rm -f "$CACHE"/kb-*.snap
run 0 --kb "$BASE" occupation show 43-9021 --format json
[ "$OUT" = "$SHOW" ] && pass || fail "occupation show differs between the YAML and the snapshot"

# a YAML file edited: the new title shows at once
sed -i 's/title: Data Entry Keyers/title: Data Entry Keyers Edited/' "$BASE/knowledge/occupations/43-office-administrative-support.yaml"
run 0 --kb "$BASE" occupation show 43-9021
expect_in "$OUT" "Data Entry Keyers Edited" "an edited file is read, not the stale snapshot"
run 0 --kb "$BASE" occupation show 43-9021
expect_in "$OUT" "Data Entry Keyers Edited" "the rebuilt snapshot has the edit"
sed -i 's/title: Data Entry Keyers Edited/title: Data Entry Keyers/' "$BASE/knowledge/occupations/43-office-administrative-support.yaml"
run 0 --kb "$BASE" occupation list --format json
[ "$OUT" = "$YAML_LIST" ] && pass || fail "the edit undone: the output is not the original"

# a file added, then removed
cat >"$BASE/knowledge/occupations/99-snapshot-test.yaml" <<'EOF'
occupations:
  - code: "43-9998"
    title: Snapshot Test Keyers
    sector: admin-support
    tasks: {routine_cognitive: 63, routine_manual: 5, analytic: 9, interpersonal: 18, creative: 2, nonroutine_manual: 3}
    ai_use: 25
    specialization: 5
    outlook: declining
    sources: [soc-2018]
tasks:
  - occupation: "43-9998"
    onet: ["43-9998.00"]
    all: {count: 1, exposure: 100, automation: 75, kinds: {analytic: 100}}
    sources: [onet-tasks, eloundou-2024]
    main:
      - "99999001 E1 T3 analytic: Check that a compiled snapshot notices a new file."
EOF
run 0 --kb "$BASE" occupation show 43-9998
expect_in "$OUT" "Snapshot Test Keyers" "an added file is read"
run 0 --kb "$BASE" occupation show 43-9998
expect_in "$OUT" "Snapshot Test Keyers" "an added file is in the rebuilt snapshot"
rm "$BASE/knowledge/occupations/99-snapshot-test.yaml"
set +e
cr --kb "$BASE" occupation show 43-9998 >/dev/null 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] && pass || fail "a removed file's occupation is still shown (from the stale snapshot)"
run 0 --kb "$BASE" occupation list --format json
[ "$OUT" = "$YAML_LIST" ] && pass || fail "the file removed: the output is not the original"
cmp -s <(body) "$TMP/good.snap" && pass || fail "the snapshot of the original files is not what it was"

# damaged snapshots are rebuilt, never used: truncated, a byte flipped, another format, garbage
damage() {
	case $1 in
	truncate) truncate -s 100000 "$(snap)" ;;
	flip) printf '\x5a' | dd of="$(snap)" bs=1 seek=300000 conv=notrunc status=none ;;
	format) printf '\x63' | dd of="$(snap)" bs=1 seek=48 conv=notrunc status=none ;;
	garbage) head -c 5000 /dev/urandom >"$(snap)" ;;
	esac
}
for how in truncate flip format garbage; do
	damage "$how"
	run 0 --kb "$BASE" occupation list --format json
	[ "$OUT" = "$YAML_LIST" ] && pass || fail "$how: the output changed"
	cmp -s <(body) "$TMP/good.snap" && pass || fail "$how: the snapshot was not rebuilt"
done

# two runs compiling at once: both right, and the snapshot left is whole
rm -f "$CACHE"/kb-*.snap
cr --kb "$BASE" occupation list --format json >"$TMP/a.json" 2>&1 &
A=$!
cr --kb "$BASE" occupation list --format json >"$TMP/b.json" 2>&1 &
B=$!
wait $A && wait $B && pass || fail "a run compiling beside another failed"
[ "$(<"$TMP/a.json")" = "$YAML_LIST" ] && [ "$(<"$TMP/b.json")" = "$YAML_LIST" ] && pass || fail "concurrent runs: output differs"
cmp -s <(body) "$TMP/good.snap" && pass || fail "concurrent runs left a bad snapshot"
ls "$CACHE" | grep -q tmp- && fail "concurrent runs left a temporary file" || pass

# XDG_CACHE_HOME is where it goes, ~/.cache without it; a cache folder that cannot be written is no error
XDG_CACHE_HOME=$TMP/xdg run 0 --kb "$BASE" questionnaire list
ls "$TMP/xdg/career-risk"/kb-*.snap >/dev/null 2>&1 && pass || fail "no snapshot under XDG_CACHE_HOME"
XDG_CACHE_HOME= run 0 --kb "$BASE" questionnaire list
ls "$HOME/.cache/career-risk"/kb-*.snap >/dev/null 2>&1 && pass || fail "no snapshot in ~/.cache without XDG_CACHE_HOME"
mkdir -p "$TMP/ro" && chmod 500 "$TMP/ro"
if [ "$(id -u)" != 0 ]; then
	XDG_CACHE_HOME=$TMP/ro run 0 --kb "$BASE" questionnaire list
	[ -z "$ERR" ] && pass || fail "an unwritable cache folder is reported: $ERR"
fi

# kb check's report is the YAML's, with a snapshot in place
run 0 kb check "$BASE"
CHECK=$OUT
rm -rf "$CACHE"
run 0 kb check "$BASE"
[ "$OUT" = "$CHECK" ] && pass || fail "kb check output depends on the snapshot"
finish
