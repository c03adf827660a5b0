#!/bin/sh
# adapter-test.sh - make bench TARGET=...: the bench with a third allocator
# linked through its fuzz adapter (bench/README.md "Your allocator").
#  1. halloc through its own adapter reports the same utilization and
#     high-water as halloc measured directly (one allocator, two paths);
#  2. a malloc-lab mm.c runs every trace, with a utilization from its
#     adapter's high_water() and a ratio against glibc;
#  3. an adapter without realloc or high_water: '-' for utilization, and a
#     trace with realloc fails with a message naming the missing function;
#  4. an adapter with free_sized and no free replays every trace (each free
#     must carry the size of the block it frees);
#  5. an allocator that never finishes a workload has that row stopped at
#     the -t limit, and every other row is printed;
#  6. a library in LDLIBS that replaces malloc for the whole program (as
#     Debian's jemalloc does) is refused, naming it: no glibc row remains;
#  7. an allocator that cannot grow and runs out of the heap create() gave
#     it: its row says so and how to give it more (-H, past a -H given);
#  8. a malloc-lab mm.c whose memlib heap is too small for a trace: its row
#     names MEMLIB_MAX_HEAP and the switch that raises it, not just ENOMEM;
#  9. a trace named -x.rep is replayed, not taken for an option;
# 10. the adapter's bench is built once: a second identical request links
#     nothing, an edited header of the adapter's or other LDLIBS relink it;
#     a second adapter links bench's objects of the first, compiling none;
# 11. an adapter of one's own is the user's C, as in the fuzz builds: GNU C,
#     its warnings shown but not fatal, its '#define _DEFAULT_SOURCE' no
#     redefinition of a -D of ours.
set -u
cd "$(dirname "$0")/.." || exit 1
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
# make -n, -t and -q run this line (it names $(MAKE)): tools/makeflags.sh.
. tools/makeflags.sh
make_dry_run "bench/adapter-test.sh (make bench TARGET=... with the adapters under fuzz/selftest/)"
MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
OUT=$BUILD/bench-adapter-test
mkdir -p "$OUT"
TRACES="bench/traces/short-lived.rep bench/traces/realloc-heavy.rep"

fail() {
    echo "bench adapter-test: FAIL: $*"
    exit 1
}

bench() { # LOG, then make variables
    log=$OUT/$1
    shift
    "$MAKE" --no-print-directory bench BENCH_ARGS="-n -r 1" TRACES="$TRACES" "$@" >"$log" 2>&1
}

# The util and high-water columns of a row: "81.9% 54"
columns() { awk -v w="$2" -v a="$3" '$1 == w && $2 == a { print $5, $6 }' "$1"; }

# An adapter's bench binary, by its folder (fuzz/build.mk's FUZZ_NAME), and
# which file it is: a link writes a new one (inode and time change).
bin_id() { stat -c '%i %y' "$BUILD/bench/adapter/$1/bench" 2>/dev/null; }

bench halloc.log TARGET=fuzz/adapters/halloc.c || fail "bench with the halloc adapter failed ($OUT/halloc.log)"
for w in short-lived realloc-heavy; do
    direct=$(columns "$OUT/halloc.log" "$w" halloc) via=$(columns "$OUT/halloc.log" "$w" yours)
    { [ -n "$direct" ] && [ "$direct" = "$via" ]; } ||
        fail "$w: halloc measured directly gives '$direct', through its adapter '$via' ($OUT/halloc.log)"
done
echo "  halloc through its adapter: same utilization and high-water as measured directly"

bench lab.log TARGET=fuzz/adapters/malloclab.c SRCS=examples/malloclab/mm.c ||
    fail "bench with the malloc-lab adapter failed ($OUT/lab.log)"
grep -q "^yours: malloc lab mm.c, through its fuzz adapter" "$OUT/lab.log" || fail "no 'yours:' header line ($OUT/lab.log)"
for w in short-lived realloc-heavy; do
    awk -v w="$w" '$1 == w && $2 == "yours" && $5 ~ /^[0-9.]+%$/ && $NF ~ /^[0-9.]+$/ { ok = 1 } END { exit !ok }' \
        "$OUT/lab.log" || fail "$w: no 'yours' row with a utilization and a ratio ($OUT/lab.log)"
