# Files career-risk writes (app/io/output.c; docs/reliability.md, "Files written"): never over
# an input or the database, whatever the name; a FIFO, a device or a link is never removed or
# replaced; a file written is owner-only; every failure says what and why; SIGTERM and SIGHUP
# stop a batch as SIGINT does. One block per defect of issue 12 (D1, D2, D4, D8, D9, D11, D12).
. "$(dirname "$0")/lib.sh"
GEN=$CR_BUILD/gen-intake
[ -x "$GEN" ] || { echo "gen-intake not built" >&2; exit 1; }
A=$CR_SRC/tests/data/answers
DB=$XDG_DATA_HOME/career-risk/profiles.db
W=$TMP/w
mkdir -p "$W/sub"
cd "$W"
"$GEN" 40 --seed 5 >"$W/exp.csv"
sum() { sha256sum "$1" | cut -d' ' -f1; }
no_tmp() { # no_tmp WHAT: no temporary output file left anywhere under $W
	local left
	left=$(find "$W" -name '*.tmp-*' | head -3)
	[ -z "$left" ] && pass || fail "$1: temporary files left: $left"
}
run 0 assess --answers "$A/accountant.yaml"
[ -f "$DB" ] || { echo "no database made" >&2; exit 1; }

# --- D1: batch never writes over its own input, however the name is spelt
EXP=$(sum "$W/exp.csv")
cp "$W/exp.csv" "$W/r.errors.csv"
ERRS=$(sum "$W/r.errors.csv")
for args in "--input $W/exp.csv --output exp.csv" "--input exp.csv --output r.csv --errors ./exp.csv" \
	"--input exp.csv --output sub/../exp.csv" "--input ./r.errors.csv --output r.csv"; do
	# shellcheck disable=SC2086 # the words are the options
	run 2 batch $args
	expect_in "$ERR" "career-risk never writes over it" "D1: $args"
done
cd sub
run 2 batch --input ../exp.csv --output ../sub/../exp.csv
cd "$W"
ln "$W/exp.csv" "$W/hard.csv" # a second name for the same file
run 2 batch --input exp.csv --output hard.csv
expect_in "$ERR" "is the survey export" "D1: a hard link to the export"
ln -s exp.csv "$W/soft.csv"
run 2 batch --input soft.csv --output exp.csv
expect_in "$ERR" "is the survey export" "D1: the export read through a link"
# two outputs that do not exist yet, named differently, are still one file
run 2 batch --input exp.csv --output out.csv --summary s.md --errors ./out.csv
expect_in "$ERR" "--errors is the results file" "D1: two outputs, one file"
[ "$(sum "$W/exp.csv")" = "$EXP" ] && [ "$(sum "$W/r.errors.csv")" = "$ERRS" ] && pass || fail "D1: an input was changed"
[ ! -e "$W/out.csv" ] && [ ! -e "$W/r.csv" ] && pass || fail "D1: a refused batch wrote something"
rm -f "$W/hard.csv" "$W/soft.csv" "$W/r.errors.csv"

# --- D2: no output replaces the profile database or its journal files
DBSUM=$(sum "$DB")
ln -s "$DB" "$W/db-link"
run 2 report --output "$DB"
expect_in "$ERR" "--output is the profile database" "D2: report --output the database"
run 2 export --output "$W/db-link"
expect_in "$ERR" "--output is the profile database" "D2: export --output a link to the database"
run 2 export --output "$XDG_DATA_HOME/career-risk/../career-risk/profiles.db-wal"
expect_in "$ERR" "write-ahead log" "D2: export --output the database's log"
run 2 batch --input exp.csv --output "$DB" --format csv --store
expect_in "$ERR" "--output is the profile database" "D2: batch --output the database --store"
run 2 batch --input exp.csv --output r.csv --summary "$DB-journal" --store
expect_in "$ERR" "journal" "D2: batch --summary the database's journal"
[ "$(sum "$DB")" = "$DBSUM" ] && pass || fail "D2: the database changed"
run 0 history
expect_in "$OUT" "1 scored" "D2: the database still works"
rm -f "$W/db-link"

