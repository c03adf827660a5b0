# check-threads-clash.sh, sourced by check-threads.sh after its halloc,
# jemalloc and guard steps: the reports of oracles and crashes in a threaded
# run, with the clash adapter (fuzz/selftest/clash-adapter.c). One whole
# report when 4 threads fire at once; the thread, run and REPEAT named; a
# block handed between threads traced to its allocation; left_mapped after
# destroy(); a recovered sanitizer report, a data race, a -t stop (stuck, or slow with no thread stuck) and libFuzzer's
# timeout named
# with thread and op; a crash in create() named with its run; the seeds' depth; a long input's report on the first
# screen; the input's file named; EINVAL refusals counted over runs and
# workers; a report kept whole while other threads crash; ASan's report
# ending the run; a run that saved nothing saying so. It uses what
# check-threads.sh set: work, clash, seeds, TOOL, MAKE, einval_jobs (its -jobs run, started beside) and say.
# No drop_caller_env of its own: the script that sources it has called it.
# shellcheck shell=sh
: "${work?}" "${clash?}" "${seeds?}" "${einval_jobs?}"
# Each of 4 threads' first malloc fires misaligned; the first report takes
# 300 ms (the adapter's check), time for the others to start theirs.
printf 'version 3\nmalloc 0 24\nmalloc 0 24\nmalloc 0 24\nmalloc 0 24\n' >"$work/clash.txt"
"$TOOL" to-bin "$work/clash.txt" "$work/clash.bin"
{ printf '\002'; cat "$work/clash.bin"; } >"$work/clash"
if "$clash/threads-none" -artifact_prefix="$work/clash-" "$work/clash" >"$work/clash.log" 2>&1; then
    say "4 threads that each fire an oracle at their first op passed ($work/clash.log)"
    exit 1
fi
reports=$(grep -c 'ORACLE misaligned fired' "$work/clash.log" || true)
whats=$(grep -c '^  what: ' "$work/clash.log" || true)
{ [ "$reports" = 1 ] && [ "$whats" = 1 ]; } ||
    { cat "$work/clash.log"; say "oracles fired in 4 threads at once gave $reports report lines and $whats" \
        "'what' lines, not one whole report (above)"; exit 1; }
say "oracles fired in 4 threads at once: one report, whole"

# Op heap as thread 0's first record chooses the heap every thread shares:
# the report of whichever thread fires names create(65500), not 65536.
printf 'version 7\nheap -36\nmalloc 0 24\nmalloc 0 24\n' >"$work/clash-heap.txt"
"$TOOL" to-bin "$work/clash-heap.txt" "$work/clash-heap.bin"
{ printf '\000'; cat "$work/clash-heap.bin"; } >"$work/clash-heap"
"$clash/threads-replay-none" "$work/clash-heap" >"$work/clash-heap.log" 2>&1 &&
    { say "a threaded input whose oracle fires at its first malloc passed ($work/clash-heap.log)"; exit 1; }
grep -q "^  heap:  adapter .*, create(65500)" "$work/clash-heap.log" ||
    { cat "$work/clash-heap.log"; say "heap -36 as a threaded input's first record: the report (above) does" \
        "not name create(65500)"; exit 1; }
say "op heap as a threaded input's first record cuts the heap every thread shares"

# The report names the run and the thread, and its replay line reaches that
# run: the fuzzer's; a replay's lockstep run (REPEAT=0); a replay's run 1 of
# 2 at once, the oracle held off until then (HALLOC_CLASH_FROM=2: the second heap).
grep -qE "^  run:   thread [0-3] of 4, in the fuzzer's run with the threads at once" "$work/clash.log" ||
    { cat "$work/clash.log"; say "fuzzing, the oracle's report (above) does not name its thread and run"; exit 1; }
for from in 1 2; do
    HALLOC_CLASH_FROM=$from "$clash/threads-replay-none" -r 2 "$work/clash" >"$work/clash-run$from.log" 2>&1 &&
        { say "a replay of the clash input passed (HALLOC_CLASH_FROM=$from; $work/clash-run$from.log)"; exit 1; }
    if [ $from = 1 ]; then run="the lockstep run" repeat=0; else run="run 1 of 2 with the threads at once" repeat=1; fi
    { grep -q "^  run:   thread [0-3] of 4, in $run" "$work/clash-run$from.log" &&
        grep -qF "  reproduce: make replay-threads REPEAT=$repeat CRASH=$work/clash, plus" "$work/clash-run$from.log"; } ||
        { cat "$work/clash-run$from.log"; say "an oracle in $run: its report (above) does not name the run, or its" \
            "replay line lacks REPEAT=$repeat"; exit 1; }
done
say "a threaded oracle's report names its thread and run (fuzzer's, lockstep, run 1 of 2 at once) and the REPEAT that reaches it"

