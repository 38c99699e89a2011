# career-risk batch keeps its memory flat whatever the row count: the peak for 200,000 rows is
# within 4 MB of the peak for 20,000, and under 50 MB. Only on the plain build (label `plain`,
# never registered under the sanitizers: ASan keeps freed memory, so its peak is not the
# program's); the rest of the batch's behaviour is e2e.batch.
. "$(dirname "$0")/lib.sh"
GEN=$CR_BUILD/gen-intake
[ -x "$GEN" ] || { echo "gen-intake not built" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (Debian package time): peak memory not measured" >&2; exit 77; }
"$GEN" 20000 --seed 1 >"$TMP/m1.csv"
"$GEN" 200000 --seed 1 >"$TMP/m2.csv"
/usr/bin/time -f %M -o "$TMP/rss1" "$CR_BIN" batch --input "$TMP/m1.csv" --output "$TMP/m1.out.csv" --summary "$TMP/m1.md" 2>/dev/null
/usr/bin/time -f %M -o "$TMP/rss2" "$CR_BIN" batch --input "$TMP/m2.csv" --output "$TMP/m2.out.csv" --summary "$TMP/m2.md" 2>/dev/null
r1=$(tail -1 "$TMP/rss1"); r2=$(tail -1 "$TMP/rss2")
[ "$r2" -le $((r1 + 4096)) ] && pass || fail "peak memory grew from $r1 KB (20k rows) to $r2 KB (200k rows)"
[ "$r2" -lt 51200 ] && pass || fail "peak memory $r2 KB"
[ "$(($(wc -l <"$TMP/m2.out.csv") - 1))" -gt 190000 ] && pass || fail "the 200,000-row batch scored $(($(wc -l <"$TMP/m2.out.csv") - 1)) rows"
finish
