#!/bin/sh
# check-libfuzzer-ends.sh: fuzz-check-make-vars' checks of how
# fuzz/scripts/libfuzzer.sh ends a run (and minimize.sh a failed shrink,
# bounded.sh and merge.sh a failing engine's, its log's tail escaped),
# over fuzz/selftest/fake-libfuzzer.sh, a stand-in for a libFuzzer binary:
# each kind of finding re-printed with the allocator's frame and a likely
# cause, the input saved and its replay line, the runs that saved none,
# the killed, interrupted and clean ones, and a second run of one build
# refused. check-make-vars.sh runs it, its build lanes beside; BUILD and
# FUZZ_TOOL (the trace tool minimize.sh reads crashes with) from it.
set -u
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env FUZZ_TOOL
fail() {
    printf '%s\n' "check-libfuzzer-ends FAILED: $*"
    exit 1
}
# The guards of runs that are to end by themselves, and the waits, follow the load.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
# libfuzzer.sh names the input this run saved (not an older one in the
# directory), ends a failing run with the harness's report re-printed from
# its log, then the input and the replay line; says so when a failing run
# saved none; on success prints only the command, with libFuzzer's
# recommended dictionary reduced to one line (the log keeps it).
dir=$(mktemp -d) || fail "mktemp"
fake=$dir/fake-libfuzzer
cp fuzz/selftest/fake-libfuzzer.sh "$fake"
chmod +x "$fake"
: >"$dir/crash-old"
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" crash "$dir" 2>&1)
rc=$?
[ "$rc" = 77 ] || fail "libfuzzer.sh: exit $rc after a crash, expected libFuzzer's 77"
[ "$(printf '%s\n' "$out" | tail -n 4)" = "halloc-fuzz: ORACLE overlap fired at op #3: malloc 1 8
  what:  a block overlaps
fuzz: the input is $dir/crash-new
fuzz: replay the input libFuzzer saved: make replay X=1 CRASH=$dir/crash-new" ] ||
    fail "libfuzzer.sh after a crash printed: $out"
grep -q "^MS: 0 ; base unit: 0$" "$dir/libfuzzer.log" || fail "libfuzzer.sh kept no log of libFuzzer's output"
# The replay lines' CRASH=, pasted into sh, is one word, the file saved in a
# CRASHDIR named with a space, a quote and a $ (quote.sh; it was printed
# bare): a finding's line, those a FUZZ_KEEP_GOING=1 run lists, bounded.sh's.
# pasted_crash LINE: the word after CRASH= in LINE as sh reads it, or "".
pasted_crash() {
    (eval "set -- ${1#*CRASH=}" && [ $# = 1 ] && printf '%s' "$1") 2>/dev/null
}
odd="$dir/it's \$HOME x"
mkdir "$odd" || fail "mkdir $odd"
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$odd" "make replay X=1" crash "$odd" 2>&1)
[ "$(pasted_crash "$(printf '%s\n' "$out" | tail -n 1)")" = "$odd/crash-new" ] ||
    fail "libfuzzer.sh, a crash saved in '$odd': its replay line's CRASH= does not paste into sh as that file: $out"
out=$(FUZZ_KEEP_GOING_REPLAY="$dir/no-replay" fuzz/scripts/libfuzzer.sh "$fake" "$odd" "make replay X=1" kept-two "$odd" 2>&1)
got=$(printf '%s\n' "$out" | grep ' CRASH=' | while IFS= read -r line; do pasted_crash "$line"; echo; done | sort)
[ "$got" = "$odd/crash-first
$odd/crash-second" ] || fail "libfuzzer.sh, FUZZ_KEEP_GOING=1 kept two inputs in '$odd': the CRASH= of its replay lines" \
    "do not paste into sh as those files: $out"
# shellcheck disable=SC2016 # the stand-in fuzzer's own script: its $1 expands when it runs
out=$(fuzz/scripts/bounded.sh "$odd" "X=1" 60 sh -c ': >"$1/crash-bounded"' sh "$odd" 2>&1) &&
    fail "bounded.sh passed a fuzzer that saved an input: $out"
[ "$(pasted_crash "$(printf '%s\n' "$out" | grep ' CRASH=')")" = "$odd/crash-bounded" ] ||
    fail "bounded.sh, an input saved in '$odd': its replay line's CRASH= does not paste into sh as that file: $out"
# quote.sh quotes a name as the C side does (text_name_quoted, here in
# trace-tool's from-mtrace advice), a control character in $'...', and
# reads what either printed back as the name (afl.sh reads a logged
# report's replay line so); its prose names a name as the C side's does
# (NAME_SHOWN, here in trace-tool's "cannot open" line).
# shellcheck source=fuzz/scripts/quote.sh
. fuzz/scripts/quote.sh
tool=${FUZZ_TOOL:-$BUILD/fuzz/trace-tool}
ctl=$(printf 'a\047b \\ \033\177\tc\nd\n.') # a quote, a backslash, control characters, a newline last
ctl=${ctl%.}
for name in plain/a-b.c "it's \$HOME x" "$ctl"; do
    c=$("$tool" from-mtrace "$name" - 2>&1 | sed -n 's/.*(from-mtrace \(.*\) p\.rep)$/\1/p')
    sh=$(name_quoted "$name")
    name_read "$c"
    { [ -n "$c" ] && [ "$sh" = "$c" ] && [ "$name_read" = "$name" ]; } ||
        fail "quote.sh and text_name_quoted disagree on $sh: trace-tool printed '$c', read back as '$name_read'"
    c=$("$tool" from-mtrace "$name" "$dir/no/such/log" 2>&1 | sed -n 's/^trace-tool: cannot open \(.*\): [^:]* (.*)$/\1/p')
    shown=$(name_shown "$name")
    { [ -n "$c" ] && [ "$shown" = "$c" ]; } ||
        fail "quote.sh's name_shown and NAME_SHOWN disagree: name_shown printed '$shown', trace-tool '$c'"
done
# The scripts' prose lines name a file as NAME_SHOWN does, so a control
# character in a crash directory's name reaches no terminal and a newline
# splits no line: libfuzzer.sh's input, bounded.sh's crash (they were
# printed raw); the replay lines beside them quote it so ($'...'), which
# dash's echo turned back into a newline. libfuzzer.sh, which reads its
# lists of saved inputs line by line, refuses a directory with a newline.
# (afl.sh's: check-afl-stand-in.sh.)
ctl_dir="$dir/it's $(printf '\033[31m\tx')" nl="$dir/it's
x"
mkdir "$ctl_dir" "$nl" || fail "mkdir in $dir"
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$ctl_dir" "make replay X=1" crash "$ctl_dir" 2>&1)
[ "$(printf '%s\n' "$out" | tail -n 2)" = "fuzz: the input is $(name_shown "$ctl_dir/crash-new")
fuzz: replay the input libFuzzer saved: make replay X=1 CRASH=$(name_quoted "$ctl_dir/crash-new")" ] ||
    fail "libfuzzer.sh, a crash saved in a folder named with an escape and a tab: not named escaped" \
        "($(name_shown "$ctl_dir/crash-new")) and quoted ($(name_quoted "$ctl_dir/crash-new")): $(name_shown "$out")"
# So is the replay a FUZZ_KEEP_GOING=1 run reports with, when it is missing.
out=$(FUZZ_KEEP_GOING_REPLAY="$ctl_dir/no-replay" fuzz/scripts/libfuzzer.sh "$fake" "$ctl_dir" "make replay X=1" \
    kept-two "$ctl_dir" 2>&1)
printf '%s\n' "$out" | grep -qxF "fuzz: $(name_shown "$ctl_dir/no-replay") is not there to print the harness's report: run the replay line below" ||
    fail "libfuzzer.sh, FUZZ_KEEP_GOING=1 with its replay missing from a folder named with an escape and a tab: not named" \
        "escaped ($(name_shown "$ctl_dir/no-replay")): $(name_shown "$out")"
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$nl" "make replay X=1" crash "$nl" 2>&1)
rc=$?
case $rc:$(printf '%s\n' "$out" | wc -l):$out in "2:1:fuzz: the crash directory $(name_shown "$nl") holds a newline"*) ;;
*) fail "libfuzzer.sh, a crash directory named with a newline: exit $rc (expected 2), not refused in one line: $out" ;;
esac
# A FUZZ_STUCK_SECONDS that is no number is refused in one line, the value
# escaped (it was printed raw).
out=$(FUZZ_STUCK_SECONDS="1$(printf '\033[2J\nx')" fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" ok "$dir" 2>&1)
rc=$?
[ "$rc:$out" = "2:fuzz: FUZZ_STUCK_SECONDS='1\x1b[2J\nx' is not a whole number of seconds >= 1; e.g. FUZZ_STUCK_SECONDS=60" ] ||
    fail "libfuzzer.sh, FUZZ_STUCK_SECONDS holding an escape and a newline: exit $rc (expected 2), not refused in one line" \
        "naming it escaped: $(name_shown "$out")"
# shellcheck disable=SC2016 # the stand-in fuzzer's own script: its $1 expands when it runs
out=$(fuzz/scripts/bounded.sh "$nl" "X=1" 60 sh -c ': >"$1/crash-bounded"' sh "$nl" 2>&1) &&
    fail "bounded.sh passed a fuzzer that saved an input: $out"
[ "$(printf '%s\n' "$out" | tail -n 2)" = "  crash: $(name_shown "$nl/crash-bounded")
  replay it: make replay X=1 CRASH=$(name_quoted "$nl/crash-bounded")" ] ||
    fail "bounded.sh, an input saved in a folder named with a newline: not named escaped on one line" \
        "($(name_shown "$nl/crash-bounded")) and quoted ($(name_quoted "$nl/crash-bounded")): $out"
# A failing fuzzer's log tail, and the names printed beside it, escaped
# (lines_shown, name_shown): bounded.sh's and corpus-merge's (merge.sh's)
# were printed raw. The stand-ins, in the escape's folder, print one and fail.
esc=$(printf '\033')
printf '#!/bin/sh\nprintf "\\033[31mred\\n"\nexit 3\n' >"$ctl_dir/fails"
chmod +x "$ctl_dir/fails" || fail "cannot write $(name_shown "$ctl_dir/fails")"
out=$(fuzz/scripts/bounded.sh "$ctl_dir" "X=1" 60 "$ctl_dir/fails" 2>&1)
case $?:$out in
*"$esc"*) fail "bounded.sh, its fuzzer failing with an escape in its log: printed raw: $(name_shown "$out")" ;;
1:*'\x1b[31mred'*"FUZZ FAILED: $(name_shown "$ctl_dir/fails") exited with status 3") ;;
*) fail "bounded.sh, its fuzzer exiting 3: not its log's tail and command named escaped: $(name_shown "$out")" ;;
esac
mkdir -p "$ctl_dir/work/corpus"
out=$(fuzz/scripts/merge.sh "$ctl_dir/fails" "$ctl_dir/work" 2>&1)
case $?:$out in
*"$esc"*) fail "merge.sh, its libFuzzer failing with an escape in its log: printed raw: $(name_shown "$out")" ;;
1:*'\x1b[31mred'*"corpus-merge: libFuzzer failed (log $(name_shown "$ctl_dir/work/merge.log"))") ;;
*) fail "merge.sh, its libFuzzer exiting 3: not its log's tail and path named escaped: $(name_shown "$out")" ;;
esac
# shellcheck disable=SC2016 # the stand-in's own script: its $2, the merge's output, expands when it runs
printf '#!/bin/sh\n: >"$2/merged-input"\n' >"$ctl_dir/merges"
chmod +x "$ctl_dir/merges" || fail "cannot write $(name_shown "$ctl_dir/merges")"
out=$(fuzz/scripts/merge.sh "$ctl_dir/merges" "$ctl_dir/work" 2>&1)
[ "$?:$out" = "0:corpus-merge: 0 -> 1 inputs in $(name_shown "$ctl_dir/work/corpus")" ] ||
    fail "merge.sh, a merge into a folder named with an escape: not named escaped: $(name_shown "$out")"
