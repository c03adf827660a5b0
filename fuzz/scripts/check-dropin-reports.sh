#!/bin/sh
# check-dropin-reports.sh CC OUT HARNESS_OBJECTS...: what a replay reports
# over the sbrk drop-in selftest (fuzz/selftest/dropin-adapter.c), with a
# planted bug or as it is: a usable size past the heap blamed on
# usable_size, an allocation that got NULL marked so in later reports, and
# FUZZ_PRISTINE_AFTER_FREE_ALL judged on a heap grown by one request.
# check-adapters.sh runs it with the harness objects it built; the drop-in
# under make fuzz is check-dropin.sh's.
set -eu
cc=$1 out=$2
shift 2
hobjs=$*
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
# A usable size that runs past the heap while the requested bytes lie in it
# is named as usable_size's: out_of_heap said only that the block was not the
# heap's (an outside allocator's usable size of an aligned block, counted from
# the allocation under it, read as a block placed outside).
bin=$out/dropin-usable-to-page
build_on_harness "$bin" fuzz/selftest/dropin-adapter.c -DBUG_USABLE_TO_PAGE
printf 'version 4\nmalloc 0 100\n' >"$out/one-block.txt"
rc=0
"$bin" "$out/one-block.txt" >"$bin.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -q "^  what:  contains() says .* is not memory of this heap, though the requested bytes are: usable_size() overstates" "$bin.log" ||
    grep -q "^  cause:" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: the sbrk drop-in -DBUG_USABLE_TO_PAGE: exit $rc, expected 1 and out_of_heap naming usable_size; it printed:"
    cat "$bin.log"
    exit 1
fi
# Requested bytes past the heap's end are given a cause, a growth that asked the system for less than
# the block it made (out_of_heap named none): -DBUG_GROWTH_NO_HEADER grows by the block less its header.
# The pristine probe's first growth meets it, before op #0: its block is judged as an op's is.
bin=$out/dropin-growth-no-header
build_on_harness "$bin" fuzz/selftest/dropin-adapter.c -DBUG_GROWTH_NO_HEADER
rc=0
"$bin" "$out/one-block.txt" >"$bin.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -q "^halloc-fuzz: ORACLE out_of_heap fired in the pristine probe " "$bin.log" ||
    ! grep -q "^  cause: likely room handed out past what the heap obtained: a growth (sbrk, a new region)" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: the sbrk drop-in -DBUG_GROWTH_NO_HEADER: exit $rc, expected 1 and out_of_heap in the pristine probe with a growth as its cause; it printed:"
    cat "$bin.log"
    exit 1
fi
# An allocation that got NULL is marked so in a later report's ops (a realloc
# failure path that left a stale boundary tag was reported ops later, its
# failure unsaid).
bin=$out/dropin-small-break
build_on_harness "$bin" fuzz/selftest/dropin-adapter.c -DBUG_USABLE_TO_PAGE -DDROPIN_BREAK_MAX=65536
printf 'version 4\nmalloc 1 65532\nmalloc 0 100\n' >"$out/refused-then-block.txt"
"$bin" "$out/refused-then-block.txt" >"$bin.log" 2>&1 || true
if ! grep -qx "    #0     malloc 1 65532  (returned NULL)" "$bin.log" || ! grep -qx "  > #1     malloc 0 100" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: the sbrk drop-in with a 64 KiB break: its refused op #0 not marked '(returned NULL)' (and only it); it printed:"
    cat "$bin.log"
    exit 1
fi
# An sbrk heap starts empty and serves nothing without growing: its promise
# FUZZ_PRISTINE_AFTER_FREE_ALL is judged on a heap grown by one request (it
# was judged by nothing, and a merge that left an emptied heap in pieces
# fuzzed clean). The correct build replays the same trace clean.
printf 'version 2\nmalloc 0 30000\nmalloc 1 30000\nmalloc 2 30000\n' >"$out/three-big.txt"
for bug in "" -DBUG_MERGE_ONE; do
    bin=$out/dropin${bug:+-merge-one}
    build_on_harness "$bin" fuzz/selftest/dropin-adapter.c $bug
    rc=0
    "$bin" "$out/three-big.txt" >"$bin.log" 2>&1 || rc=$?
    want=${bug:+"halloc-fuzz: ORACLE not_pristine fired in the final free-all"}
    if { [ -z "$bug" ] && [ "$rc" != 0 ]; } || { [ -n "$bug" ] && ! grep -qF "$want" "$bin.log"; }; then
        # shellcheck disable=SC2016 # the single quotes are literal inside the double quotes: $want expands (dash, bash)
        echo "fuzz-check-adapters FAILED: the sbrk drop-in ${bug:-as it is} on three 30000-byte blocks: exit $rc${want:+, no '$want'}; it printed:"
        cat "$bin.log"
        exit 1
    fi
done
echo "fuzz-check-adapters: the sbrk drop-in: out_of_heap of a usable size past the heap whose request lies in it" \
    "blamed on usable_size, one whose request runs past it on a growth; an allocation that got NULL marked so in later reports; a merge that left an emptied" \
    "heap in pieces fails FUZZ_PRISTINE_AFTER_FREE_ALL, the drop-in as it is clean"
