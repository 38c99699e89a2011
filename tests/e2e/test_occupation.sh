# occupation search and show, with the baseline computed by the same engine.
. "$(dirname "$0")/lib.sh"
run 0 occupation search nurse
expect_in "$OUT" "29-1141  Registered Nurses" "search by title word"
run 0 occupation search registred nurse
expect_in "$OUT" "29-1141" "typo tolerated"
run 0 occupation show 43-9021 --format json
expect_jq "$OUT" '.code=="43-9021" and (.baseline.score|type=="number") and (.baseline.rules|length>0)' "show json with baseline"
expect_jq "$OUT" '.tasks|add==100' "task shares sum to 100"
run 0 occupation show "data entry keyers"
expect_in "$OUT" "Baseline:" "show text"
run 5 occupation show zzzzqqq
expect_in "$ERR" "no occupation matches" "unknown occupation"
finish
