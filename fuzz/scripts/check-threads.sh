#!/bin/sh
# check-threads.sh: make fuzz-check-threads (fuzz/threads.mk), under
# ThreadSanitizer. halloc's threaded seeds replay clean (lockstep, then 3 runs
# at once; with its cache off, and on: halloc-threads-cache.c), so does one
# give more than a mailbox holds (the give keeps its block), and 3 s of
# fuzzing find nothing; then halloc with its heap lock taken out
# (mutants/threads/no-lock.patch) must be reported on the same seeds, or
# the first steps prove nothing. jemalloc with its thread caches on
# (jemalloc-tcache.c) replays them clean, and fails without its flush. Last,
# oracles that fire in 4 threads at once (fuzz/selftest/clash-adapter.c) give
# one whole report, naming its thread and run (with the REPEAT that reaches
# it); a report on a block one thread gave another names the thread and op
# that allocated it, a mapping a thread left after destroy() fires left_mapped
# naming that thread and op, and make fuzz-threads stopped by a race names the
# thread and op of its first access; a run past a recovered sanitizer report
# fails, naming its thread and op; with its depth switches, the seeds must fill 8 size
# classes and make 1000 frees in the threads. A text, lab (one past 1 MiB too), compressed or UTF-16 trace handed to
# threads-replay is refused (a text one with the command that converts it, from standard input too); an empty
# file and a missing one are named as such.
# Environment: MAKE, BUILD, TOOL (trace-tool), MUTANT (a directory to patch in),
# Its builds: halloc's and the unsafe adapter's first with a job a core, then the rest side by side (below,
# lanes.sh), each make alone: no -j.
set -eu
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
# shellcheck source=tools/makeflags.sh # run from the top of the tree, as make does
. tools/makeflags.sh
make_dry_run "fuzz/scripts/check-threads.sh (TSan builds and runs under $BUILD, the no-lock mutant in $MUTANT)"
work=$BUILD/fuzz-work/check-threads
good=$BUILD/fuzz/halloc-threads
bad=$BUILD/fuzz/halloc-threads-no-lock
cache=$BUILD/fuzz/halloc-threads-cache
# The seeds' replays are no timing tests: their -t follows the load.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
seeds_limit_by_load
clash=$BUILD/fuzz/check-threads-clash
unsafe=$BUILD/fuzz/check-threads-unsafe/threads-replay-none
say() { echo "fuzz-check-threads: $*"; }

rm -rf "$work" "$MUTANT"
mkdir -p "$work" "$MUTANT"
cp -R allocator checks "$MUTANT/"
(cd "$MUTANT" && patch -s -p1) <mutants/threads/no-lock.patch ||
    { say "mutants/threads/no-lock.patch no longer applies to allocator/; update it"; exit 1; }
$MAKE --no-print-directory "$TOOL"

