# The questionnaire's rough edges, in a real terminal (tmux): Enter at a required multiple
# choice asks again with a hint instead of recording "none"; a region completes from its label
# and the label is taken; a split that does not add up to 100 lets one part be changed, or the
# parts be rescaled after confirming; "tried but not for work" is not asked what AI is used for
# and "never" not whether AI is combined with the specialism; `--resume` with nothing to resume
# says so and starts afresh; declining to resume discards the saved answers only when confirmed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux.sh"
answer() { # answer PROFILE QUESTION: the stored answer in the profile's open session
	db "SELECT value_json FROM answer a JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id
	    WHERE s.status = 'open' AND p.name = '$1' AND question = '$2'"
}
open_answers() {
	db "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id
	    WHERE s.status = 'open' AND p.name = '$1'"
}
not_on_screen() { # not_on_screen NAME TEXT WHAT
	if screen "$1" | grep -qF -- "$2"; then fail "$3; screen:
$(screen "$1")"; else pass; fi
}

# --- region by its label; a split fixed one part at a time; "tried" -----------------------
start s1 --profile p1 assess --questionnaire standard
wait_for s1 "Question 1 of"
type_line s1 "43-9021" "" "mid" ""
wait_for s1 "Where do you work?"
# typed in lower case and cut short: Tab completes the label as listed
send_keys s1 -l "united st"
T send-keys -t s1 Tab
wait_for s1 "> United States"
TYPED_AT[s1]=$(cursor_line s1)
T send-keys -t s1 Enter
wait_for s1 "How many years have you worked in your present specialism"
not_on_screen s1 "Not quite" "the completed label was refused"
[ "$(answer p1 region)" = '"us"' ] && pass || fail "region saved as $(answer p1 region), not us"
type_line s1 8
wait_for s1 "part 1 of 6"
# 60 + 10 + 5 + 10 + 0 + 5 = 90: only the wrong part is typed again
type_line s1 60 10 5 10 0 5
wait_for s1 "These add up to 90%, not 100%:"
wait_for s1 "1) 60% Routine information work"
type_line s1 1
wait_for s1 "part 1 of 6, now 60% (70% makes 100)"
type_line s1 70
wait_for s1 "About what share of your week goes to entering"
[ "$(answer p1 tasks | jq -c '[.routine_cognitive, .nonroutine_manual]')" = "[70,5]" ] && pass ||
	fail "split saved as $(answer p1 tasks)"
type_line s1 10 3 3 2 1
wait_for s1 "How often do you use AI tools"
type_line s1 tried
# tried but not for work: what AI is used for is not asked; how deeply, and with the domain, are
wait_for s1 "Which best describes the most advanced way you use AI tools?"
not_on_screen s1 "What do you use AI tools for in your work?" "'tried' was asked what AI is used for"
type_line s1 consume
wait_for s1 "Do you combine AI tools with your specialist knowledge"
T send-keys -t s1 C-d
[ "$(wait_rc s1)" = "EXIT=6" ] && pass || fail "Ctrl-D did not exit 6"

# --- "never": neither the uses nor the specialism; a split rescaled; Enter at a multi ------
start s2 --profile p2 assess --questionnaire standard
wait_for s2 "Question 1 of"
type_line s2 "43-9021" "" "mid" "" "us" 8
wait_for s2 "part 1 of 6"
# 45 + 5 + 5 + 5 + 0 + 0 = 60: scaled, shown and confirmed
type_line s2 45 5 5 5 0 0
wait_for s2 "These add up to 60%, not 100%:"
type_line s2 scale
wait_for s2 "Scaled to 100%: 76% Routine information work; 8% Routine physical work"
wait_for s2 "Use these? [y/N]"
type_line s2 y
wait_for s2 "About what share of your week goes to entering"
[ "$(answer p2 tasks | jq -c '[.routine_cognitive, .routine_manual, .creative]')" = "[76,8,0]" ] && pass ||
	fail "scaled split saved as $(answer p2 tasks)"
type_line s2 10 3 3 2 1 never
wait_for s2 "What does your employer allow when it comes to AI tools at work?"
not_on_screen s2 "Do you combine AI tools with your specialist knowledge" "'never' was asked about AI with the specialism"
not_on_screen s2 "Which best describes the most advanced way" "'never' was asked how deeply AI is used"
T send-keys -t s2 C-d
[ "$(wait_rc s2)" = "EXIT=6" ] && pass || fail "Ctrl-D did not exit 6"

