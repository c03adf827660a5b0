#!/bin/sh
# raw-env-reads.sh [DIR]: the C and C++ sources under DIR (default: the
# tree; in a git tree its tracked and new files, so no build output) that
# read a HALLOC_* variable with getenv or secure_getenv instead of hl_env
# (allocator/hl_switch.h), one "file:line: text" each, and exit 1; none,
# exit 0. hl_env takes an empty value as unset; a raw getenv takes it as set,
# so one reader stopped a program over "HALLOC_PRELOAD_CACHE=" that the others
# ignored. Comment lines are not reads. Other variables (AFL_*, ASAN_OPTIONS)
# are not HALLOC_*'s and are read raw. make check-caller-env runs it.
set -u
dir=${1:-.}
cd "$dir" || { echo "raw-env-reads: cannot enter '$dir'"; exit 2; }
raw='(^|[^A-Za-z0-9_])(secure_)?getenv[[:space:]]*\([[:space:]]*"HALLOC_'
comment='^[^:]+:[0-9]+:[[:space:]]*(\*|//|/\*)'
found=$(if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then git ls-files -co --exclude-standard
    else find . -type f | sed 's|^\./||'; fi | grep -E '\.(c|h|cc|cpp)$' | tr '\n' '\0' |
    xargs -0 -r grep -nE "$raw" /dev/null | grep -vE "$comment")
[ -z "$found" ] && exit 0
printf '%s\n' "$found"
echo "raw-env-reads: the lines above read HALLOC_* with a raw getenv: read them with hl_env (allocator/hl_switch.h), which takes an empty value as unset, as every other reader does"
exit 1