# A block thread 0 allocated (its op #0) and gave is live in thread 1's slot 3
# when the adapter (HALLOC_CLASH_REUSE) hands it to thread 1's malloc again:
# the overlap report is thread 1's, and must name the thread and op that
# allocated the block it was given (it named neither).
printf 'version 3\nmalloc 0 24\nverify 5\ndouble-free 0\nfree-interior 3 0\nverify 5\nmalloc 4 40\n' >"$work/given.txt"
"$TOOL" to-bin "$work/given.txt" "$work/given.bin"
{ printf '\000'; cat "$work/given.bin"; } >"$work/given"
HALLOC_CLASH_FROM=99 HALLOC_CLASH_REUSE=40 "$clash/threads-replay-none" -r 0 "$work/given" >"$work/given.log" 2>&1 &&
    { say "a replay whose thread 1 is handed a live block of thread 0's passed ($work/given.log)"; exit 1; }
grep -q '^  other  slot 3 .*  (allocated by thread 0 in its op #0, given to thread 1)$' "$work/given.log" ||
    { cat "$work/given.log"; say "the overlap report on a block thread 0 gave thread 1 (above) does not name the" \
        "thread and op that allocated it (fuzz/oracle-report.c, fuzz_block_origin)"; exit 1; }
say "a report on a block handed between threads names the thread and op that allocated it"

# A replay's lockstep run checks the heap after every op, as make replay
# does: the heap broken by the first free (HALLOC_CLASH_BROKEN_FREE=1),
# thread 1's op #1, is reported at that op; it was reported at thread 0's
# check op #3, two ops later, which did not break it.
printf 'version 3\nmalloc 0 24\nmalloc 0 24\nverify 0\nfree 0\nverify 0\nverify 0\ncheck\ncheck\n' >"$work/broken.txt"
"$TOOL" to-bin "$work/broken.txt" "$work/broken.bin"
{ printf '\000'; cat "$work/broken.bin"; } >"$work/broken"
HALLOC_CLASH_FROM=99 HALLOC_CLASH_BROKEN_FREE=1 "$clash/threads-replay-none" -r 0 "$work/broken" >"$work/broken.log" 2>&1 &&
    { say "a replay whose heap a free broke passed ($work/broken.log)"; exit 1; }
{ grep -q '^halloc-fuzz: ORACLE checker_failed fired at op #1: free 0' "$work/broken.log" &&
    grep -q '^  run:   thread 1 of 2, in the lockstep run' "$work/broken.log"; } ||
    { cat "$work/broken.log"; say "the lockstep run's report on a heap thread 1's free broke (above) does not" \
        "name that free, thread 1's op #1 (fuzz/threads.c, thread_main: the check after every op)"; exit 1; }
say "a replay's lockstep run checks after every op: a broken heap is named at the op that broke it"

# After the join thread 0's model holds the whole heap: destroy() is judged
# as a single-threaded run's. Thread 3's malloc of 100 maps two pages and
# unmaps one (HALLOC_CLASH_MAP_LEFT; the adapter claims
# FUZZ_UNMAPS_ON_DESTROY): left_mapped must fire, naming that thread and op
# (a threaded run never looked for it), and the munmap a page short (a
# threaded run kept no unmaps to name it by).
printf 'version 3\nmalloc 0 24\nmalloc 0 24\nmalloc 0 24\nmalloc 1 100\n' >"$work/map-left.txt"
"$TOOL" to-bin "$work/map-left.txt" "$work/map-left.bin"
{ printf '\002'; cat "$work/map-left.bin"; } >"$work/map-left"
HALLOC_CLASH_FROM=99 HALLOC_CLASH_MAP_LEFT=100 "$clash/threads-replay-none" -r 0 "$work/map-left" \
    >"$work/map-left.log" 2>&1 && { say "a threaded replay that left a page mapped passed ($work/map-left.log)"; exit 1; }
{ grep -q '^halloc-fuzz: ORACLE left_mapped fired in destroy (after the final phase' "$work/map-left.log" &&
    grep -q "^  what:  destroy() left 4096 bytes mapped, in 1 mapping .*, mapped by thread 3 at op #0: malloc 1 100; the unmap that ends where it begins, munmap(0x[0-9a-f]*, 4096) by thread 3 at op #0: malloc 1 100, fell 4096 bytes short of the mapping's end, if both were one mapping" \
        "$work/map-left.log"; } ||
    { cat "$work/map-left.log"; say "a threaded run whose thread 3 left a page mapped (above): no left_mapped naming" \
        "that thread and op and the munmap a page short (fuzz/threads.c, destroy_heap; fuzz/maps.c, fuzz_maps_thread)"; exit 1; }
say "a mapping a thread left after destroy() fires left_mapped, naming the thread and op that mapped it and the munmap a page short"

