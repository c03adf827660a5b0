#!/bin/sh
# check-make-vars.sh: the make variables that select what is fuzzed are
# checked before anything builds (a misspelt SRCS, an unknown MM_API), and
# the replay command make prints carries every one of them, so a crash is
# replayed on the allocator that produced it.
set -u
fail() { echo "fuzz-check-make-vars FAILED: $*"; exit 1; }

# expect_error "VARS" TEXT: make with VARS stops with status 2 and TEXT.
expect_error() {
    out=$(eval "make --no-print-directory -n fuzz $1" 2>&1)
    rc=$?
    [ "$rc" = 2 ] || fail "make fuzz $1: exit $rc, expected 2; it printed: $out"
    case "$out" in *"$2"*) ;; *) fail "make fuzz $1: no '$2' in: $out" ;; esac
}
lab="TARGET=fuzz/adapters/malloclab.c"
expect_error "$lab SRCS='examples/malloclab/mm.c no/such/mm.c'" \
    "SRCS names no/such/mm.c, which does not exist"
expect_error "$lab SRCS=no/such/mm.c" "SRCS names no/such/mm.c, which does not exist"
expect_error "$lab SRCS=examples/malloclab/mm.c MM_API=chekced" "MM_API='chekced' is not an interface"
expect_error "$lab" "name its sources, e.g. SRCS=path/to/mm.c"

# The replay line of make fuzz (printed when libFuzzer fails) names them all.
out=$(make --no-print-directory -n fuzz $lab SRCS=examples/malloclab/mm.c MM_API=checked CFLAGS='-DBUG_X -O1' 2>&1) ||
    fail "make -n fuzz with a lab mm.c failed: $out"
want="make replay $lab SRCS='examples/malloclab/mm.c'  MM_API=checked CFLAGS='-DBUG_X -O1'"
case "$out" in *"$want"*) ;; *) fail "no '$want' in the printed replay line: $out" ;; esac
echo "fuzz-check-make-vars: a missing SRCS file and an unknown MM_API refused; the replay line carries MM_API and CFLAGS"
