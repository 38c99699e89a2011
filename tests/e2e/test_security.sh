# Security properties, each checked rather than promised (docs/reliability.md, "Security"):
# no network code anywhere, SQL never built from input, personal files owner-only,
# every input bounded, conditions that can read facts and nothing else.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers

# -- no network: neither the program nor a library it loads imports a network call
# (libc defines them; what matters is that nobody calls them). Sanitizer runtimes only
# wrap such calls and are left out.
net='^(socket|socketpair|connect|bind|listen|accept4?|getaddrinfo|getnameinfo|gethostbyname2?(_r)?|gethostbyaddr|send|sendto|sendmsg|recv|recvfrom|recvmsg|res_n?query|curl_.*)$'
imports() { nm -D --undefined-only "$1" 2>/dev/null | awk '{ sub(/@.*/, "", $2); print $2 }'; }
found=$(imports "$CR_BIN" | grep -E "$net" || true)
[ -z "$found" ] && pass || fail "career-risk imports network calls: $found"
[ -n "$(imports "$CR_BIN")" ] && pass || fail "nm -D found no imports at all in $CR_BIN: is nm working?"
for lib in $(ldd "$CR_BIN" | awk '/=> \// { print $3 }'); do
	case $(basename "$lib") in libc.so* | libm.so* | ld-linux* | libasan* | libubsan* | libgcc_s* | libstdc++*) continue ;; esac
	found=$(imports "$lib" | grep -E "$net" || true)
	[ -z "$found" ] && pass || fail "$lib, loaded by career-risk, imports network calls: $found"
done

