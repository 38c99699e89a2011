# Several processes writing one profile database at once: each waits its turn (WAL and a
# busy timeout), none fails, and no answer is lost - on a new database (all of them
# creating it and its schema at the same moment) and on one profile created concurrently.
. "$(dirname "$0")/lib.sh"
A=$CR_SRC/tests/data/answers
DB=$TMP/shared/profiles.db
N=8
[ "${CR_VALGRIND:-0}" = 1 ] && N=3

# N imports into one new database and one new profile, all at once
pids=()
for i in $(seq "$N"); do
	cr --db "$DB" --profile client assess --answers "$A/accountant.yaml" >/dev/null 2>"$TMP/err.$i" &
	pids+=($!)
done
for i in $(seq "$N"); do
	if wait "${pids[$((i - 1))]}"; then pass; else fail "import $i of $N failed: $(cat "$TMP/err.$i")"; fi
done
got=$(sqlite3 "$DB" "PRAGMA integrity_check; SELECT count(*) FROM profile; SELECT count(*) FROM session WHERE status = 'done';
	SELECT count(*) FROM answer;")
[ "$got" = "$(printf 'ok\n1\n%s\n%s' "$N" $((N * 27)))" ] && pass ||
	fail "after $N concurrent imports expected ok, 1 profile, $N sessions, $((N * 27)) answers; got $(tr '\n' ' ' <<<"$got")"

# piped sessions and imports for different profiles, interleaved: every answer arrives
quick=("43-9021" "65 10 5 10 0 10" "60" "tried" "consume" "many" "1" "unclear" "us")
pids=()
for i in $(seq "$N"); do
	printf '%s\n' "${quick[@]}" | cr --db "$DB" --profile "piped-$i" assess --questionnaire quick >/dev/null 2>"$TMP/perr.$i" &
	pids+=($!)
	cr --db "$DB" --profile "file-$i" assess --answers "$A/registered-nurse.yaml" >/dev/null 2>"$TMP/ferr.$i" &
	pids+=($!)
done
for pid in "${pids[@]}"; do
	if wait "$pid"; then pass; else fail "a concurrent writer failed: $(cat "$TMP"/perr.* "$TMP"/ferr.*)"; fi
done
for i in $(seq "$N"); do
	n=$(sqlite3 "$DB" "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id
		WHERE p.name = 'piped-$i' AND s.status = 'done'")
	[ "$n" -eq 9 ] && pass || fail "profile piped-$i: expected 9 answers, found $n"
done
[ "$(sqlite3 "$DB" "SELECT count(*) FROM session WHERE status != 'done'")" -eq 0 ] && pass || fail "sessions left open"
run 0 --db "$DB" doctor
expect_in "$OUT" "The database is healthy." "doctor after concurrent writers"
finish
