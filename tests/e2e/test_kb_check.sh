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
expect_in "$ERR" "knowledge/rules/core.yaml:15:12: in when of rule 'core-routineness': unknown fact 'ture'" "broken rule located"
# one syntax error in the shipped sectors is one problem, not one per occupation's sector
rm -rf "$TMP/syn" && mkdir "$TMP/syn" && cp -r "$CR_SRC/knowledge" "$CR_SRC/questionnaires" "$TMP/syn/"
echo 'foo: [1, 2' >>"$TMP/syn/knowledge/sectors.yaml"
run 3 kb check "$TMP/syn"
expect_in "$ERR" "career-risk: 1 problem in" "a syntax error has no follow-on errors"
expect_in "$ERR" "references to sectors" "what went unchecked is said"
run 3 kb check "$TMP/nowhere"
expect_in "$ERR" "no such folder" "missing folder"
run 3 kb check "$CR_SRC/README.md"
expect_in "$ERR" "README.md: not a folder" "a file is not a folder"

# an explicitly given base is never topped up from the installed one
mkdir -p "$TMP/konly" "$TMP/qonly" "$TMP/kdir/knowledge"
cp -r "$CR_SRC/knowledge" "$TMP/konly/"
cp -r "$CR_SRC/questionnaires" "$TMP/qonly/"
cp -r "$CR_SRC/knowledge/." "$TMP/kdir/knowledge/"
run 3 kb check "$TMP/konly"
expect_in "$ERR" "$TMP/konly has no questionnaires/ folder" "knowledge/ without questionnaires/"
run 3 --kb "$TMP/konly" occupation show 43-9021
expect_in "$ERR" "$TMP/konly has no questionnaires/ folder" "--kb: knowledge/ without questionnaires/"
run 3 kb check "$TMP/qonly"
expect_in "$ERR" "$TMP/qonly has no knowledge/ folder" "questionnaires/ without knowledge/"
[[ $ERR == *"unknown key"* ]] && fail "questionnaires read as knowledge: $ERR" || pass
run 3 kb check "$TMP/kdir/knowledge"
expect_in "$ERR" "no questionnaires/ beside it" "a knowledge folder alone"
# the documented forms: a data root, or a knowledge folder with questionnaires/ beside it
run 0 kb check "$CR_SRC/knowledge"
expect_in "$OUT" "$CR_SRC/knowledge/../questionnaires" "a knowledge folder uses the questionnaires beside it"
run 2 kb check --bogus
expect_in "$ERR" "unknown option '--bogus'" "bad option"
# the fuzz targets' fixed knowledge base loads with every shipped questionnaire: otherwise
# fuzz_questionnaire would refuse every input at the base and fuzz nothing
mkdir -p "$TMP/fuzzbase/knowledge"
cp "$CR_SRC/tests/fuzz/base.yaml" "$TMP/fuzzbase/knowledge/"
cp -r "$CR_SRC/questionnaires" "$TMP/fuzzbase/"
run 0 kb check "$TMP/fuzzbase"
expect_in "$OUT" ": OK" "tests/fuzz/base.yaml loads with the shipped questionnaires"
finish
