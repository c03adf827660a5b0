#!/bin/sh
# check-bigalign.sh CC OUT HARNESS_OBJECTS...: a planted bug in a toy
# allocator's big-block path for aligned allocation (fuzz/selftest/bigalign,
# -DBUG_BIG_ALIGN_LEAD: the lead trimmed off a mapping over-allocated for its
# alignment is not taken off its length) is in the seeds' reach: the seed
# corpus/aligned-big.txt fires unmap_foreign at an aligned op, and the toy as
# it is replays every seed clean. Aligned sizes stopped at 4095 before
# encoding version 4, and the path was never fuzzed.
set -eu
cc=$1 out=$2
shift 2
cflags="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O0 -Ifuzz"
for bug in "" -DBUG_BIG_ALIGN_LEAD; do
    bin=$out/bigalign${bug:+-lead}
    # shellcheck disable=SC2086 # $bug is one flag or none
    $cc $cflags $bug fuzz/selftest/bigalign/adapter.c fuzz/selftest/bigalign/bigalign.c "$@" -o "$bin"
done
bin=$out/bigalign
"$bin" -q corpus >"$bin.log" 2>&1 ||
    { echo "fuzz-check-adapters FAILED: the bigalign toy allocator did not replay the corpus clean:"; cat "$bin.log"; exit 1; }
bin=$out/bigalign-lead
rc=0
"$bin" corpus/aligned-big.txt >"$bin.log" 2>&1 || rc=$?
if [ "$rc" != 1 ] || ! grep -q "^halloc-fuzz: ORACLE unmap_foreign fired at op #[0-9]*: aligned [0-9]* [0-9]* [0-9]*" "$bin.log"; then
    echo "fuzz-check-adapters FAILED: -DBUG_BIG_ALIGN_LEAD on corpus/aligned-big.txt: exit $rc, expected 1 and" \
        "unmap_foreign at an aligned op; it printed:"
    cat "$bin.log"
    exit 1
fi
echo "fuzz-check-adapters: a toy allocator's planted bug in its big aligned path (a trimmed lead left in the" \
    "mapping's length) found by the seed corpus/aligned-big.txt, the toy as it is clean on every seed"