# Every binary the steps below run, built first. halloc's two TSan builds
# come first, alone, with a job a core: the harness objects they compile
# (fuzz/objects.mk, kinds threads and threads-replay) are those the other
# TSan builds link, and compiled in each of those side by side they were
# compiled up to five times over (36 compiles wasted; renamed into place,
# so never torn). The unsafe adapter's replay comes next, alone too: its
# harness objects (no sanitizer) are those the clash adapter's
# threads-replay-none links, and the two side by side compiled some 11 of
# them twice. Then the other NAMEs side by side (lanes.sh), a NAME's
# builds a step, as many at once as there are cores, the next started as
# one ends, longest first (the clash adapter's four, under three
# sanitizers): a NAME's builds stay in one step, one after the other (they
# write its flags stamp).
build_halloc() {
    $MAKE --no-print-directory "$@" NAME=halloc-threads TARGET=fuzz/adapters/halloc-threads.c SRCS= THREADS_SAN=thread \
        "$good/threads-replay-thread" "$good/threads-thread"
}
build_halloc_cache() {
    $MAKE --no-print-directory NAME=halloc-threads-cache TARGET=fuzz/adapters/halloc-threads-cache.c SRCS= \
        THREADS_SAN=thread "$cache/threads-replay-thread"
}
build_no_lock() {
    $MAKE --no-print-directory NAME=halloc-threads-no-lock TARGET=fuzz/adapters/halloc-threads.c THREADS_SAN=thread \
        SRCS="$MUTANT/allocator/*.c $MUTANT/checks/*.c" "$bad/threads-replay-thread"
}
# build_jemalloc ADAPTER: its threads-replay under TSan.
build_jemalloc() {
    n=$(basename "$1" .c)
    $MAKE --no-print-directory NAME="$n" TARGET="$1" SRCS= THREADS_SAN=thread "$BUILD/fuzz/$n/threads-replay-thread"
}
build_clash() {
    for san in none thread address; do
        $MAKE --no-print-directory NAME=check-threads-clash TARGET=fuzz/selftest/clash-adapter.c SRCS= \
            THREADS_SAN=$san "$clash/threads-$san" || return 1
    done
    $MAKE --no-print-directory NAME=check-threads-clash TARGET=fuzz/selftest/clash-adapter.c SRCS= \
        THREADS_SAN=none "$clash/threads-replay-none" &&
        $MAKE --no-print-directory NAME=check-threads-clash TARGET=fuzz/selftest/clash-adapter.c SRCS= \
            THREADS_SAN=thread "$clash/threads-replay-thread"
}
build_unsafe() {
    $MAKE --no-print-directory "$@" NAME=check-threads-unsafe TARGET=fuzz/selftest/unsafe-adapter.c SRCS= \
        THREADS_SAN=none "$unsafe"
}
core_jobs=-j$(nproc 2>/dev/null || echo 1)
build_halloc "$core_jobs" >"$work/build-halloc.log" 2>&1 ||
    { cat "$work/build-halloc.log"; say "cannot build halloc's threaded fuzzer and replay (above; $work/build-halloc.log)"; exit 1; }
build_unsafe "$core_jobs" >"$work/build-unsafe.log" 2>&1 ||
    { cat "$work/build-unsafe.log"; say "cannot build the unsafe adapter's replay (above; $work/build-unsafe.log)"; exit 1; }
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh
# A plain command, not tested: under set -e a failed build ends this check
# after lanes names it and its log ($work/build-NAME.log).
lanes fuzz-check-threads "$work" '' build-clash build_clash \
    build-halloc-cache build_halloc_cache build-no-lock build_no_lock \
    build-jemalloc-tcache 'build_jemalloc fuzz/adapters/jemalloc-tcache.c' \
    build-jemalloc-no-flush 'build_jemalloc fuzz/selftest/jemalloc-tcache-no-flush.c'
fuzz/scripts/threads-seed.sh "$TOOL" "$work/seeds" corpus/threads
seeds=$(ls "$work"/seeds/seed-*)

# A replay whose every thread stops (HALLOC_CLASH_OTHERS=stop: SIGSTOP, as
# ThreadSanitizer hung in its own report after a crash leaves them, the -t
# watchdog thread too) must be killed by its guard process some seconds past
# the -t limit, saying so (without the guard it hung until killed from
# outside). About 6 s, idle, beside the steps below up to the jemalloc ones;
# timeout bounds this check if the guard fails.
printf 'version 3\nmalloc 0 24\nmalloc 0 24\n' >"$work/stop.txt"
"$TOOL" to-bin "$work/stop.txt" "$work/stop.bin"
{ printf '\002'; cat "$work/stop.bin"; } >"$work/stop"
# The HUNG line's time is held to the log's own clock: stop.armed keeps the
# time the replay wrote its lockstep line, just before it set the limit, and
# the HUNG line, written just before the kill, is the log's last write. The
# shell's own times also held the replay's start and the kill's reaping,
# which at load 25 (niced) came to more than the second allowed: 2 runs in 6.
# The log is read with its mtime, then its last line checked again: had the
# HUNG line come meanwhile (6 s later), that mtime would be the wrong one.
lockstep=': lockstep run (one op at a time'
guard_by_load 40 # a hang's end, past the -t 1 tested (load-scaled.sh)
(
    HALLOC_CLASH_FROM=9 HALLOC_CLASH_OTHERS=stop timeout -s KILL "$guard_seconds" "$clash/threads-replay-none" -t 1 -r 0 \
        "$work/stop" >"$work/stop.log" 2>&1 &
    replay=$!
    until grep -qs "$lockstep" "$work/stop.log" || ! kill -0 "$replay" 2>/dev/null; do sleep 0.05; done
    armed=$(date -r "$work/stop.log" +%s%N)
    case $(tail -n 1 "$work/stop.log") in *"$lockstep"*) echo "$armed" >"$work/stop.armed" ;; esac
    rc=0
    # Its own wait, silenced: a shell reports a job SIGKILL ended ("Killed")
    # on the stderr its command had (the log) or, in the background, its own.
    wait "$replay" 2>/dev/null || rc=$? # set -e: the kill's 137 would end this shell unrecorded
    exit "$rc"
) &
stopped=$!

