#!/bin/sh
# fake-libfuzzer.sh MODE DIR - stands in for a libFuzzer binary in
# fuzz/scripts/check-make-vars.sh, which runs fuzz/scripts/libfuzzer.sh over
# it: MODE (libfuzzer.sh passes it as the fuzzer's first argument) says what
# kind of run to fake - a crash, a sanitizer's report, a timeout, an
# out-of-memory... - with the output and exit status libFuzzer gives, and the
# saved input it writes into DIR. Run again on a saved input
# (-artifact_prefix=... first; the input is the last argument), it fails or
# passes as that input asks. A frame of the harness's own (/h/fuzz/...)
# names a function of it, its file, and the line of the call as it stood
# when last checked; libfuzzer.sh reads a frame's function and path only
# (log-report.sh), so a line an edit moves fails nothing: keep the function
# and file real.
case "$1" in
-artifact_prefix=*) # libfuzzer.sh running a saved input again, alone or last after others
    for input; do :; done
    if grep -q ubsan-alone "$input"; then # alarm-in-report's input: UBSan's report, whole
        echo "Running: $input"
        echo '/my/mm.c:61:15: runtime error: subtraction of unsigned offset from 0x7f40 overflowed to 0x7289'
        echo '    #0 0x5671 in prev_block /my/mm.c:61:15'
        echo '    #1 0x5672 in coalesce /my/mm.c:88:12'
        echo 'SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /my/mm.c:61:15 in '
        printf 'halloc-fuzz: sanitizer report above was raised at op #5: realloc 2 0\n  > #5     realloc 2 0\n'
        exit 1
    fi
    if grep -q passes-alone "$input"; then
        # Each file given is a run, after libFuzzer's "Running:" line: the
        # harness's line on what it left mapped, when libfuzzer.sh asks for
        # it. An oom-once input's first run in the process also counts what
        # the sanitizer runtime maps on first use; an oom-twice input passes
        # once, then fails.
        run=0
        for file; do
            case $file in -*) continue ;; esac
            run=$((run + 1))
            echo "Running: $file" >&2
            [ "$run" -ge 2 ] && grep -q fails-second-run "$file" && exit 1
            if [ "${HALLOC_FUZZ_MAPS_LEFT:-}" != on ] || ! grep -q maps-left "$file"; then continue; fi
            bytes=36864
            [ "$run" = 1 ] && grep -q runtime-maps-first-run "$file" && bytes=2134016
            echo "halloc-fuzz: destroy() left $bytes bytes mapped, in 1 mapping this input made; the first," \
                "[0x7f0000001000, +$bytes), mapped at op #1: malloc 1 32000: a free or destroy() that unmaps less" >&2
        done
        exit 0
    fi
    if grep -q fails-after-itself "$input"; then
        # State an earlier heap left (a thread cache kept past destroy()):
        # any run after the first in the process fails. libFuzzer's leak
        # check runs again an input that frees less than it allocates,
        # unless -detect_leaks=0.
        runs_each=2 ran=0
        case " $* " in *" -detect_leaks=0 "*) runs_each=1 ;; esac
        for file; do
            case $file in -*) continue ;; esac
            echo "Running: $file" >&2
            for _ in $(seq "$runs_each"); do
                [ "$ran" -ge 1 ] && echo 'halloc-fuzz: ORACLE overlap fired at op #2: malloc 2 8' && exit 1
                ran=$((ran + 1))
            done
        done
        exit 0
    fi
    if grep -q fails-third-time "$input"; then # a randomised allocator: chance decides
        echo >>"$(dirname "$input")/.runs"
        [ "$(wc -l <"$(dirname "$input")/.runs")" -ge 3 ] && exit 1
        exit 0
    fi
    exit 1 ;;
flaky)
    echo fails-third-time >"$2/crash-flaky"
    printf 'halloc-fuzz: ORACLE overlap fired at op #3: malloc 1 8\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-flaky\\n" "$2" "$2"
    exit 77 ;;
stateful)
    echo passes-alone >"$2/crash-stateful"
    printf 'halloc-fuzz: ORACLE overlap fired at op #3: malloc 1 8\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-stateful\\n" "$2" "$2"
    exit 77 ;;
own-state)
    echo fails-after-itself >"$2/crash-own-state"
    printf 'halloc-fuzz: ORACLE overlap fired at op #2: malloc 2 8\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-own-state\\n" "$2" "$2"
    exit 77 ;;
