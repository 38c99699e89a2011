# SIGTERM and SIGHUP in a session (issue 12, D12), in a real terminal (tmux), and piped:
# each ends the session as Ctrl-D does: the answers given are saved, it says how to resume,
# and it exits 6 (not killed, 143 or 129); resuming then asks only the rest.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tmux.sh"
open_answers() {
	db "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id WHERE s.status = 'open'"
}
# cr_pid NAME: the career-risk process in the terminal NAME (the shell's child that env became)
cr_pid() {
	local shell
	shell=$(T list-panes -t "$1" -F '#{pane_pid}')
	pgrep -P "$shell" | head -1
}

n=0
for sig in TERM HUP; do
	n=$((n + 1))
	start "s$sig" --profile "p$sig" assess --questionnaire quick
	wait_for "s$sig" "Question 1 of 9"
	type_line "s$sig" "43-9021"
	wait_for "s$sig" "part 1 of 6"
	pid=$(cr_pid "s$sig")
	[ -n "$pid" ] && pass || fail "SIG$sig: no career-risk process found"
	kill -"$sig" "$pid"
	wait_for "s$sig" "Your 1 answer is saved. Pick up where you left off with:"
	wait_for "s$sig" "career-risk --profile 'p$sig' assess --resume"
	[ "$(wait_rc "s$sig")" = "EXIT=6" ] && pass || fail "SIG$sig: the session did not exit 6"
	[ "$(open_answers)" = "$n" ] && pass || fail "SIG$sig: $(open_answers) answers kept in open sessions, expected $n"
done

# resuming after SIGTERM asks only what was not answered
start r --profile pTERM assess --resume
wait_for r "Resuming: your earlier answers are kept."
wait_for r "Question 2 of 9"
if screen r | grep -qF "Question 1 of 9"; then fail "resuming after SIGTERM asked question 1 again"; else pass; fi
T send-keys -t r C-d
wait_for r "Your 1 answer is saved."

# piped: the same, once the answer given is in the database (read from a FIFO that stays open)
mkfifo "$TMP/in"
"$CR_BIN" --profile piped assess --questionnaire quick <"$TMP/in" >"$TMP/p.out" 2>"$TMP/p.err" &
pid=$!
exec 3>"$TMP/in"
printf '43-9021\n' >&3
piped_answers() {
	db "SELECT count(*) FROM answer a JOIN session s ON s.id = a.session_id JOIN profile p ON p.id = s.profile_id
	    WHERE p.name = 'piped'"
}
one_saved() { [ "$(piped_answers 2>/dev/null)" = 1 ]; }
until_true "$CR_TMUX_TIMEOUT" one_saved || fail "the piped answer was not saved; answers: $(piped_answers 2>&1)"
kill -TERM "$pid"
set +e; wait "$pid"; rc=$?; set -e
exec 3>&-
[ "$rc" -eq 6 ] && pass || fail "piped, SIGTERM exited $rc: $(<"$TMP/p.err")"
expect_in "$(<"$TMP/p.err")" "Your 1 answer is saved." "piped, SIGTERM says what is saved"
[ "$(piped_answers)" = 1 ] && pass || fail "piped, SIGTERM: $(piped_answers) answers kept"
finish
