#!/bin/sh
# check-libfuzzer-stops.sh: fuzz-check-make-vars' checks of what
# fuzz/scripts/libfuzzer.sh re-prints of what stopped a run, over
# fuzz/selftest/fake-libfuzzer.sh, a stand-in for a libFuzzer binary: the
# allocator's frame under a sanitizer's SUMMARY, a deadly signal's and a
# timeout's (in a report, on a lock, under TSan), TSan's lock and race
# findings with their likely cause, UBSan's notes, a sanitizer's failed
# CHECK; an input that passes alone (stateful, flaky, an out-of-memory the
# inputs before it grew), a fault between inputs. How a run ends (the input
# saved and its replay line, the killed, interrupted and clean runs):
# check-libfuzzer-ends.sh. check-make-vars.sh runs both.
set -u
cd "$(dirname "$0")/../.." || exit 1
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
check_name=check-libfuzzer-stops
# shellcheck source=fuzz/scripts/fake-libfuzzer-dir.sh
. fuzz/scripts/fake-libfuzzer-dir.sh # fail, dir and fake
# The guards of runs that are to end by themselves follow the load.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
# A sanitizer's SUMMARY that names only its own function (memcpy-param-overlap
# "in __asan_memcpy") is followed by the caller: the allocator's line.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" asan "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,4p)" = "SUMMARY: AddressSanitizer: memcpy-param-overlap (/b/libfuzzer+0xfbe94) in __asan_memcpy
  called from realloc_move /my/alloc.c:343:5 (the first frame of the stack above past the sanitizer's and libFuzzer's own)
halloc-fuzz: sanitizer report above was raised at op #6: realloc 0 8192" ] ||
    fail "libfuzzer.sh after a sanitizer's report in its own memcpy printed: $out"
# So is one in libc's memset or memcpy (a calloc zeroing memory it does not
# have): libc's string functions are not the allocator's line either.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" segv-memset "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3p)" = "  called from bump_calloc /my/bump.c:203:9 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after a fault in libc's memset did not name the allocator's caller: $out"
# A deadly signal names the allocator's frame below abort(), not the
# harness's chain() that hands the signal to libFuzzer (every such stack
# has it) nor its handler of the allocator's abort, allocator_stopped (round
# 17: every abort was said to come from it); after the harness's own abort
# at a create() that failed, no frame: its report is the explanation (it
# named chain, then run.c). The allocator's own line just before its abort
# (a debugging allocator's "fence smashed at 0x...") is re-printed with the
# report, where it was left out.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" abort-in-alloc "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,5p)" = "SUMMARY: libFuzzer: deadly signal
  the signal came from buddy_free /my/buddy.c:77:9 (the first frame of the stack above past the sanitizer's and libFuzzer's own)
halloc-fuzz: CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() or its own check of a bad or double free) at op #2: free 0
  the allocator printed just before it stopped: buddy: free of a block not in use at 0x5600a0" ] ||
    fail "libfuzzer.sh after an allocator's abort() printed: $out"
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" create-fails "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2p)" = "halloc-fuzz: adapter 'mine' could not create a heap of 65536 bytes; check the adapter's create()" ] ||
    fail "libfuzzer.sh after create() failed did not re-print only the harness's report: $out"
# A timeout names no function of its own: the first frame past libFuzzer's
# and libc's signal frames says where the input was looping.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" timeout "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,3p)" = "SUMMARY: libFuzzer: timeout
  the input was still running bin_search /my/alloc.c:29:7 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after a timeout printed: $out"
