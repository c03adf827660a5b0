#!/bin/sh
# check-dropin-reports.sh CC OUT HARNESS_OBJECTS...: what a replay reports
# over the sbrk drop-in selftest (fuzz/selftest/dropin-adapter.c), with a
# planted bug or as it is: a usable size past the heap blamed on
# usable_size, an allocation that got NULL marked so in later reports, and
# FUZZ_PRISTINE_AFTER_FREE_ALL judged on a heap grown by one request.
# check-adapters.sh runs it with the harness objects it built; the drop-in
# under make fuzz is check-dropin.sh's.
set -eu
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
selftest_args "$@"
# A usable size that runs past the heap while the requested bytes lie in it
# is named as usable_size's: out_of_heap said only that the block was not the
# heap's (an outside allocator's usable size of an aligned block, counted from
# the allocation under it, read as a block placed outside).
printf 'version 4\nmalloc 0 100\n' >"$out/one-block.txt"
report_case dropin-usable-to-page dropin -DBUG_USABLE_TO_PAGE "$out/one-block.txt" exit:1 \
    "G:^  what:  contains() says .* is not memory of this heap, though the requested bytes are: usable_size() overstates" \
    "!G:^  cause:"
# Requested bytes past the heap's end are given a cause, a growth that asked the system for less than
# the block it made (out_of_heap named none): -DBUG_GROWTH_NO_HEADER grows by the block less its header.
# The pristine probe's first growth meets it, before op #0: its block is judged as an op's is.
report_case dropin-growth-no-header dropin -DBUG_GROWTH_NO_HEADER "$out/one-block.txt" exit:1 \
    "G:^halloc-fuzz: ORACLE out_of_heap fired in the pristine probe " \
    "G:^  cause: likely room handed out past what the heap obtained: a growth (sbrk, a new region)"
# An allocation that got NULL is marked so in a later report's ops (a realloc
# failure path that left a stale boundary tag was reported ops later, its
# failure unsaid).
printf 'version 4\nmalloc 1 65532\nmalloc 0 100\n' >"$out/refused-then-block.txt"
report_case dropin-small-break dropin "-DBUG_USABLE_TO_PAGE -DDROPIN_BREAK_MAX=65536" "$out/refused-then-block.txt" \
    "xG:    #0     malloc 1 65532  (returned NULL)" "xG:  > #1     malloc 0 100"
# An sbrk heap starts empty and serves nothing without growing: its promise
# FUZZ_PRISTINE_AFTER_FREE_ALL is judged on a heap grown by one request (it
# was judged by nothing, and a merge that left an emptied heap in pieces
# fuzzed clean). The correct build replays the same trace clean.
printf 'version 2\nmalloc 0 30000\nmalloc 1 30000\nmalloc 2 30000\n' >"$out/three-big.txt"
report_case dropin dropin "" "$out/three-big.txt" exit:0
report_case dropin-merge-one dropin -DBUG_MERGE_ONE "$out/three-big.txt" \
    "F:halloc-fuzz: ORACLE not_pristine fired in the final free-all"
echo "fuzz-check-adapters: the sbrk drop-in: out_of_heap of a usable size past the heap whose request lies in it" \
    "blamed on usable_size, one whose request runs past it on a growth; an allocation that got NULL marked so in later reports; a merge that left an emptied" \
    "heap in pieces fails FUZZ_PRISTINE_AFTER_FREE_ALL, the drop-in as it is clean"
