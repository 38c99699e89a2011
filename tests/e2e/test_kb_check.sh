# kb check passes on the shipped base and fails with file:line:column on a broken copy.
# (Every kind of broken file has its own case in test_kb_broken.sh.)
. "$(dirname "$0")/lib.sh"
run 0 kb check
expect_in "$OUT" ": OK" "shipped base"
expect_in "$OUT" "every rule fires and every recommendation is given" "shipped base: every rule fires"
run 0 kb check --strict "$CR_SRC"
[ -z "$ERR" ] && pass || fail "shipped base warns: $ERR"
cp -r "$CR_SRC/knowledge" "$CR_SRC/questionnaires" "$TMP/"
sed -i 's/when: "true"/when: "ture"/' "$TMP/knowledge/rules/core.yaml"
run 3 kb check "$TMP"
expect_in "$ERR" "knowledge/rules/core.yaml:8:12: in when of rule 'core-routineness': unknown fact 'ture'" "broken rule located"
run 3 kb check "$TMP/nowhere"
expect_in "$ERR" "no such folder" "missing folder"
run 2 kb check --bogus
expect_in "$ERR" "unknown option '--bogus'" "bad option"
finish