start s3 --profile p3 assess --questionnaire standard
wait_for s3 "Question 1 of"
type_line s3 "43-9021" "" "mid" "" "us" 8 65 10 5 10 0 10 10 3 3 2 1 daily
wait_for s3 "What do you use AI tools for in your work?"
# Enter at a required multiple choice: asked again with a hint, nothing recorded
type_line s3 ""
wait_for s3 "Type the numbers of those that apply (e.g. 1,3), or 'none' if none do."
[ -z "$(answer p3 ai_uses)" ] && pass || fail "Enter recorded $(answer p3 ai_uses)"
type_line s3 "1,3"
wait_for s3 "Which best describes the most advanced way you use AI tools?"
[ "$(answer p3 ai_uses | jq -c .)" = '["writing","analysis"]' ] && pass || fail "ai_uses saved as $(answer p3 ai_uses)"
# 'none' typed out is still an answer
type_line s3 back
wait_for s3 "(now: Writing or editing text"
type_line s3 none
wait_count_two() { [ "$(screen s3 | grep -cF "Which best describes the most advanced way")" -ge 2 ]; }
until_true "$CR_TMUX_TIMEOUT" wait_count_two && pass || fail "'none' was not taken"
[ "$(answer p3 ai_uses | jq -c .)" = '[]' ] && pass || fail "'none' saved as $(answer p3 ai_uses)"
T send-keys -t s3 C-d
[ "$(wait_rc s3)" = "EXIT=6" ] && pass || fail "Ctrl-D did not exit 6"

# --- resuming ---------------------------------------------------------------------------
# nothing to resume: said, and a new assessment starts; never "Resuming"
start r1 --profile nobody assess --questionnaire quick --resume
wait_for r1 "nothing to resume for profile 'nobody'; starting a new assessment"
wait_for r1 "Question 1 of 9"
not_on_screen r1 "Resuming" "a new session said it was resuming"
T send-keys -t r1 C-d
[ "$(wait_rc r1)" = "EXIT=6" ] && pass || fail "Ctrl-D did not exit 6"
# nothing answered, nothing written: the profile is created with a first answer
[ "$(db "SELECT count(*) FROM profile WHERE name = 'nobody'")" = 0 ] && pass || fail "Ctrl-D at the first question created the profile"
# an unfinished session without a single answer (an earlier version killed at the first
# question) is nothing to resume
db "INSERT INTO profile(name) VALUES ('nobody'); INSERT INTO session(profile_id, questionnaire, kb_version) SELECT id, 'quick', 'x' FROM profile WHERE name = 'nobody'"
[ "$(db "SELECT count(*) FROM session s JOIN profile p ON p.id = s.profile_id WHERE status = 'open' AND name = 'nobody'")" = 1 ] && pass || fail "the empty session was not set up"
start r2 --profile nobody assess --resume
wait_for r2 "nothing to resume for profile 'nobody'; starting a new assessment"
wait_for r2 "Question 1 of"
not_on_screen r2 "Resuming" "an empty session was resumed"
T send-keys -t r2 C-d
wait_rc r2 >/dev/null
[ "$(db "SELECT count(*) FROM session s JOIN profile p ON p.id = s.profile_id WHERE status = 'open' AND name = 'nobody'")" = 0 ] && pass || fail "the empty session is still open"

# "n" to "Resume it?" asks before discarding; "n" again keeps every answer
start r3 --profile p1 assess
wait_for r3 "answers given). Resume it? [Y/n]"
type_line r3 n
wait_for r3 "Discard its 14 answers and start a new assessment? [y/N]"
type_line r3 n
wait_for r3 "The unfinished assessment and its 14 answers are kept."
[ "$(wait_rc r3)" = "EXIT=6" ] && pass || fail "keeping the answers did not exit 6"
[ "$(open_answers p1)" = 14 ] && pass || fail "the kept session has $(open_answers p1) answers, not 14"
# Enter (the default) at the second question keeps them too
start r4 --profile p1 assess
wait_for r4 "Resume it? [Y/n]"
type_line r4 n
wait_for r4 "Discard its 14 answers"
type_line r4 ""
wait_for r4 "are kept"
wait_rc r4 >/dev/null
[ "$(open_answers p1)" = 14 ] && pass || fail "Enter discarded the answers"
finish