# An empty file runs no op: refused, exit 2, as replay refuses it (it said
# "clean (0 ops ...)", a verdict on nothing). Refused before any thread
# starts, so this run costs no TSan exit wait.
: >"$work/empty"
rc=0
"$good/threads-replay-thread" "$work/empty" >"$work/empty.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || [ "$(wc -l <"$work/empty.log")" != 1 ] ||
    ! grep -q "^threads-replay: $work/empty: holds no operations (the file is empty)" "$work/empty.log"; then
    cat "$work/empty.log"
    say "threads-replay of an empty file: exit $rc, not 2 with one line naming it (above)"
    exit 1
fi
# shellcheck disable=SC2086 # $seeds is a list of corpus files, one word each
"$good/threads-replay-thread" -t "$seeds_limit" -r 3 $seeds >"$work/good.log" 2>&1 ||
    { cat "$work/good.log"; say "halloc's threaded seeds failed (above)"; exit 1; }
# The same with halloc's cache on: threads push and pop cached blocks other
# threads allocated, and the last free flushes the cache.
# shellcheck disable=SC2086 # $seeds is a list of corpus files, one word each
"$cache/threads-replay-thread" -t "$seeds_limit" -r 3 $seeds >"$work/cache.log" 2>&1 ||
    { cat "$work/cache.log"; say "halloc's threaded seeds failed with the cache on (halloc-threads-cache.c; above)"; exit 1; }
# A trace is refused, not run as the bytes of a threaded input ("clean"):
# a text trace with the command that converts it as the seeds are (which
# must give the seed), a lab trace with the tool that reads it, a gzip'd or
# UTF-16 one with the command that reads it, as replay says (it ran as
# ops nobody wrote).
cp corpus/threads/handover.txt "$work/handover.txt"
gzip -nc bench/testdata/good-basic.rep >"$work/lab.rep.gz"
iconv -f UTF-8 -t UTF-16 corpus/threads/handover.txt >"$work/utf16-trace"
for t in "$work/handover.txt" bench/testdata/good-basic.rep "$work/lab.rep.gz" "$work/utf16-trace"; do
    rc=0
    "$good/threads-replay-thread" "$t" >"$work/trace.log" 2>&1 || rc=$?
    if [ "$rc" != 2 ] || [ "$(wc -l <"$work/trace.log")" -ne 1 ] || ! grep -qE "^threads-replay: $t: (an? (text|allocator-lab) \
trace( by its shape)?( \([^)]*\))?|gzip-compressed|UTF-16 text \([^)]*\)), not a threaded input" "$work/trace.log"; then
        cat "$work/trace.log"
        say "threads-replay on the trace $t: exit $rc, not refused in one line (above)"
        exit 1
    fi