# A sanitizer's report a run goes on past (built to recover; here
# recovered-report.h's stand-in, in thread 3's malloc of 1000 bytes, no
# oracle firing): the replay said "clean", exit 0, and the fuzzer took the
# input for a pass. The replay must fail after the lockstep run, naming the
# thread and op; the fuzzer must stop on it as on a crash, saving the input.
printf 'version 3\nmalloc 0 24\nmalloc 0 24\nmalloc 0 24\nmalloc 0 1000\n' >"$work/recovered.txt"
"$TOOL" to-bin "$work/recovered.txt" "$work/recovered.bin"
{ printf '\002'; cat "$work/recovered.bin"; } >"$work/recovered"
where="ASan reported 1 finding above (thread 3 of 4, in its op #0: malloc 0 1000): not clean"
rc=0
HALLOC_CLASH_FROM=99 HALLOC_RECOVERED_AT=1000 "$clash/threads-replay-none" -r 2 "$work/recovered" \
    >"$work/recovered.log" 2>&1 || rc=$?
{ [ "$rc" = 1 ] && grep -q "^threads-replay: $work/recovered: the lockstep run ended, but $where" "$work/recovered.log" &&
    ! grep -q "run 1 of 2" "$work/recovered.log"; } ||
    { cat "$work/recovered.log"; say "a replay past a recovered report (above): exit $rc, not 1 after the lockstep run" \
        "with '... the lockstep run ended, but $where'"; exit 1; }
rm -rf "$work"/recovered-crash-* "$work/recovered-corpus" && mkdir -p "$work/recovered-corpus" &&
    cp "$work/recovered" "$work/recovered-corpus/"
rc=0
HALLOC_CLASH_FROM=99 HALLOC_RECOVERED_AT=1000 "$clash/threads-none" -artifact_prefix="$work/recovered-" \
    "$work/recovered-corpus" >"$work/recovered-fuzz.log" 2>&1 || rc=$?
{ [ "$rc" != 0 ] && grep -q "^halloc-fuzz: RECOVERED REPORT: .*$where" "$work/recovered-fuzz.log" &&
    ls "$work"/recovered-crash-* >/dev/null 2>&1; } ||
    { cat "$work/recovered-fuzz.log"; say "the threaded fuzzer past a recovered report (above): exit $rc; it must" \
        "stop as on a crash, saving the input, its line naming '$where'"; exit 1; }
say "a threaded run past a recovered sanitizer report fails: the replay after its lockstep run, the fuzzer as on a crash"

# make fuzz-threads stopped by a data race (HALLOC_CLASH_RACE: every malloc
# bumps a counter with no lock) saved the input and named no thread or op:
# its end must name the thread of the report's first access, as TSan's
# 'Thread T5 'halloc t1/3'' line has it, and its op, a malloc-family one (a hold
# is one malloc per block).
rm -rf "$work/race-crashes"
HALLOC_CLASH_FROM=99 HALLOC_CLASH_RACE=1 $MAKE --no-print-directory NAME=check-threads-clash \
    TARGET=fuzz/selftest/clash-adapter.c SRCS= THREADS_SAN=thread FUZZ_CRASHES="$work/race-crashes" FUZZ_TIME=30 \
    fuzz-threads-run >"$work/race.log" 2>&1 && { say "make fuzz-threads of a racy adapter passed ($work/race.log)"; exit 1; }
sed -n '/^---- what stopped the run/,$p' "$work/race.log" >"$work/race.end"
first=$(sed -n 's/^  [A-Za-z ]* of size [0-9]* at [0-9a-fx]* by thread \(T[0-9]*\).*/\1/p' "$work/race.log" | head -n 1)
t=$(sed -n "s/^  Thread $first 'halloc t\([0-9]\/[0-9]\)' .*/\1/p" "$work/race.log" | head -n 1)
{ [ -n "$t" ] && grep -q "^halloc-fuzz: the first access of ThreadSanitizer's report above in thread ${t%/*} of ${t#*/}, in \
the fuzzer's run" "$work/race.end" && grep -qE '^  in its op #[0-9]+: (malloc|calloc|realloc|hold) [0-9]+ \.\.\. ' "$work/race.end" &&
    grep -q "^fuzz: replay the input the harness saved when ThreadSanitizer stopped the run: make replay-threads .*\
CRASH=$work/race-crashes/threads-crash-" "$work/race.end"; } ||
    { tail -n 30 "$work/race.log"; say "make fuzz-threads stopped by a race in thread ${t:-?} (TSan's $first): its end" \
        "(above) does not name that thread and its malloc op, or the replay line"; exit 1; }
say "make fuzz-threads stopped by a data race names the thread and op of its first access"

# Under ThreadSanitizer, 4 threads that fire an oracle at once give its report,
# with no race of the harness's own: TSan stopped the run on the flag that a
# report is printing, written by each reporting thread and read by munmap in
# the others (a thread-cache allocator's past_mapping report was lost so). It
# sees that race in about half the runs of the old code: three runs.
for run in 1 2 3; do
    rc=0
    "$clash/threads-thread" -artifact_prefix="$work/clash-tsan-" "$work/clash" >"$work/clash-tsan.log" 2>&1 || rc=$?
    { [ "$rc" != 0 ] && grep -q 'ORACLE misaligned fired' "$work/clash-tsan.log" &&
        ! grep -q 'ThreadSanitizer: data race' "$work/clash-tsan.log"; } ||
        { cat "$work/clash-tsan.log"; say "4 threads firing an oracle at once under TSan (above, run $run): exit $rc," \
            "and no report, or ThreadSanitizer's on the harness's own state"; exit 1; }