done
grep -q "^yours: faster than glibc on [0-9]* of 2" "$OUT/lab.log" || fail "no summary line for yours ($OUT/lab.log)"
echo "  malloc-lab mm.c: a row per trace with utilization and ratio to glibc"

bench teach.log TARGET=examples/teach/adapter.c SRCS=examples/teach/myalloc.c &&
    fail "a trace with realloc on an adapter without realloc did not fail the bench ($OUT/teach.log)"
awk '$1 == "short-lived" && $2 == "yours" && $5 == "-" { ok = 1 } END { exit !ok }' "$OUT/teach.log" ||
    fail "short-lived: no '-' utilization for an adapter without high_water ($OUT/teach.log)"
grep -q "realloc-heavy *yours *FAILED: .*the adapter has no realloc" "$OUT/teach.log" ||
    fail "realloc-heavy: the failure does not name the missing realloc ($OUT/teach.log)"
echo "  adapter without realloc or high_water: '-' and a failure naming realloc"
# Its header (myalloc.h) is in the header lists its objects' compiles wrote
# (-MMD): as if just edited (-W), make -n shows the relink (nothing is built).
teach="TARGET=examples/teach/adapter.c SRCS=examples/teach/myalloc.c"
# shellcheck disable=SC2086 # $teach is two make variables, split into two words
out=$("$MAKE" --no-print-directory -n -W examples/teach/myalloc.h bench-adapter-build $teach 2>&1)
case $out in *" -o $BUILD/bench/adapter/adapter-examples_teach-"*/bench*) ;;
*) fail "make bench $teach does not relink after examples/teach/myalloc.h changed: $out" ;; esac
echo "  an edited header of the adapter's: the bench relinks"
# bench's own objects, compiled for the halloc adapter's build above (same
# flags: no SRCS), are linked as they are (bench/build.mk's adapter-obj/).
objs_before=$(stat -c '%n %i %y' "$BUILD"/bench/adapter-obj/*/*.o 2>/dev/null)
bench sized.log TARGET=fuzz/selftest/sized-adapter.c ||
    fail "bench with an adapter that only has free_sized failed: a free got the wrong size? ($OUT/sized.log)"
{ [ -n "$objs_before" ] && [ "$(stat -c '%n %i %y' "$BUILD"/bench/adapter-obj/*/*.o 2>/dev/null)" = "$objs_before" ]; } ||
    fail "a second adapter's bench compiled bench's own sources again, or none were kept in $BUILD/bench/adapter-obj/"
for w in short-lived realloc-heavy; do
    awk -v w="$w" '$1 == w && $2 == "yours" && $NF ~ /^[0-9.]+$/ { ok = 1 } END { exit !ok }' "$OUT/sized.log" ||
        fail "$w: no 'yours' row for the free_sized adapter ($OUT/sized.log)"
done
echo "  free_sized only: every free given its block's size (bench's objects of the halloc adapter's build reused)"

# The user's C, as the fuzz builds compile it (fuzz/build.mk's FUZZ_USER_C):
# bench compiled it as ISO C11 (typeof an error), with our -D_DEFAULT_SOURCE.
{
    echo "#define _DEFAULT_SOURCE"
    echo "static int never_called(void) { typeof(0) zero = 0; return zero; }"
    sed "s,\.\./adapter\.h,adapter.h," fuzz/adapters/glibc.c
} >"$OUT/own-adapter.c"
"$MAKE" --no-print-directory bench-adapter-build TARGET="$OUT/own-adapter.c" >"$OUT/own.log" 2>&1 ||
    fail "make bench's build of an adapter of one's own in GNU C with a warning failed ($OUT/own.log)"
grep -q never_called "$OUT/own.log" || fail "the own adapter's warning (never_called unused) was not shown ($OUT/own.log)"
! grep -q _DEFAULT_SOURCE "$OUT/own.log" || fail "the own adapter's #define _DEFAULT_SOURCE redefined ours ($OUT/own.log)"
echo "  an adapter of one's own: GNU C, its warning shown, its _DEFAULT_SOURCE its own"

