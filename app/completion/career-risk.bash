# bash completion for career-risk: commands, options, profile names, questionnaire ids, files.
#
# The program itself says what may come next (`career-risk __complete N WORD...`), from the
# same tables it parses with, so this file never needs editing when a command is added.
# Installed as share/bash-completion/completions/career-risk (bash-completion loads it on
# demand); without bash-completion, `source` this file from ~/.bashrc.
_career_risk() {
	local cur=${COMP_WORDS[COMP_CWORD]} line
	local -a words=("${COMP_WORDS[@]:1}") out=()
	COMPREPLY=()
	while IFS= read -r line; do
		out+=("$line")
	done < <("${COMP_WORDS[0]}" __complete "$((COMP_CWORD - 1))" "${words[@]}" 2>/dev/null)
	if [ "${#out[@]}" -eq 1 ] && [ "${out[0]}" = "__files__" ]; then
		compopt -o default 2>/dev/null
		return 0
	fi
	# a profile name may hold spaces or quotes: offer it quoted as the shell needs it
	local w
	for w in "${out[@]}"; do
		if [[ $cur == [\"\']* ]]; then
			COMPREPLY+=("$w")
		else
			COMPREPLY+=("$(printf '%q' "$w")")
		fi
	done
}
complete -F _career_risk career-risk