done
say "4 threads firing an oracle at once under ThreadSanitizer give its report, with no race of the harness's"
# A fault in one thread under TSan reaches TSan's handler, whose report
# saves the input: the harness's handler called itself instead, until the
# process died of SIGSEGV with nothing saved (round 12). Two threads,
# thread 1's malloc of 48 faulting (HALLOC_CLASH_FAULT_AT, by size: with
# HALLOC_CLASH_OTHERS=segv the second call faulted, at times thread 0's).
# The line naming its thread calls it the fault it was (it said "the first
# access", a race's wording), and once: the harness's signal handler named
# it before TSan's report as well.
printf 'version 3\nmalloc 0 24\nmalloc 0 48\n' >"$work/fault.txt"
"$TOOL" to-bin "$work/fault.txt" "$work/fault.bin"
{ printf '\000'; cat "$work/fault.bin"; } >"$work/fault"
rm -f "$work"/clash-fault-crash-*
rc=0
HALLOC_CLASH_FROM=99 HALLOC_CLASH_FAULT_AT=48 "$clash/threads-thread" -artifact_prefix="$work/clash-fault-" \
    "$work/fault" >"$work/clash-fault.log" 2>&1 || rc=$?
{ [ "$rc" != 0 ] && grep -q '^ThreadSanitizer:DEADLYSIGNAL' "$work/clash-fault.log" &&
    grep -q "^halloc-fuzz: the fault (SIGSEGV) of ThreadSanitizer's report above in thread 1 of 2" "$work/clash-fault.log" &&
    [ "$(grep -c ' in thread 1 of 2, in ' "$work/clash-fault.log")" = 1 ] &&
    cmp -s "$work/fault" "$(printf '%s\n' "$work"/clash-fault-crash-* | head -n 1)"; } ||
    { cat "$work/clash-fault.log"; say "a fault in a thread under TSan (above): exit $rc, not TSan's report, the" \
        "thread named once, by 'the fault (SIGSEGV) of ...', and the input saved"
      exit 1; }
say "a fault in a thread under ThreadSanitizer reaches TSan's handler, named as a fault, and the input is saved"
# ...and its replay under TSan (make replay-threads' build) names the thread
# as the fault's too, and says where the threads were without a race's
# "other access".
rc=0
HALLOC_CLASH_FROM=99 HALLOC_CLASH_FAULT_AT=48 "$clash/threads-replay-thread" "$work/fault" \
    >"$work/clash-fault-replay.log" 2>&1 || rc=$?
{ [ "$rc" != 0 ] && grep -q "^halloc-fuzz: the fault (SIGSEGV) of ThreadSanitizer's report above in thread 1 of 2, in \
the lockstep run" "$work/clash-fault-replay.log" &&
    [ "$(grep -c ' in thread 1 of 2, in ' "$work/clash-fault-replay.log")" = 1 ] &&
    grep -qxF "  where every thread was when it stopped, with the ops each ran last:" "$work/clash-fault-replay.log"; } ||
    { cat "$work/clash-fault-replay.log"; say "a fault in a thread replayed under TSan (above): exit $rc, the thread" \
        "not named once, by 'the fault (SIGSEGV) of ...', or the threads' places worded as a race's"
      exit 1; }
say "a fault in a thread replayed under ThreadSanitizer is named as a fault, with where every thread was"

# The same threads stuck under make fuzz-threads: libFuzzer's -timeout
# named no thread or op (its stack waits in pthread_join). -timeout=3 ticks
# at 2 s, which the harness notes, and ends the input at 4 s; run beside the
# replay's steps below, idle. The waiting thread uses no CPU: called a wait,
# unless at load a thread had not yet reached its op by the tick at 2 s.
HALLOC_CLASH_FROM=9 HALLOC_CLASH_OTHERS=stuck "$clash/threads-none" -timeout=3 -artifact_prefix="$work/stuck-" \
    "$work/clash" >"$work/clash-stuck-fuzz.log" 2>&1 &
stuck_fuzz=$!
# And a create() that never returns, under the replay's -t (its lockstep
# run: a later run's -t could ring first in the adapter's slow checks) and
# libFuzzer's -timeout=1 (checked below): each a second or two, idle.
HALLOC_CLASH_FROM=99 HALLOC_CLASH_CREATE_STUCK=1 "$clash/threads-replay-none" -t 1 -r 0 "$work/clash" \
    >"$work/clash-create.log" 2>&1 &
create_stuck=$!
HALLOC_CLASH_FROM=99 HALLOC_CLASH_CREATE_STUCK=1 "$clash/threads-none" -timeout=1 -artifact_prefix="$work/create-" \
    "$work/clash" >"$work/clash-create-fuzz.log" 2>&1 &
