#!/bin/sh
# check-dropin.sh OUT: an allocator that defines malloc itself, fuzzed as
# fuzz/DROPIN.md shows (fuzz/selftest/dropin-adapter.c includes
# dropin-malloc.c under other names): make fuzz runs it clean under
# libFuzzer+ASan+UBSan, whose own mallocs it would otherwise replace, ending
# with a line that says so, and make fuzz-fast finds its planted bug, names
# it and prints the replay line.
set -u
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
out=$1
# make check BUILD=other: the replay line printed carries it (fuzz/replay-line.mk FUZZ_VARS).
build_var=
[ "${BUILD:-build}" = build ] || build_var=" BUILD='$BUILD'"
mkdir -p "$out"
fail() { echo "fuzz-check-adapters FAILED: $*"; exit 1; }
adapter=TARGET=fuzz/selftest/dropin-adapter.c

# The two runs side by side: each is one compiler, then one libFuzzer process.
make --no-print-directory fuzz NAME=dropin $adapter FUZZ_TIME=2 >"$out/dropin.log" 2>&1 &
clean=$!
rm -rf crashes/dropin-bug
make --no-print-directory fuzz-fast NAME=dropin-bug $adapter CFLAGS=-DBUG_CALLOC_TRUSTS_SBRK FUZZ_TIME=10 \
    >"$out/dropin-bug.log" 2>&1 &
bug=$!
wait "$clean"
clean_rc=$?
wait "$bug" && fail "make fuzz-fast missed -DBUG_CALLOC_TRUSTS_SBRK (log $out/dropin-bug.log)"
[ "$clean_rc" = 0 ] ||
    { tail -n 40 "$out/dropin.log"; fail "make fuzz $adapter did not run clean (log $out/dropin.log)"; }
grep -q "^Done [0-9]* runs" "$out/dropin.log" || fail "make fuzz $adapter ran no inputs (log $out/dropin.log)"
for want in "halloc-fuzz: ORACLE calloc_not_zero fired" \
    "make replay $adapter NAME=dropin-bug CFLAGS='-DBUG_CALLOC_TRUSTS_SBRK'$build_var CRASH=crashes/dropin-bug/crash-"; do
    grep -qF "$want" "$out/dropin-bug.log" ||
        { tail -n 40 "$out/dropin-bug.log"; fail "-DBUG_CALLOC_TRUSTS_SBRK: no '$want' (log $out/dropin-bug.log)"; }
done
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$out/dropin.log")
# Its last line says that nothing was found, how long it fuzzed and how much:
# clean on what was judged, as its adapter claims no bad-free detection.
tail -n 1 "$out/dropin.log" | grep -qx "fuzz: nothing found: fuzzed [0-9]* s, $runs inputs ([1-9][0-9]* ops), every oracle judged clean (all of libFuzzer's output: crashes/dropin/libfuzzer.log)" ||
    { tail -n 5 "$out/dropin.log"; fail "make fuzz $adapter ran clean and did not end saying so (log $out/dropin.log)"; }
echo "fuzz-check-adapters: an allocator that defines malloc itself, included by its adapter under other names:" \
    "$runs libFuzzer runs clean under ASan+UBSan, and said so at the end; its planted calloc bug found and named"
