#!/bin/sh
# check-headers.sh "FLAGS" CC... -- HEADER...: each header compiles on its
# own, first in a file, with each CC and FLAGS (the build's), and each
# object-like macro it defines expands alike alone and after every other
# header: a macro built from another header's macro (FUZZ_OP_TEXT_MAX)
# compiles alone and breaks only where it is used, in a file that did not
# include that header first. Only a name the header leaves unexpanded
# counts: a header that stands in for another under its include guard
# (fuzz/parse-fuzz-mem.h for bench/mem.h) is empty after it, and rightly.
# The headers are checked on every core at once (this script again, as
# --one TMP HEADER, from xargs); the macros after every header are expanded
# once for all: 49 headers one after the other took 13 s.
set -u
fail() { echo "check-headers FAILED: $*"; exit 1; }
# Object-like macros HEADER defines, one a line, sorted.
macros_of() { sed -n 's/^[ \t]*#[ \t]*define[ \t]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\)[ \t]\{1,\}[^ \t].*/\1/p' "$1" | sort -u; }
# A line "@@ "NAME" NAME" per macro on stdin, for cc -E to expand the second.
uses_of() { while read -r m; do echo "@@ \"$m\" $m"; done; }
# expand FILE ERRFILE-PREFIX: the lines '@@ "NAME" expansion' FILE's preprocessing leaves.
# shellcheck disable=SC2086
expand() { $first_cc -E -P $flags "$1" 2>"$2.err" | grep '^@@' || { cat "$2.err"; return 1; }; }

# --one TMP HEADER: one header's checks, with FLAGS and COMPILERS from the
# environment and TMP/after-all.out written (below).
if [ "${1:-}" = --one ]; then
    tmp=$2 h=$3 flags=$CHECK_HEADERS_FLAGS compilers=$CHECK_HEADERS_COMPILERS
    first_cc=${compilers%% *}
    one=$(mktemp -d "$tmp/one.XXXXXX") || fail "mktemp in $tmp failed"
    # The typedef: a header of macros alone (preload/malloc-version.h) leaves
    # no declaration, an empty translation unit, which -pedantic refuses.
    printf '#include "%s"\ntypedef int check_headers_alone;\n' "$PWD/$h" >"$one/alone.c"
    for cc in $compilers; do
        # shellcheck disable=SC2086
        $cc $flags -fsyntax-only "$one/alone.c" 2>"$one/err" ||
            fail "$h does not compile on its own ($cc): include what it uses. $(head -n 5 "$one/err")"
    done
    macros_of "$h" | uses_of >"$one/uses"
    [ -s "$one/uses" ] || exit 0
    cat "$one/alone.c" "$one/uses" >"$one/alone-uses.c"
    expand "$one/alone-uses.c" "$one/alone" >"$one/alone.out" || fail "cc -E of $h failed"
    # Its macros' lines of the expansion after every header, in the same order.
    awk -F'"' 'NR == FNR { after[$2] = $0; next } { print after[$2] }' \
        "$tmp/after-all.out" "$one/uses" >"$one/after-all.out"
    changed=$(paste -d '\n' "$one/alone.out" "$one/after-all.out" | awk -F'"' '
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
    exit 0
fi

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
# Every header's macros after all of them: the same expansion whichever
# header defines a macro, so one cc -E serves them all.
{ printf '#include "%s"\n' "$tmp/all.h"; for h; do macros_of "$h"; done | sort -u | uses_of; } >"$tmp/after-all.c"
expand "$tmp/after-all.c" "$tmp/after-all" >"$tmp/after-all.out" || fail "cc -E of every header together failed"
CHECK_HEADERS_FLAGS=$flags CHECK_HEADERS_COMPILERS=$compilers
export CHECK_HEADERS_FLAGS CHECK_HEADERS_COMPILERS
printf '%s\n' "$@" | xargs -P "$(nproc 2>/dev/null || echo 1)" -I{} "$0" --one "$tmp" {} || exit 1
echo "check-headers: $# headers compile on their own ($compilers), and their macros mean the same alone"