crash)
    : >"$2/crash-new"
    printf 'halloc-fuzz: ORACLE overlap fired at op #3: malloc 1 8\n  what:  a block overlaps\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-new\\n" "$2" "$2"
    exit 77 ;;
kept-two) # fork mode past its crashes (FUZZ_KEEP_GOING=1): two inputs kept, the run at its end
    : >"$2/crash-first"
    : >"$2/crash-second"
    echo '==7== ERROR: libFuzzer: deadly signal'
    exit 0 ;;
create-fails | abort-in-alloc) # the harness's abort after create() failed; an allocator's abort()
    : >"$2/crash-$1"
    if [ "$1" = abort-in-alloc ]; then
        echo 'buddy: free of a block not in use at 0x5600a0' # the allocator's own line, before its abort()
        echo 'halloc-fuzz: CRASH (SIGABRT: the allocator called abort(), e.g. a failed assert() or its own check of a bad or double free) at op #2: free 0'
    else
        echo "halloc-fuzz: adapter 'mine' could not create a heap of 65536 bytes; check the adapter's create()"
    fi
    echo '==5== ERROR: libFuzzer: deadly signal'
    echo '    #2 0x5601 in fuzzer::Fuzzer::CrashCallback() (/b/libfuzzer+0x88003) (BuildId: ae9b)'
    echo '    #3 0x5602 in chain /h/fuzz/crash-signals.c:313:9'
    [ "$1" = abort-in-alloc ] && echo '    #4 0x5604 in allocator_stopped /h/fuzz/crash-signals.c:365:5'
    echo '    #4 0x7f20  (/lib/x86_64-linux-gnu/libc.so.6+0x3c04f) (BuildId: 93ac)'
    echo '    #5 0x7f21 in __pthread_kill_implementation nptl/./nptl/pthread_kill.c:43:17'
    echo '    #6 0x7f22 in raise signal/../sysdeps/posix/raise.c:26:13'
    echo '    #7 0x7f23 in abort stdlib/./stdlib/abort.c:79:7'
    if [ "$1" = abort-in-alloc ]; then
        echo '    #8 0x5603 in buddy_free /my/buddy.c:77:9'
    else
        echo '    #8 0x5603 in fuzz_run_bytes /h/fuzz/run.c:318:9'
    fi
    echo 'SUMMARY: libFuzzer: deadly signal'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-%s\\n" "$2" "$2" "$1"
    exit 1 ;;
asan)
    : >"$2/crash-asan"
    echo '==7==ERROR: AddressSanitizer: memcpy-param-overlap: memory ranges [0x1,0x9) and [0x5,0xd) overlap'
    echo '    #0 0x5609 in __asan_memcpy (/b/libfuzzer+0xfbe94) (BuildId: 3437)'
    echo '    #1 0x560a in realloc_move /my/alloc.c:343:5'
    echo '    #2 0x560b in op_realloc /h/fuzz/exec.c:240:31'
    echo 'SUMMARY: AddressSanitizer: memcpy-param-overlap (/b/libfuzzer+0xfbe94) in __asan_memcpy'
    printf 'halloc-fuzz: sanitizer report above was raised at op #6: realloc 0 8192\n  > #6     realloc 0 8192\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-asan\\n" "$2" "$2"
    exit 1 ;;
segv-memset) # a fault inside libc's memset, called by the allocator
    : >"$2/crash-segv-memset"
    echo '==8==ERROR: AddressSanitizer: SEGV on unknown address 0x7f445c637000 (pc 0x7f44 bp 0x7ffc sp 0x7ffc T0)'
    echo '==8==The signal is caused by a WRITE memory access.'
    echo '    #0 0x7f44 in __memset_avx512_unaligned_erms string/../sysdeps/x86_64/multiarch/memset-vec-unaligned-erms.S:236'
    echo '    #1 0x5622 in __asan_memset (/b/libfuzzer+0x1092f3) (BuildId: 46d5)'
    echo '    #2 0x5623 in bump_calloc /my/bump.c:203:9'
    echo '    #3 0x5624 in op_calloc /h/fuzz/exec.c:146:30'
    echo 'SUMMARY: AddressSanitizer: SEGV string/../sysdeps/x86_64/multiarch/memset-vec-unaligned-erms.S:236 in __memset_avx512_unaligned_erms'
    printf 'halloc-fuzz: sanitizer report above was raised at op #3: calloc 0 32 4096\n  > #3     calloc 0 32 4096\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-segv-memset\\n" "$2" "$2"
    exit 1 ;;