# -- SQL is never built from input: every statement the store runs is a string literal,
# except the compiled-in migrations and the one integer PRAGMA (see docs/reliability.md)
sql_calls=$(perl -0777 -ne '
	while (/\b(sqlite3_prepare_v2|sqlite3_exec|cr_store_exec|cr_store_run|exec1|exec|run|query_int)\(\s*[^,()]+,\s*([^,]+?)\s*,/g) {
		my ($f, $arg) = ($1, $2);
		next if $arg =~ /^"/;                          # a literal
		next if $arg =~ /^\w+ \? "[^"]*" : "[^"]*"$/;   # one of two literals
		next if $arg =~ /^const\b/;                     # a definition
		next if $f eq "sqlite3_exec" && $arg =~ /^cr_migrations\[v\]$/;   # compiled-in schema
		next if $arg =~ /^(sql)$/;                      # the parameter of exec()/run() itself, or the integer PRAGMA
		print "$f($arg)\n";
	}' "$CR_SRC"/app/store/*.c)
[ -z "$sql_calls" ] && pass || fail "SQL built from something other than a literal: $sql_calls"
printf_sql=$(grep -n 'printf.*\(SELECT\|INSERT\|UPDATE\|DELETE\|PRAGMA\)' "$CR_SRC"/app/store/*.c | grep -v 'PRAGMA user_version = %d' || true)
[ -z "$printf_sql" ] && pass || fail "SQL formatted with printf: $printf_sql"
if grep -rn 'sqlite3' "$CR_SRC/app" --include='*.c' --include='*.h' -l | grep -v '/app/store/' | grep -q .; then
	fail "SQLite used outside app/store: $(grep -rln sqlite3 "$CR_SRC/app" | grep -v /app/store/)"
else
	pass
fi
# and in practice: names and answers full of SQL are stored as the text they are
evil="x'); DROP TABLE profile; --"
run 0 --profile "$evil" assess --answers "$A/accountant.yaml" --format json
[ "$(db "SELECT name FROM profile")" = "$evil" ] && pass || fail "profile name not stored verbatim"
[ "$(db "SELECT count(*) FROM sqlite_schema WHERE name IN ('profile', 'session', 'answer')")" -eq 3 ] && pass ||
	fail "tables lost to a hostile profile name"
printf 'occupation: "43-9021"\ngoals: "Robert\x27); DROP TABLE answer;-- and \\"quotes\\""\n' >"$TMP/evil.yaml"
cat "$A/registered-nurse.yaml" | grep -v -e '^occupation:' -e '^goals:' >>"$TMP/evil.yaml"
run 0 assess --answers "$TMP/evil.yaml" --format json
[ "$(db "SELECT value_json FROM answer WHERE question = 'goals' ORDER BY session_id DESC LIMIT 1")" = '"Robert'"'"'); DROP TABLE answer;-- and \"quotes\""' ] &&
	pass || fail "hostile answer not stored verbatim: $(db "SELECT value_json FROM answer WHERE question = 'goals' ORDER BY session_id DESC LIMIT 1")"

# -- personal files are owner-only: the folder, the database and the journals while in use
mode() { stat -c %a "$1"; }
[ "$(mode "$XDG_DATA_HOME/career-risk")" = 700 ] && pass || fail "data folder is $(mode "$XDG_DATA_HOME/career-risk")"
[ "$(mode "$XDG_DATA_HOME/career-risk/profiles.db")" = 600 ] && pass || fail "database is $(mode "$XDG_DATA_HOME/career-risk/profiles.db")"
umask 022 # as a careless shell would have it: career-risk sets its own
mkfifo "$TMP/in"
( exec "$CR_BIN" --db "$TMP/live/p.db" assess --questionnaire quick <"$TMP/in" >/dev/null 2>&1 ) &
pid=$!
exec 3>"$TMP/in"
echo "43-9021" >&3
for _ in $(seq 200); do [ -e "$TMP/live/p.db-wal" ] && [ "$(sqlite3 "$TMP/live/p.db" "SELECT count(*) FROM answer" 2>/dev/null)" = 1 ] && break; sleep 0.05; done
for f in "$TMP/live/p.db" "$TMP/live/p.db-wal" "$TMP/live/p.db-shm"; do
	[ "$(mode "$f")" = 600 ] && pass || fail "$(basename "$f") is $(mode "$f") while in use"
done
[ "$(mode "$TMP/live")" = 700 ] && pass || fail "new folder is $(mode "$TMP/live")"
exec 3>&-
wait "$pid" || true

# -- bounded input: the limits hold without reading the whole input first
head -c 6000 /dev/zero | tr '\0' a >"$TMP/line"
echo >>"$TMP/line"
set +e
cr assess --questionnaire quick --no-save <"$TMP/line" >/dev/null 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 3 ] && pass || fail "an over-long piped line exited $rc"
expect_in "$(<"$TMP/err")" "stdin:1: a line longer than 4096 bytes" "piped line bound"
set +e
head -c 200000000 /dev/zero | tr '\0' a | cr assess --questionnaire quick --no-save >/dev/null 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 3 ] && pass || fail "an endless piped line exited $rc"
printf '43-9021\n\x00\n' >"$TMP/nul"
set +e
cr assess --questionnaire quick --no-save <"$TMP/nul" >/dev/null 2>"$TMP/err"
rc=$?
set -e
[ "$rc" -eq 3 ] && pass || fail "a NUL byte on a piped line exited $rc"
expect_in "$(<"$TMP/err")" "stdin:2: binary data (a NUL byte) in the input" "piped NUL"

# -- conditions read facts and nothing else: no function beyond the four, no other names
mkdir -p "$TMP/kb/knowledge"
ln -s "$CR_SRC"/knowledge/* "$TMP/kb/knowledge/"
ln -s "$CR_SRC/questionnaires" "$TMP/kb/questionnaires"
for cond in "getenv('HOME') != ''" "file('/etc/passwd') == ''" "data_entry.__proto__ > 1" "\$HOME == 'x'"; do
	printf 'rules:\n  - id: probe\n    when: "%s"\n    score: 1\n    reason: R\n    sources: [wef-2023]\n' "$cond" >"$TMP/kb/knowledge/zz-probe.yaml"
	run 3 kb check "$TMP/kb"
	expect_in "$ERR" "zz-probe.yaml:3:" "condition $cond refused with its place"
done
finish
