# Byte-exact golden outputs for one persona (tests/data/answers/accountant.yaml) in every format:
# `assess --answers ... --no-save` as text, json, markdown and html, and the stored session's
# `report` in the same four. What changes from run to run is normalised here, never hidden:
# dates and times become DATE / DATETIME, the knowledge base's content hash kb-VERSION and the
# program's version VERSION (tests/data/golden-output/README.md). Any other difference fails,
# with the diff.
#
# After an intended change to an output, regenerate every file (then read the diff):
#   bash tests/e2e/test_golden_output.sh --update     (from the source tree, after building build/)
CR_SRC=${CR_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
CR_BIN=${CR_BIN:-$CR_SRC/build/career-risk}
export CR_SRC CR_BIN
. "$(dirname "$0")/lib.sh"
GOLD=$CR_SRC/tests/data/golden-output
A=$CR_SRC/tests/data/answers/accountant.yaml
UPDATE=0
[ "${1:-}" = --update ] && UPDATE=1
export LC_ALL=C.UTF-8 TZ=UTC
unset COLUMNS LINES
# The text names the knowledge base's folder, wrapped to the width: a relative --kb from the
# source tree keeps it the same in every checkout, wherever the clone lives.
cd "$CR_SRC"

run 0 --version
VERSION=${OUT#career-risk }
normalise() {
	sed -E -e 's/kb-[0-9a-f]{16}/kb-VERSION/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/DATETIME/g' \
		-e 's/(^|[^0-9-])[0-9]{4}-[0-9]{2}-[0-9]{2}($|[^0-9])/\1DATE\2/g' \
		-e "s/career-risk ${VERSION//./\\.}([^0-9.]|\$)/career-risk VERSION\\1/g" "$1"
}
# check NAME: $TMP/out (the raw output) against $GOLD/NAME, or written there with --update
check() {
	normalise "$TMP/out" >"$TMP/$1"
	if [ "$UPDATE" = 1 ]; then
		mkdir -p "$GOLD" && cp "$TMP/$1" "$GOLD/$1" && echo "wrote tests/data/golden-output/$1"
		pass
	elif [ ! -f "$GOLD/$1" ]; then
		fail "no golden file tests/data/golden-output/$1 (bash tests/e2e/test_golden_output.sh --update)"
	elif cmp -s "$GOLD/$1" "$TMP/$1"; then
		pass
	else
		fail "$1 differs from tests/data/golden-output/$1 (if intended: bash tests/e2e/test_golden_output.sh --update):
$(diff -u "$GOLD/$1" "$TMP/$1" | head -40)"
	fi
}

for f in text json markdown html; do
	run 0 --kb knowledge assess --answers "$A" --no-save --format "$f" && check "assess.$f"
done
# the stored session's report (a saved assessment, then `report` in each format)
run 0 --kb knowledge --profile Alex assess --answers "$A" --format json
for f in text json markdown html; do
	run 0 --kb knowledge --profile Alex report --format "$f" && check "report.$f"
done
# nothing else changes between runs: the same report, made again, is the same once normalised
[ "$UPDATE" = 1 ] || {
	run 0 --kb knowledge --profile Alex report --format json && normalise "$TMP/out" >"$TMP/again.json"
	cmp -s "$TMP/again.json" "$TMP/report.json" && pass || fail "the same report differs between two runs:
$(diff -u "$TMP/report.json" "$TMP/again.json" | head -20)"
}
finish
