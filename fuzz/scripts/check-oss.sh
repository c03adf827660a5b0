#!/bin/sh
# check-oss.sh - the parts of make fuzz-oss-check after the single-threaded
# libFuzzer runs (fuzz/oss-fuzz.mk): fuzz/oss-fuzz-build.sh left the checker
# out of coverage (fuzz/coverage.ignore); halloc_threads_fuzzer, as it was
# built in OUT, replays its seeds and fuzzes 150 inputs with coverage;
# beside that the script builds every target again with an engine that is
# only a main() (fuzz/selftest/standalone-main.c, as OSS-Fuzz's standalone
# reproducers and AFL's driver are), and each runs its seeds there.
# Environment: OUT (the libFuzzer build's $OUT; its $WORK is OUT-work), CC
# (clang), PARSE_INPUTS (the parser's seeds), HARNESS, TOOL_SRCS and
# PARSE_SRCS (make's FUZZ_HARNESS, FUZZ_TOOL_SRCS and FUZZ_PARSE_SRCS).
set -eu
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh # counted
fail() { echo "fuzz-oss-check FAILED: $*"; exit 1; }
# The script compiled what make compiles, no source more or less: make's
# harness (both read fuzz/harness.list) besides the threaded runner and the
# two entry points, trace-tool's sources (fuzz/trace-tool.list) and the parse
# fuzzer's (fuzz/parse-fuzz.list and bench/trace.list). A list of its own drifts from make's.
obj=$OUT-work/halloc/obj
# same_sources WHAT LIST-FILE OBJ-DIR GLOB PREFIX SOURCES: the objects GLOB in
# OBJ-DIR are SOURCES' (named PREFIX + path with _ for /, .o for .c).
same_sources() {
    # shellcheck disable=SC2086 # $6: one path a word
    want=$(printf '%s\n' $6 | tr '/' '_' | sed "s/\\.c\$/.o/; s/^/$5/" | sort)
    # shellcheck disable=SC2086 # $4: a glob, expanded in OBJ-DIR
    got=$(cd "$3" && printf '%s\n' $4 | sort)
    [ "$got" = "$want" ] && return 0
    printf '%s\n' "$want" >"$OUT/sources-want" && printf '%s\n' "$got" >"$OUT/sources-got"
    diff "$OUT/sources-want" "$OUT/sources-got" | sed -n 's/^</  not compiled:/p; s/^>/  compiled, not in make'"'"'s list:/p'
    fail "oss-fuzz-build.sh compiled other sources for $1 than make does (above): make it compile $2, the list make reads"
}
same_sources "the harness" fuzz/harness.list "$obj" 'fuzz_*.o' '' \
    "$HARNESS fuzz/threads.c fuzz/threads-where.c fuzz/libfuzzer.c fuzz/threads-libfuzzer.c"
same_sources trace-tool fuzz/trace-tool.list "$OUT-work/halloc/tool" '*.o' '' "$TOOL_SRCS"
same_sources halloc_parse_fuzzer "fuzz/parse-fuzz.list and bench/trace.list" "$obj" 'parse_*.o' parse_ "$PARSE_SRCS"
echo "fuzz-oss-check: oss-fuzz-build.sh compiled make's FUZZ_HARNESS ($(echo "$HARNESS" | wc -w) sources), the threaded runner" \
    "and the entry points, FUZZ_TOOL_SRCS ($(echo "$TOOL_SRCS" | wc -w)) and FUZZ_PARSE_SRCS ($(echo "$PARSE_SRCS" | wc -w))"
# The checker compiled without coverage (fuzz/coverage.ignore: its sweeps
# slowed fuzzing by a quarter), the allocator with it.
for o in "$obj"/checks_*.o; do
    ! nm "$o" | grep -q __sanitizer_cov ||
        fail "$o has coverage instrumentation: oss-fuzz-build.sh did not apply fuzz/coverage.ignore"
done
nm "$obj/allocator_alloc.o" | grep -q __sanitizer_cov ||
    fail "$obj/allocator_alloc.o has no coverage instrumentation (fuzz/coverage.ignore leaves the allocator in)"