overflow)
    : >"$2/crash-overflow"
    echo '==9==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x7fe3 at pc 0x555e bp 0x7ffc sp 0x7ffd'
    echo '    #0 0x555e in cx_malloc /my/alloc.cc:104:22'
    echo '    #1 0x555f in op_malloc /h/fuzz/exec.c:129:15'
    echo ''
    echo '0x7fe3 is located 0 bytes to the right of 131104-byte region [0x7fe0,0x7fe3)'
    echo 'allocated by thread T0 here:'
    echo '    #0 0x555a in malloc (/b/libfuzzer+0xfec5e) (BuildId: 3e43)'
    echo '    #1 0x555b in (anonymous namespace)::add_region(Heap*, unsigned long) /my/alloc.cc:33:38'
    echo '    #2 0x555c in cx_malloc /my/alloc.cc:108:27'
    echo ''
    echo 'SUMMARY: AddressSanitizer: heap-buffer-overflow /my/alloc.cc:104:22 in cx_malloc'
    printf 'halloc-fuzz: sanitizer report above was raised at op #3: malloc 3 131072\n  > #3     malloc 3 131072\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-overflow\\n" "$2" "$2"
    exit 1 ;;
ubsan)
    : >"$2/crash-ubsan"
    echo '/my/alloc.c:255:30: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type '"'int'"
    echo '    #0 0x5671 in bin_index /my/alloc.c:255:30'
    echo '    #1 0x5672 in op_malloc /h/fuzz/exec.c:129:15'
    echo ''
    echo 'SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /my/alloc.c:255:30 in '
    printf 'halloc-fuzz: sanitizer report above was raised at op #2: malloc 2 64\n  > #2     malloc 2 64\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-ubsan\\n" "$2" "$2"
    exit 1 ;;
alarm-in-report) # libFuzzer's -timeout alarm in UBSan's report: its own report waits on the symbolizer's lock for good
    echo ubsan-alone >"$2/timeout-alarm"
    echo '/my/mm.c:61:15: runtime error: subtraction of unsigned offset from 0x7f40 overflowed to 0x7289'
    printf 'ALARM: working on the last Unit for 3 seconds\n       and the timeout value is 2 (use -timeout=N to change)\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/timeout-alarm\\n" "$2" "$2"
    echo '==4242== ERROR: libFuzzer: timeout after 3 seconds'
    exec sleep 60 ;;
ubsan-note) # a misaligned access: a note and a dump of the memory come before the stack
    : >"$2/crash-ubsan-note"
    echo '/my/buddy.c:57:27: runtime error: member access within misaligned address 0x15a7afeb230f6b65 for type '"'struct fnode'"', which requires 8 byte alignment'
    echo '0x15a7afeb230f6b65: note: pointer points here'
    echo ' 00 00 00  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  10 11 12 13 14 15 16 17  18 19 1a 1b 1c'
    echo '              ^ '
    echo '<memory cannot be printed>'
    echo '    #0 0x5671 in unlink_node /my/buddy.c:57:27'
    echo '    #1 0x5672 in buddy_free /my/buddy.c:168:9'
    echo ''
    echo 'SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /my/buddy.c:57:27 in '
    printf 'halloc-fuzz: sanitizer report above was raised at op #2: free 2\n  > #2     free 2\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-ubsan-note\\n" "$2" "$2"
    exit 1 ;;
check-failed)
    : >"$2/crash-check"
    echo 'AddressSanitizer: CHECK failed: sanitizer_allocator_secondary.h:200 "((nearest_chunk)) < ((h->map_beg))" (0x7f, 0x0) (tid=9)'
    echo '    #0 0x5661 in __asan::CheckUnwind() asan_rtl.cpp.o'
    echo '    #1 0x5662 in __sanitizer::CheckFailed(char const*, int, char const*) (/b/libfuzzer+0x11fef4) (BuildId: 0c0f)'
    echo '    #2 0x5663 in __asan_report_store_n (/b/libfuzzer+0x106327) (BuildId: 0c0f)'
    echo '    #3 0x5664 in fuzz_fill /h/fuzz/shadow.c:52:9'
    echo ''
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-check\\n" "$2" "$2"
    exit 1 ;;