# A timeout whose alarm came in UBSan's report hangs in libFuzzer's own
# report, using no CPU (stuck-watch.sh, alarm_stuck): killed within seconds
# (FUZZ_STUCK_SECONDS=1 here; a lab batch's row waited out its 320 s budget),
# said so, and the input it saved run again alone gives the report it cut.
guard_by_load 60
scale_by_load 30 300 # "within seconds", under a guard twice that
start=$(date +%s)
out=$(FUZZ_STUCK_SECONDS=1 timeout -s KILL "$guard_seconds" fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" \
    alarm-in-report "$dir" 2>&1)
rc=$? took=$(($(date +%s) - start))
{ [ "$rc" = 1 ] && [ "$took" -lt "$scaled_seconds" ] && case $out in *"
fuzz: libFuzzer's -timeout fired while a sanitizer wrote its report (/my/mm.c:61:15: runtime error: subtraction of \
unsigned offset from 0x7f40 overflowed to 0x7289), the input still running, and its timeout report, printed in the same \
thread, waited on the symbolizer's lock the interrupted report held (LLVM 14's runtime), using no CPU for 1 s, so make \
fuzz killed it (all of libFuzzer's output: $dir/libfuzzer.log)
fuzz: it had saved the input; run once more alone, it gives the report below
---- what stopped the run, re-printed from $dir/libfuzzer.log (libFuzzer's whole output: above, and in that file) ----
SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /my/mm.c:61:15 in 
  runtime error: subtraction of unsigned offset from 0x7f40 overflowed to 0x7289
  in prev_block /my/mm.c:61:15 (the first frame of the stack above past the sanitizer's and libFuzzer's own)
halloc-fuzz: sanitizer report above was raised at op #5: realloc 2 0
"*"
fuzz: replay the input libFuzzer saved: make replay X=1 CRASH=$dir/timeout-alarm") ;; *) false ;; esac; } ||
    fail "libfuzzer.sh after a timeout hung in UBSan's report: exit $rc after $took s, expected 1 within $scaled_seconds s; it printed: $out"
# One that waits on a lock names the allocator's line that waits, not libc's
# futex_wait, and says it waits (a mutex kept by a failure path read as a loop).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" deadlock "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,3p)" = "SUMMARY: libFuzzer: timeout
  the input was still running halloc /my/heap.c:86:5, waiting in pthread_mutex_lock: a lock it took and never released, or takes twice? (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after a timeout waiting on a lock printed: $out"
# ThreadSanitizer's lock findings name pthread's call: the allocator's frame
# follows, and the likely cause (a mutex left locked on a return path); the
# harness, stopped by TSan, printed no report, and is not said to have
# faulted between inputs.
for kind in "order|heap_lock /my/heap.c:40:5|a mutex left locked on a return path" \
    "unlock|hl_free /my/heap.c:120:9|an unlock on a path that did not lock" \
    "leak|start_threads /h/fuzz/threads.c:374:19|a thread never joined: one still blocked on a mutex"; do
    mode=${kind%%|*} rest=${kind#*|}
    out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" "tsan-$mode" "$dir" 2>&1)
    shown=$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,5p)
    case $shown in
    "  called from ${rest%%|*} (the first frame"*"
  likely cause: ${rest#*|}"*"
fuzz: ThreadSanitizer stopped the run at its report above, so the harness printed no report"*) ;;
    *) fail "libfuzzer.sh after TSan's $mode report printed: $out" ;;
    esac
done
# A data race: each access with its thread, the mutexes it held and the call
# that reached it, and the call that held none named (SUMMARY named only the
# first frame, alloc_locked, shared by the locked and the unlocked path).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-race "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,5p)" = "  Write by thread T6, holding no mutex: \
alloc_locked /my/sc.c, called through a_realloc /my/sc_adapter.c:7:61
  Previous write by thread T4, holding M0: free_locked /my/sc.c:108:12, called through a_free /my/sc_adapter.c:6:39
  likely cause: a_realloc reached this memory without the mutex the other call held: a path that skips the lock" ] ||
    fail "libfuzzer.sh after TSan's data race report printed: $out"
# Neither access under a mutex (a thread cache reached from another thread):
# the likely cause says so (no line at all before).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-race-bare "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,5p)" = "  Read by thread T26, holding no mutex: \
tc_free /my/tc.c:155:22, called through a_free /my/tc_adapter.c:9:39
  Previous write by thread T27, holding no mutex: tc_free /my/tc.c:158:38, called through a_free /my/tc_adapter.c:9:39
  likely cause: neither call held a mutex: memory two threads share with no lock and no atomic - one thread's own cache \
or list reached from another (a block freed into the cache of the thread that allocated it), or a shared counter updated \
with a plain ++" ] || fail "libfuzzer.sh after TSan's data race report with no mutex held printed: $out"
# Both accesses the harness's own, on a block's bytes (an allocator not built
# with TSan, whose hand-over of a block TSan does not see): each names the
# harness's frame, and the likely cause is the allocator's hand-over, not a
# missing lock (what the case above says).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-race-harness "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,5p)" = "  Write by thread T5, holding no mutex: \
fuzz_fill /h/fuzz/shadow.c:52:9 (the harness's own)
  Previous read by thread T4, holding no mutex: fuzz_find_damage /h/fuzz/shadow.c:194:9 (the harness's own)
  likely cause: both accesses are the harness's own, on a block's bytes: the allocator handed one block to two threads \
at once (a real bug: a block on two threads' caches, a remote free pushed while the block was still in use), or it \
synchronises in code ThreadSanitizer does not see (a library not built with -fsanitize=thread: rebuild it so, or judge \
it with THREADS_SAN=address)" ] || fail "libfuzzer.sh after TSan's data race between two harness frames printed: $out"
# Only the harness's access held no mutex (it needs none on a block it was
# handed), the allocator's held one: the allocator's call is named, as the
# one on a block it had handed out (the name of the lockless call was empty).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-race-handed-out "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,5p)" = "  Write by thread T5, holding no mutex: \
fuzz_fill /h/fuzz/shadow.c:52:9 (the harness's own)
  Previous write by thread T4, holding M0: pop_free /my/fl.c:88:17, called through a_malloc /my/fl_adapter.c:5:41
  likely cause: the access holding no mutex is the harness's own, on a block's bytes, which it needs no lock for: \
a_malloc touched a block the allocator had handed out (a block handed out while still on a free list or cache, a link \
or header written into a block in use)" ] || fail "libfuzzer.sh after TSan's data race between the harness and a locked call printed: $out"
# Both accesses under one read-write lock held shared (round 21's remote-free
# allocator, every call under a read lock): each says M0 is held shared, and
# the likely cause is a write under a read lock ("holding M0" on both, with no
# likely cause, read as if the mutex had ordered them).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-race-shared "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,5p)" = "  Read by thread T126, holding M0 shared \
(a read lock): local_free /my/rm.c:382:19, called through a_free /my/rm_adapter.c:21:5
  Previous write by thread T125, holding M0 shared (a read lock): page_pop /my/rm.c:220:19, called through a_malloc /my/rm_adapter.c:11:51
  likely cause: both calls held M0 only shared (a read lock, which keeps its writer out, not the other readers): a write \
made under the read lock to memory the readers share - take the lock alone (for writing) there, or make that memory \
atomic" ] || fail "libfuzzer.sh after TSan's data race report under a shared read lock printed: $out"
# Under TSan a timeout's stack has no addresses, and is the main thread's,
# waiting to join a worker stuck on a lock: said so, not libc's futex call.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-timeout "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3p)" = "  the input was still running \
fuzz_run_threads /h/fuzz/threads.c:412:9, waiting in pthread_join for a thread that never ended: one blocked on a mutex \
left locked on a return path, or locked twice? (make replay-threads names each thread's op that never returned) (the first \
frame of the stack above past the sanitizer's and libFuzzer's own)" ] || fail "libfuzzer.sh after a TSan timeout waiting to join printed: $out"
# Where the bad address lies and which allocator line made that memory (ASan
# says so under its report, off the last screen) follow the SUMMARY.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" overflow "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,4p)" = "SUMMARY: AddressSanitizer: heap-buffer-overflow /my/alloc.cc:104:22 in cx_malloc
  0x7fe3 is located 0 bytes to the right of 131104-byte region [0x7fe0,0x7fe3), allocated by (anonymous namespace)::add_region(Heap*, unsigned long) /my/alloc.cc:33:38
halloc-fuzz: sanitizer report above was raised at op #3: malloc 3 131072" ] ||
    fail "libfuzzer.sh after a heap overflow did not say whose memory it hit: $out"
# UBSan's SUMMARY names no function ("in " and nothing) and not what was
# undefined: its error line says what, its stack's first frame where.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" ubsan "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,5p)" = "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /my/alloc.c:255:30 in 
  runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'
  in bin_index /my/alloc.c:255:30 (the first frame of the stack above past the sanitizer's and libFuzzer's own)
halloc-fuzz: sanitizer report above was raised at op #2: malloc 2 64" ] ||
    fail "libfuzzer.sh after a UBSan finding did not name its function: $out"
# A misaligned access puts a note and a dump of the memory between its error
# line and its stack: the frame is still found past them.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" ubsan-note "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,4p)" = "  runtime error: member access within misaligned address 0x15a7afeb230f6b65 for type 'struct fnode', which requires 8 byte alignment
  in unlink_node /my/buddy.c:57:27 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after a UBSan finding with a note before its stack did not name its function: $out"
# A sanitizer's failed internal CHECK (an allocator that unmapped memory the
# sanitizer keeps) has no SUMMARY and no harness report: the run says what it
# was, where it was called from, and what to suspect - not a timeout or leak.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" check-failed "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,3p)" = "AddressSanitizer: CHECK failed: sanitizer_allocator_secondary.h:200 \"((nearest_chunk)) < ((h->map_beg))\" (0x7f, 0x0) (tid=9)
  in a call from fuzz_fill /h/fuzz/shadow.c:52:9 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after a sanitizer's CHECK failure printed: $out"
case "$out" in *"timeout, out-of-memory or leak"*) fail "libfuzzer.sh called a sanitizer's CHECK failure a timeout or leak: $out" ;;
*"read the allocator's munmap and mremap calls first"*) ;; *) fail "libfuzzer.sh, a CHECK failure not explained: $out" ;; esac
# A saved input that passes when run again alone needed the inputs before
# it: the run says so before the replay command (which would pass too).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" stateful "$dir" 2>&1)
case "$out" in *"fuzz: run again alone in a fresh process (10 times), this input passes every time"*"An allocator with one global heap"*) ;;
*) fail "libfuzzer.sh, an input that passes alone: $out" ;; esac
# It passes after every file of the corpus (this directory) too: said.
case "$out" in *"fuzz: run after all "*" of them in one process, it still passes (or fails otherwise than the crash did): the state came from inputs"*) ;;
*) fail "libfuzzer.sh, an input that passes after its corpus too, not said: $out" ;; esac
[ "$(printf '%s\n' "$out" | tail -n 1)" = "fuzz: replay the input libFuzzer saved: make replay X=1 CRASH=$dir/crash-stateful" ] ||
    fail "libfuzzer.sh, an input that passes alone: the replay command is not the last line: $out"
# One that needs its own earlier run (state a destroyed heap left) passes
# when run once, as the replay runs it: libFuzzer's leak check, which runs
# an input again in the same process, must not make it fail "alone". It
# fails when run after itself, and its replay line runs it twice.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" own-state "$dir" 2>&1)
case "$out" in *"this input passes every time: it failed only after its own earlier run in the same process"*"fuzz: run twice in one process, it fails again in its second run"*) ;;
*) fail "libfuzzer.sh, an input that fails only after its own earlier run, not said (its first line blamed other inputs?): $out" ;; esac
[ "$(printf '%s\n' "$out" | tail -n 1)" = "fuzz: replay the input libFuzzer saved: make replay X=1 BEFORE='$dir/crash-own-state' CRASH=$dir/crash-own-state" ] ||
    fail "libfuzzer.sh, an input that fails only after its own earlier run: the replay does not run it twice: $out"
