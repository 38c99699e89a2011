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
# The help reads in an 80-column terminal: summaries wrap in their column.
long=$(printf '%s\n' "$OUT" | awk 'length($0) > 80')
[ -z "$long" ] && pass || fail "help lines wider than 80 columns: $long"
run 2 assess --answers
expect_in "$ERR" "'--answers' needs a value" "missing option value named as such"
run 2 --db
expect_in "$ERR" "'--db' needs a value" "missing global option value"
run 2 cohort delete --yes=1
expect_in "$ERR" "'--yes' takes no value" "value given to a flag"
run 2 assess --frobnicate
expect_in "$ERR" "unknown option '--frobnicate'" "unknown option"
# An option the command does not take is named, never its value (it used to say 'json').
for cmd in "profile create bob" "plan list"; do
	# shellcheck disable=SC2086
	run 2 $cmd --format json
	expect_in "$ERR" "unknown option '--format'" "$cmd: undeclared --format named as the option"
	grep -qF "'json'" <<<"$ERR" && fail "$cmd: blamed the value: $ERR" || pass
done
run 2 plan list --format=json
expect_in "$ERR" "unknown option '--format'" "undeclared --format=VALUE named without its value"
# A ninth grouping column is refused, not dropped (it used to exit 0 without it).
run 2 batch --input - --store --group-by c1 --group-by c2 --group-by c3 --group-by c4 --group-by c5 \
	--group-by c6 --group-by c7 --group-by c8 --group-by c9 </dev/null
expect_in "$ERR" "at most 8 grouping columns" "a ninth --group-by names the limit"
run 2 batch --input - --store --group-by c1,c2,c3,c4 --group-by c5,c6,c7,c8,c9 </dev/null
expect_in "$ERR" "at most 8 grouping columns" "nine columns in two --group-by"
run 0 kb --help
expect_in "$OUT" "kb check [--strict] [DIR]" "a group's help lists its commands"
run 0 --kb "$TMP/no-such-kb" assess --help
expect_in "$OUT" "usage: career-risk assess" "help needs no knowledge base"
run 2 --db "$TMP" history
expect_in "$ERR" "is a folder; --db takes the database file" "--db given a folder"
run 2 --db "" history
expect_in "$ERR" "--db needs a file name" "--db given nothing"
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
printf 'occupation: "43-9021"\nai_frequncy: daily\n' >"$TMP/typo.yaml"
run 3 assess --questionnaire quick --answers "$TMP/typo.yaml" --no-save
expect_in "$ERR" "(did you mean 'ai_frequency'?)" "misspelt question id gets the nearest one"
# A standard answers file given to quick: the questionnaire it was written for is named, one hint in all.
run 3 assess --questionnaire quick --answers "$A/accountant.yaml" --no-save
expect_in "$ERR" "'sector' is a question of questionnaire 'standard', not of 'quick'" "other questionnaire named"
[ "$(printf '%s\n' "$ERR" | grep -c 'hint:')" -eq 1 ] && pass || fail "one hint for a file of another questionnaire: $ERR"

printf 'occupation: "43-9021"\n' >"$TMP/bad4.yaml"
run 3 assess --questionnaire quick --answers "$TMP/bad4.yaml" --no-save
expect_in "$ERR" "no answer to required question 'tasks'" "missing answer"
expect_in "$ERR" "hint:" "says what to do"

printf 'tasks: {routine_cognitive: 60, routine_manual: 60, analytic: 0, interpersonal: 0, creative: 0, nonroutine_manual: 0}\n' >"$TMP/bad5.yaml"
run 3 assess --questionnaire quick --answers "$TMP/bad5.yaml" --no-save
expect_in "$ERR" "bad5.yaml:1:9: the parts of 'tasks' add up to 120, not 100" "split not 100"

run 5 assess --answers "$TMP/missing.yaml" --no-save # not found, as a missing --input is (issue 12, D14)
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
[ "$(<"$TMP/notadb")" = "this is not sqlite" ] && pass || fail "corrupt database was modified"