timeout)
    : >"$2/timeout-loop"
    echo '==8== ERROR: libFuzzer: timeout after 4 seconds'
    echo '    #0 0x5634 in __sanitizer_print_stack_trace (/b/libfuzzer+0x103d51) (BuildId: f4a0)'
    echo '    #1 0x5635 in fuzzer::PrintStackTrace() (/b/libfuzzer+0x766a8) (BuildId: f4a0)'
    echo '    #2 0x5636 in fuzzer::Fuzzer::AlarmCallback() (/b/libfuzzer+0x5bee9) (BuildId: f4a0)'
    echo '    #3 0x7f21  (/lib/x86_64-linux-gnu/libc.so.6+0x3c04f) (BuildId: 93ac)'
    echo '    #4 0x5637 in bin_search /my/alloc.c:29:7'
    echo '    #5 0x5638 in op_malloc /h/fuzz/exec.c:129:15'
    echo 'SUMMARY: libFuzzer: timeout'
    exit 70 ;;
deadlock) # a course's heap whose failure path kept its mutex: the next call waits
    : >"$2/timeout-wait"
    echo '==8== ERROR: libFuzzer: timeout after 10 seconds'
    echo '    #0 0x5634 in __sanitizer_print_stack_trace (/b/libfuzzer+0x103d51) (BuildId: f4a0)'
    echo '    #1 0x5635 in fuzzer::PrintStackTrace() (/b/libfuzzer+0x766a8) (BuildId: f4a0)'
    echo '    #2 0x5636 in fuzzer::Fuzzer::AlarmCallback() (/b/libfuzzer+0x5bee9) (BuildId: f4a0)'
    echo '    #3 0x7f21  (/lib/x86_64-linux-gnu/libc.so.6+0x3c04f) (BuildId: 93ac)'
    echo '    #4 0x7f22 in futex_wait nptl/../sysdeps/nptl/futex-internal.h:146:13'
    echo '    #5 0x7f22 in __GI___lll_lock_wait nptl/lowlevellock.c:49:7'
    echo '    #6 0x7f23 in lll_mutex_lock_optimized nptl/pthread_mutex_lock.c:48:5'
    echo '    #7 0x7f23 in ___pthread_mutex_lock nptl/pthread_mutex_lock.c:93:15'
    echo '    #8 0x5637 in halloc /my/heap.c:86:5'
    echo '    #9 0x5638 in fuzz_probe_request /h/fuzz/pristine.c:36:15'
    echo 'SUMMARY: libFuzzer: timeout'
    exit 70 ;;