# 2 MiB printed with no newline, then the report: mawk reads a line in time
# that grows with the square of its length (a 16 MiB one held the run for
# seconds, 64 MiB for minutes, in its filter and in each report_from_log), so
# libfuzzer.sh cuts lines into pieces of 4095 bytes first: no awk of it reads a
# longer one, in the stream or in the log (wc -L, the longest line), and no
# byte is lost; the report is re-printed as after a short line.
# timeout bounds the run if that comes back (the fixed run takes a second).
guard_by_load 60
out=$(timeout "$guard_seconds" fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" flood-line "$dir" 2>&1 >"$dir/flood.out")
rc=$?
longest=$(LC_ALL=C wc -L <"$dir/libfuzzer.log")
kept=$(grep -v '[^x]' "$dir/libfuzzer.log" | tr -d '\n' | wc -c)
{ [ "$rc" = 77 ] && [ "$longest" -le 4095 ] && [ "$kept" = 2097152 ] && [ "$(tail -n 4 "$dir/flood.out")" = "\
halloc-fuzz: ORACLE overlap fired at op #3: malloc 1 8
  what:  a block overlaps
fuzz: the input is $dir/crash-flood
fuzz: replay the input libFuzzer saved: make replay X=1 CRASH=$dir/crash-flood" ]; } ||
    fail "libfuzzer.sh after a 2 MiB line: exit $rc (124: timed out), its log's longest line $longest bytes (at most" \
        "4095: fold's pieces), $kept of the 2097152 bytes kept; it ended: $out$(tail -n 4 "$dir/flood.out")"
# libFuzzer's status lines reach the log (and the screen) as they come:
# fold, before the filter, must not hold them in a pipe's buffer. The fake
# blocks until it is told the line was seen (or 1000 s, past this wait's
# longest), so a held line cannot show up before this wait gives up; the
# wait is long for a loaded machine (5 s was too short once at a load
# average of 9), 60 s times the load per core, and costs nothing when the
# line comes at once.
fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" live-line "$dir" >"$dir/live.out" 2>&1 &
live=$!
wait_by_load 60 grep -qs INITED "$dir/libfuzzer.log"
seen=$(grep -c INITED "$dir/libfuzzer.log" 2>/dev/null)
: >"$dir/line-seen" # the fake's run ends
wait "$live"
[ "$seen" = 1 ] ||
    fail "libfuzzer.sh held libFuzzer's status line back $guard_seconds s, until the run ended: $(cat "$dir/live.out")"
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
# has it); after the harness's own abort at a create() that failed, no
# frame: its report is the explanation (it named chain, then run.c).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" abort-in-alloc "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,3p)" = "SUMMARY: libFuzzer: deadly signal
  the signal came from buddy_free /my/buddy.c:77:9 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
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
    "leak|start_threads /h/fuzz/threads.c:291:19|a thread never joined: one still blocked on a mutex"; do
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
fuzz_fill /h/fuzz/shadow.c:51:9 (the harness's own)
  Previous read by thread T4, holding no mutex: fuzz_find_damage /h/fuzz/shadow.c:148:9 (the harness's own)
  likely cause: both accesses are the harness's own, on a block's bytes: the allocator handed one block to two threads \
at once (a real bug: a block on two threads' caches, a remote free pushed while the block was still in use), or it \
synchronises in code ThreadSanitizer does not see (a library not built with -fsanitize=thread: rebuild it so, or judge \
it with THREADS_SAN=address)" ] || fail "libfuzzer.sh after TSan's data race between two harness frames printed: $out"
# Only the harness's access held no mutex (it needs none on a block it was
# handed), the allocator's held one: the allocator's call is named, as the
# one on a block it had handed out (the name of the lockless call was empty).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-race-handed-out "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,5p)" = "  Write by thread T5, holding no mutex: \
fuzz_fill /h/fuzz/shadow.c:51:9 (the harness's own)
  Previous write by thread T4, holding M0: pop_free /my/fl.c:88:17, called through a_malloc /my/fl_adapter.c:5:41
  likely cause: the access holding no mutex is the harness's own, on a block's bytes, which it needs no lock for: \
a_malloc touched a block the allocator had handed out (a block handed out while still on a free list or cache, a link \
or header written into a block in use)" ] || fail "libfuzzer.sh after TSan's data race between the harness and a locked call printed: $out"
# Under TSan a timeout's stack has no addresses, and is the main thread's,
# waiting to join a worker stuck on a lock: said so, not libc's futex call.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-timeout "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3p)" = "  the input was still running \
fuzz_run_threads /h/fuzz/threads.c:329:9, waiting in pthread_join for a thread that never ended: one blocked on a mutex \
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
  in a call from fuzz_fill /h/fuzz/shadow.c:51:9 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
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
*"this input passed 2 time(s), then failed"*"A randomised allocator"*) ;;
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
# A leak LeakSanitizer finds at exit is charged to the empty input: no op
# made it, and the replay would show nothing; the run says what to do.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" leak-at-exit "$dir" 2>&1)
case "$out" in *"charged to the empty input"*"ASAN_OPTIONS=detect_leaks=0"*) ;;
*) fail "libfuzzer.sh, a leak at exit charged to the empty input: $out" ;; esac
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" fail "$dir" 2>&1)
case "$out" in *"stopped with status 1 and saved no input"*) ;; *) fail "libfuzzer.sh, no input saved: $out" ;; esac
# The harness's own stop is no finding and no unexplained status: said so.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" harness-error "$dir" 2>&1)
rc=$?
case "$rc:$out" in
2:*"HARNESS ERROR"*"fuzz: the harness stopped libFuzzer on a problem of its own, not on a finding in the allocator: its HARNESS ERROR line above says what to do"*) ;;
*) fail "libfuzzer.sh, the harness stopped libFuzzer: exit $rc, expected 2 and the harness named: $out" ;;
esac
# FUZZ_KEEP_GOING=1: libFuzzer's fork mode ignores that worker's exit and
# starts more (the fake for 30 s at least): the line stops the run at once,
# under 20 s times the load per core but never 30.
scale_by_load 20 29
started=$(date +%s)
out=$(FUZZ_KEEP_GOING_REPLAY="$dir/no-replay" fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" \
    harness-error-going-on "$dir" 2>&1)
rc=$? took=$(($(date +%s) - started))
case "$rc:$out" in
2:*"HARNESS ERROR"*"fuzz: the harness stopped a worker on a problem of its own"*"so this FUZZ_KEEP_GOING=1 run was stopped"*)
    [ "$took" -lt "$scaled_seconds" ] ||
        fail "libfuzzer.sh, FUZZ_KEEP_GOING=1 and a HARNESS ERROR line: stopped after $took s, not at once" ;;
