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
# shellcheck disable=SC2034 # read by the scripts that source this
round_vars() {
    target=fuzz/rounds/$1/adapter.c
    srcs="fuzz/rounds/$1/*.c"
}

# round_verdict LOG: the harness's verdict line of the first report in LOG
# (ORACLE, TIMEOUT, CRASH or sanitizer report): a saved finding's "# expect:".
round_verdict() {
    grep -m 1 '^halloc-fuzz: \(ORACLE\|TIMEOUT\|CRASH\|sanitizer report\)' "$1"
}

# round_what LOG: "oracle | op | first cause line" of the first report in LOG,
# read from its verdict line (a sanitizer's report named by its own ERROR,
# WARNING or runtime error line; for ThreadSanitizer's, the op is the thread
# and op of its first access).
round_what() {
    verdict=$(round_verdict "$1")
    case "$verdict" in
    *ORACLE*) oracle=$(echo "$verdict" | sed 's/^halloc-fuzz: ORACLE \([a-z_]*\).*/\1/') ;;
    *TIMEOUT*) oracle=TIMEOUT ;;
    *CRASH*) oracle=$(echo "$verdict" | sed 's/^halloc-fuzz: \(CRASH ([^,:)]*\).*/\1)/') ;;
    *) oracle=$(grep -o -m 1 'ERROR: [A-Za-z]*Sanitizer: [A-Za-z-]*\|runtime error\|WARNING: ThreadSanitizer: [a-z -]*[a-z]' "$1" |
        sed 's/^ERROR: //; s/^WARNING: //; s/^runtime error/UBSan/') ;;
    esac
    op=$(echo "$verdict" | sed -n 's/.* \(at op #[0-9]*: .*\)/\1/p; s/.* \(fired\|raised\) \(in .*\)/\2/p')
    # A threaded run TSan stopped: the thread of the report's first access and its op (libfuzzer.sh's end).
    [ -n "$verdict" ] || op=$(sed -n "/^halloc-fuzz: the first access of ThreadSanitizer's report above in \(thread [0-9]* of [0-9]*\).*/{
        s//\1/; h; n; s/^  in its \(op #[0-9]*: [^ ]*\).*/\1/; H; x; s/\n/, /p; q; }" "$1")
    printf '%s | %s | %s\n' "${oracle:-?}" "${op:-?}" "$(round_cause "$1")"
}

# round_cause LOG: the first report's first cause line in LOG: its cause, else
# its what, else where the fault's address lies, UBSan's finding, TSan's likely
# cause or SUMMARY, or the harness's first line of context. Its first 160 characters, with each address
# (0x and 5 or more hex digits) as 0x?, so that a replay of the same input
# prints the same line in every process: the form a row of make rounds shows
# and a saved finding's "# cause:" line pins (fuzz/rounds/README.md).
round_cause() {
    cause=$(sed -n 's/^  cause: //p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n 's/^  what: *//p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n "s/^  \\(the fault's address .*\\)/\\1/p" "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n 's/.*runtime error: //p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n 's/^  likely cause: //p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n 's/^SUMMARY: ThreadSanitizer: //p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n '/^halloc-fuzz: /,$ s/^  \(the .*\)/\1/p' "$1" | head -n 1)
    printf '%s' "$cause" | sed 's/0x[0-9a-fA-F]\{5,\}/0x?/g' | cut -c 1-160
}