done
# A lab trace over a threaded input's 1 MiB, named as no trace, is refused
# as one, from its head, as replay refuses it (fuzz_input_read): it was
# read to 1 MiB and refused as too large.
{ printf '20000\n1\n300000\n1\n'; yes 'a 0 8
f 0' | head -n 300000; } >"$work/long-lab"
rc=0
"$good/threads-replay-thread" "$work/long-lab" >"$work/long-lab.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || [ "$(wc -l <"$work/long-lab.log")" -ne 1 ] ||
    ! grep -q "^threads-replay: $work/long-lab: an allocator-lab trace .*, not a threaded input" "$work/long-lab.log"; then
    cat "$work/long-lab.log"
    say "threads-replay of a 1.5 MB lab trace: exit $rc, not refused in one line as a lab trace (above)"
    exit 1
fi
# A missing input is named as replay and every tool name one (text_cannot_open).
rc=0
"$good/threads-replay-thread" "$work/no-such-input" >"$work/missing.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || [ "$(cat "$work/missing.log")" != \
    "threads-replay: cannot open $work/no-such-input: No such file or directory (check the path)" ]; then
    cat "$work/missing.log"
    say "threads-replay of a missing file: exit $rc, not 2 with 'threads-replay: cannot open PATH: ...' (above)"
    exit 1
fi
"$(dirname "$0")"/check-help.sh "$good/threads-replay-thread" # -h, --help and a wrong option
# '-' is standard input, as for replay: the 2-op input above, piped in, runs
# clean under that name (-t 0: no guard process, whose end costs a second).
rc=0
"$good/threads-replay-thread" -t 0 -r 0 - <"$work/stop" >"$work/stdin.log" 2>&1 || rc=$?
if [ "$rc" != 0 ] || ! grep -q "^threads-replay: -: clean (2 ops in " "$work/stdin.log"; then
    cat "$work/stdin.log"
    say "threads-replay - <FILE: exit $rc, not 0 with 'threads-replay: -: clean (2 ops in ...' (above)"
    exit 1
fi
# Given twice, '-' is refused before any run, as replay refuses it: the
# second read found standard input empty.
rc=0
"$good/threads-replay-thread" -t 0 -r 0 - "$work/empty" - <"$work/stop" >"$work/stdin.log" 2>&1 || rc=$?
if [ "$rc:$(cat "$work/stdin.log")" != "2:threads-replay: '-' (standard input) is given more than once, and it can be read only once; give it once" ]; then
    cat "$work/stdin.log"
    say "threads-replay - FILE -: exit $rc, not 2 with one line saying '-' is given twice (above)"
    exit 1
fi
# A -r or -t that is no plain number in range is refused naming it (strtol
# took 20 nines as LONG_MAX runs, "+5" as 5), in replay's words
# (replay-args.h; check-replay-options.sh checks replay's): -r from 0 here.
runs_line="is not a number of runs from 0 to 100000; e.g. -r 20"
seconds_line="is not a number of seconds from 0 to 86400; e.g. -t 10, or -t 0 for no limit"
for arg in "-r 99999999999999999999" "-r 12x" "-t +5"; do
    rc=0
    case $arg in -r*) line=$runs_line ;; *) line=$seconds_line ;; esac
    guard_by_load 20 # refused at once, or a hang ended
    # shellcheck disable=SC2086 # $arg is an option and its value
    timeout "$guard_seconds" "$good/threads-replay-thread" $arg "$work/handover.txt" >"$work/arg.log" 2>&1 || rc=$?
    if [ "$rc" != 2 ] || [ "$(cat "$work/arg.log")" != "threads-replay: ${arg% *} '${arg#* }' $line" ]; then
        cat "$work/arg.log"
        say "threads-replay $arg: exit $rc, not refused in one line naming the value (above)"
        exit 1
    fi
done
# The converted file goes under BUILD, not beside the input (an untracked
# file beside a corpus/threads/ seed), by this BUILD's trace-tool (the
# command said build/ whatever BUILD was); run here with $work for $BUILD/fuzz/.
"$good/threads-replay-thread" "$work/handover.txt" 2>&1 | sed "s/.*convert it as the seeds are: //" >"$work/convert.sh"
case $(cat "$work/convert.sh") in
*"; $TOOL to-bin "*"> $BUILD/fuzz/handover.bin") ;;
*)
    cat "$work/convert.sh"
    say "the command threads-replay prints (above) does not run $TOOL and write $BUILD/fuzz/handover.bin for handover.txt"
    exit 1
    ;;
esac
sed -i "s|> $BUILD/fuzz/|> $work/|" "$work/convert.sh"
if ! sh "$work/convert.sh" || ! cmp -s "$work/handover.bin" "$work/seeds/seed-handover" || [ -e "$work/handover.txt.bin" ]; then
    cat "$work/convert.sh"
    say "the command threads-replay prints (above) does not convert a text trace as the seeds are"
    exit 1