# ThreadSanitizer's lock findings (halt_on_error=1), as clang 14's prints
# them: a heap whose failure path returned holding its mutex, seen later.
tsan-order | tsan-unlock | tsan-leak | tsan-race | tsan-race-bare | tsan-race-harness | tsan-race-handed-out | tsan-race-shared)
    : >"$2/crash-0123456789abcdef"
    B='(BuildId: 9b54)'
    echo '=================='
    case $1 in
    tsan-order)
        echo 'WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=16446)'
        echo '  Cycle in lock order graph: M0 (0x5617abba5258) => M1 (0x5617abba5280) => M0'
        echo ''
        echo '  Mutex M1 acquired here while holding mutex M0 in thread T1:'
        echo "    #0 pthread_mutex_lock <null> (t+0x6ef3a) $B"
        echo "    #1 heap_lock /my/heap.c:40:5 (t+0xd02a4) $B"
        echo "    #2 hl_malloc /my/heap.c:86:5 (t+0xd02b4) $B"
        what='lock-order-inversion (potential deadlock) (/b/threads+0x6ef3a) (BuildId: 9b54) in __interceptor_pthread_mutex_lock' ;;
    tsan-unlock)
        echo 'WARNING: ThreadSanitizer: unlock of an unlocked mutex (or by a wrong thread) (pid=16453)'
        echo "    #0 pthread_mutex_unlock <null> (t+0x6f0da) $B"
        echo "    #1 hl_free /my/heap.c:120:9 (t+0xd01ce) $B"
        echo "  Location is global 'heap_lock' of size 40 at 0x561bf41a7258 (t+0x1476258)"
        what='unlock of an unlocked mutex (or by a wrong thread) (/b/threads+0x6f0da) (BuildId: 9b54) in pthread_mutex_unlock' ;;
    tsan-race) # a heap whose realloc takes no lock: the access without a mutex is its
        echo 'WARNING: ThreadSanitizer: data race (pid=20230)'
        echo '  Write of size 8 at 0x7f404100b140 by thread T6:'
        echo "    #0 alloc_locked /my/sc.c (t+0x14170c) $B"
        echo "    #1 sc_realloc /my/sc.c:149:13 (t+0x141df7) $B"
        echo "    #2 a_realloc /my/sc_adapter.c:7:61 (t+0x140f28) $B"
        echo "    #3 fuzz_realloc_call /h/fuzz/exec.c:108:15 (t+0x12fa89) $B"
        echo ''
        echo '  Previous write of size 8 at 0x7f404100b140 by thread T4 (mutexes: write M0):'
        echo "    #0 free_locked /my/sc.c:108:12 (t+0x141992) $B"
        echo "    #1 sc_free /my/sc.c:121:5 (t+0x141992)"
        echo "    #2 a_free /my/sc_adapter.c:6:39 (t+0x140e91) $B"
        echo "    #3 fuzz_adapter_free /h/fuzz/adapter.h:122:72 (t+0x12dc0d) $B"
        echo ''
        echo '  Mutex M0 (0x7f4041003000) created at:'
        echo "    #0 pthread_mutex_init <null> (t+0x995ff) $B"
        echo "    #1 sc_create /my/sc.c:34:5 (t+0x1411c9) $B"
        what='data race /my/sc.c in alloc_locked' ;;
    tsan-race-bare) # a thread cache: a free pushed onto the cache of the thread that allocated the block
        echo 'WARNING: ThreadSanitizer: data race (pid=20231)'
        echo '  Read of size 4 at 0x7b60000000c0 by thread T26:'
        echo "    #0 tc_free /my/tc.c:155:22 (t+0xea413) $B"
        echo "    #1 a_free /my/tc_adapter.c:9:39 (t+0xea413)"
        echo "    #2 fuzz_adapter_free /h/fuzz/adapter.h:122:72 (t+0xdeb5d) $B"
        echo ''
        echo '  Previous write of size 4 at 0x7b60000000c0 by thread T27:'
        echo "    #0 tc_free /my/tc.c:158:38 (t+0xea47d) $B"
        echo "    #1 a_free /my/tc_adapter.c:9:39 (t+0xea47d)"
        echo "    #2 fuzz_adapter_free /h/fuzz/adapter.h:122:72 (t+0xdeb5d) $B"
        what='data race /my/tc.c:155:22 in tc_free' ;;
    tsan-race-harness) # oneTBB's scalable allocator, not built with TSan: a block freed by one thread, got by another
        echo 'WARNING: ThreadSanitizer: data race (pid=20232)'
        echo '  Write of size 8 at 0x7b0c00000100 by thread T5:'
        echo "    #0 fuzz_fill /h/fuzz/shadow.c:52:9 (t+0xe1f27) $B"
        echo "    #1 fuzz_fill_block /h/fuzz/shadow.c:290:9 (t+0xe2a10) $B"
        echo "    #2 fill_block /h/fuzz/exec.c:80:5 (t+0xd3b51) $B"
        echo ''
        echo '  Previous read of size 8 at 0x7b0c00000100 by thread T4:'
        echo "    #0 fuzz_find_damage /h/fuzz/shadow.c:194:9 (t+0xe2139) $B"
        echo "    #1 fuzz_check_block /h/fuzz/shadow.c:302:16 (t+0xe2c04) $B"
        echo "    #2 damaged /h/fuzz/exec.c:64:15 (t+0xd3a02) $B"
        what='data race /h/fuzz/shadow.c:52:9 in fuzz_fill' ;;
    tsan-race-handed-out) # a free list's pop under the lock writing a block the harness already fills
        echo 'WARNING: ThreadSanitizer: data race (pid=20233)'
        echo '  Write of size 8 at 0x7b0c00000140 by thread T5:'
        echo "    #0 fuzz_fill /h/fuzz/shadow.c:52:9 (t+0xe1f27) $B"
        echo "    #1 fuzz_fill_block /h/fuzz/shadow.c:290:9 (t+0xe2a10) $B"
        echo "    #2 fill_block /h/fuzz/exec.c:80:5 (t+0xd3b51) $B"
        echo ''
        echo '  Previous write of size 8 at 0x7b0c00000140 by thread T4 (mutexes: write M0):'
        echo "    #0 pop_free /my/fl.c:88:17 (t+0x141992) $B"
        echo "    #1 fl_malloc /my/fl.c:131:12 (t+0x141a10) $B"
        echo "    #2 a_malloc /my/fl_adapter.c:5:41 (t+0x140e91) $B"
        echo "    #3 op_malloc /h/fuzz/exec.c:129:15 (t+0x12dc0d) $B"
        what='data race /h/fuzz/shadow.c:52:9 in fuzz_fill' ;;
    tsan-race-shared) # round 21's remote-free allocator: a free by another thread taken for its owner's, every call under a read lock
        echo 'WARNING: ThreadSanitizer: data race (pid=28725)'
        echo '  Read of size 8 at 0x7f3788780360 by thread T126 (mutexes: read M0):'
        echo "    #0 local_free /my/rm.c:382:19 (t+0x1aeab5) $B"
        echo "    #1 release /my/rm.c:416:9 (t+0x1aeab5)"
        echo "    #2 a_free /my/rm_adapter.c:21:5 (t+0x1ae2c1) $B"
        echo "    #3 fuzz_adapter_free /h/fuzz/adapter.h:122:72 (t+0x12dc0d) $B"
        echo ''
        echo '  Previous write of size 8 at 0x7f3788780360 by thread T125 (mutexes: read M0):'
        echo "    #0 page_pop /my/rm.c:220:19 (t+0x1b03db) $B"
        echo "    #1 small_alloc /my/rm.c:251:13 (t+0x1b03db)"
        echo "    #2 a_malloc /my/rm_adapter.c:11:51 (t+0x1ae1a0) $B"
        echo "    #3 op_malloc /h/fuzz/exec.c:129:15 (t+0x12dc0d) $B"
        echo ''
        echo '  Mutex M0 (0x7f378aa2b008) created at:'
        echo "    #0 pthread_rwlock_init <null> (t+0xb727d) $B"
        echo "    #1 rmt_create /my/rm.c:539:5 (t+0x1b003b) $B"
        what='data race /my/rm.c:382:19 in local_free' ;;
    tsan-leak)
        echo 'WARNING: ThreadSanitizer: thread leak (pid=16460)'
        echo '  Thread T1 (tid=16462, finished) created by main thread at:'
        echo "    #0 pthread_create <null> (t+0x513ad) $B"
        echo "    #1 start_threads /h/fuzz/threads.c:374:19 (t+0xd0259) $B"
        what='thread leak (/b/threads+0x513ad) (BuildId: 9b54) in pthread_create' ;;
    esac
    echo ''
    echo "SUMMARY: ThreadSanitizer: $what"
    echo '=================='
    echo "fuzz-threads: ThreadSanitizer stopped the run; input written to $2/crash-0123456789abcdef"
    exit 66 ;;