# a database others can read is refused
run 0 --db "$TMP/p.db" assess --answers "$A/accountant.yaml" --format json
chmod 644 "$TMP/p.db"
run 4 --db "$TMP/p.db" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "unsafe permissions 644" "world-readable database refused"
chmod 600 "$TMP/p.db"

# a database from a newer version is refused and left alone, byte for byte
cp "$TMP/p.db" "$TMP/good.db"
sqlite3 "$TMP/p.db" "PRAGMA user_version = 99"
sum=$(md5sum <"$TMP/p.db")
run 4 --db "$TMP/p.db" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "written by a newer career-risk (schema 99; this version knows up to" "newer schema refused"
expect_in "$ERR" "hint: upgrade career-risk; the database was not changed" "newer schema: says what to do"
[ "$(md5sum <"$TMP/p.db")" = "$sum" ] && pass || fail "a newer database was changed"

# a database with damaged pages: refused, nothing written, doctor suggests recovery
cp "$TMP/good.db" "$TMP/damaged.db"
chmod 600 "$TMP/damaged.db"
printf '\xde\xad\xbe\xef%.0s' $(seq 300) | dd of="$TMP/damaged.db" bs=1 seek=20480 conv=notrunc 2>/dev/null
sum=$(md5sum <"$TMP/damaged.db")
run 4 --db "$TMP/damaged.db" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "database disk image is malformed" "damaged database"
expect_in "$ERR" "doctor\` to see what can be done" "damaged database: points to doctor"
[ "$(md5sum <"$TMP/damaged.db")" = "$sum" ] && pass || fail "a damaged database was written to"
# a database cut short (a copy that did not finish)
head -c 12000 "$TMP/good.db" >"$TMP/short.db"
chmod 600 "$TMP/short.db"
run 4 --db "$TMP/short.db" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "database disk image is malformed" "truncated database"

# another program's SQLite database is refused and left exactly as it was
sqlite3 "$TMP/other.db" "CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES ('mine')"
chmod 600 "$TMP/other.db"
sum=$(md5sum <"$TMP/other.db")
run 4 --db "$TMP/other.db" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "a SQLite database of another program, not a career-risk profile database" "foreign database"
[ "$(md5sum <"$TMP/other.db")" = "$sum" ] && pass || fail "another program's database was changed"
[ "$(sqlite3 "$TMP/other.db" "PRAGMA journal_mode")" = delete ] && pass || fail "foreign database switched to WAL"

# a folder anyone can write to is refused (they could swap the database); so is a journal others can read
mkdir -m 777 "$TMP/open"
chmod 777 "$TMP/open"
run 4 --db "$TMP/open/p.db" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "unsafe permissions 777: anyone can write to this folder" "world-writable folder"
[ ! -e "$TMP/open/p.db" ] && pass || fail "a database was created in a world-writable folder"
cp "$TMP/good.db" "$TMP/j.db"
touch "$TMP/j.db-wal"
chmod 644 "$TMP/j.db-wal"
run 4 --db "$TMP/j.db" assess --answers "$A/accountant.yaml"
expect_in "$ERR" "j.db-wal: unsafe permissions 644: others can read this personal data" "readable journal refused"
if [ "$(id -u)" -eq 0 ]; then # only root can give a file away: a journal planted by another user
	chmod 600 "$TMP/j.db-wal"
	chown 65534 "$TMP/j.db-wal"
	run 4 --db "$TMP/j.db" assess --answers "$A/accountant.yaml"
	expect_in "$ERR" "this journal of the database belongs to another user" "foreign journal refused"
fi

# a closed pipe or full disk on stdout is an error, not silence
set +e
cr assess --answers "$A/accountant.yaml" --no-save >/dev/full 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 7 ] && pass || fail "writing to a full disk exited $rc, expected 7"
finish
