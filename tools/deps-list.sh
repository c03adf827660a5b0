#!/bin/sh
# deps-list.sh [DIR]: the Debian packages README.md's opening names (its
# paragraph "On a fresh Debian ...": every one-word code span) are the ones
# tools/ensure-deps installs for make check (need_check), each side all of
# the other's: the script holds the list, the paragraph repeats it by hand.
# make check-doc-links runs it.
set -u
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)}
# shellcheck source=tools/doc-sets.sh
. "$(dirname "$0")"/doc-sets.sh # found, lacks
code=$(awk '/^need_check="/ { on = 1; sub(/^need_check="/, "") }
    on { line = $0; if (sub(/".*/, "", line)) on = 0
         n = split(line, pair, " "); for (i = 1; i <= n; i++) { sub(/.*:/, "", pair[i]); print pair[i] } }' \
    "$dir/tools/ensure-deps" | sort -u)
# shellcheck disable=SC2016 # the backquotes are the paragraph's code spans, not a command
doc=$(sed -n '/^On a fresh Debian/,/^$/p' "$dir/README.md" | grep -o '`[a-z0-9.+-]*`' | tr -d '`' | sort -u)
found "$code" "deps-list: no need_check=\"command:package ...\" in tools/ensure-deps: update this script's pattern to its layout"
found "$doc" "deps-list: no paragraph starting 'On a fresh Debian' with \`package\` code spans in README.md: restore it, or update this script's pattern"
only_doc=$(lacks "$code" "$doc")
only_code=$(lacks "$doc" "$code")
[ -n "$only_code" ] &&
    echo "deps-list: tools/ensure-deps installs ${only_code% } (need_check), not named in README.md's paragraph 'On a fresh Debian': add it there"
[ -n "$only_doc" ] &&
    echo "deps-list: README.md's paragraph 'On a fresh Debian' names ${only_doc% }, which tools/ensure-deps does not install: drop it, or add it to need_check"
[ -n "$only_doc$only_code" ] && exit 1
echo "deps-list: README.md names the $(echo "$code" | wc -l) Debian packages tools/ensure-deps installs"
