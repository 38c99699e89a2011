# `career-risk batch --jobs N` scores rows on N threads and writes exactly what --jobs 1 writes:
# the results (CSV and JSON Lines), the errors file, the summary, what it says on stderr and the
# stored cohort are compared byte for byte over a few thousand generated rows with bad ones among
# them (the generator's own, a NUL byte, ids JSON must escape, a quote left open at the end).
# --strict stops at the same row whatever N; so do a roster and --excel, a reader's error midway, an
# export converted from Windows-1252 and a piped one; Ctrl-C stops it whoever reads; a bad --jobs is
# a usage error.
. "$(dirname "$0")/lib.sh"
GEN=$CR_BUILD/gen-intake
[ -x "$GEN" ] || { echo "gen-intake not built" >&2; exit 1; }

ROWS=4000
[ "${CR_SANITIZE:-0}" = 1 ] && ROWS=1500
"$GEN" "$ROWS" --seed 5 >"$TMP/in.csv"
# more bad and awkward rows: a copy of the first data row under ids and departments JSON must
# escape (the second-to-last row: a NUL byte), and a quote opened in the last row and never closed
first=$(sed -n 2p "$TMP/in.csv" | cut -d, -f3-)
{
	printf '%s\r\n' "\"q\"\"uote\",Finance,$first" "back\\slash,\"Ops \"\"North\"\"\",$first" \
		"ünï-çødé,Ümlaut GmbH,$first" "null,42,$first" "-.inf,~,$first" "E9,Sales,$first"
	printf 'E\0001,Sales,%s\r\n' "$first"
	printf 'E0999999,"Sales, never closed\r\n'
} >>"$TMP/in.csv"

# jb J RC ARGS...: runs the batch with --jobs J on $IN (default in.csv) into $TMP/jJ/ and keeps its stderr there
jb() {
	local j=$1 want=$2
	shift 2
	mkdir -p "$TMP/j$j"
	run "$want" batch --jobs "$j" --input "${IN:-$TMP/in.csv}" "$@"
	printf '%s\n' "$ERR" | sed "s|$TMP/j$j/||g" >"$TMP/j$j/stderr"
}
for j in 1 2 3; do
	jb "$j" 0 --output "$TMP/j$j/out.csv" --summary "$TMP/j$j/sum.md"
	mv "$TMP/j$j/stderr" "$TMP/j$j/stderr.csv"
	jb "$j" 0 --output "$TMP/j$j/out.jsonl" --errors "$TMP/j$j/jsonl.errors.csv" --summary "$TMP/j$j/sum.html" \
		--group-by department,site --min-group 5
	mv "$TMP/j$j/stderr" "$TMP/j$j/stderr.jsonl"
	jb "$j" 3 --output "$TMP/j$j/strict.csv" --strict
	mv "$TMP/j$j/stderr" "$TMP/j$j/stderr.strict"
	jb "$j" 0 --output "$TMP/j$j/stored.csv" --store --cohort "jobs $j" # (stderr: its cohort id)
done
# the run really had bad rows of every kind, and scored the rest
bad=$(($(wc -l <"$TMP/j1/out.errors.csv") - 1))
[ "$bad" -ge 5 ] && pass || fail "expected the generator's bad rows and ours, got $bad"
expect_in "$(<"$TMP/j1/out.errors.csv")" "NUL byte" "the NUL byte row is listed"
expect_in "$(<"$TMP/j1/out.errors.csv")" "ends inside a quoted field" "the open quote is listed"
expect_in "$(<"$TMP/j1/stderr.csv")" "could not be scored" "bad rows reported"
for j in 2 3; do
	for f in out.csv out.errors.csv sum.md stderr.csv out.jsonl jsonl.errors.csv sum.html stderr.jsonl \
		strict.errors.csv stderr.strict stored.csv; do
		cmp -s "$TMP/j1/$f" "$TMP/j$j/$f" && pass || fail "--jobs $j wrote a different $f: $(diff "$TMP/j1/$f" "$TMP/j$j/$f" | head -5)"
	done
	[ ! -e "$TMP/j$j/strict.csv" ] && pass || fail "--jobs $j --strict left a results file"
