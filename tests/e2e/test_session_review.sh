# The review before scoring, in a real terminal (tmux): changing an answer there (the question
# asked again with its answer shown; questions the change brings in or rules out), Enter keeping
# a split (after `back` and from the review), the review in words rather than ids, and Ctrl-C
# and Ctrl-D at the review.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux.sh"
# count NAME TEXT: how many lines of the screen hold TEXT
count() { screen "$1" | grep -cF -- "$2" || true; }
at_least() { [ "$(count "$1" "$2")" -ge "$3" ]; }
wait_count() { # wait_count NAME TEXT N: until TEXT is on N lines
	if until_true "$CR_TMUX_TIMEOUT" at_least "$@"; then pass; return 0; fi
	fail "timed out waiting for '$2' $3 times; screen:
$(screen "$1")"
}
answer() { db "SELECT value_json FROM answer a JOIN session s ON s.id = a.session_id WHERE s.status = '$1' AND question = '$2'"; }

start r1 assess --questionnaire quick
wait_for r1 "Question 1 of 9"
type_line r1 "43-9021"
wait_for r1 "part 1 of 6"
type_line r1 65 10 5 10 0 10
wait_for r1 "Question 3 of 9"
# back to the split: Enter keeps it, rather than asking for every part again
type_line r1 "back"
wait_for r1 "(now: 65% Routine information work; 10% Routine physical work"
T send-keys -t r1 Enter
wait_count r1 "Question 3 of 9" 2
if screen r1 | grep -qF "Give a percentage from 0 to 100."; then fail "Enter at a split's first part was refused"; else pass; fi
type_line r1 60 tried consume many 1 unclear us
wait_for r1 "Press Enter to see your result"
# the review reads in words: the question's first sentence and the answer, not ids
expect_in "$(screen r1)" "4. How often do you use AI tools" "review shows the question"
expect_in "$(screen r1)" "I have tried them, but I don't use them for work" "review shows the choice's label"
expect_in "$(screen r1)" "10% Working with people" "review labels the split's parts"
if screen r1 | grep -qE "ai_frequency:|tasks:|65/10/5"; then fail "review shows internal ids"; else pass; fi

# change an answer at the review: asked again with the answer shown, then the review again
type_line r1 "4"
wait_for r1 "(now: I have tried them, but I don't use them for work; press Enter to keep it)"
type_line r1 "never"
wait_count r1 "Press Enter to see your result" 2
[ "$(answer open ai_frequency)" = '"never"' ] && pass || fail "changed answer not saved: $(answer open ai_frequency)"
# 'never' rules out the question on how AI is used: its answer goes
[ -z "$(answer open ai_depth)" ] && pass || fail "answer to a question ruled out is kept: $(answer open ai_depth)"
type_line r1 "4"
wait_count r1 "(now: Never; press Enter to keep it)" 1
type_line r1 "daily"
# 'daily' brings it back: it is asked before the review
wait_count r1 "Which best describes the most advanced way you use AI tools?" 2
type_line r1 "prompt"
wait_count r1 "Press Enter to see your result" 3
# the split from the review: Enter keeps it
type_line r1 "2"
wait_count r1 "(now: 65% Routine information work" 2
T send-keys -t r1 Enter
wait_count r1 "Press Enter to see your result" 4
# a number out of range is explained
type_line r1 "12"
wait_for r1 "Type a number from 1 to 9, or just press Enter."
# Ctrl-C at the review offers to leave; no shows the review again
T send-keys -t r1 C-c
wait_for r1 "Save your answers and leave? [y/N]"
type_line r1 "n"
wait_count r1 "Press Enter to see your result" 6
T send-keys -t r1 Enter
wait_for r1 "Exposure score"
[ "$(wait_rc r1)" = "EXIT=0" ] && pass || fail "session changed at the review did not exit 0"
[ "$(answer done ai_frequency)" = '"daily"' ] && pass || fail "saved ai_frequency: $(answer done ai_frequency)"
[ "$(answer done ai_depth)" = '"prompt"' ] && pass || fail "saved ai_depth: $(answer done ai_depth)"
[ "$(answer done tasks)" != "" ] && pass || fail "split lost"
# the saved result is the one the changed answers give
printf 'occupation: "43-9021"\ntasks: {routine_cognitive: 65, routine_manual: 10, analytic: 5, interpersonal: 10, creative: 0, nonroutine_manual: 10}\ndata_entry: 60\nai_frequency: daily\nai_depth: prompt\nrarity: many\njudgment: 1\nemployer_stance: unclear\nregion: us\n' >"$TMP/changed.yaml"
run 0 assess --questionnaire quick --answers "$TMP/changed.yaml" --format json --no-save
[ "$(jq .score <<<"$OUT")" = "$(db "SELECT score FROM session WHERE status='done'")" ] && pass ||
	fail "saved score $(db "SELECT score FROM session WHERE status='done'") is not the changed answers' $(jq .score <<<"$OUT")"
printf 'occupation: "43-9021"\ntasks: {routine_cognitive: 65, routine_manual: 10, analytic: 5, interpersonal: 10, creative: 0, nonroutine_manual: 10}\ndata_entry: 60\nai_frequency: tried\nai_depth: consume\nrarity: many\njudgment: 1\nemployer_stance: unclear\nregion: us\n' >"$TMP/before.yaml"
run 0 assess --questionnaire quick --answers "$TMP/before.yaml" --format json --no-save
[ "$(jq .score <<<"$OUT")" != "$(db "SELECT score FROM session WHERE status='done'")" ] && pass ||
	fail "the change made no difference to the score, so this test shows nothing"

# Ctrl-C at the review, then yes: saved, exit 6; Ctrl-D at the review: the same
for key in C-c C-d; do
	name=r2$key
	start "$name" assess --questionnaire quick
	wait_for "$name" "Question 1 of 9"
	type_line "$name" "43-9021"
	wait_for "$name" "part 1 of 6"
	type_line "$name" "65 10 5 10 0 10" # not a number: asked again
	type_line "$name" 65 10 5 10 0 10 60 tried consume many 1 unclear us
	wait_for "$name" "Press Enter to see your result"
	T send-keys -t "$name" "$key"
	[ "$key" = C-c ] && { wait_for "$name" "Save your answers and leave?"; type_line "$name" y; }
	wait_for "$name" "Your 9 answers are saved. Pick up where you left off with:"
	[ "$(wait_rc "$name")" = "EXIT=6" ] && pass || fail "$key at the review did not exit 6"
	[ "$(db "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id WHERE s.status = 'open'")" = 9 ] &&
		pass || fail "$key at the review: answers not kept"
	db "UPDATE session SET status = 'cancelled' WHERE status = 'open'"
done
finish
