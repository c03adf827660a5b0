# shellcheck shell=sh
# lib.sh, sourced from the top of the tree by fuzz/rounds/run.sh and check.sh:
# what a round allocator is, read from its folder (fuzz/rounds/README.md).
# What its reports say is read by fuzz/scripts/report-fields.sh.

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
# (SRCS a pattern make expands, the adapter left out of it by make), and
# share, the make argument every build of a round allocator gives: its
# adapter and checker, which no bug switch reaches, compiled once for the
# builds of all its bugs (FUZZ_OWN_SHARED, fuzz/objects.mk).
# shellcheck disable=SC2034 # read by the scripts that source this
round_vars() {
    target=fuzz/rounds/$1/adapter.c
    srcs="fuzz/rounds/$1/*.c"
    share=FUZZ_OWN_SHARED=1
}