done
[ "$(wc -l <"$TMP/j1/strict.errors.csv")" -eq 2 ] && pass || fail "--strict lists the one bad row it stopped at"
# the stored cohorts: the same rows, and the same counts
rows() {
	db "SELECT r.record, r.employee_id, r.groups_json, r.occupation, r.score, r.band, r.range_low, r.range_high,
		r.routineness, r.ai_usage, r.specialization, r.exposure, r.recommendations, r.roles
		FROM intake_result r JOIN intake_cohort c ON c.id = r.cohort_id WHERE c.name = '$1' ORDER BY r.record"
}
counts() { db "SELECT status, rows_read, rows_scored, rows_bad FROM intake_cohort WHERE name = '$1'"; }
rows "jobs 1" >"$TMP/rows1"
[ "$(wc -l <"$TMP/rows1")" -gt $((ROWS / 2)) ] && pass || fail "the cohort was stored: $(wc -l <"$TMP/rows1") rows"
for j in 2 3; do
	cmp -s "$TMP/rows1" <(rows "jobs $j") && pass || fail "--jobs $j stored different rows"
	[ "$(counts "jobs 1")" = "$(counts "jobs $j")" ] && pass || fail "--jobs $j counts: $(counts "jobs $j")"
done
# JSON Lines written directly: every line is JSON, and ids needing escapes read back as written
[ "$(jq -s length "$TMP/j1/out.jsonl")" -eq "$(($(wc -l <"$TMP/j1/out.csv") - 1))" ] && pass || fail "JSONL lines"
ids=$(jq -r 'select(.record > '"$((ROWS + 1))"') | .employee_id + "|" + (.groups | tostring)' "$TMP/j1/out.jsonl")
expect_in "$ids" 'q"uote|{"department":"Finance"' "a quote in an id"
expect_in "$ids" 'back\slash|{"department":"Ops \"North\""' "a backslash and quotes"
expect_in "$ids" 'ünï-çødé|{"department":"Ümlaut GmbH"' "non-ASCII text"
expect_in "$ids" 'null|{"department":"42"' "text that looks like null or a number stays a string"
expect_in "$ids" '-.inf|{"department":"~"' "text that looks like YAML stays a string"

# a roster (scored on occupation baselines, with unscored rows counted into their groups) and an
# --excel run (the export's ';', BOM, CRLF) are the same whatever N too
awk 'BEGIN {
	split("paralegal|call centre agent|15-1252|registered nurse|accountant|truck driver|graphic designer|data entry clerk", t, "|")
	split("Legal|Customer Service|IT|Care|Finance", d, "|"); split("Leeds|Glasgow|Cardiff", s, "|")
	print "Employee ID,Job title,Department,Location"
	for (i = 1; i <= 2500; i++) printf "H%05d,%s,%s,%s\n", i, (i % 97 ? t[(i % 8) + 1] : i % 2 ? "" : "zzqx"), d[(i % 5) + 1], s[(i % 3) + 1]
}' >"$TMP/roster.csv"
tr , ';' <"$TMP/roster.csv" >"$TMP/semi.csv"
for j in 1 2; do
	IN=$TMP/roster.csv jb "$j" 0 --output "$TMP/j$j/roster.csv" --summary "$TMP/j$j/roster.md" \
		--group-by Department,Location --group-label Location=Site --min-group 5
	mv "$TMP/j$j/stderr" "$TMP/j$j/stderr.roster"
	IN=$TMP/roster.csv jb "$j" 0 --output "$TMP/j$j/roster.jsonl" --errors "$TMP/j$j/roster.jsonl.errors.csv"
	mv "$TMP/j$j/stderr" "$TMP/j$j/stderr.roster.jsonl"
	IN=$TMP/semi.csv jb "$j" 0 --output "$TMP/j$j/excel.csv" --excel --summary "$TMP/j$j/excel.md"
	mv "$TMP/j$j/stderr" "$TMP/j$j/stderr.excel"
	jb "$j" 0 --output "$TMP/j$j/survey-excel.csv" --excel
	mv "$TMP/j$j/stderr" "$TMP/j$j/stderr.survey-excel"