create_stuck_fuzz=$!
# And a slow allocator (HALLOC_CLASH_OTHERS=slow: each malloc 40 ms of CPU):
# its lockstep run of 100 mallocs (4 s of CPU) is past -t 1, its threads
# still moving on, which the limit's look again sees within a tenth of the
# limit of CPU: no thread stuck (it said "threads stuck ... or a slow
# allocator", each op "has not returned"). At load 6 on 2 cores the replay
# still has over a tenth of a core, so its run is told from a wait.
{ echo 'version 3'; i=0; while [ $i -lt 50 ]; do printf 'malloc 0 24\nmalloc 0 24\nfree 0\nfree 0\n'; i=$((i + 1)); done; } \
    >"$work/slow.txt"
"$TOOL" to-bin "$work/slow.txt" "$work/slow.bin"
{ printf '\000'; cat "$work/slow.bin"; } >"$work/slow"
HALLOC_CLASH_FROM=99 HALLOC_CLASH_OTHERS=slow "$clash/threads-replay-none" -t 1 -r 0 "$work/slow" \
    >"$work/clash-slow.log" 2>&1 &
slow_run=$!
# A thread stuck in the allocator (a mutex locked twice: TSan is silent, and
# libFuzzer's timeout shows only the main thread in pthread_join): the
# replay's -t limit names the op that never returned and what the others do.
# Niced at load, 1 s can pass before thread 0 has run its op and threads 1
# and 2 have reached theirs: a report that early (no threads yet, a thread
# not started, thread 0 in its op, thread 0 or 1 waiting its turn) says
# nothing of the naming, and the run is made again with twice the limit, up
# to 8 s. A report of the stuck state that names it wrong fails at once.
limit=1
while :; do
    HALLOC_CLASH_FROM=9 HALLOC_CLASH_OTHERS=stuck "$clash/threads-replay-none" -t "$limit" -r 0 "$work/clash" \
        >"$work/clash-stuck.log" 2>&1 && { say "a replay whose thread 1 never returns passed ($work/clash-stuck.log)"; exit 1; }
    early="^  thread ([0-3] of 4 \('[^']*'\): not started|0 of 4 \('[^']*'\): in op|[01] of 4 \('[^']*'\): waiting)"
    { [ "$limit" -lt 8 ] && { ! grep -q '^  thread 1 of 4' "$work/clash-stuck.log" || grep -qE "$early" "$work/clash-stuck.log"; }; } ||
        break
    limit=$((limit * 2))
done
{ grep -qx "  thread 0 of 4 ('halloc t0/4'): ran all its ops" "$work/clash-stuck.log" &&
    grep -q "^  thread 1 of 4 ('halloc t1/4'): in op #0: malloc 0 24  (its call has not returned" "$work/clash-stuck.log" &&
    grep -q "^  thread 2 of 4 ('halloc t2/4'): waiting for its turn to run op #0: malloc 0 24" "$work/clash-stuck.log"; } ||
    { cat "$work/clash-stuck.log"; say "a replay stopped by -t (above) does not name the stuck thread's op and where" \
        "the others are"; exit 1; }
say "a replay stopped by -t names the thread whose op never returned, and the op"
# A create() that never returns (started above, beside the replay's steps):
# no thread has started, and the -t line's list of where each thread is came
# out empty under its header; the TIMEOUT line named "no run yet (the input
# was being read)" in the first run's create() (the run before in a later
# one's), and so did libFuzzer's.
in_create=', in its create (the heap every thread shares, made before they start); where each thread was'
rc=0
wait "$create_stuck" || rc=$?
{ [ "$rc" = 1 ] && grep -qxF "  no thread has started: the main thread is in create (the heap every thread shares, made \
before they start)" "$work/clash-create.log" &&
    grep -q "^halloc-fuzz: TIMEOUT (.*), in the lockstep run (.*)$in_create" "$work/clash-create.log"; } ||
    { cat "$work/clash-create.log"; say "a replay stopped by -t in create() (above): exit $rc, expected 1, and no" \
        "lines saying the main thread is in the lockstep run's create"; exit 1; }
say "a replay stopped by -t in create() names the run and its create, no thread started"
wait "$create_stuck_fuzz" && { say "libFuzzer's run of a create() that never returns passed ($work/clash-create-fuzz.log)"; exit 1; }
grep -q "^halloc-fuzz: TIMEOUT (.*), in the fuzzer's run with the threads at once .*$in_create" "$work/clash-create-fuzz.log" ||
    { cat "$work/clash-create-fuzz.log"; say "libFuzzer's timeout in create() (above) does not name the run's create"; exit 1; }
