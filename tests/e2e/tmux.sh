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
# screen NAME: what the terminal shows, with its scrollback, wrapped lines joined.
screen() { T capture-pane -p -J -t "$1" -S -2000; }
wait_for() { # wait_for NAME TEXT
	for _ in $(seq 1 100); do
		if screen "$1" | grep -qF -- "$2"; then pass; return 0; fi
		sleep 0.1
	done
	fail "timed out waiting for '$2'; screen:
$(screen "$1")"
	return 1
}
type_line() { T send-keys -t "$1" -l -- "$2"; T send-keys -t "$1" Enter; }
wait_rc() {
	for _ in $(seq 1 100); do [ -f "$TMP/$1.rc" ] && { cat "$TMP/$1.rc"; return; }; sleep 0.1; done
	echo "EXIT=timeout"
}