tsan-timeout) # a planted free(NULL) path that kept halloc's lock, under make fuzz-threads: the main thread's stack
    : >"$2/timeout-tsan"
    B='(BuildId: 3501)' L='(BuildId: 93ac)'
    echo '==5276== ERROR: libFuzzer: timeout after 11 seconds'
    echo "    #0 __sanitizer_print_stack_trace <null> (threads-thread+0x12065e) $B"
    echo "    #1 fuzzer::PrintStackTrace() <null> (threads-thread+0x79838) $B"
    echo "    #2 fuzzer::Fuzzer::AlarmCallback() <null> (threads-thread+0x5f079) $B"
    echo "    #3 __tsan::CallUserSignalHandler(__tsan::ThreadState*, bool, bool, int, __sanitizer::__sanitizer_siginfo*, void*) tsan_interceptors_posix.cpp.o (threads-thread+0xae8f1) $B"
    echo "    #4 sighandler(int, __sanitizer::__sanitizer_siginfo*, void*) <null> (threads-thread+0xaed43) $B"
    echo "    #5 <null> <null> (libc.so.6+0x3c04f) $L"
    echo "    #6 __futex_abstimed_wait_common64 nptl/./nptl/futex-internal.c:57:12 (libc.so.6+0x85f15) $L"
    echo "    #7 __futex_abstimed_wait_common nptl/./nptl/futex-internal.c:87:9 (libc.so.6+0x85f15)"
    echo "    #8 __pthread_clockjoin_ex nptl/./nptl/pthread_join_common.c:102:14 (libc.so.6+0x8ace2) $L"
    echo "    #9 pthread_join <null> (threads-thread+0xa834d) $B"
    echo "    #10 fuzz_run_threads /h/fuzz/threads.c:412:9 (threads-thread+0x128c6e) $B"
    echo "    #11 LLVMFuzzerTestOneInput /h/fuzz/threads-libfuzzer.c:139:9 (threads-thread+0x127008) $B"
    echo ''
    echo 'SUMMARY: libFuzzer: timeout'
    exit 70 ;;