say "libFuzzer's timeout in create() names the run's create"
# A crash inside create() (HALLOC_CLASH_CREATE_FAULT=k: the kth create
# faults) comes before any thread starts: the main thread's line must name
# the run and its create, not "after the join". The replay's lockstep run
# (the first create), its run 1 (the second) and the fuzzer's run.
created=', in its create (the heap every thread shares, made before they start); ops are numbered'
for k in 1 2; do
    if [ $k = 1 ]; then run='the lockstep run (.*)'; else run='run 1 of 1 with the threads at once, .*)'; fi
    rc=0
    HALLOC_CLASH_FROM=99 HALLOC_CLASH_CREATE_FAULT=$k "$clash/threads-replay-none" -r 1 "$work/clash" \
        >"$work/create-fault$k.log" 2>&1 || rc=$?
    { [ "$rc" != 0 ] && grep -q "^halloc-fuzz: CRASH (signal 11, SIGSEGV) in the main thread, in $run$created" \
        "$work/create-fault$k.log"; } ||
        { cat "$work/create-fault$k.log"; say "a replay whose create() number $k faults (above): exit $rc, and no line" \
            "saying the main thread crashed in that run's create"; exit 1; }
done
HALLOC_CLASH_FROM=99 HALLOC_CLASH_CREATE_FAULT=1 "$clash/threads-none" -artifact_prefix="$work/create-fault-" \
    "$work/clash" >"$work/create-fault-fuzz.log" 2>&1 &&
    { say "libFuzzer's run of a create() that faults passed ($work/create-fault-fuzz.log)"; exit 1; }
grep -q "^halloc-fuzz: CRASH (signal 11, SIGSEGV) in the main thread, in the fuzzer's run with the threads at once \
(.*)$created" "$work/create-fault-fuzz.log" ||
    { cat "$work/create-fault-fuzz.log"; say "libFuzzer's crash in create() (above) does not name the run's create"; exit 1; }
say "a crash in create() names the main thread, the run and its create (replay's lockstep run and run 1, the fuzzer's)"
rc=0
wait "$slow_run" || rc=$?
{ [ "$rc" = 1 ] && grep -q "^halloc-fuzz: TIMEOUT (still running after 1 s, but no thread is stuck: .*), in the lockstep \
run" "$work/clash-slow.log" && ! grep -q "its call has not returned" "$work/clash-slow.log"; } ||
    { cat "$work/clash-slow.log"; say "a replay stopped by -t while its threads moved on (a slow allocator; above):" \
        "exit $rc, expected 1, and no TIMEOUT line saying no thread is stuck"; exit 1; }
say "a replay stopped by -t while its threads still move on says no thread is stuck"
wait "$stuck_fuzz" && { say "libFuzzer's run of threads that never return passed ($work/clash-stuck-fuzz.log)"; exit 1; }
{ grep -qE "^halloc-fuzz: TIMEOUT \(still (waiting after 3 s, using no CPU: the allocator is blocked|running after 3 s, \
but no thread is stuck).*\), in the fuzzer's run with the threads at once" "$work/clash-stuck-fuzz.log" &&
    grep -qE "^  thread [0-3] of 4 \('halloc t[0-3]/4'\): in op #0: malloc 0 24" "$work/clash-stuck-fuzz.log" &&
    awk '/^halloc-fuzz: TIMEOUT/ { t = NR } /ERROR: libFuzzer: timeout/ { e = NR } END { exit !(t && e > t) }' \
        "$work/clash-stuck-fuzz.log"; } ||
    { cat "$work/clash-stuck-fuzz.log"; say "libFuzzer's timeout of threads stuck in the allocator (above) does not" \
        "name, before its report, the run and each thread's op"; exit 1; }
say "libFuzzer's timeout of a threaded input names each thread's op, and a wait on a lock as such"

# The seeds' depth, as check-adapters.sh's CRASH_AT_* is corpus/'s: in the
# lockstep run some seed fills 8 small classes with 64 live blocks each on
# one heap, and some makes 1000 frees in the threads (120 s of make
# fuzz-threads from handover.txt alone never reached a lock a slab
# allocator took twice when realloc needed a new slab).
for depth in FULL_CLASSES=8 FREES=1000; do
    rc=0
    # shellcheck disable=SC2086 # $seeds is a list of corpus files, one word each
    env HALLOC_CLASH_FROM=99 "HALLOC_CLASH_$depth" "$clash/threads-replay-none" -r 0 $seeds >"$work/depth.log" 2>&1 || rc=$?
    { [ "$rc" != 0 ] && grep -q '^halloc-fuzz: CRASH (signal 11, SIGSEGV) in thread [0-2] of 3, in the lockstep run' \
        "$work/depth.log"; } ||
        { tail -n 5 "$work/depth.log"; say "no seed in corpus/threads/ reaches HALLOC_CLASH_$depth" \
            "(fuzz/selftest/clash-adapter.c; exit $rc, above): class-walk.txt and long-frees.txt there did"; exit 1; }
done
say "a threaded seed fills 8 small classes with 64 live blocks each, one makes 1000 frees in the threads"

