# bash completion, as installed: commands, sub-commands, options, option values, profile names
# (with spaces, quoted) and questionnaire ids come from the program itself (`__complete`); file
# options fall back to file names; completing never creates a database. One check types Tab in
# a real bash in tmux.
. "$(dirname "$0")/lib.sh"
. "$CR_SRC/tests/e2e/tmux.sh"
: "${CR_BUILD:?set CR_BUILD to the build folder}"
cmake --install "$CR_BUILD" --prefix "$TMP/prefix" >/dev/null
COMP=$TMP/prefix/share/bash-completion/completions/career-risk
[ -f "$COMP" ] && pass || fail "completion not installed at share/bash-completion/completions"

# complete WORDS...: what Tab offers for the last word, one per line (as bash would show it)
complete_words() {
	PATH="$(dirname "$CR_BIN"):$PATH" bash -c '
		source "$1"; shift
		COMP_WORDS=(career-risk "$@"); COMP_CWORD=$#
		_career_risk
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMP" "$@"
}
got=$(complete_words pl)
[ "$got" = plan ] && pass || fail "'pl' completes to '$got'"
got=$(complete_words occupation "" | tr '\n' ' ')
[ "$got" = "show list search " ] && pass || fail "occupation's sub-commands: '$got'"
got=$(complete_words assess --f)
[ "$got" = --format ] && pass || fail "'assess --f' completes to '$got'"
expect_in "$(complete_words report --format "")" "html" "report's formats"
got=$(complete_words questionnaire show q)
[ "$got" = quick ] && pass || fail "questionnaire ids: '$got'"
got=$(complete_words --profile "")
[ -z "$got" ] && pass || fail "profiles offered with no database: '$got'"
[ ! -e "$XDG_DATA_HOME/career-risk/profiles.db" ] && pass || fail "completing created the database"
run 0 profile create "Alex Doe"
run 0 profile create bob
got=$(complete_words --profile A)
[ "$got" = 'Alex\ Doe' ] && pass || fail "a profile name with a space: '$got'"
got=$(complete_words profile delete "" | tr '\n' ' ')
[ "$got" = 'Alex\ Doe bob ' ] && pass || fail "profile delete offers: '$got'"
[ "$(cr __complete 1 assess --answers)" = --answers ] && pass || fail "an option being typed is completed as one"
[ "$(cr __complete 2 assess --answers "")" = __files__ ] && pass || fail "--answers takes a file"
# the hidden command stays out of help and completion, and takes no prefix from `compare`
run 0 --help
if grep -q __complete <<<"$OUT"; then fail "__complete in --help"; else pass; fi
if complete_words "" | grep -q __complete; then fail "__complete offered"; else pass; fi
run 0 comp --help
expect_in "$OUT" "compare" "'comp' still means compare"

# Tab in a real bash
T new-session -d -s sh -x 100 -y 20 "env -i HOME=$HOME XDG_DATA_HOME=$XDG_DATA_HOME TERM=xterm PATH=$(dirname "$CR_BIN"):/usr/bin:/bin bash --norc --noprofile"
T send-keys -t sh -l "PS1='ready> '; source $COMP" && T send-keys -t sh Enter
wait_for sh "ready> "
T send-keys -t sh -l "career-risk questionnaire show qu"
T send-keys -t sh Tab
wait_for sh "career-risk questionnaire show quick"
finish
