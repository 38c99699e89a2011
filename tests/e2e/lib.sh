# lib.sh - helpers for end-to-end tests that drive the real binary.
# Each test gets its own temporary home, so no test touches a real profile.
set -euo pipefail
: "${CR_BIN:?set CR_BIN to the career-risk binary}"
: "${CR_SRC:?set CR_SRC to the source tree}"
TMP=$(mktemp -d /tmp/cr-e2e.XXXXXX)
export HOME=$TMP/home XDG_DATA_HOME=$TMP/data XDG_STATE_HOME=$TMP/state
mkdir -p "$HOME"
unset NO_COLOR CAREER_RISK_DATA
trap 'rm -rf "$TMP"' EXIT
FAILS=0
PASSES=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { PASSES=$((PASSES + 1)); }

# run EXPECTED_RC CMD...: runs the binary, keeps stdout in $OUT and stderr in $ERR.
run() {
	local want=$1; shift
	set +e
	"$CR_BIN" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	set -e
	OUT=$(cat "$TMP/out"); ERR=$(cat "$TMP/err")
	if [ "$RC" -ne "$want" ]; then
		fail "career-risk $* exited $RC, expected $want; stderr: $ERR"
		return 1
	fi
	pass
}

# expect_in TEXT NEEDLE WHAT
expect_in() {
	if ! grep -qF -- "$2" <<<"$1"; then fail "$3: '$2' not found in: $1"; else pass; fi
}

# expect_jq JSON FILTER WHAT: the jq filter must output true.
expect_jq() {
	local got
	got=$(jq -e "$2" <<<"$1" 2>&1) || { fail "$3: jq '$2' gave: $got"; return 0; }
	pass
}

db() { sqlite3 "$XDG_DATA_HOME/career-risk/profiles.db" "$@"; }

finish() {
	echo "$PASSES passed, $FAILS failed"
	[ "$FAILS" -eq 0 ]
}