# A fuzzer's input of 320 ops: make replay-threads listed each thread's
# program first (-v, 330 lines), the report off the screen; its report must
# now come within the first 60 lines. A crash in a thread names its op, the
# program no longer printed to look it up in.
{ echo 'version 3'; i=0; while [ $i -lt 320 ]; do echo "malloc $((i % 8)) 24"; i=$((i + 1)); done; } >"$work/clash-long.txt"
"$TOOL" to-bin "$work/clash-long.txt" "$work/clash-long.bin"
{ printf '\002'; cat "$work/clash-long.bin"; } >"$work/clash-long"
cp "$work/clash-long" "$work/clash lo'ng" # named with a space and a quote: the reproduce line quotes it
$MAKE --no-print-directory NAME=check-threads-clash TARGET=fuzz/selftest/clash-adapter.c SRCS= THREADS_SAN=none \
    replay-threads CRASH="$work/clash lo'ng" >"$work/clash-long.log" 2>&1 &&
    { say "a replay of the long clash input passed ($work/clash-long.log)"; exit 1; }
# Its reproduce line is the whole command, as make replay's is (it named no
# variable of the build: "plus the variables..."), the file quoted for sh:
# run, it fails again and names itself.
replay=$(sed -n 's/^  reproduce: //p' "$work/clash-long.log")
case $replay in "make replay-threads "*"NAME=check-threads-clash"*"REPEAT=0 CRASH='$work/clash lo'\\''ng'") ;;
*) say "make replay-threads' reproduce line is not its whole command, the file quoted: $replay"; exit 1 ;; esac
(eval "$MAKE --no-print-directory ${replay#make }") >"$work/clash-again.log" 2>&1 &&
    { say "the reproduce line of make replay-threads, run, passed: $replay ($work/clash-again.log)"; exit 1; }
grep -qxF "  reproduce: $replay" "$work/clash-again.log" ||
    { tail -n 20 "$work/clash-again.log"; say "the reproduce line of make replay-threads, run, did not fail" \
        "naming itself again (above): $replay"; exit 1; }
head -n 60 "$work/clash-long.log" >"$work/clash-long.head"
{ grep -q '^halloc-fuzz: ORACLE misaligned fired at op #0' "$work/clash-long.head" &&
    grep -q '^  what:  ' "$work/clash-long.head" && grep -q '^  reproduce: make replay-threads' "$work/clash-long.head"; } ||
    { head -n 80 "$work/clash-long.log"; say "make replay-threads of a 320-op input: the report (its ORACLE, what and" \
        "reproduce lines) is not within the first 60 lines (above)"; exit 1; }
HALLOC_CLASH_FROM=9 HALLOC_CLASH_OTHERS=segv "$clash/threads-replay-none" -r 0 "$work/clash-long" \
    >"$work/clash-long-segv.log" 2>&1 && { say "a replay whose thread 1 faults passed ($work/clash-long-segv.log)"; exit 1; }
grep -A1 '^halloc-fuzz: CRASH (signal 11, SIGSEGV) in thread 1 of 4, in the lockstep run' "$work/clash-long-segv.log" |
    grep -qx '  in its op #0: malloc 1 24' ||
    { cat "$work/clash-long-segv.log"; say "a fault in thread 1's op #0 (above) does not name that op"; exit 1; }
say "make replay-threads of a 320-op input: the report within the first 60 lines, its reproduce line the whole command" \
    "(the file, named with a space and a quote, quoted), which fails again; a thread's fault names its op"

# The report's replay line names the input's file: the one the binary ran,
# or, fuzzing, the one libFuzzer saves it as (fuzz/artifact.h).
grep -qF "  reproduce: make replay-threads CRASH=$work/clash, plus" "$work/clash.log" ||
    { cat "$work/clash.log"; say "run on $work/clash, the oracle's report (above) does not name that file"; exit 1; }
rm -rf "$work/clash-corpus" && mkdir -p "$work/clash-corpus" && cp "$work/clash" "$work/clash-corpus/"
"$clash/threads-none" -artifact_prefix="$work/clash-fuzzed-" "$work/clash-corpus" >"$work/clash-fuzzed.log" 2>&1 &&
    { say "fuzzing from a corpus of one clash input passed ($work/clash-fuzzed.log)"; exit 1; }
saved=$(sed -n 's/^.*; Test unit written to //p' "$work/clash-fuzzed.log")
{ [ -n "$saved" ] && [ -f "$saved" ] &&
    grep -qF "  reproduce: make replay-threads CRASH=$saved (the file libFuzzer saves this input as), plus" \
        "$work/clash-fuzzed.log"; } ||
    { cat "$work/clash-fuzzed.log"; say "fuzzing, the oracle's report (above) does not name the file libFuzzer" \
        "saved, '$saved'"; exit 1; }
say "a threaded oracle's report names the input's file: the one run, or the one libFuzzer saves"