# An allocator that cannot finish a workload (slow-adapter.c: its realloc
# never returns) has that row stopped at the -t limit; the other rows come.
# The limit, 1 s times the load per core (fuzz/scripts/load-scaled.sh), is
# every row's: the others, a few milliseconds each, finish under it at any load.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
scale_by_load 1 10
"$MAKE" --no-print-directory bench BENCH_ARGS="-n -r 1 -t $scaled_seconds" TRACES="$TRACES" TARGET=fuzz/selftest/slow-adapter.c \
    >"$OUT/slow.log" 2>&1 || fail "a stopped row failed the bench ($OUT/slow.log)"
grep -q "^realloc-heavy *yours *STOPPED: realloc-heavy: stopped after $scaled_seconds s, the time limit" "$OUT/slow.log" ||
    fail "realloc-heavy: the row of an allocator that never returns was not stopped at -t $scaled_seconds ($OUT/slow.log)"
for row in "short-lived yours" "realloc-heavy halloc" "realloc-heavy glibc"; do
    awk -v w="${row% *}" -v a="${row#* }" '$1 == w && $2 == a && $3 ~ /^[0-9]+$/ && $4 ~ /^[0-9.]+$/ { ok = 1 } END { exit !ok }' \
        "$OUT/slow.log" || fail "no '$row' row beside the stopped one ($OUT/slow.log)"
done
grep -q "^yours: STOPPED on 1 workload at the time limit" "$OUT/slow.log" || fail "no summary of the stopped row ($OUT/slow.log)"
echo "  an allocator too slow to finish: its row stopped at the -t limit, every other row printed"

# A heap that never grows (halloc over a caller's buffer) given 64 KiB for a
# workload that needs more: the row names the way out.
"$MAKE" --no-print-directory bench BENCH_ARGS="-n -r 1 -H 64K" TRACES=bench/traces/realloc-heavy.rep \
    TARGET=fuzz/adapters/halloc-buffer.c >"$OUT/small.log" 2>&1 && fail "a heap too small for the workload did not fail the bench ($OUT/small.log)"
grep -q '^realloc-heavy *yours *FAILED: .*out of memory.*FUZZ_CAN_GROW.*BENCH_ARGS="-H 256M"' "$OUT/small.log" ||
    fail "realloc-heavy: the out-of-memory row of a heap that cannot grow does not suggest -H ($OUT/small.log)"
grep -q '^realloc-heavy *yours *FAILED: .*a heap over a caller.s buffer never grows.*; the adapter does not say' "$OUT/small.log" ||
    fail "realloc-heavy: the out-of-memory row does not give halloc's own reason (why_refused) before -H ($OUT/small.log)"
grep -q '^yours: no workload ran under both it and glibc' "$OUT/small.log" ||
    fail "its only workload failed, and the yours line does not say none ran (it said 0 of 0) ($OUT/small.log)"
# Given -H 128M already, it suggests more than that (it said -H 256M whatever
# was given) and names the size create() was asked.
printf '0\n1\n1\n1\na 0 200000000\n' >"$OUT/big-block.rep"
# The same build as the run above, whose binary it reuses: it relinked on
# every request (bench/build.mk).
before=$(bin_id halloc-buffer)
"$MAKE" --no-print-directory bench BENCH_ARGS="-n -r 1 -H 128M" TRACES="$OUT/big-block.rep" \
    TARGET=fuzz/adapters/halloc-buffer.c >"$OUT/big.log" 2>&1 && fail "a 200 MB block in a 128 MiB heap did not fail the bench ($OUT/big.log)"
grep -q '^big-block *yours *FAILED: .*create() was asked for 134217728 bytes: .*BENCH_ARGS="-H 512M"' "$OUT/big.log" ||
    fail "big-block: the out-of-memory row given -H 128M does not name that size and suggest more ($OUT/big.log)"
{ [ -n "$before" ] && [ "$(bin_id halloc-buffer)" = "$before" ]; } ||
    fail "a second make bench TARGET=fuzz/adapters/halloc-buffer.c, the build unchanged, relinked its bench ($OUT/big.log)"
