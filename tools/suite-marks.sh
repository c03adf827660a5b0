#!/bin/sh
# suite-marks.sh [DIR]: the suites README.md's "Build targets" marks (check)
# are make check's, CHECK_TARGETS in the Makefile and the *.mk files, each
# side all of the other's: make check runs the list, the marks repeat it by
# hand. A mark is `make NAME ... # (check)` at a line's start, `NAME (check)`,
# or `(check: NAME, ...)` in a comment. make check-doc-links runs it.
set -u
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)}
# shellcheck source=tools/doc-sets.sh
. "$(dirname "$0")"/doc-sets.sh # found, lacks
code=$(find "$dir" -path "$dir/build" -prune -o \( -name Makefile -o -name '*.mk' \) -type f \
    -exec sed -n 's/^CHECK_TARGETS *[:+]= *//p' {} + | tr ' ' '\n' | grep . | sort -u)
# The fence's lines but make check's own, which says what the mark means.
fence=$(awk '/^## Build targets/ { s = 1 } s && /^```sh/ { p = 1; next } p && /^```/ { exit } p' "$dir/README.md" |
    grep -v '^make check ')
doc=$( (echo "$fence" | sed -n 's/^make \([a-z0-9-]*\) *# (check).*/\1/p'
        echo "$fence" | grep -o '[a-z0-9-]* (check)' | sed 's/ (check)$//'
        echo "$fence" | grep -o '(check: [a-z0-9-]*' | sed 's/^(check: //') | grep . | sort -u)
found "$code" "suite-marks: no CHECK_TARGETS := or += line in the Makefile or a *.mk file: update this script's pattern"
found "$doc" "suite-marks: no suite marked (check) in README.md's \"Build targets\" block: restore the marks, or update this script's pattern"
only_doc=$(lacks "$code" "$doc")
only_code=$(lacks "$doc" "$code")
[ -n "$only_code" ] &&
    echo "suite-marks: make check runs ${only_code% } (CHECK_TARGETS), not marked (check) in README.md \"Build targets\": mark it there"
[ -n "$only_doc" ] &&
    echo "suite-marks: README.md \"Build targets\" marks ${only_doc% } (check), which is not in CHECK_TARGETS: drop the mark, or add the suite to make check"
[ -n "$only_doc$only_code" ] && exit 1
echo "suite-marks: README.md \"Build targets\" marks (check) the $(echo "$code" | wc -l) suites make check runs"