between-inputs)
    : >"$2/crash-between"
    echo 'AddressSanitizer:DEADLYSIGNAL'
    echo '==6==ERROR: UndefinedBehaviorSanitizer: SEGV on unknown address 0x55c28f3a1010 (pc 0x7fda bp 0x7ffc sp 0x7ffd T6)'
    echo '    #0 0x7fda in _int_malloc malloc/./malloc/malloc.c:4366:12'
    echo '    #1 0x55c2 in fuzzer::FileToVector(std::string const&, unsigned long, bool) (/b/libfuzzer-fast+0x29e3f)'
    echo 'SUMMARY: UndefinedBehaviorSanitizer: SEGV malloc/./malloc/malloc.c:4366:12 in _int_malloc'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-between\\n" "$2" "$2"
    exit 1 ;;
parse-contract) # make fuzz-parse: fuzz/parse-fuzz.c finds a parser's contract broken and aborts
    : >"$2/crash-contract"
    echo 'parse-fuzz: contract broken: an error names a line outside the input: input.txt:9: bad op'
    echo '==7== ERROR: libFuzzer: deadly signal'
    echo '    #2 0x5616 in fuzzer::Fuzzer::CrashCallback() (/b/parse-fuzz+0x57f53)'
    echo '    #6 0x7f24 in abort stdlib/./stdlib/abort.c:79:7'
    echo '    #7 0x5616 in LLVMFuzzerTestOneInput /src/fuzz/parse-fuzz.c'
    echo 'SUMMARY: libFuzzer: deadly signal'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-contract\\n" "$2" "$2"
    exit 1 ;;
oom-grows | oom-once | oom-twice | oom-alone)
    case $1 in
    oom-grows) echo passes-alone maps-left >"$2/$1" ;;
    oom-once) echo passes-alone maps-left runtime-maps-first-run >"$2/$1" ;;
    oom-twice) echo passes-alone maps-left fails-second-run >"$2/$1" ;;
    *) : >"$2/$1" ;;
    esac
    echo '==5== ERROR: libFuzzer: out-of-memory (used: 2052Mb; limit: 2048Mb)'
    echo 'SUMMARY: libFuzzer: out-of-memory'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/$1\\n" "$2" "$2"
    exit 71 ;;
leak-at-exit)
    : >"$2/crash-da39a3ee5e6b4b0d3255bfef95601890afd80709"
    echo 'SUMMARY: AddressSanitizer: 8 byte(s) leaked in 1 allocation(s).'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-da39a3ee5e6b4b0d3255bfef95601890afd80709\\n" "$2" "$2"
    exit 1 ;;
# An allocator that printed MiB of output with no newline (a debug dump),
# then the oracle's report on a line of its own: make fuzz must end as fast
# as after a short line, the report re-printed, every byte kept in the log.
flood-line)
    : >"$2/crash-flood"
    head -c 2097152 /dev/zero | tr '\000' x
    printf '\nhalloc-fuzz: ORACLE overlap fired at op #3: malloc 1 8\n  what:  a block overlaps\n'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-flood\\n" "$2" "$2"
    exit 77 ;;
# A status line, then a wait (up to 120 s, past the check's own 60) for the
# check to say it saw the line in the log: libFuzzer's lines must reach the
# screen as they come, not when a pipe's buffer fills or the run ends.
live-line) # held until the check saw the line, or 1000 s: past its longest wait (load-scaled.sh)
    echo '#2	INITED cov: 10 ft: 10 corp: 1/1b exec/s: 0 rss: 30Mb'
    end=$(($(date +%s) + 1000))
    while [ ! -e "$2/line-seen" ] && [ "$(date +%s)" -lt "$end" ]; do sleep 0.1; done
    exit 0 ;;