*) fail "libfuzzer.sh, FUZZ_KEEP_GOING=1 and a HARNESS ERROR line: exit $rc after $took s, expected 2 at once and" \
    "the harness named: $out" ;;
esac
# A fuzzer killed by a signal (the OOM killer's SIGKILL) says which, and
# what to do: replay the input this run saved, under the harness's report of
# it re-printed from the log (so twice in all), or that it saved none.
for mode in killed killed-saved; do
    out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" $mode "$dir" 2>&1)
    rc=$?
    [ "$rc" = 137 ] || fail "libfuzzer.sh: exit $rc after the fuzzer was killed by SIGKILL, expected 137"
    last=$(printf '%s\n' "$out" | tail -n 1)
    case "$mode:$last" in
    killed:"fuzz: libFuzzer was killed by signal 9 (SIGKILL"*"and saved no input"*) ;;
    killed-saved:"fuzz: libFuzzer was killed by signal 9 (SIGKILL"*"make replay X=1 CRASH=$dir/crash-before-kill") ;;
    *) fail "libfuzzer.sh, the fuzzer killed by SIGKILL ($mode): its last line is not one naming the signal" \
        "and what to do: $out" ;;
    esac
    reports=$(printf '%s\n' "$out" | grep -c '^halloc-fuzz: ORACLE overlap fired at op #3')
    case "$mode:$reports:$out" in
    killed:0:* | killed-saved:2:*"---- the report of the input this run saved before libFuzzer was killed, re-printed from"*"halloc-fuzz: ORACLE"*) ;;
    *) fail "libfuzzer.sh, the fuzzer killed by SIGKILL ($mode): the harness's report of the input it saved" \
        "is not re-printed once under its own line (it is there $reports time(s)): $out" ;;
    esac
