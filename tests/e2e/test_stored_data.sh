# Stored data read back: a stored result that does not parse is a storage error naming the
# profile and the session (exit 4, never a crash, never a YAML hint) for every reader, and
# doctor names it; a database reached through symbolic links to folders works (a linked home,
# a linked ~/.local/share, a linked folder given with --db), and a database file that is a
# symbolic link is refused with the file it points to.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers

# -- a damaged stored result (D3)
DB=$TMP/d/profiles.db
run 0 --db "$DB" --profile ann assess --answers "$A/accountant.yaml"
run 0 --db "$DB" --profile ann assess --answers "$A/registered-nurse.yaml"
run 0 --db "$DB" --profile bob assess --answers "$A/accountant.yaml"
sqlite3 "$DB" "UPDATE session SET result_json = '{\"score\": 4' WHERE id = (SELECT s.id FROM session s JOIN profile p
	ON p.id = s.profile_id WHERE p.name = 'ann' ORDER BY s.id LIMIT 1 OFFSET 1)"
for c in export "export --output $TMP/x.json" report "report --format json" "report --format markdown" "report --format html" \
	"report --session 1" history "history --format json" compare progress "plan list" "note list"; do
	# shellcheck disable=SC2086
	run 4 --db "$DB" --profile ann $c || continue
	expect_in "$ERR" "profile 'ann', session 2: the stored result is damaged" "$c: names profile and session"
	expect_in "$ERR" "doctor" "$c: says to run doctor"
	grep -qF "syntax" <<<"$ERR" && fail "$c: a YAML hint for a storage fault: $ERR" || pass
done
# the next assessment of that profile is saved, then the same storage error; other profiles are untouched
run 4 --db "$DB" --profile ann assess --answers "$A/accountant.yaml"
expect_in "$ERR" "session 2: the stored result is damaged" "assess after a damaged result"
run 0 --db "$DB" --profile bob report
run 0 --db "$DB" --profile bob export
# a stored answer that does not parse is exported as null: embed() once freed libfyaml's string twice here
sqlite3 "$DB" "UPDATE answer SET value_json = '[1, 2' WHERE (session_id, question) = (SELECT a.session_id, a.question FROM answer a
	JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id WHERE p.name = 'bob' LIMIT 1)"
run 0 --db "$DB" --profile bob export
expect_jq "$OUT" '[.. | nulls] | length >= 1' "a damaged answer is exported as null"
[ -z "$ERR" ] && pass || fail "libfyaml printed on stderr: $ERR"
run 0 --db "$DB" profile list
# doctor reads every stored result and names the damaged one
run 4 --db "$DB" doctor --format json
expect_jq "$OUT" '[.checks[] | select(.level == "problem" and (.finding | contains("profile '"'ann'"', session 2: the stored result is damaged")))] | length == 1' \
	"doctor names the damaged result"
# a result that parses but lacks what a result must hold is damage too
sqlite3 "$DB" "UPDATE session SET result_json = '{\"score\": 40}' WHERE result_json = '{\"score\": 4'"
run 4 --db "$DB" --profile ann export
expect_in "$ERR" "session 2: the stored result is damaged" "a result without its fields"
run 4 --db "$DB" doctor
expect_in "$OUT" "session 2: the stored result is damaged" "doctor: a result without its fields"
# a healthy database says every result reads back
run 0 --db "$TMP/fine.db" assess --answers "$A/accountant.yaml"
run 0 --db "$TMP/fine.db" doctor
expect_in "$OUT" "every stored result reads back (1)" "doctor on sound results"

# -- symbolic links in the database's path (D5)
mkdir -p "$TMP/real/home" "$TMP/real/share"
chmod 700 "$TMP/real/home" "$TMP/real/share"
ln -s "$TMP/real/home" "$TMP/linkhome"
linked() { # linked WHAT ENV...: an import and a history through the links; the file lands in the real folder
	local what=$1; shift
	env "$@" "$CR_BIN" assess --answers "$A/accountant.yaml" >/dev/null 2>"$TMP/err" && pass ||
		fail "$what: the import failed: $(<"$TMP/err")"
	env "$@" "$CR_BIN" history >"$TMP/out" 2>"$TMP/err" && pass || fail "$what: history failed: $(<"$TMP/err")"
	grep -q "accountant\|standard" "$TMP/out" && pass || fail "$what: history is empty: $(<"$TMP/out")"
}
# a linked home (XDG_DATA_HOME unset: ~/.local/share/career-risk/profiles.db)
linked "linked home" -u XDG_DATA_HOME HOME="$TMP/linkhome"
[ -s "$TMP/real/home/.local/share/career-risk/profiles.db" ] && pass || fail "linked home: no database in the real folder"
# a linked ~/.local/share
mkdir -p "$TMP/h2/.local"
ln -s "$TMP/real/share" "$TMP/h2/.local/share"
linked "linked ~/.local/share" -u XDG_DATA_HOME HOME="$TMP/h2"
[ -s "$TMP/real/share/career-risk/profiles.db" ] && pass || fail "linked share: no database in the real folder"
HOME="$TMP/h2" XDG_DATA_HOME='' run 0 doctor
expect_in "$OUT" "every stored result reads back" "doctor through a linked folder reads the contents"
# a linked folder given with --db, relative and absolute
mkdir -p "$TMP/real/dbdir" && chmod 700 "$TMP/real/dbdir"
ln -s real/dbdir "$TMP/dblink"
run 0 --db "$TMP/dblink/p.db" assess --answers "$A/accountant.yaml"
(cd "$TMP" && "$CR_BIN" --db dblink/p.db history >/dev/null) && pass || fail "a relative linked --db folder"
run 0 --db "$TMP/dblink/p.db" doctor
expect_in "$OUT" "The database is healthy." "doctor through a linked --db folder"
# a database file that is a link: refused, naming the file it points to; the target unchanged
ln -s "$TMP/real/dbdir/p.db" "$TMP/file-link.db"
sum=$(cksum <"$TMP/real/dbdir/p.db")
run 4 --db "$TMP/file-link.db" history
expect_in "$ERR" "the database is a symbolic link (to $TMP/real/dbdir/p.db)" "a linked file is refused"
expect_in "$ERR" "hint: pass --db '$TMP/real/dbdir/p.db'" "a linked file: says what to pass"
run 4 --db "$TMP/file-link.db" doctor
expect_in "$OUT" "is a symbolic link" "doctor: a linked file"
[ "$(cksum <"$TMP/real/dbdir/p.db")" = "$sum" ] && pass || fail "the link's target changed"
[ -L "$TMP/file-link.db" ] && pass || fail "the link was replaced"
finish