# --- D8: an existing 0644 file is replaced by a 0600 one; a link is not written through
printf 'old\n' >"$W/shared.json"
chmod 644 "$W/shared.json"
run 0 export --output shared.json
[ "$(stat -c %a "$W/shared.json")" = 600 ] && pass || fail "D8: export left mode $(stat -c %a "$W/shared.json")"
expect_in "$ERR" "(readable by you only)" "D8: export says so"
jq -e .profile "$W/shared.json" >/dev/null && pass || fail "D8: the export is not JSON"
printf 'old\n' >"$W/shared.md"
chmod 644 "$W/shared.md"
run 0 report --format markdown --output shared.md
[ "$(stat -c %a "$W/shared.md")" = 600 ] && pass || fail "D8: report left mode $(stat -c %a "$W/shared.md")"
printf 'keep\n' >"$W/target.txt"
ln -s target.txt "$W/link.txt"
run 2 export --output link.txt
expect_in "$ERR" "is a symbolic link" "D8: a link as --output is refused"
[ "$(<"$W/target.txt")" = keep ] && [ -L "$W/link.txt" ] && pass || fail "D8: the link or its target changed"
# a failed write leaves the old file as it was, and nothing of its own
printf 'before\n' >"$W/old.json"
with_faults CR_FAULT_MATCH=old.json CR_FAULT_WRITE=0:ENOSPC -- run 7 export --output old.json
expect_in "$ERR" "old.json: cannot write the output: No space left on device" "D8: a full disk is named"
[ "$(<"$W/old.json")" = before ] && pass || fail "D8: a failed export changed the old file"
no_tmp "D8: a failed export"

# --- D4 and D11: FIFOs, devices and links to them are written in place, never removed
mkfifo "$W/fifo"
cat "$W/fifo" >"$W/fifo.got" &
reader=$!
run 0 report --output fifo
wait "$reader"
[ -p "$W/fifo" ] && grep -q "Exposure\|exposure" "$W/fifo.got" && pass || fail "D4: report into a FIFO"
cat "$W/fifo" >/dev/null &
reader=$!
with_faults CR_FAULT_MATCH=fifo CR_FAULT_WRITE=0:EIO -- run 7 export --output fifo
wait "$reader" || true
expect_in "$ERR" "fifo: cannot write the output: Input/output error" "D4: a failing FIFO is named"
[ -p "$W/fifo" ] && pass || fail "D4: a failed write removed the FIFO"
# a batch whose results go to a FIFO: written there, the FIFO stays a FIFO
cat "$W/fifo" >"$W/fifo.got" &
reader=$!
run 0 batch --input exp.csv --output fifo --format csv
wait "$reader"
[ -p "$W/fifo" ] && [ "$(head -c 7 "$W/fifo.got")" = "record," ] && pass || fail "D11: batch --output a FIFO"
# a device node of our own (a copy of /dev/full: every write fails), where we may make one
# (root): written in place, never removed or replaced. The system's /dev/full is never given
# as --output as root: a career-risk with D4 would delete it. Without root it is the target
# (the folder /dev protects it), and only standard output is ever sent to it otherwise.
if mknod "$W/full" c 1 7 2>/dev/null; then
	run 7 report --output full
	expect_in "$ERR" "full: cannot write the output: No space left on device" "D4: report to a device"
	[ -c "$W/full" ] && pass || fail "D4: a failed report removed the device node"
	run 7 export --output full
	[ -c "$W/full" ] && pass || fail "D4: a failed export removed the device node"
	run 7 batch --input exp.csv --output full --format csv
	expect_in "$ERR" "full: cannot write" "D11: batch to a device"
	[ -c "$W/full" ] && pass || fail "D11: batch replaced the device node"
	ln -s full "$W/full-link"
	run 2 report --output full-link
	expect_in "$ERR" "is a symbolic link" "D4: a link to a device is refused"
	[ -L "$W/full-link" ] && [ -c "$W/full" ] && pass || fail "D4: a link to a device was removed"
	run 2 batch --input exp.csv --output full-link --format csv
	[ -L "$W/full-link" ] && [ -c "$W/full" ] && pass || fail "D11: batch replaced a link to a device"
