# `occupation show` fits 80 columns for the occupations whose own text is longest: in each SOC
# group file, the longest title, the longest alias list and the longest task statement's
# occupation, plus every 40th code of the catalogue. Issue 16 added task statements, published
# estimates and a rank to the view; what varies between occupations is their own text, so these
# are the ones that would overflow first. (All 682 were checked once by hand on 5 December 2026
# with the same check; a loop over all of them costs minutes, too slow for every run.)
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8
K=$CR_SRC/knowledge
# longest_code FILE KEY: the code of the entry whose KEY line is longest in FILE
longest_code() {
	awk -v key="$2" '/^  - code:/ { code = $3; gsub(/"/, "", code) }
		index($0, "    " key ":") == 1 && length($0) > max { max = length($0); best = code }
		END { print best }' "$1"
}
codes=()
for f in "$K"/occupations/*.yaml; do
	codes+=("$(longest_code "$f" title)" "$(longest_code "$f" aliases)")
done
# the occupation with the longest task statement (knowledge/tasks/: one entry per occupation)
codes+=("$(awk '/^  - occupation:/ { code = $3; gsub(/"/, "", code) }
	/^      - "/ && length($0) > max { max = length($0); best = code } END { print best }' "$K"/tasks/*.yaml)")
run 0 occupation list --format json
mapfile -t all < <(jq -r '.occupations[].code' <<<"$OUT")
for ((i = 0; i < ${#all[@]}; i += 40)); do codes+=("${all[i]}"); done
mapfile -t codes < <(printf '%s\n' "${codes[@]}" | grep -E '^[0-9]{2}-[0-9]{4}$' | sort -u)
[ "${#codes[@]}" -ge 40 ] && pass || fail "only ${#codes[@]} occupations picked"
for code in "${codes[@]}"; do
	run 0 occupation show "$code" || continue
	wide=$(while IFS= read -r l; do [ ${#l} -le 80 ] || printf '%s\n' "$l"; done <<<"$OUT")
	[ -z "$wide" ] && pass || fail "occupation show $code is wider than 80 columns: $wide"
done
finish