fi
# A text trace on standard input (-): read to its end by the replay, so the
# command must give it again (< FILE; it read - once more, and found it
# empty) and name its output stdin.bin (it was -.bin).
"$good/threads-replay-thread" - <"$work/handover.txt" 2>&1 | sed -n "s/.*convert it as the seeds are: //p" \
    >"$work/stdin-convert.sh"
case $(cat "$work/stdin-convert.sh") in
*" - /dev/stdout < FILE | cat; } > $BUILD/fuzz/stdin.bin") ;;
*)
    cat "$work/stdin-convert.sh"
    say "for a text trace on standard input, the command threads-replay prints (above) does not read it again" \
        "(< FILE) into $BUILD/fuzz/stdin.bin"
    exit 1
    ;;
esac
sed -i "s|< FILE|< $work/handover.txt|; s|> $BUILD/fuzz/|> $work/|" "$work/stdin-convert.sh"
if ! sh "$work/stdin-convert.sh" </dev/null || ! cmp -s "$work/stdin.bin" "$work/seeds/seed-handover"; then
    cat "$work/stdin-convert.sh"
    say "for a text trace on standard input, the command threads-replay prints (above), FILE given, does not convert it"
    exit 1
fi
# A text trace named with a space and a newline: the command's names are
# quoted for the shell (the input's was the escaped text, another file, and
# the output's raw, which split the line), so bash runs it as printed.
odd="$work/hand over
x.txt" odd_bin="$BUILD/fuzz/hand over
x.bin"
cp "$work/handover.txt" "$odd" && rm -f "$odd_bin"
"$good/threads-replay-thread" "$odd" 2>&1 | sed -n "s/.*convert it as the seeds are: //p" >"$work/odd-convert.sh"
if ! bash "$work/odd-convert.sh" || ! cmp -s "$odd_bin" "$work/seeds/seed-handover"; then
    cat "$work/odd-convert.sh"
    say "for a text trace named with a space and a newline, the command threads-replay prints (above) does not convert it in bash"
    exit 1
fi
rm -f "$odd" "$odd_bin"
# Thread 0 of 2 allocates and gives 257 times (thread 1 only verifies an
# empty slot): one more than a mailbox holds, so the last give must keep its
# block, not overwrite the oldest one there (a block taken twice: overlap).
full="$work/mailbox-full"
{ printf '\000'; i=0; while [ $i -lt 257 ]; do
    printf '\000\000\020\000\006\000\000\000\012\000\000\000\006\000\000\000'; i=$((i + 1)); done; } >"$full"
"$good/threads-replay-thread" -t "$seeds_limit" -r 1 "$full" >"$work/full.log" 2>&1 ||
    { cat "$work/full.log"; say "a give to a full mailbox went wrong (above; input $full)"; exit 1; }
# The clash adapter's libFuzzer -jobs=2 run, for the EINVAL count below:
# beside this step's 3 s, which leave a core mostly idle, as its 1.5 s are
# mostly libFuzzer's waits for its workers.
printf 'version 3\naligned 0 32 8\naligned 1 64 8\naligned 2 4096 8\naligned 3 128 0\n' >"$work/einval.txt"
"$TOOL" to-bin "$work/einval.txt" "$work/einval.bin"
rm -rf "$work/einval" && mkdir -p "$work/einval/corpus"
{ printf '\000'; cat "$work/einval.bin"; } >"$work/einval/corpus/aligned"
fuzzer=$(cd "$clash" && pwd)/threads-none
(cd "$work/einval" && HALLOC_CLASH_FROM=99 HALLOC_CLASH_FREES=1000000 \
    exec "$fuzzer" -runs=0 -jobs=2 -workers=2 corpus) >"$work/einval/fuzz.log" 2>&1 &
