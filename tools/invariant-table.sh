#!/bin/sh
# invariant-table.sh [DIR]: the table of invariants in DIR's checks/README.md
# (DIR default: the tree) names the invariants halloc_invariant_name prints
# (checks/check.c's hl_invariant_names, "none" aside), each once, in the
# enum's order, and no other: the names live in the code, the table repeats
# them by hand. Each also has a catch-all row ({"name", NULL, ...}: any
# message) in fuzz/causes-checker.c, the likely bugs a checker_failed report's
# cause line names for it. make check-doc-links runs it.
set -u
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)}
code=$(sed -n 's/^ *\[HALLOC_INV_[A-Z_]*\] = "\([a-z-]*\)",$/\1/p' "$dir/checks/check.c" | grep -vx none)
# shellcheck disable=SC2016 # the backquotes are the table's code spans, not a command
doc=$(sed -n '/^| invariant |/,/^$/ s/^| `\([a-z-]*\)` |.*/\1/p' "$dir/checks/README.md")
if [ -z "$code" ]; then
    echo "invariant-table: no [HALLOC_INV_...] = \"name\", line in checks/check.c: update this script's pattern to hl_invariant_names' layout"
    exit 1
fi
if [ -z "$doc" ]; then
    echo "invariant-table: no table headed '| invariant |' with \`name\` rows in checks/README.md: restore its header, or update this script's pattern"
    exit 1
fi
differ=$(CODE=$code DOC=$doc awk 'BEGIN {
    n = split(ENVIRON["CODE"], c, "\n"); m = split(ENVIRON["DOC"], d, "\n")
    for (i = 1; i <= n || i <= m; i++)
        if (c[i] != d[i]) {
            printf "row %d is %s where checks/check.c has %s", i, i <= m ? d[i] : "missing", i <= n ? c[i] : "no more"
            exit
        }
}')
if [ -n "$differ" ]; then
    echo "invariant-table: checks/README.md's table of invariants is not checks/check.c's hl_invariant_names: $differ; add, drop or reorder rows to match"
    exit 1
fi
causes=$(sed -n 's/^ *{"\([a-z-]*\)", NULL,.*/\1/p' "$dir/fuzz/causes-checker.c")
for name in $code; do
    if ! echo "$causes" | grep -qx "$name"; then
        echo "invariant-table: fuzz/causes-checker.c has no catch-all row {\"$name\", NULL, \"...\"} for the checker's invariant $name: add one naming the bugs that usually break it"
        exit 1
    fi
done
echo "invariant-table: checks/README.md's table names the checker's $(echo "$code" | wc -l) invariants, in order; fuzz/causes-checker.c a cause for each"