echo "  an allocator that cannot grow, out of its heap: the row gives its reason and suggests -H, past the -H given"

# memlib's cap at 64 KiB: realloc-heavy needs more (short-lived does not).
bench lab-cap.log TARGET=fuzz/adapters/malloclab.c SRCS=examples/malloclab/mm.c CFLAGS=-DMEMLIB_MAX_HEAP=65536 &&
    fail "a malloc-lab heap past MEMLIB_MAX_HEAP did not fail the bench ($OUT/lab-cap.log)"
grep -q '^realloc-heavy *yours *FAILED: .*: mem_sbrk([0-9]*) hit MEMLIB_MAX_HEAP (65536 bytes) .*rebuild with CFLAGS=-DMEMLIB_MAX_HEAP=bytes' \
    "$OUT/lab-cap.log" || fail "realloc-heavy: the row of a lab heap at its cap does not name MEMLIB_MAX_HEAP ($OUT/lab-cap.log)"
echo "  a malloc-lab heap at MEMLIB_MAX_HEAP: the row names the cap and the switch"

printf '#include <stddef.h>\nvoid *__libc_malloc(size_t);\nvoid *malloc(size_t n) { return __libc_malloc(n); }\n' \
    >"$OUT/replaces-malloc.c"
${CC:-cc} -shared -fPIC "$OUT/replaces-malloc.c" -o "$OUT/libreplaces-malloc.so" || fail "cannot build the malloc-replacing library"
# The library by an absolute path ("$PWD/$OUT" doubled an absolute BUILD).
case $OUT in /*) lib_dir=$OUT ;; *) lib_dir=$PWD/$OUT ;; esac
# The halloc adapter's bench of the first run, relinked for these LDLIBS (its stamp).
before=$(bin_id halloc)
bench replaced.log TARGET=fuzz/adapters/halloc.c LDLIBS="$lib_dir/libreplaces-malloc.so -Wl,-rpath,$lib_dir" &&
    fail "a library that replaces malloc did not stop the bench ($OUT/replaced.log)"
[ "$(bin_id halloc)" != "$before" ] || fail "make bench with other LDLIBS did not relink the bench ($OUT/replaced.log)"
grep -q "^bench: malloc in this process comes from .*libreplaces-malloc.so, not glibc's libc.so" "$OUT/replaced.log" ||
    fail "the refusal does not name the library that replaces malloc ($OUT/replaced.log)"
echo "  a library replacing malloc: refused, named"
echo "  the adapter's bench: built once for two identical requests, relinked for other LDLIBS"
# TRACES is read from the top of the tree: the file sits there while it runs.
dash=-bench-adapter-test.rep
cp bench/testdata/good-basic.rep "./$dash"
"$MAKE" --no-print-directory bench BENCH_ARGS="-n -r 1" TRACES="$dash" >"$OUT/dash.log" 2>&1
rc=$?
rm -f "./$dash"
if [ "$rc" != 0 ] || ! grep -q '^-bench-adapter-test  *glibc ' "$OUT/dash.log"; then
    fail "make bench TRACES=$dash: exit $rc, no row for the trace: its name was taken for an option ($OUT/dash.log)"
fi
echo "  a trace named $dash: replayed, not taken for an option"
# A path with a blank, quoted inside TRACES as bench/README.md says: one trace, one row.
cp bench/testdata/good-basic.rep "$OUT/with blank.rep"
rc=0
"$MAKE" --no-print-directory bench BENCH_ARGS="-n -r 1" TRACES="'$OUT/with blank.rep'" >"$OUT/blank.log" 2>&1 || rc=$?
{ [ "$rc" = 0 ] && grep -q '^with blank  *glibc ' "$OUT/blank.log"; } ||
    fail "make bench TRACES=\"'$OUT/with blank.rep'\": exit $rc, no row for the trace quoted as bench/README.md says ($OUT/blank.log)"
echo "  a trace path with a blank, quoted inside TRACES: replayed"
echo "bench adapter-test: passed"