einval_jobs=$!
mkdir -p "$work/corpus"
# shellcheck disable=SC2086 # $seeds is a list of corpus files, one word each
cp $seeds "$work/corpus/"
HALLOC_FUZZ_STATS=1 "$good/threads-thread" -max_total_time=3 -artifact_prefix="$work/" "$work/corpus" >"$work/fuzz.log" 2>&1 ||
    { tail -n 40 "$work/fuzz.log"; say "3 s of threaded fuzzing of halloc found something (above; input in $work/)"; exit 1; }
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$work/fuzz.log")
# Its totals at exit give make fuzz-threads' clean line its "(N ops)", as make fuzz's (libfuzzer.sh).
ops=$(sed -n 's/^halloc-fuzz: totals: [1-9][0-9]* programs, \([1-9][0-9]*\) ops in .*/\1/p' "$work/fuzz.log")
[ -n "$ops" ] || { tail -n 5 "$work/fuzz.log"; say "the threaded run printed no totals with its ops (HALLOC_FUZZ_STATS=1; above)"; exit 1; }
# libFuzzer prints "cov: N" only when the edges the threads ran reach it; without
# them every input looks the same and the corpus shrinks to nothing.
grep -q '^#[0-9]*[[:space:]]*DONE .*cov: [1-9]' "$work/fuzz.log" ||
    { grep '^#[0-9]' "$work/fuzz.log" | tail -n 3; say "libFuzzer saw no coverage from the threaded runs (its lines above" \
        "lack 'cov:'): is a file that names __start___sancov_cntrs instrumented (fuzz/coverage.ignore)?"; exit 1; }
# Its clean end names what no oracle judged while the threads ran at once,
# after what the adapter's claims leave unjudged (a clean threaded run read
# as every oracle of a single-threaded one passing).
line=$(grep "^halloc-fuzz: clean only on .*; not judged while threads ran at once" "$work/fuzz.log") ||
    { tail -n 5 "$work/fuzz.log"; say "the clean threaded run did not name what it left unjudged while its threads ran (above)"; exit 1; }
for want in "stats_mismatch" "spurious_oom," "spurious_growth" "the pristine probe" "free(NULL) changing nothing" \
    "unmap_live" "unmap_foreign" "discard_live" "protect_live"; do
    case "$line" in *"$want"*) ;; *) say "the clean threaded run's not-judged line lacks '$want': $line"; exit 1 ;; esac
done
# ...but not left_mapped, judged after the join (below).
case "$line" in *left_mapped*) say "the clean threaded run's not-judged line names left_mapped, judged: $line"; exit 1 ;; esac
say "halloc clean: the seeds (lockstep + 3 runs at once, cache off and on) and ${runs:-?} fuzzed inputs ($ops ops) in 3 s," \
    "ThreadSanitizer on; its clean end names the oracles off while threads run at once, and counts their ops"

# Through make replay-threads' script (replay-threads.sh), which keeps the
# replay's output in bad.log and prints it, and the end it adds, to bad.out.
# shellcheck disable=SC2086 # $seeds is a list of corpus files, one word each
if fuzz/scripts/replay-threads.sh "$work/bad.log" "$bad/threads-replay-thread" -t "$seeds_limit" -r 3 $seeds >"$work/bad.out" 2>&1; then
    say "halloc with its lock taken out (mutants/threads/no-lock.patch) passed the threaded seeds: the threaded"
    say "harness no longer sees a race it must see; $work/bad.log has the run"
    exit 1