done
expect_in "$(<"$TMP/j1/stderr.roster")" "roster mode" "the roster is read as a roster"
expect_in "$(<"$TMP/j1/roster.md")" "occupation baseline" "the roster summary says what it rests on"
[ "$(($(wc -l <"$TMP/j1/roster.errors.csv") - 1))" -ge 20 ] && pass || fail "the roster's bad titles are listed"
[ "$(grep -c ',occupation baseline,' "$TMP/j1/roster.csv")" -gt 2400 ] && pass || fail "roster rows rest on the baseline"
[ "$(head -c 3 "$TMP/j2/excel.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && pass || fail "--excel --jobs 2: no BOM"
[ "$(grep -c $'\r$' "$TMP/j2/excel.csv")" = "$(wc -l <"$TMP/j2/excel.csv")" ] && pass || fail "--excel --jobs 2: not CRLF"
sed -n 2p "$TMP/j2/excel.csv" | grep -q '^2;H00001;' && pass || fail "--excel --jobs 2: not ';': $(sed -n 2p "$TMP/j2/excel.csv")"
for f in roster.csv roster.errors.csv roster.md stderr.roster roster.jsonl roster.jsonl.errors.csv stderr.roster.jsonl \
	excel.csv excel.errors.csv excel.md stderr.excel survey-excel.csv survey-excel.errors.csv stderr.survey-excel; do
	cmp -s "$TMP/j1/$f" "$TMP/j2/$f" && pass || fail "--jobs 2 wrote a different $f: $(diff "$TMP/j1/$f" "$TMP/j2/$f" | head -5)"
done

# who reads the export: with threads, the workers parse it (one at a time, each scoring the chunk
# it read), from a regular file or from the blocks of a pipe's bytes the main thread reads; a
# reader's error in the middle of the file (a
# field past 64 KiB: the rows before it are written, the errors file kept), an export converted from
# Windows-1252 as it is read, and a pipe all give what --jobs 1 gives
awk -v big="$(head -c 70000 /dev/zero | tr '\0' x)" -v at=$((ROWS / 2)) 'NR == at { print "E0888888,Sales,\"" big "\"" } { print }' \
	"$TMP/in.csv" >"$TMP/long.csv"
sed '1s/^\xef\xbb\xbf//' "$TMP/in.csv" | iconv -f UTF-8 -t CP1252 >"$TMP/cp1252.csv" # (a BOM says UTF-8)
for j in 1 2 3; do
	IN=$TMP/long.csv jb "$j" 3 --output "$TMP/j$j/long.csv" --summary "$TMP/j$j/long.md"
	mv "$TMP/j$j/stderr" "$TMP/j$j/stderr.long"
	IN=$TMP/cp1252.csv jb "$j" 0 --output "$TMP/j$j/cp1252.csv" --summary "$TMP/j$j/cp1252.md"
	mv "$TMP/j$j/stderr" "$TMP/j$j/stderr.cp1252"
	IN=- jb "$j" 0 --output "$TMP/j$j/pipe.csv" --summary "$TMP/j$j/pipe.md" < <(cat "$TMP/in.csv")
	mv "$TMP/j$j/stderr" "$TMP/j$j/stderr.pipe"
done
expect_in "$(<"$TMP/j1/stderr.long")" "longer than 64 KiB" "the long field stops the batch"
[ "$(($(wc -l <"$TMP/j1/long.errors.csv") - 1))" -ge 1 ] && pass || fail "the bad rows before the long field are listed"
expect_in "$(<"$TMP/j1/stderr.cp1252")" "Windows-1252" "the export is read as Windows-1252"
cmp -s "$TMP/j1/out.csv" "$TMP/j1/pipe.csv" && pass || fail "a piped export scored differently"
for j in 2 3; do
	for f in long.errors.csv stderr.long cp1252.csv cp1252.errors.csv cp1252.md stderr.cp1252 pipe.csv pipe.errors.csv \
		pipe.md stderr.pipe; do
		cmp -s "$TMP/j1/$f" "$TMP/j$j/$f" && pass || fail "--jobs $j wrote a different $f: $(diff "$TMP/j1/$f" "$TMP/j$j/$f" | head -5)"
	done
	[ ! -e "$TMP/j$j/long.csv" ] && [ ! -e "$TMP/j$j/long.md" ] && pass || fail "--jobs $j kept results of a failed batch"
done

# Ctrl-C stops a threaded batch whoever reads: exit 6, nothing kept. An export still arriving through
# a FIFO (the main thread waits in its read), and a regular file the workers read.
# (2,000 rows: more than a chunk, so the workers are scoring when it comes)
cancel_fifo "a FIFO with --jobs 2" 2000 --jobs 2
"$GEN" 60000 --seed 6 >"$TMP/big.csv"
"$CR_BIN" batch --jobs 2 --input "$TMP/big.csv" --output "$TMP/cancel2.csv" 2>"$TMP/cancel2.err" &
pid=$!
for _ in $(seq 100); do ls "$TMP"/cancel2.csv.tmp-* >/dev/null 2>&1 && break; sleep 0.05; done
kill -INT "$pid"
set +e; wait "$pid"; rc=$?; set -e
[ "$rc" -eq 6 ] && pass || fail "Ctrl-C on a file with --jobs 2 exited $rc: $(<"$TMP/cancel2.err")"
expect_in "$(<"$TMP/cancel2.err")" "cancelled" "the cancel is explained"
[ -e "$TMP/cancel2.csv" ] || ls "$TMP"/cancel2.csv.tmp-* >/dev/null 2>&1 && fail "cancelled batch left files" || pass

# a bad --jobs is a usage error
for bad in 0 -1 x 2x 65; do
	run 2 batch --jobs "$bad" --input "$TMP/in.csv" --output "$TMP/x.csv"
	expect_in "$ERR" "--jobs takes a number of threads" "--jobs $bad explained"
done
echo "batch_jobs: $PASSES passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