done
# The input a killed run saved is looked into as a finding's is: one that
# fails alone only now and then gets the REPEAT of its replay line.
rm -f "$dir/.runs"
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" killed-flaky "$dir" 2>&1)
case "$(printf '%s\n' "$out" | tail -n 1)" in
"fuzz: libFuzzer was killed by signal 9 (SIGKILL"*"make replay X=1 CRASH=$dir/crash-flaky-before-kill REPEAT=20") ;;
*) fail "libfuzzer.sh, the fuzzer killed after saving an input that fails alone only sometimes: its replay" \
    "line does not repeat it, as a finding's does: $out" ;;
esac
# A ^C that ends the subshell waiting for the fuzzer before it records the
# status is an interrupt, not a "killed by signal 2"; an input the run saved
# is kept, with its replay line. (SIGINT at its default: a shell ignores it
# in what it runs in the background, as make check may be.)
for mode in interrupted interrupted-saved; do
    out=$(env --default-signal=INT fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" $mode "$dir" 2>&1)
    rc=$?
    case "$mode:$rc:$(printf '%s\n' "$out" | tail -n 1)" in
    *"signal 2"*) fail "libfuzzer.sh, interrupted by ^C ($mode): called a kill by SIGINT: $out" ;;
    interrupted:130:"fuzz: interrupted (^C); libFuzzer saved no input"*) ;;
    interrupted-saved:130:"fuzz: interrupted (^C); this run saved $dir/crash-before-interrupt: replay it: make replay X=1 CRASH=$dir/crash-before-interrupt") ;;
    *) fail "libfuzzer.sh, interrupted by ^C ($mode): exit $rc (expected 130), or its last line does not say" \
        "it was interrupted and what it saved: $out" ;;
    esac
