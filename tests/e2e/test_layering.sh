# The layers depend one way (docs/architecture.md, "Layers"): the core knows no terminal and no
# database, so app/core includes only app/core headers and no SQLite, readline or CSV library;
# the store never includes the faces; the renderers never include the store. A quoted include
# is judged by the file it names (beside the includer, or on the include path): it must be in
# one of the folders the includer's layer may use.
# Reads the source tree only; needs no build.
set -u
src=${CR_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bad=0

# check DIR "ALLOWED DIRS" "FORBIDDEN <SYSTEM> PATTERN"
check() {
	local dir=$1 allowed=$2 forbidden=$3 f inc ok a
	for f in "$src/$dir"/*.[ch]; do
		[ -e "$f" ] || continue
		while IFS= read -r inc; do
			ok=0
			# the file it names: beside the includer, else found through the include path
			# (app/core is on every target's); judged by the folder it lands in
			for target in "$(dirname "$f")/$inc" "$src/app/core/$inc"; do
				[ -e "$target" ] || continue
				target=$(realpath "$target")
				for a in $allowed; do [ "$(dirname "$target")" = "$(realpath "$src/$a")" ] && ok=1; done
				break
			done
			if [ $ok = 0 ]; then
				echo "FAIL: ${f#"$src"/} includes \"$inc\", which is not in ${allowed// / or }" >&2
				bad=1
			fi
		done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
		if [ -n "$forbidden" ] && grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*<($forbidden)" "$f" >&2; then
			echo "FAIL: ${f#"$src"/} includes a library its layer must not know (above)" >&2
			bad=1
		fi
	done
}

# the core: itself only; no database, terminal or CSV reader
check app/core "app/core" "sqlite3|readline/|editline/|histedit|curses|ncurses|termios|csv\\.h"
# the store: the core and itself; never a face, a renderer or the terminal
check app/store "app/store app/core" "readline/|editline/|curses|ncurses|termios"
# the renderers: the core, themselves and io (CSV cells are written by csvio); never the store
check app/render "app/render app/io app/core" "sqlite3"
# io (output files, CSV): the core and itself; never the store, a face or a renderer
check app/io "app/io app/core" "sqlite3|readline/|editline/|curses|ncurses|termios"

# the check itself must see something: a renamed folder would otherwise pass in silence
n=$(cat "$src"/app/core/*.c | grep -c '^#include "')
if [ "$n" -lt 20 ]; then
	echo "FAIL: found only $n includes in app/core: is the tree where this test looks ($src)?" >&2
	bad=1
fi
[ $bad = 0 ] && echo "layering: core, store and render include only what their layer may"
exit $bad
