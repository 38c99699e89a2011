# Every command in the table (app/main.c): its help reads in 80 columns, and every option
# its help declares (printed from the same declaration the parser is built from) is
# accepted, and every option its usage line names is declared.
. "$(dirname "$0")/lib.sh"

run 0 --help
# the command list: "  WORD [SUB] ..." lines between "commands:" and the blank line after
cmds=$(printf '%s\n' "$OUT" | awk '/^commands:/{on=1; next} on && /^$/{exit}
	on && /^  [a-z]/{w=$1; if ($2 ~ /^[a-z]+$/) w=w" "$2; print w}')
n=$(wc -l <<<"$cmds")
[ "$n" -ge 29 ] && pass || fail "expected the whole command table in --help, found $n: $cmds"
while read -r cmd; do
	# shellcheck disable=SC2086
	run 0 $cmd --help || continue
	help=$OUT
	expect_in "$help" "usage: career-risk $cmd" "$cmd --help shows its usage"
	long=$(printf '%s\n' "$help" | awk 'length($0) > 80')
	[ -z "$long" ] && pass || fail "$cmd --help has lines wider than 80 columns: $long"
	# the declared options: "options: --a X, --b" and its continuation lines
	decl=$(printf '%s\n' "$help" | awk '/^options: /{on=1; sub(/^options: /, ""); print; next}
		on && /^         /{print; next} {on=0}' | tr ',' '\n' | sed 's/^ *//; /^$/d; s/=/ /')
	while read -r opt meta; do
		[ -n "$opt" ] || continue
		# the option given (with a value when it takes one), then --help: exit 0 proves
		# the parser took it; an undeclared one would be a usage error (exit 2)
		# shellcheck disable=SC2086
		if [ -n "$meta" ]; then run 0 $cmd "$opt" x --help; else run 0 $cmd "$opt" --help; fi
	done <<<"$decl"
	# the usage: its first line and the indented ones that continue it
	usage_line=$(printf '%s\n' "$help" | awk 'NR == 1 || (NR > 1 && /^       /) {print; next} {exit}')
	for opt in $(grep -oE -- '--[a-z-]+' <<<"$usage_line" | sort -u); do
		grep -qE -- "^$opt( |$)" <<<"$decl" && pass || fail "$cmd: usage names $opt, which it does not declare"
	done
done <<<"$cmds"

# Core, store and batch name commands and options by reference (core/diag.h, CR_REF), worded
# by the face: no string of theirs spells one, so renaming a command never edits them.
spelt=$(grep -rnE '"[^"]*(career-risk (assess|kb|doctor|occupation|questionnaire|profile|history|compare|progress|plan|note|report|export|erase|batch|cohort)[ `]|--[a-z])' \
	"$CR_SRC/app/core" "$CR_SRC/app/store" "$CR_SRC/app/batch" --include=*.c --include=*.h |
	grep -vE '^\S+:[0-9]+:\s*(/?\*|//)' | grep -v 'career-risk profile database' || true)
[ -z "$spelt" ] && pass || fail "core, store or batch spell a command or an option: $spelt"
# ...and every reference reaches the person worded: no marker byte in what is printed
mkdir -p "$TMP/shared"
run 0 --db "$TMP/shared/a.db" profile create alex
chmod 777 "$TMP/shared" # a finding whose fix names an option
run 4 --db "$TMP/shared/a.db" doctor
grep -q $'\001' <<<"$OUT$ERR" && fail "doctor printed an unworded reference" || pass
expect_in "$OUT" "anyone can write to the folder" "doctor's findings still read"
run 4 --db "$TMP/no-such-folder/" profile list
expect_in "$ERR" "or pass --db with another one" "a store hint worded with today's option"
run 5 --db "$TMP/a.db" --profile nobody history
expect_in "$ERR" "\`career-risk profile list\` shows the profiles" "a store hint worded with today's command"
finish
