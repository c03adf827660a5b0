#!/bin/sh
# check-headers.sh "FLAGS" CC... -- HEADER...: each header compiles on its
# own, first in a file, with each CC and FLAGS (the build's), and each
# object-like macro it defines expands alike alone and after every other
# header: a macro built from another header's macro (FUZZ_OP_TEXT_MAX)
# compiles alone and breaks only where it is used, in a file that did not
# include that header first. Only a name the header leaves unexpanded
# counts: a header that stands in for another under its include guard
# (fuzz/parse-fuzz-mem.h for bench/mem.h) is empty after it, and rightly.
set -u
fail() { echo "check-headers FAILED: $*"; exit 1; }
flags=${1:?usage: check-headers.sh "FLAGS" CC... -- HEADER...}
shift
compilers=""
while [ $# -gt 0 ] && [ "$1" != -- ]; do compilers="${compilers:+$compilers }$1"; shift; done
[ $# -gt 1 ] || { echo 'usage: check-headers.sh "FLAGS" CC... -- HEADER...'; exit 2; }
shift
first_cc=${compilers%% *}
tmp=$(mktemp -d) || fail "mktemp failed: check that \$TMPDIR (or /tmp) is writable"
trap 'rm -rf "$tmp"' EXIT
for h; do printf '#include "%s"\n' "$PWD/$h"; done >"$tmp/all.h"

# expand FILE: the lines '@@ "NAME" expansion' FILE's preprocessing leaves.
# shellcheck disable=SC2086
expand() { $first_cc -E -P $flags "$1" 2>"$tmp/err" | grep '^@@' || { cat "$tmp/err"; return 1; }; }

for h; do
    printf '#include "%s"\n' "$PWD/$h" >"$tmp/alone.c"
    for cc in $compilers; do
        # shellcheck disable=SC2086
        $cc $flags -fsyntax-only "$tmp/alone.c" 2>"$tmp/err" ||
            fail "$h does not compile on its own ($cc): include what it uses. $(head -n 5 "$tmp/err")"
    done
    macros=$(sed -n 's/^[ \t]*#[ \t]*define[ \t]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\)[ \t]\{1,\}[^ \t].*/\1/p' "$h" | sort -u)
    [ -n "$macros" ] || continue
    for m in $macros; do echo "@@ \"$m\" $m"; done >"$tmp/uses"
    cat "$tmp/alone.c" "$tmp/uses" >"$tmp/alone-uses.c"
    { printf '#include "%s"\n' "$tmp/all.h"; cat "$tmp/uses"; } >"$tmp/after-all.c"
    expand "$tmp/alone-uses.c" >"$tmp/alone.out" || fail "cc -E of $h failed"
    expand "$tmp/after-all.c" >"$tmp/after-all.out" || fail "cc -E of every header together failed"
    changed=$(paste -d '\n' "$tmp/alone.out" "$tmp/after-all.out" | awk -F'"' '
        NR % 2 { alone = $0; next }
        $0 != alone {
            name = $2; sub(/^@@ "[^"]*" /, "", alone); sub(/^@@ "[^"]*" /, ""); after = " " $0 " "
            for (rest = alone; match(rest, /[A-Za-z_][A-Za-z0-9_]*/); rest = substr(rest, RSTART + RLENGTH)) {
                word = substr(rest, RSTART, RLENGTH)
                if (after !~ ("[^A-Za-z0-9_]" word "[^A-Za-z0-9_]")) {
                    print name ": " alone " alone, " $0 " after them: " word " left undefined"; exit
                }
            }
        }')
    [ -z "$changed" ] || fail "$h means something else on its own than after the other headers ($changed):" \
        "it must include the header that defines what its macros use"
done
echo "check-headers: $# headers compile on their own ($compilers), and their macros mean the same alone"