fi
found=$(grep -m 1 -E 'WARNING: ThreadSanitizer|ORACLE' "$work/bad.log" || true)
[ -n "$found" ] || { tail -n 20 "$work/bad.log"; say "the planted-bug run failed without a race or oracle report (above)"; exit 1; }
# TSan's report names its own thread numbers and the harness's functions:
# the replay must tie the race to a thread of the input, its run and op,
# and say where the others were (it printed the raw report alone), by the
# names the report's 'Thread T26' lines give them (it gave none: T26 was
# tied to no thread of the input).
case $found in *ThreadSanitizer*)
    if ! grep -qE "^halloc-fuzz: the first access of ThreadSanitizer's report above in (thread [0-9]+ of [0-9]+|the \
main thread after the join), in " "$work/bad.log" || ! grep -qE '^  thread [0-9]+ of [0-9]+ ' "$work/bad.log"; then
        tail -n 8 "$work/bad.log"
        say "threads-replay's TSan report names no thread, run or op of the input (above)"
        exit 1
    fi
    named=$(sed -n "s/^ *Thread T[0-9]* 'halloc t\([0-9]\/[0-9]\)' .*/\1/p" "$work/bad.log" | sort -u)
    [ -n "$named" ] || { grep -E '^ *Thread T[0-9]' "$work/bad.log"; say "TSan's report names no thread" \
        "'halloc tT/N' (its Thread lines above): threads.c's pthread_setname_np is gone or ignored"; exit 1; }
    for t in $named; do
        grep -q "^  thread ${t%/*} of ${t#*/} ('halloc t$t')" "$work/bad.log" ||
            { say "threads-replay does not tie TSan's 'halloc t$t' to thread ${t%/*} of ${t#*/}"; exit 1; }
    done
    # The report's other (earlier) access: its thread may have gone on, so
    # the replay lists that thread's last ops (it named only the op it was in).
    other=$(sed -n 's/^  Previous [a-z]* of size [0-9]* at [0-9a-fx]* by thread \(T[0-9]*\).*/\1/p' "$work/bad.log" | head -n 1)
    t=$(sed -n "s/^  Thread $other 'halloc t\([0-9]\/[0-9]\)' .*/\1/p" "$work/bad.log" | head -n 1)
    # A thread in its op #0 has no earlier ops, and its line may end the log.
    if [ -n "$t" ] && ! awk -v head="  thread ${t%/*} of ${t#*/} ('halloc t$t'): " 'found { ok = ok || /^    earlier #[0-9]+: /;
        exit } index($0, head) == 1 { found = 1; ok = /in op #0: / } END { exit !ok }' "$work/bad.log"; then
        grep -A 3 "^  thread ${t%/*} of" "$work/bad.log"
        say "threads-replay lists no earlier ops of thread ${t%/*} of ${t#*/}, TSan's other access (${other}; above)"
        exit 1
    fi
    # make replay-threads ends as make fuzz-threads does: TSan's SUMMARY re-printed in short, with what
    # the harness said of it (log-report.sh), under the long report.
    awk -v head="---- ThreadSanitizer's report in short, re-printed from $work/bad.log " 'index($0, head) == 1 { on = 1 } on' \
        "$work/bad.out" >"$work/bad.short"
    { grep -q '^SUMMARY: ThreadSanitizer: ' "$work/bad.short" &&
        grep -q "^halloc-fuzz: the first access of ThreadSanitizer's report above in " "$work/bad.short"; } ||
        { tail -n 12 "$work/bad.out"; say "make replay-threads' run (replay-threads.sh) did not end with TSan's report" \
            "in short, its SUMMARY and the harness's thread and op (above; make fuzz-threads' end has them)"; exit 1; } ;;
esac
say "planted bug caught: halloc without its lock: ${found#WARNING: }"

# jemalloc with its thread caches on (a free by another thread lands in that
# thread's cache) replays the seeds clean; without the flush before
# arena.<i>.destroy the main thread's cache keeps blocks of destroyed arenas,
# and a later run's free-all crashes flushing one back: the first run at once
# of class-walk.txt, whose blocks fill the caches (handover.txt alone: its
# 6th), so 10 runs catch it.
# shellcheck disable=SC2086 # $seeds is a list of corpus files, one word each
"$BUILD/fuzz/jemalloc-tcache/threads-replay-thread" -t "$seeds_limit" -r 10 $seeds >"$work/jemalloc.log" 2>&1 ||
    { cat "$work/jemalloc.log"; say "jemalloc with its thread caches (jemalloc-tcache.c) failed the threaded seeds (above)"; exit 1; }
# Its crash can damage ThreadSanitizer's own memory: once in a CI run, after
# the harness's CRASH line, TSan's CHECK failed, its report waited on a lock
# the crashed thread held, and the replay (its -t watchdog thread in that
# report too) never ended. The replay's guard process (threads-replay.c,
# start_guard; checked with the stop step's replay, waited for below) kills
# it past its -t limit: the lines below still need a crash report in the log.
# That hang comes in about one run of seven here, and with the default -t 10
# it cost 15 s (the limit and the guard's 5 s grace): -t 2 makes it 7 s. The
# limit is a run's, and a run past it ends the replay with no crash report:
# niced at load 6.5, class-walk.txt's lockstep run took 0.14 to 0.18 s and a
# run at once up to 0.19 s; at the load 25 CI has seen (the stop step above)
# that scales to some 0.7 s, too near -t 1; so 2 s times the load per core.
scale_by_load 2 20
# shellcheck disable=SC2086 # $seeds is a list of corpus files, one word each
if "$BUILD/fuzz/jemalloc-tcache-no-flush/threads-replay-thread" -t "$scaled_seconds" -r 10 $seeds >"$work/no-flush.log" 2>&1; then
    say "jemalloc-tcache.c without its cache flush before destroy passed the seeds ($work/no-flush.log):"
    say "the clean jemalloc-tcache run above no longer shows that the flush is needed"
    exit 1
fi
# A failure of another kind (a seed not read, the adapter refused) shows nothing.
crashed=$(grep -m 1 -E 'ERROR: ThreadSanitizer|WARNING: ThreadSanitizer|ORACLE|CRASH' "$work/no-flush.log" || true)
[ -n "$crashed" ] || { tail -n 20 "$work/no-flush.log"; say "jemalloc-tcache.c without its cache flush failed" \
    "without a crash or oracle report (above)"; exit 1; }
crashed=${crashed#*==ERROR: }
say "jemalloc, thread caches on: clean; without the flush before arena destroy: ${crashed%% (pc *}"

rc=0
wait "$stopped" || rc=$?
hung="^threads-replay: HUNG: the run was still going [0-9.]* s after its -t limit, whose watchdog thread did not end it"
{ [ "$rc" = 137 ] && [ "$(grep -c "$hung, .* the replay's guard process killed it (SIGKILL)" "$work/stop.log")" = 1 ]; } ||
    { cat "$work/stop.log"; say "a replay whose threads all stopped (HALLOC_CLASH_OTHERS=stop, -t 1): status $rc, not" \
        "killed (137) by its guard process with one HUNG line (above; threads-replay.c, start_guard)"; exit 1; }
# The time the line gives is the time the kill came (it said 5 s, the kill
# came 6-8 s past the limit): the time from the lockstep line to the HUNG
# line less the 1 s limit and the line's figure leaves under a second (1 s
# and more before).
[ -s "$work/stop.armed" ] || { cat "$work/stop.log"; say "the replay's lockstep line was not seen as its log's" \
    "last line until its next line came (above): the HUNG line's time cannot be measured"; exit 1; }
said=$(sed -n 's/.*still going \([0-9]*\.[0-9]\) s after.*/\1/p' "$work/stop.log")
took=$((($(date -r "$work/stop.log" +%s%N) - $(cat "$work/stop.armed")) / 1000000))
left=$((took - 1000 - $(echo "${said:-0}" | tr -d .) * 100))
if [ -z "$said" ] || [ "$left" -lt -100 ] || [ "$left" -ge 1000 ]; then
    cat "$work/stop.log"
    say "the HUNG line (above) says the run was killed ${said:-?} s past its 1 s limit, but it came $took ms" \
        "after the lockstep line, which set the limit: the line must say when the kill came"
    exit 1
fi
say "a replay whose every thread stopped, its -t watchdog too: killed by its guard process $said s past its limit," \
    "one line saying so"

# The reports of oracles and crashes in a threaded run (the clash adapter):
# check-threads-clash.sh.
# shellcheck source=fuzz/scripts/check-threads-clash.sh
. fuzz/scripts/check-threads-clash.sh

# The smallest threaded build (replay, no sanitizer, libc malloc): ~2 s.
rc=0
out=$("$unsafe" "$work/clash" 2>&1) || rc=$?
{ [ "$rc" = 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && case "$out" in *FUZZ_THREAD_SAFE*) true ;; *) false ;; esac; } ||
    { printf '%s\n' "$out"; say "an adapter without FUZZ_THREAD_SAFE (fuzz/selftest/unsafe-adapter.c): exit $rc and the" \
        "lines above, not exit 2 and one line naming the flag (fuzz/threads.c, fuzz_require_thread_safe_adapter)"; exit 1; }
say "an adapter without FUZZ_THREAD_SAFE: refused, one line naming the flag, status 2"
