# tmux.sh - helpers for tests that drive the interactive session in a real terminal (tmux).
# Sourced after lib.sh; each script gets its own tmux server, killed on exit.
command -v tmux >/dev/null || { echo "tmux is required"; exit 1; }
SOCK="cr-test-$$"
T() { tmux -L "$SOCK" "$@"; }
cleanup_tmux() { T kill-server 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup_tmux EXIT

# start NAME ARGS...: runs career-risk in a fresh terminal, COLS x 40 (COLS defaults to 100;
# EXTRA_ENV adds variables). ARGS go through the shell, so a redirection such as
# '>' "$TMP/out" works; the exit status lands in $TMP/NAME.rc.
start() {
	local name=$1; shift
	T new-session -d -s "$name" -x "${COLS:-100}" -y 40 \
		"env HOME=$HOME XDG_DATA_HOME=$XDG_DATA_HOME XDG_STATE_HOME=$XDG_STATE_HOME TERM=xterm ${EXTRA_ENV:-} $CR_BIN $*; echo EXIT=\$? >$TMP/$name.rc; sleep 30"
}
# Every wait below is for something on the screen (or a file), never for a length of time:
# each polls until its condition holds or CR_TMUX_TIMEOUT seconds (default 30, generous for a
# busy machine) have passed, and then fails with the screen it saw.
CR_TMUX_TIMEOUT=${CR_TMUX_TIMEOUT:-30}
# until SECONDS CMD...: true as soon as CMD succeeds, false if it has not within SECONDS.
until_true() {
	local end=$((SECONDS + $1)); shift
	while ! "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.05 # polling interval, not a wait for the program
	done
}
# screen NAME: what the terminal shows, with its scrollback, wrapped lines joined.
screen() { T capture-pane -p -J -t "$1" -S -2000; }
on_screen() { screen "$1" | grep -qF -- "$2"; }
wait_for() { # wait_for NAME TEXT
	if until_true "$CR_TMUX_TIMEOUT" on_screen "$1" "$2"; then pass; return 0; fi
	fail "timed out after ${CR_TMUX_TIMEOUT}s waiting for '$2'; screen:
$(screen "$1")"
	return 1
}
# line NAME: the cursor's line, counted from the top of the scrollback (so it only grows).
cursor_line() { local h y; read -r h y < <(T display-message -p -t "$1" '#{history_size} #{cursor_y}'); echo $((h + y)); }
# at_prompt NAME AFTER: the program is waiting for input: the cursor sits just after a prompt
# ("> ", ": " or "] ", nothing typed yet) on a line below AFTER.
at_prompt() {
	local h y x text
	read -r h y x < <(T display-message -p -t "$1" '#{history_size} #{cursor_y} #{cursor_x}')
	[ $((h + y)) -gt "$2" ] || return 1
	text=$(T capture-pane -p -N -t "$1" -S "$y" -E "$y")
	text=${text:0:x}
	[[ $text == *'> ' || $text == *': ' || $text == *'] ' ]]
}
declare -A TYPED_AT # the line each session's last typed answer went on
# wait_prompt NAME: waits until the program shows a new prompt (below the last typed answer).
wait_prompt() {
	until_true "$CR_TMUX_TIMEOUT" at_prompt "$1" "${TYPED_AT[$1]:--1}" && return 0
	fail "timed out after ${CR_TMUX_TIMEOUT}s waiting for a prompt; screen:
$(screen "$1")"
	return 1
}
# type_line NAME TEXT...: for each TEXT, waits for the next prompt, types TEXT and Enter; so a
# key is never sent before the program asks for it.
type_line() {
	local name=$1 v; shift
	for v in "$@"; do
		wait_prompt "$name" || return 1
		TYPED_AT[$name]=$(cursor_line "$name")
		T send-keys -t "$name" -l -- "$v"
		T send-keys -t "$name" Enter
	done
}
# send_keys NAME ARGS...: waits for the next prompt, then one `tmux send-keys ARGS` (no Enter):
# for Tab completion and control keys typed at a prompt.
send_keys() {
	local name=$1; shift
	wait_prompt "$name" || return 1
	T send-keys -t "$name" "$@"
}
# wait_rc NAME: the session's exit status once it has exited ("EXIT=N").
rc_written() { [ -s "$TMP/$1.rc" ]; }
wait_rc() {
	if until_true "$CR_TMUX_TIMEOUT" rc_written "$1"; then cat "$TMP/$1.rc"; else echo "EXIT=timeout"; fi
}
