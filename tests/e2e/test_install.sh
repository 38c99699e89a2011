# cmake --install puts the binary, data and man page in place, and the installed binary
# finds its data with no flags, from any folder.
. "$(dirname "$0")/lib.sh"
: "${CR_BUILD:?set CR_BUILD to the build folder}"
cmake --install "$CR_BUILD" --prefix "$TMP/prefix" >/dev/null
[ -x "$TMP/prefix/bin/career-risk" ] && pass || fail "binary not installed"
[ -f "$TMP/prefix/share/career-risk/knowledge/sources.yaml" ] && pass || fail "knowledge base not installed"
[ -f "$TMP/prefix/share/career-risk/questionnaires/standard.yaml" ] && pass || fail "questionnaires not installed"
[ -f "$TMP/prefix/share/man/man1/career-risk.1" ] && pass || fail "man page not installed"
if [ -n "$(find "$TMP/prefix/share/career-risk" -name '*.py' -o -name '*.csv')" ]; then fail "sources of the catalogue installed"; else pass; fi
cd "$TMP"
CR_BIN=$TMP/prefix/bin/career-risk
run 0 kb check
expect_in "$OUT" "$TMP/prefix/bin/../share/career-risk/knowledge" "installed binary uses installed data"
run 0 assess --answers "$CR_SRC/tests/data/answers/registered-nurse.yaml" --no-save --format json
expect_jq "$OUT" '.occupation.code=="29-1141"' "installed binary assesses"
finish
