# shellcheck shell=sh
# lib.sh, sourced from the top of the tree by fuzz/rounds/run.sh and check.sh:
# what a round allocator is, read from its folder (fuzz/rounds/README.md).

# round_allocs [NAMES]: the allocator folders under fuzz/rounds/ (each with an
# adapter.c), or NAMES checked against them; exit 2 naming one that is none.
round_allocs() {
    all=$(for a in fuzz/rounds/*/adapter.c; do basename "$(dirname "$a")"; done)
    [ -n "${1:-}" ] || { echo "$all"; return; }
    for a in $1; do
        echo "$all" | grep -qx "$a" || {
            echo "rounds: no allocator '$a' in fuzz/rounds/ (there: $(echo "$all" | tr '\n' ' '))" >&2
            exit 2
        }
        echo "$a"
    done
}

# round_bugs ALLOC: the bug numbers ALLOC's source lists in its header comment,
# one " *  N  what it does" line each (fuzz/rounds/ALLOC/ALLOC.c).
round_bugs() {
    sed -n 's/^ \* *\([0-9][0-9]*\)  .*/\1/p' "fuzz/rounds/$1/$1.c"
}

# round_bug_line ALLOC N: that bug's line.
round_bug_line() {
    sed -n "s/^ \\* *$2  *//p" "fuzz/rounds/$1/$1.c"
}

# round_vars ALLOC: sets target and srcs, make's TARGET and SRCS for ALLOC
# (SRCS a pattern make expands, the adapter left out of it by make).
round_vars() {
    target=fuzz/rounds/$1/adapter.c
    srcs="fuzz/rounds/$1/*.c"
}

# round_what LOG: "oracle | op | first cause line" of the report in LOG: the
# harness's oracle, else the sanitizer's error or the signal; the op it fired
# at; the report's cause line, else its what line, else the sanitizer's.
round_what() {
    oracle=$(grep -o -m 1 'ORACLE [a-z_]*' "$1" | sed 's/^ORACLE //')
    [ -n "$oracle" ] ||
        oracle=$(grep -o -m 1 'ERROR: [A-Za-z]*Sanitizer: [a-z-]*\|runtime error\|CRASH ([^,:)]*' "$1" |
            sed 's/^ERROR: //; s/^runtime error/UBSan/')
    op=$(sed -n 's/.* fired at \(op #[0-9]*: .*\)/\1/p; s/.* fired \(in the final free-all.*\)/\1/p' "$1" | head -n 1)
    [ -n "$op" ] || op=$(sed -n 's/^ *> #\([0-9]*\) *\(.*\)/op #\1: \2/p' "$1" | head -n 1)
    cause=$(sed -n 's/^  cause: //p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n 's/^  what: *//p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(grep -m 1 'runtime error\|^SUMMARY' "$1")
    printf '%s | %s | %.160s\n' "${oracle:-?}" "${op:-?}" "$cause"
}
