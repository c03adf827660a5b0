#!/bin/sh
# raw-env-reads.sh [DIR [ALLOW]]: the C and C++ sources under DIR (default:
# the tree; in a git tree its tracked and new files, so no build output) that
# read the environment with getenv or secure_getenv where a HALLOC_* variable
# may be read raw instead of through hl_env (allocator/hl_switch.h), one
# "file:line: text" each, and exit 1; none, exit 0. hl_env takes an empty
# value as unset; a raw getenv takes it as set, so one reader stopped a
# program over "HALLOC_PRELOAD_CACHE=" that the others ignored.
#
# A read is named when its argument is the literal "HALLOC_...", or is not a
# string literal on the call's own line: a name in a variable or a macro
# (fuzz/run.c reads its switches from a list of names), or a call split over
# lines, may be a HALLOC_* name, and a pattern for the literal alone missed
# them. A literal naming another variable (AFL_*, ASAN_OPTIONS) is read raw.
# Comment lines are not reads. A named read that is right (hl_env's own
# getenv) is listed in ALLOW (default: tools/raw-env-reads.allow) as
# "path | text on its line | why", and passes; an entry with no reason, or
# that names no read any more, fails. make check-caller-env runs it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-.}
allow=${2:-$here/raw-env-reads.allow}
case $allow in /*) ;; *) allow=$PWD/$allow ;; esac
cd "$dir" || { echo "raw-env-reads: cannot enter '$dir'"; exit 2; }
[ -r "$allow" ] || { echo "raw-env-reads: cannot read the allow list '$allow': restore it from git"; exit 2; }
call='(^|[^A-Za-z0-9_])(secure_)?getenv[[:space:]]*'
# The literal "HALLOC_..."; or no literal after "(" on the line; or the "(" on the next line.
raw="$call"'(\([[:space:]]*("HALLOC_|[^"[:space:]]|$)|$)'
comment='^[^:]+:[0-9]+:[[:space:]]*(\*|//|/\*)'
found=$(if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then git ls-files -co --exclude-standard
    else find . -type f | sed 's|^\./||'; fi | grep -E '\.(c|h|cc|cpp)$' | tr '\n' '\0' |
    xargs -0 -r grep -nE "$raw" /dev/null | grep -vE "$comment")

# The allow list: "path | text | why" a line, '#' comments and blank lines skipped.
entries=$(sed 's/^[[:space:]]*#.*//; /^[[:space:]]*$/d' "$allow")
bad=$(printf '%s\n' "$entries" | awk -F'|' 'NF && (NF != 3 || $3 ~ /^[[:space:]]*$/)')
[ -z "$bad" ] || {
    printf '%s\n' "$bad"
    echo "raw-env-reads: $allow: the entries above are not 'path | text on its line | why' (each needs its reason)"
    exit 1
}
left=$found stale=""
while IFS='|' read -r path text _; do
    [ -n "$path" ] || continue
    path=$(echo "$path" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
    text=$(echo "$text" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
    # A line of found is "path:line:text": the entry matches the file and the text.
    hits=$(printf '%s\n' "$left" | awk -v p="$path" -v t="$text" 'index($0, p ":") == 1 && index($0, t)')
    [ -n "$hits" ] || { stale="$stale$path | $text
"; continue; }
    left=$(printf '%s\n' "$left" | awk -v p="$path" -v t="$text" '!(index($0, p ":") == 1 && index($0, t)) && NF')
done <<EOF
$entries
EOF
status=0
if [ -n "$stale" ]; then
    printf '%s' "$stale"
    echo "raw-env-reads: $allow allows the reads above, which no source has any more: remove their entries"
    status=1
fi
if [ -n "$left" ]; then
    printf '%s\n' "$left"
    echo "raw-env-reads: the lines above read the environment raw, with the literal \"HALLOC_...\" or a name that may be one (a variable, a macro, a call split over lines): read HALLOC_* with hl_env (allocator/hl_switch.h), which takes an empty value as unset as every other reader does; a read that is right goes in $allow with its reason"
    status=1
fi
exit $status