done
# Killed after FUZZ_KEEP_GOING=1 kept an input: the kept inputs' end, then
# a line saying the run was cut short (its time not all fuzzed).
rm -f "$dir/crash-before-kill"
out=$(FUZZ_KEEP_GOING_REPLAY="$dir/no-replay" fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" killed-saved \
    "$dir" 2>&1)
case "$(printf '%s\n' "$out" | tail -n 2)" in
*"CRASH=$dir/crash-before-kill"*"
fuzz: libFuzzer was killed by signal 9 (SIGKILL"*"before its time was up: fuzz again for the rest") ;;
*) fail "libfuzzer.sh, FUZZ_KEEP_GOING=1 killed by SIGKILL after keeping an input: its last line does not say" \
    "it was cut short: $out" ;;
esac
# make minimize of an input that passes alone says so, and a libFuzzer
# that fails while shrinking without saving a shorter input is named; each
# names its log, in a folder named with an escape and a tab, escaped (it was
# printed raw).
printf 'binary' >"$dir/crash-min"
log_shown=$(name_shown "$ctl_dir/minimize.log")
for status in 0 1; do
    printf '#!/bin/sh\necho "==1==ERROR: AddressSanitizer: nested bug"\nexit %s\n' "$status" >"$dir/fake-minimize"
    chmod +x "$dir/fake-minimize"
    out=$(fuzz/scripts/minimize.sh "$dir/fake-minimize" "${FUZZ_TOOL:-$BUILD/fuzz/trace-tool}" "$dir/crash-min" 5 \
        "$ctl_dir/minimize.log" 2>&1) &&
        fail "minimize.sh passed when libFuzzer failed: $(name_shown "$out")"
    case "$status:$out" in
    0:*"does not crash when run alone, so there is nothing to shrink"*"Log: $log_shown") ;;
    1:*"nested bug"*"libFuzzer failed while shrinking (above; log: $log_shown)"*"run make minimize again") ;;
    *) fail "minimize.sh, a fuzzer exiting $status not explained, its log named escaped ($log_shown): $(name_shown "$out")" ;;
    esac