# One that fails alone only now and then (a randomised allocator seeded from
# getrandom) is not blamed on earlier inputs: chance is named, and the
# replay command repeats it until it fails.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" flaky "$dir" 2>&1)
case "$out" in *"global heap"*) fail "libfuzzer.sh blamed a flaky input on earlier inputs: $out" ;;
*"this input passed 2 times, then failed"*"A randomised allocator"*) ;;
*) fail "libfuzzer.sh, an input that fails alone only sometimes: $out" ;; esac
[ "$(printf '%s\n' "$out" | tail -n 1)" = "fuzz: replay the input libFuzzer saved: make replay X=1 CRASH=$dir/crash-flaky REPEAT=20" ] ||
    fail "libfuzzer.sh, a flaky input: the replay command does not repeat it: $out"
# A fault with no report of the harness came between inputs, in libFuzzer's
# own code (an sbrk allocator lowered the break under glibc's heap in
# make fuzz-fast): the run says so, not that it was a timeout or leak.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" between-inputs "$dir" 2>&1)
case "$out" in *"timeout, out-of-memory or leak"*) fail "libfuzzer.sh called a fault between inputs a timeout or leak: $out" ;;
*"the fault above came outside any input's run"*) ;; *) fail "libfuzzer.sh, a fault between inputs: $out" ;; esac
# make fuzz-parse's harness aborting on a parser's broken contract is that,
# its line re-printed: not a fault between inputs.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make fuzz-parse" parse-contract "$dir" 2>&1)
case "$out" in *"outside any input's run"*) fail "libfuzzer.sh called parse-fuzz's contract abort a fault between inputs: $out" ;;
*"---- what stopped"*"parse-fuzz: contract broken: an error names a line"*"broke the contract fuzz/parse-fuzz.c asserts"*) ;;
*) fail "libfuzzer.sh, parse-fuzz's contract abort: $out" ;; esac
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" timeout "$dir" 2>&1)
case "$out" in *"libFuzzer stopped on its own check (a timeout, out-of-memory or leak)"*) ;;
*) fail "libfuzzer.sh, a timeout not called libFuzzer's own check: $out" ;; esac
# An out-of-memory the saved input does not repeat alone came from memory
# the inputs before it kept (an sbrk heap never lowered, a mapping kept past
# destroy): the run says so, not that the replay will name the op.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" oom-grows "$dir" 2>&1)
case "$out" in *"which names the op"*) fail "libfuzzer.sh, an out-of-memory that passes alone promised an op: $out" ;;
*"stays under the limit: the memory grew over the inputs run before it"*"destroy() does not give back"*) ;;
*) fail "libfuzzer.sh, an out-of-memory that passes alone: $out" ;; esac
# ...and passes on the harness's line, from that rerun, on what the input left mapped.
case "$out" in *"fuzz: run alone, its second run in the process: destroy() left 36864 bytes mapped, in 1 mapping this input made"*) ;;
*) fail "libfuzzer.sh, an out-of-memory that passes alone: the mappings destroy() left not named: $out" ;; esac
# The figure is the second run's: the first also counts what the sanitizer
# runtime maps on first use (the fake's oom-once input says 2134016 bytes then).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" oom-once "$dir" 2>&1)
case "$out" in *"destroy() left 2134016 bytes"*) fail "libfuzzer.sh, an out-of-memory that passes alone: the first run's mappings, the runtime's with them, were reported: $out" ;;
*"fuzz: run alone, its second run in the process: destroy() left 36864 bytes mapped"*) ;;
*) fail "libfuzzer.sh, an out-of-memory that passes alone: the second run's mappings not named: $out" ;; esac
# One that passes once and fails run a second time in the process still
# passed alone: cumulative, with the second failure said.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" oom-twice "$dir" 2>&1)
case "$out" in *"which names the op"*) fail "libfuzzer.sh, an out-of-memory that passes alone once called out of memory alone: $out" ;;
*"stays under the limit: the memory grew over the inputs run before it"*"it passed the first time and failed the second"*) ;;
*) fail "libfuzzer.sh, an out-of-memory that passes alone once but not twice: $out" ;; esac
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" oom-alone "$dir" 2>&1)
case "$out" in *"stays under the limit"*) fail "libfuzzer.sh, an input out of memory alone called cumulative: $out" ;;
*"the replay below runs the input through the harness, which names the op"*) ;;
*) fail "libfuzzer.sh, an input out of memory alone: $out" ;; esac
rm -rf "$dir"
