# Bad input gets a clear message with file:line:column, a documented exit code, and no crash.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers

run 2 frobnicate
expect_in "$ERR" "unknown command 'frobnicate'" "unknown command"
run 2 assess --format pdf
expect_in "$ERR" "unknown format 'pdf'" "bad format"
run 2 kb
expect_in "$ERR" "'kb' needs one of: check" "missing subcommand"
run 0 --help
expect_in "$OUT" "exit codes:" "help lists exit codes"
run 0 --version
expect_in "$OUT" "career-risk " "version"

printf 'occupation: "43-9021"\nai_frequency: dayly\n' >"$TMP/bad1.yaml"
run 3 assess --questionnaire quick --answers "$TMP/bad1.yaml" --no-save
expect_in "$ERR" "bad1.yaml:2:15: answer to 'ai_frequency'" "bad choice located"

printf 'occupation: "43-9021"\ntasks: [1, 2\n' >"$TMP/bad2.yaml"
run 3 assess --questionnaire quick --answers "$TMP/bad2.yaml" --no-save
expect_in "$ERR" "bad2.yaml:3:1:" "syntax error located"

printf 'occupation: "43-9021"\nnot_a_question: 3\n' >"$TMP/bad3.yaml"
run 3 assess --questionnaire quick --answers "$TMP/bad3.yaml" --no-save
expect_in "$ERR" "bad3.yaml:2:1: 'not_a_question' is not a question of questionnaire 'quick'" "unknown question"

printf 'occupation: "43-9021"\n' >"$TMP/bad4.yaml"
run 3 assess --questionnaire quick --answers "$TMP/bad4.yaml" --no-save
expect_in "$ERR" "no answer to required question 'tasks'" "missing answer"
expect_in "$ERR" "hint:" "says what to do"

printf 'tasks: {routine_cognitive: 60, routine_manual: 60, analytic: 0, interpersonal: 0, creative: 0, nonroutine_manual: 0}\n' >"$TMP/bad5.yaml"
run 3 assess --questionnaire quick --answers "$TMP/bad5.yaml" --no-save
expect_in "$ERR" "bad5.yaml:1:9: the parts of 'tasks' add up to 120, not 100" "split not 100"

run 3 assess --answers "$TMP/missing.yaml" --no-save
expect_in "$ERR" "missing.yaml: cannot read: No such file or directory" "missing file"

head -c 3000000 /dev/zero | tr '\0' 'a' >"$TMP/huge.yaml"
run 3 assess --answers "$TMP/huge.yaml" --no-save
expect_in "$ERR" "larger than" "size bound"

run 5 assess --questionnaire nope --answers "$A/accountant.yaml" --no-save
expect_in "$ERR" "no questionnaire 'nope'" "unknown questionnaire"

# a database that is not a database: clear message, exit 4, file untouched
printf 'this is not sqlite' >"$TMP/notadb"
chmod 600 "$TMP/notadb"
run 4 --db "$TMP/notadb" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "hint:" "corrupt database hint"
[ "$(cat "$TMP/notadb")" = "this is not sqlite" ] && pass || fail "corrupt database was modified"

# a database others can read is refused
run 0 --db "$TMP/p.db" assess --answers "$A/accountant.yaml" --format json
chmod 644 "$TMP/p.db"
run 4 --db "$TMP/p.db" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "unsafe permissions 644" "world-readable database refused"
chmod 600 "$TMP/p.db"

# a database from a newer version is refused and left alone
sqlite3 "$TMP/p.db" "PRAGMA user_version = 99"
run 4 --db "$TMP/p.db" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "written by a newer career-risk" "newer schema refused"

# a closed pipe or full disk on stdout is an error, not silence
set +e
cr assess --answers "$A/accountant.yaml" --no-save >/dev/full 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 7 ] && pass || fail "writing to a full disk exited $rc, expected 7"
finish