fail) exit 1 ;;
# The harness stopped the fuzzer on a problem of its own (fuzz/run.h:
# fuzz_stop_if_half_blind): its line, status 2, nothing saved.
harness-error)
    echo 'halloc-fuzz: HARNESS ERROR: the kernel refused memory for the harness table: libFuzzer stops rather than fuzz on half-blind'
    exit 2 ;;
# The same under fork mode with -ignore_crashes=1 (FUZZ_KEEP_GOING=1): the
# worker's line among the ERROR lines libFuzzer copies from its log, and
# libFuzzer goes on starting workers (30 s here, then a clean end), unless stopped.
harness-error-going-on)
    echo '#1	INITED exec/s: 0 rss: 30Mb'
    echo 'halloc-fuzz: HARNESS ERROR: the kernel refused memory for the harness table: libFuzzer stops rather than fuzz on half-blind'
    tries=0
    while [ "$tries" -lt 300 ]; do sleep 0.1; tries=$((tries + 1)); done
    echo "Done 120 runs in 30 second(s)" ;;
# Killed by a signal libFuzzer cannot catch (the OOM killer's SIGKILL), after
# saving an input of an earlier finding in fork mode, with the harness's
# report of it (killed-saved), or none.
killed | killed-saved)
    echo '#1024	pulse  cov: 10 ft: 12 corp: 3/30b exec/s: 512 rss: 2040Mb'
    if [ "$1" = killed-saved ]; then
        : >"$2/crash-before-kill"
        echo 'halloc-fuzz: ORACLE overlap fired at op #3: malloc 1 8'
        printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-before-kill\\n" "$2" "$2"
    fi
    kill -KILL $$ ;;
# ^C: the terminal's SIGINT reaches libfuzzer.sh too, and here ends the
# subshell that waits for the fuzzer before it records the exit status;
# after an input saved by an earlier finding in fork mode (interrupted-saved).
interrupted | interrupted-saved)
    if [ "$1" = interrupted-saved ]; then
        : >"$2/crash-before-interrupt"
        echo 'halloc-fuzz: ORACLE overlap fired at op #3: malloc 1 8'
        printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-before-interrupt\\n" "$2" "$2"
    fi
    kill -INT "$(cut -d' ' -f4 "/proc/$PPID/stat")"
    kill -KILL "$PPID" ;;
# Killed like killed-saved, after saving an input that fails alone only now and then.
killed-flaky)
    echo fails-third-time >"$2/crash-flaky-before-kill"
    echo 'halloc-fuzz: ORACLE overlap fired at op #3: malloc 1 8'
    printf "MS: 0 ; base unit: 0\\nartifact_prefix='%s/'; Test unit written to %s/crash-flaky-before-kill\\n" "$2" "$2"
    kill -KILL $$ ;;
# A run still going, holding libfuzzer.sh's lock, until the check that
# starts a second run beside it is done with that one (it makes DIR/release):
# a fixed sleep left that second run a second to start in, too short on a
# loaded machine. A minute at most: a check that never releases it fails.
sleep) # until released, or 1000 s: past the check's longest wait (load-scaled.sh)
    end=$(($(date +%s) + 1000))
    until [ -e "$2/release" ] || [ "$(date +%s)" -ge "$end" ]; do sleep 0.1; done ;;
ok) # a clean end: the corpus run, the dictionary, libFuzzer's count, the harness's totals when asked for
    echo "#100	INITED cov: 10 ft: 10 corp: 90/9Kb exec/s: 0 rss: 30Mb"
    printf '###### Recommended dictionary. ######\n"ab" # Uses: 1\n###### End of recommended dictionary. ######\n'
    echo "Done 120 runs in 9 second(s)"
    case ${HALLOC_FUZZ_STATS:-} in on | 1 | yes) # the harness's switch words (allocator/hl_switch.h)
        echo "halloc-fuzz: totals: 120 programs, 4567 ops in 9.000 s: 13 exec/s, 507 ops/s; in the harness 1.000 s" ;;
    esac ;;
esac
exit 0