t=halloc_threads_fuzzer seeds=$OUT-work/halloc/threads-seeds
set -- "$seeds"/*
n=$#
for f in "" .options .dict _seed_corpus.zip; do [ -s "$OUT/$t$f" ] || fail "$t$f missing"; done
zip -sf "$OUT/${t}_seed_corpus.zip" | grep -q "^Total $n entries" ||
    fail "${t}_seed_corpus.zip does not hold the $n threaded seeds ($seeds)"
# A copy to fuzz in: libFuzzer writes what it finds into its first directory.
rm -rf "$OUT/threads-corpus" && mkdir -p "$OUT/threads-corpus" && cp "$seeds"/* "$OUT/threads-corpus/"
# Its run goes beside the standalone build below, and is judged once that has
# ended; a failed build waits for it (fail_beside). A count of inputs, not
# its old second (156 inputs on a quiet 2-core machine): sharing the cores
# with the build, or with other jobs, a second ran fewer.
threads_runs=150
{ "$OUT/$t" -runs=0 "$seeds" 2>"$OUT/$t.log" &&
    "$OUT/$t" -runs="$threads_runs" -dict="$OUT/$t.dict" -max_len=4096 -artifact_prefix="$OUT/$t-" \
        "$OUT/threads-corpus" 2>>"$OUT/$t.log"; } &
threads=$!
fail_beside() { wait "$threads" || :; fail "$@"; }

# The standalone engine, with no sanitizer (whose runtime would define hooks
# the targets may lean on) and no optimisation (the build takes 2 s, not 7).
sa=$OUT-standalone
rm -rf "$sa" "$sa-work" && mkdir -p "$sa"
"$CC" -std=c11 -O1 -c fuzz/selftest/standalone-main.c -o "$sa/standalone-main.o" ||
    fail_beside "cannot compile fuzz/selftest/standalone-main.c (above)"
# trace-tool is the first build's: a host build, whatever CFLAGS are.
tool=$OUT-work/halloc/trace-tool
CXX='' CFLAGS=-O0 LIB_FUZZING_ENGINE="$sa/standalone-main.o" OUT="$sa" WORK="$sa-work" TRACE_TOOL="$tool" \
    fuzz/oss-fuzz-build.sh >"$sa/build.log" 2>&1 ||
    { cat "$sa/build.log"; fail_beside "oss-fuzz-build.sh with an engine that has a main() (above)"; }

tool_objs=$(ls "$sa-work/halloc/tool")
[ -z "$tool_objs" ] || fail_beside "oss-fuzz-build.sh given TRACE_TOOL compiled trace-tool again: $tool_objs"
# A TRACE_TOOL that is no program is refused before anything is built.
bad=$sa/no-trace-tool
out=$(CC="$CC" OUT="$sa-refused" LIB_FUZZING_ENGINE=-fsanitize=fuzzer TRACE_TOOL="$bad" fuzz/oss-fuzz-build.sh 2>&1) &&
    fail_beside "oss-fuzz-build.sh built with TRACE_TOOL=$bad, which does not exist"
case $out in
"oss-fuzz-build: TRACE_TOOL=$bad is not an executable file"*) [ ! -e "$sa-refused" ] ||
    fail_beside "oss-fuzz-build.sh refused TRACE_TOOL=$bad after writing $sa-refused" ;;
*) fail_beside "oss-fuzz-build.sh with TRACE_TOOL=$bad did not say it is no program: $out" ;;
esac

wait "$threads" || { tail -n 40 "$OUT/$t.log"; fail "$t (log $OUT/$t.log)"; }
# Without the threads' edges reaching libFuzzer every input looks alike (fuzz-check-threads says more).
grep -q '^#[0-9]*[[:space:]]*DONE .*cov: [1-9]' "$OUT/$t.log" ||
    { grep '^#[0-9]' "$OUT/$t.log" | tail -n 3; fail "$t: libFuzzer saw no coverage (no 'cov:' above)"; }
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$OUT/$t.log" | tail -n 1)
[ "${runs:-0}" -ge "$threads_runs" ] || { tail -n 5 "$OUT/$t.log"; fail "$t ran ${runs:-no} inputs, not $threads_runs (above)"; }
echo "fuzz-oss-check: $t replays its $(counted "$n" seed) and runs $runs inputs clean (races go unseen without ThreadSanitizer)"
# No coverage there to filter: clang refuses the ignore list, and the build says so.
grep -q "coverage.ignore not applied" "$sa/build.log" ||
    { cat "$sa/build.log"; fail "oss-fuzz-build.sh with CFLAGS=-O0 did not say it left out fuzz/coverage.ignore"; }
hs=$(echo "$sa-work"/halloc/seeds/*) ts=$(echo "$sa-work"/halloc/threads-seeds/*)
for run in "halloc_fuzzer $hs" "halloc_buffer_fuzzer $hs" "halloc_cache_fuzzer $hs" \
    "halloc_threads_fuzzer $ts" "halloc_parse_fuzzer $PARSE_INPUTS"; do
    # shellcheck disable=SC2086 # $run: the target, then its input files, one word each
    set -- $run
    t=$1 && shift
    { "$sa/$t" "$@" >"$sa/$t.log" 2>&1 && grep -q "^standalone-main: ran $# inputs" "$sa/$t.log"; } ||
        { tail -n 40 "$sa/$t.log"; fail "$t linked with fuzz/selftest/standalone-main.c (log $sa/$t.log)"; }
done
echo "fuzz-oss-check: every target links with an engine that has a main() and runs its seeds clean there" \
    "(its seeds converted by the first build's trace-tool; a TRACE_TOOL that is no program refused)"
