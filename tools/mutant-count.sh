#!/bin/sh
# mutant-count.sh [DIR]: every count of mutants README.md gives ("28 classic
# allocator bugs", "28 mutants and the control") is the number of
# mutants/NN-name.patch files make mutants runs (mutants/run.sh,
# select_mutants): the patches are the list, the prose repeats its length by
# hand. make check-doc-links runs it.
set -u
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)}
# shellcheck disable=SC2012 # our own NN-name.patch files, as select_mutants lists them
have=$(cd "$dir/mutants" 2>/dev/null && ls [0-9][0-9]-*.patch 2>/dev/null | wc -l)
[ "${have:-0}" -gt 0 ] || {
    echo "mutant-count: no mutants/NN-name.patch files in $dir: restore them, or update this script's pattern to select_mutants' (mutants/run.sh)"
    exit 1
}
counts=$(grep -nowE '[0-9]+ (classic allocator bugs|mutants)' "$dir/README.md")
[ -n "$counts" ] || {
    echo "mutant-count: README.md gives no count of mutants ('N classic allocator bugs', 'N mutants'): restore it, or update this script's pattern"
    exit 1
}
# Each count as LINE:N WORDS; one that is not $have is named with both numbers.
wrong=$(printf '%s\n' "$counts" | awk -v have="$have" '{ split($0, f, ":"); n = f[2] + 0
    if (n != have) printf "mutant-count: README.md:%s says \"%s\", but mutants/ holds %d NN-name.patch files: make it %d\n", f[1], f[2], have, have }')
[ -z "$wrong" ] || { echo "$wrong"; exit 1; }
echo "mutant-count: README.md's $(echo "$counts" | wc -l) counts of mutants say the $have mutants/NN-name.patch files"
