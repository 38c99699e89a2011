# The quick start's start command installs for the user (~/.local, no root) and puts it on the
# PATH of new shells, login and interactive, saying so; run again, it adds nothing twice; then
# `career-risk --help` works from a new shell, as do the commands the program prints.
. "$(dirname "$0")/lib.sh"
: "${CR_BUILD:?set CR_BUILD to the build folder}"
grep -q '^	user_install$' "$CR_SRC/.ci/dev" && pass || fail ".ci/dev start does not install for the user"
install_user() { CR_BUILD_DIR=$CR_BUILD bash "$CR_SRC/.ci/dev" install-user 2>"$TMP/said"; }
install_user
expect_in "$(<"$TMP/said")" "installed in $HOME/.local/bin" "says where it installed"
expect_in "$(<"$TMP/said")" "open a new shell" "says how to use it now"
[ -x "$HOME/.local/bin/career-risk" ] && pass || fail "not installed in ~/.local/bin"
[ -f "$HOME/.local/share/bash-completion/completions/career-risk" ] && pass || fail "completion not installed"
[ "$(stat -c %U "$HOME/.local/bin/career-risk")" = "$(id -un)" ] && pass || fail "installed as another user"
login=$(env -i HOME="$HOME" bash -lc 'career-risk --help' 2>&1) && pass || fail "a new login shell: $login"
expect_in "$login" "usage: career-risk" "help from a new login shell"
inter=$(env -i HOME="$HOME" TERM=dumb bash -ic 'career-risk --help' </dev/null 2>/dev/null) && pass ||
	fail "a new interactive shell could not run it"
expect_in "$inter" "usage: career-risk" "help from a new interactive shell"
# the installed program finds its installed knowledge base from any folder
out=$(cd / && env -i HOME="$HOME" bash -lc 'career-risk occupation show 29-1141' 2>&1) && pass || fail "$out"
expect_in "$out" "Registered Nurses" "the installed knowledge base"
before=$(cat "$HOME/.profile" "$HOME/.bashrc" 2>/dev/null | md5sum)
install_user
after=$(cat "$HOME/.profile" "$HOME/.bashrc" 2>/dev/null | md5sum)
[ "$before" = "$after" ] && pass || fail "a second install changed the shell's start-up files again"
if grep -q "added" "$TMP/said"; then fail "a second install said it added: $(<"$TMP/said")"; else pass; fi
finish