done
# A clean run: the command, libFuzzer's status, one line for the dictionary
# and libFuzzer's own end, then one saying nothing was found, in libFuzzer's
# seconds (the fake's 9, where the script's clock said 1 or 2; FUZZ_TIME=8,
# so not past it), with the harness's count of ops (its totals line kept to
# the log, unless the user asked for it).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" ok -max_total_time=8 "$dir" 2>&1) ||
    fail "libfuzzer.sh: a clean run failed"
[ "$out" = "$fake ok -max_total_time=8 $dir
#100	INITED cov: 10 ft: 10 corp: 90/9Kb exec/s: 0 rss: 30Mb
(libFuzzer's recommended dictionary is in $dir/libfuzzer.log, not shown here)
Done 120 runs in 9 second(s)
fuzz: nothing found: fuzzed 9 s, 120 inputs (4567 ops), every oracle clean (all of libFuzzer's output: $dir/libfuzzer.log)" ] ||
    fail "libfuzzer.sh on a clean run did not print the command, the dictionary's line, libFuzzer's count and" \
        "one line saying nothing was found in libFuzzer's seconds: $out"
# Its seconds more than one past FUZZ_TIME: the line says why.
out=$(HALLOC_FUZZ_STATS=1 fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" ok -max_total_time=5 "$dir" 2>&1)
case "$out" in *"halloc-fuzz: totals: 120 programs"*) ;; *) fail "libfuzzer.sh hid the totals HALLOC_FUZZ_STATS=1 asked for: $out" ;; esac
case "$(printf '%s\n' "$out" | tail -n 2)" in
"fuzz: 9 s for FUZZ_TIME=5: libFuzzer looks at its clock only between inputs, and not before its corpus (100 inputs)"*"
fuzz: nothing found: fuzzed 9 s, 120 inputs (4567 ops), every oracle clean"*) ;;
*) fail "libfuzzer.sh, 9 s of fuzzing for FUZZ_TIME=5, did not say why in a line before its last: $out" ;;
esac
grep -qF '"ab" # Uses: 1' "$dir/libfuzzer.log" || fail "libfuzzer.sh left the recommended dictionary out of its log"
# A second run of the same build while the first is running is refused:
# it would truncate the first one's log, and both would report from the mix.
mkdir "$dir/busy"
fuzz/scripts/libfuzzer.sh "$fake" "$dir/busy" "make replay X=1" sleep "$dir/busy" >/dev/null 2>&1 &
first=$!
wait_by_load 60 test -f "$dir/busy/libfuzzer.log"
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir/busy" "make replay X=1" ok "$dir/busy" 2>&1)
rc=$?
: >"$dir/busy/release" # the first run's fake ends now
wait "$first" || fail "libfuzzer.sh: the first of two runs of one build failed"
[ "$rc" = 2 ] || fail "libfuzzer.sh: a second run of a running build: exit $rc, expected 2; it printed: $out"
case "$out" in *"another make fuzz of this build is running"*) ;; *) fail "libfuzzer.sh, second run: $out" ;; esac
# ...naming the processes holding the lock, the first run among them, to
# kill if they are left over (a run killed from outside left a child with it).
case "$out" in *"is held by "*"PID $first (/bin/sh fuzz/scripts/libfuzzer.sh "*"kill -9 "*"$first"*) ;;
*) fail "libfuzzer.sh, second run: the first run ($first) not named as holding the lock, with a kill line: $out" ;;
esac
fuzz/scripts/libfuzzer.sh "$fake" "$dir/busy" "make replay X=1" ok "$dir/busy" >/dev/null 2>&1 ||
    fail "libfuzzer.sh: a run after the first ended is refused"
rm -rf "$dir"