elif [ "$(id -u)" != 0 ]; then
	echo "mknod is not allowed here: /dev/full stands in for a device"
	run 7 report --output /dev/full
	expect_in "$ERR" "/dev/full: cannot write the output: No space left on device" "D4: report --output /dev/full"
	[ -c /dev/full ] && pass || fail "D4: /dev/full is gone"
else
	echo "skipped: root, but mknod failed (a container without CAP_MKNOD); the FIFO cases ran"
fi
no_tmp "D4/D11"

# --- D9: exit 7 always says what could not be written and why (standard output too)
for cmd in "assess --answers $A/accountant.yaml --no-save" "report" "export" "questionnaire show quick" \
	"questionnaire template quick" "occupation show 11-1011"; do
	set +e
	# shellcheck disable=SC2086
	cr $cmd >/dev/full 2>"$TMP/err9"
	rc=$?
	set -e
	[ "$rc" -eq 7 ] && pass || fail "D9: $cmd >/dev/full exited $rc"
	expect_in "$(<"$TMP/err9")" "cannot write to standard output: No space left on device" "D9: $cmd >/dev/full"
done
# a closed pipe: the reader is gone before career-risk writes (Python closes it first). As other
# Unix tools do, that ends quietly with status 0 (issue 17): the reader took what it wanted.
python3 - "$CR_BIN" "$TMP/err9" <<'EOF' && pass || fail "D9: export into a closed pipe: $(<"$TMP/err9")"
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
with open(sys.argv[2], "wb") as err:
    rc = subprocess.run([sys.argv[1], "export"], stdout=w, stderr=err).returncode
sys.exit(0 if rc == 0 and open(sys.argv[2], "rb").read() == b"" else 1)
EOF
run 7 report --output "$W/no/such/folder/r.txt"
expect_in "$ERR" "r.txt: cannot write the output: No such file or directory" "D9: a missing folder"

# --- D12: SIGTERM and SIGHUP stop `batch --store` as SIGINT does: exit 6, no temporary file,
# no output, no cohort left. The export arrives through a FIFO, stopping half-way (past the
# reader's first 256 KiB), so the batch is caught with its files open and its cohort begun.
"$GEN" 3000 --seed 3 >"$W/big.csv"
for sig in TERM HUP; do
	rm -f "$W/in.fifo"
	mkfifo "$W/in.fifo"
	"$CR_BIN" batch --input "$W/in.fifo" --output "$W/sig.csv" --summary "$W/sig.md" --store 2>"$TMP/sig.err" &
	pid=$!
	exec 3>"$W/in.fifo"
	head -1500 "$W/big.csv" >&3
	for _ in $(seq 100); do ls "$W"/sig.csv.tmp-* >/dev/null 2>&1 && break; sleep 0.1; done
	ls "$W"/sig.csv.tmp-* >/dev/null 2>&1 && pass || fail "D12: the batch never started writing"
	kill -"$sig" "$pid"
	set +e; wait "$pid"; rc=$?; set -e
	exec 3>&-
	[ "$rc" -eq 6 ] && pass || fail "D12: SIG$sig exited $rc: $(<"$TMP/sig.err")"
	expect_in "$(<"$TMP/sig.err")" "cancelled" "D12: SIG$sig explained"
	[ ! -e "$W/sig.csv" ] && [ ! -e "$W/sig.md" ] && pass || fail "D12: SIG$sig left an output"
	no_tmp "D12: SIG$sig"
	[ "$(db "SELECT count(*) FROM intake_cohort")" = 0 ] && pass || fail "D12: SIG$sig left a cohort"
done
finish