# The clash adapter refuses every alignment with EINVAL: the closing lines
# count those refusals, as make fuzz's and make replay's do (the threaded
# targets named none), over all runs: 3 aligned ops in lockstep and 1 run at
# once, and in 2 libFuzzer -jobs workers (each runs the seed once) summed in
# the main process's one line. A 4th of size 0 is not counted: its EINVAL
# refuses the size (halloc's). HALLOC_CLASH_FREES, never reached, skips the
# adapter's 300 ms check.
# (The input, and the -jobs run started beside the 3 s of halloc's fuzzing above.)
if ! HALLOC_CLASH_FROM=99 HALLOC_CLASH_FREES=1000000 "$clash/threads-replay-none" -r 1 "$work/einval/corpus/aligned" \
    >"$work/einval/replay.log" 2>&1 || ! wait "$einval_jobs"; then
    cat "$work/einval/replay.log" "$work/einval/fuzz.log"
    say "the threaded runs of an adapter refusing aligned_alloc failed (above)"
    exit 1
fi
for run in replay:6 fuzz:6; do
    log=$work/einval/${run%:*}.log
    if [ "$(grep -c 'aligned_alloc calls\? refused with EINVAL' "$log")" != 1 ] ||
        ! grep -q "^halloc-fuzz: ${run#*:} aligned_alloc calls\? refused with EINVAL, alignments 32 to 4096: " "$log"; then
        cat "$log"
        say "threaded ${run%:*}: its closing lines (above) do not count the ${run#*:} aligned_alloc calls refused with" \
            "EINVAL in one line, as make fuzz's do"
        exit 1
    fi
done
say "the threaded replay's and libFuzzer's (-jobs=2) closing lines count the aligned_alloc calls refused with EINVAL, all runs' and workers' in one line"

# One thread's report under way (its 300 ms check), the others stop the
# program 100 ms in: the report is still whole (it ends "reproduce:").
for how in segv abort; do
    HALLOC_CLASH_OTHERS=$how "$clash/threads-none" -artifact_prefix="$work/clash-$how-" "$work/clash" \
        >"$work/clash-$how.log" 2>&1 && { say "a clash run with HALLOC_CLASH_OTHERS=$how passed ($work/clash-$how.log)"; exit 1; }
    grep -q '^  reproduce: ' "$work/clash-$how.log" ||
        { cat "$work/clash-$how.log"; say "an oracle report was cut off by a $how in another thread (above):" \
            "fuzz/crash-signals.c's handlers must wait at fuzz_oracle_reports"; exit 1; }
done
say "an oracle report while other threads crash (SIGSEGV, abort): whole"

# Under ASan (fuzz/oss-fuzz-build.sh's build), the others read past a block
# 100 ms in, and ASan's report, held a second by its symbolizer, is under way
# when the oracle's report aborts: libFuzzer's SIGABRT handler gives way to
# it, and the abort killed the run with no input saved (before fuzz/crash-signals.c's
# chain waited for that report). ASan's report must end the run, saving it.
rm -rf "$work/clash-asan-corpus" "$work"/clash-asan-crash-* && mkdir -p "$work/clash-asan-corpus" &&
    cp "$work/clash" "$work/clash-asan-corpus/"
rc=0
ASAN_OPTIONS=external_symbolizer_path=$PWD/fuzz/selftest/slow-symbolizer/llvm-symbolizer HALLOC_CLASH_OTHERS=asan \
    "$clash/threads-address" -artifact_prefix="$work/clash-asan-" "$work/clash-asan-corpus" >"$work/clash-asan.log" 2>&1 || rc=$?
saved=$(sed -n 's/^.*; Test unit written to //p' "$work/clash-asan.log")
{ [ "$rc" = 1 ] && grep -q '^SUMMARY: AddressSanitizer' "$work/clash-asan.log" && [ -n "$saved" ] && [ -f "$saved" ]; } ||
    { tail -n 30 "$work/clash-asan.log"; say "an oracle's abort while ASan reported in another thread: status $rc" \
        "(134: the abort cut ASan's report off), input saved: '${saved:-none}' ($work/clash-asan.log)"; exit 1; }
say "an oracle's abort while ASan reports in another thread: ASan's report ends the run, input saved"

# A run that stops saving nothing (here libFuzzer refuses a flag) must say
# so, not offer the input an earlier run left in the directory.
mkdir -p "$work/clash-crashes"
: >"$work/clash-crashes/threads-crash-0123456789abcdef"
out=$($MAKE --no-print-directory NAME=check-threads-clash TARGET=fuzz/selftest/clash-adapter.c SRCS= THREADS_SAN=none \
    FUZZ_CRASHES="$work/clash-crashes" FUZZ_LF_OPTS=-seed_inputs=@/nonexistent fuzz-threads-run 2>&1) &&
    { say "make fuzz-threads-run passed with a flag libFuzzer refuses: $out"; exit 1; }
case "$out" in *"threads-crash-0123456789abcdef"*) ok=0 ;; *"saved no input"*) ok=1 ;; *) ok=0 ;; esac
[ "$ok" = 1 ] || { printf '%s\n' "$out"; say "make fuzz-threads after a run that saved nothing did not say so" \
    "(above; fuzz/scripts/libfuzzer.sh must name only what this run saved: saved_by_this_run)"; exit 1; }
say "make fuzz-threads that saved nothing: says so, names no earlier input"
