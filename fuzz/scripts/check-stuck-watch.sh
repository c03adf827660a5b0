#!/bin/sh
# check-stuck-watch.sh DIR: make fuzz-check-libfuzzer's test of
# stuck-watch.sh, over fuzz/selftest/stuck-world.c (built in DIR), which
# prints libFuzzer's out-of-memory ERROR line and is then traced and never
# let go. Traced by a child of its own (a sanitizer's tracer that
# deadlocked), libfuzzer.sh kills it after FUZZ_STUCK_SECONDS and ends
# with one line naming the ERROR line and one naming the input its rerun of
# the corpus (the leak check off) saved (or that it saved none), and no
# process left;
# so is a -fork worker, named at the run's end, and a rerun on a saved
# input (stuck_guarded); traced by a process that is not its child (a debugger), it is left
# alone. Then a make fuzz-lab-batch row (lab-batch-one.sh, over a stand-in
# for make whose fuzz step is that run) reads it as out-of-memory; one whose
# fuzz step hung in its timeout report (fake-libfuzzer.sh alarm-in-report)
# as UBSan's finding, at its op, its notes saying so.
set -u
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
dir=${1:?usage: check-stuck-watch.sh DIR}
fail() {
    echo "check-stuck-watch: FAIL: $*"
    exit 1
}
# One copy of a watcher's pause (nap) and of the start that notes a
# process's PID for it (run_noting_pid), proc-tree.sh's: stuck-watch.sh and
# mem-watch.sh each wrote the loop, stuck_guarded and libfuzzer.sh the start.
# shellcheck disable=SC2016 # grep's pattern: the $ are the scripts' text
twins=$(grep -rlE '^ *(nap|run_noting_pid)\(\) *\{|while sleep [^;]*& *[a-z_]+=\$!|echo \$\$ >"\$0"; exec ' fuzz tools |
    tr '\n' ' ')
[ "$twins" = "fuzz/scripts/proc-tree.sh " ] ||
    fail "a watcher's nap or run_noting_pid is written in ${twins:-no file}: keep the ones in fuzz/scripts/proc-tree.sh and call them"
mkdir -p "$dir" || fail "cannot make $dir"
world=$dir/stuck-world
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror fuzz/selftest/stuck-world.c -o "$world" ||
    fail "cannot build fuzz/selftest/stuck-world.c"
# Every process of these runs carries it (marked-pids.sh).
mark=HALLOC_STUCK_CHECK=$$
# shellcheck source=fuzz/scripts/none-left.sh
. fuzz/scripts/none-left.sh
# The outer timeouts end a run that hung (guard_by_load 60): the watch must
# end it first; the waits below follow the load too.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh

# Its own child traces it: killed after 1 s without progress, not at the
# outer timeout's 60 s (times the load per core). The corpus run once more
# without the leak check (the stand-in then saves its input, as libFuzzer
# does) keeps the input the killed run lost, named with its replay line.
work=$dir/own lost=$dir/lost
{ rm -rf "$work" "$lost" && mkdir -p "$work" "$lost"; } || fail "cannot make $work and $lost"
# Beside it (the watch's 1 s is mostly waiting), the same hang whose rerun
# runs the corpus clean and saves nothing: that branch says so and to fuzz
# again (no test ran it).
guard_by_load 60
env "$mark" FUZZ_STUCK_SECONDS=1 timeout -s KILL "$guard_seconds" fuzz/scripts/libfuzzer.sh "$world" "$lost" "make replay X=1" \
    lost "$lost/pid" -artifact_prefix="$lost/" >"$lost/out" 2>&1 &
lost_pid=$!
start=$(date +%s)
guard_by_load 60
out=$(env "$mark" FUZZ_STUCK_SECONDS=1 timeout -s KILL "$guard_seconds" fuzz/scripts/libfuzzer.sh "$world" "$work" "make replay X=1" \
    own "$work/pid" -artifact_prefix="$work/" 2>&1)
rc=$? took=$(($(date +%s) - start))
[ "$rc" = 1 ] || fail "a fuzzer stuck with its world stopped: libfuzzer.sh ended with status $rc after $took s, expected 1: $out"
scale_by_load 30 300
[ "$took" -lt "$scaled_seconds" ] ||
    fail "a fuzzer stuck with its world stopped took $took s to end, not under $scaled_seconds, with FUZZ_STUCK_SECONDS=1"
case $(printf '%s\n' "$out" | tail -n 2) in
"fuzz: libFuzzer hung in its report (ERROR: libFuzzer: out-of-memory (used: 300Mb; limit: 256Mb)): its sanitizer had stopped every thread"*"no progress for 1 s"*"saved no input: the finding is that ERROR line; the corpus is run once more to save it (below)."*"
fuzz: the corpus run once more with the leak check off (-detect_leaks=0) saved the input: $work/oom-STUCK; replay it: make replay X=1 CRASH=$work/oom-STUCK") ;;
*) fail "a fuzzer stuck with its world stopped: libfuzzer.sh's last two lines are not the one naming the hang and the one naming the input the rerun saved: $out" ;;
esac
[ -f "$work/oom-STUCK" ] || fail "the input the rerun of a stuck fuzzer named, $work/oom-STUCK, is not there: $out"
grep -q '^fuzz: the corpus run once more with -detect_leaks=0 -runs=0' "$work/libfuzzer.log" ||
    fail "the rerun of a stuck fuzzer is not in its log, $work/libfuzzer.log"
rc=0
wait "$lost_pid" || rc=$?
[ "$rc" = 1 ] || fail "a stuck fuzzer whose rerun saved nothing: libfuzzer.sh ended with status $rc, expected 1: $(cat "$lost/out")"
[ "$(tail -n 1 "$lost/out")" = "fuzz: the corpus run once more with the leak check off (-detect_leaks=0) saved no input \
either (the input may have been a mutation the corpus does not hold): fuzz again to have it saved (its output: \
$lost/libfuzzer.log)" ] || fail "a stuck fuzzer whose rerun saved nothing: the last line does not say so: $(cat "$lost/out")"
await_none_left "$mark" || expect_none_left "$mark" "libfuzzer.sh, after a stuck fuzzer"
echo "  a fuzzer traced by its own stuck child: killed after FUZZ_STUCK_SECONDS, its ERROR line named, none left;"
echo "  the corpus run once more, the leak check off: the input saved, with its replay line, or none saved, said so"

# Under -fork, a worker so stuck is killed and libFuzzer goes on (here it
# ends on the worker's end, as on a crash): the run's end says so.
work=$dir/worker
{ rm -rf "$work" && mkdir -p "$work"; } || fail "cannot make $work"
guard_by_load 60
out=$(env "$mark" FUZZ_STUCK_SECONDS=1 timeout -s KILL "$guard_seconds" fuzz/scripts/libfuzzer.sh "$world" "$work" "make replay X=1" \
    worker "$work/pid" 2>&1)
rc=$?
[ "$rc" = 1 ] || fail "a stuck worker: libfuzzer.sh ended with status $rc, expected the fuzzer's 1: $out"
case $(printf '%s\n' "$out" | tail -n 2) in
"fuzz: a worker (pid "[0-9]*") was killed, hung with every thread stopped:
libFuzzer hung in its report (ERROR: libFuzzer: out-of-memory (used: 300Mb; limit: 256Mb)): "*) ;;
*) fail "a stuck worker: libfuzzer.sh's last two lines do not name it: $out" ;;
esac
await_none_left "$mark" || expect_none_left "$mark" "libfuzzer.sh, after a stuck worker"
echo "  a stuck -fork worker: killed, said at the run's end"

# So is a rerun of the fuzzer on a saved input (libfuzzer.sh's
# runs_in_one_process, through stuck_guarded).
# shellcheck source=fuzz/scripts/stuck-watch.sh
. fuzz/scripts/stuck-watch.sh
# shellcheck disable=SC2163 # mark is NAME=VALUE: export takes it whole
out=$(export "$mark"; stuck_guarded 1 "$world" own "$dir/own/pid" 2>&1)
rc=$?
[ "$rc" = 137 ] || fail "stuck_guarded over a stuck rerun: status $rc, expected 137 (SIGKILL): $out"
case $out in *"fuzz: $world, run again on a saved input, hung with every thread stopped (stuck-watch.sh) and was killed after 1 s") ;;
*) fail "stuck_guarded over a stuck rerun did not say it killed it: $out" ;;
esac
await_none_left "$mark" || expect_none_left "$mark" "stuck_guarded, after a stuck rerun"
echo "  a stuck rerun on a saved input: killed too, and said"

# A debugger's trace: the same stop, left alone for 3 s, then ended here.
work=$dir/debugger
{ rm -rf "$work" && mkdir -p "$work"; } || fail "cannot make $work"
guard_by_load 60
env "$mark" FUZZ_STUCK_SECONDS=1 timeout -s KILL "$guard_seconds" fuzz/scripts/libfuzzer.sh "$world" "$work" "make replay X=1" \
    debugger "$work/pid" >"$work/out" 2>&1 &
run=$!
guard_by_load 5
for _ in $(seq 1 $((guard_seconds * 10))); do
    pid=$(cat "$work/pid" 2>/dev/null) && [ -n "$pid" ] && grep -q '^State:.*tracing stop' "/proc/$pid/status" 2>/dev/null && break
    sleep 0.1
done
[ -n "${pid:-}" ] || fail "stuck-world debugger wrote no pid ($work/out)"
# Long enough for the watch's 1 s to pass at this load: a run it wrongly
# killed must be dead by then.
scale_by_load 3 30
sleep "$scaled_seconds"
kill -0 "$pid" 2>/dev/null || fail "a fuzzer a debugger holds was killed ($work/out)"
kill -9 "$pid"
wait "$run"
! grep -q "hung in its report" "$work/out" || fail "a fuzzer a debugger held was called hung: $(cat "$work/out")"
grep -q "^fuzz: libFuzzer was killed by signal 9" "$work/out" || fail "the debugger's run, killed here: $(cat "$work/out")"
await_none_left "$mark" || expect_none_left "$mark" "libfuzzer.sh, after a debugger's trace"
echo "  one a debugger holds: left alone"

# row_over WORK NAME WHAT FUZZ: lab-batch-one.sh's row (in $row) for
# WORK/sub/mm.c, a make standing in for the batch's: its build steps pass,
# verify-traces fails (a "FAIL" line) and make fuzz runs FUZZ (a command
# line, as the stand-in's sh reads it) with FUZZ_STUCK_SECONDS=1. WHAT
# names the run in a failure.
row_over() {
    cat >"$1/make" <<EOF || fail "cannot write $1/make"
#!/bin/sh
for a; do case \$a in fuzz) ;; verify-traces) echo "verify-traces: FAIL stand-in"; exit 1 ;; *) continue ;; esac
    echo "fuzz: $2: corpus $1/corpus, crashes in $1/crashes/"
    exec env FUZZ_STUCK_SECONDS=1 $4
done
EOF
    chmod +x "$1/make" || fail "cannot make $1/make executable"
    guard_by_load 60
    env "$mark" MAKE="$1/make" BUILD="$1/build" FUZZ_TIME=1 BATCH_TIMEOUT=1 BATCH_LF_OPTS= MM_API=classic \
        TRACES=bench/traces/short-lived.rep BATCH_MIN_INPUTS=1 BATCH_MEM_LIMIT_MB=256 \
        timeout -s KILL "$guard_seconds" fuzz/scripts/lab-batch-one.sh "$1/sub/mm.c" "$2" "$1/out" >"$1/run.log" 2>&1 ||
        fail "lab-batch-one.sh over $3 ended with status $? ($1/run.log)"
    row=$(cat "$1/out/row" 2>/dev/null) || fail "lab-batch-one.sh over $3 wrote no row ($1/run.log)"
    # With no build folder its row counted compiler warnings with no number
    # and showed its shell's errors; the fuzzer's log had dash's bare
    # "Killed" above the line saying what was killed and why.
    [ ! -s "$1/run.log" ] || fail "lab-batch-one.sh over $3 printed: $(cat "$1/run.log")"
    ! grep -qx Killed "$1/out/fuzz.log" || fail "a bare 'Killed' line in the fuzz log of $3 ($1/out/fuzz.log)"
}

# A lab batch's row whose fuzz step is that stuck run.
work=$dir/row
{ rm -rf "$work" && mkdir -p "$work/sub"; } || fail "cannot make $work"
cp examples/malloclab/mm.c "$work/sub/mm.c"
row_over "$work" lab-stuck "the stuck run" \
    "fuzz/scripts/libfuzzer.sh \"$world\" \"$work/crashes\" \"make replay X=1\" own \"$work/pid\" -artifact_prefix=\"$work/crashes/\""
case $row in
"out	$work/sub/mm.c	classic	yes	out-of-memory	-	the fuzzer passed the batch's 256 MiB memory cap (used: 300Mb; limit: 256Mb): mm.c takes"*"; libFuzzer then hung in its report and was killed, and the corpus run once more saved the input (fuzz.log)	"*"	$work/crashes/oom-STUCK	make replay X=1 CRASH=$work/crashes/oom-STUCK	FAIL: stand-in	"*) ;;
*) fail "lab-batch-one.sh's row over the stuck run: $row" ;;
esac
await_none_left "$mark" || expect_none_left "$mark" "lab-batch-one.sh, after a stuck fuzzer"
echo "  a lab batch's row: out-of-memory, as the hung fuzzer's ERROR line says, with the input the rerun saved"

# Its fuzz step a libFuzzer hung in its timeout report, the alarm having come
# in UBSan's (fake-libfuzzer.sh alarm-in-report): the row is UBSan's finding,
# from the saved input run again alone, at its op, and its notes say why.
work=$dir/alarm-row
{ rm -rf "$work" && mkdir -p "$work/sub" && cp examples/malloclab/mm.c "$work/sub/mm.c" &&
    cp fuzz/selftest/fake-libfuzzer.sh "$work/fake" && chmod +x "$work/fake"; } || fail "cannot make $work"
mkdir -p "$work/crashes" || fail "cannot make $work/crashes"
row_over "$work" lab-alarm "the run hung in its timeout report" \
    "fuzz/scripts/libfuzzer.sh \"$work/fake\" \"$work/crashes\" \"make replay X=1\" alarm-in-report \"$work/crashes\""
case $row in
"out	$work/sub/mm.c	classic	yes	undefined-behavior	op #5: realloc 2 0	mm.c:61:15 in prev_block: subtraction of unsigned offset from 0x7f40 overflowed to 0x7289	"*"	$work/crashes/timeout-alarm	make replay X=1 CRASH=$work/crashes/timeout-alarm	"*"the input timeout (1 s) fired while the fuzzer wrote its report, which then hung and was killed: the report is the saved input's, run again alone (fuzz.log)") ;;
*) fail "lab-batch-one.sh's row over the run hung in its timeout report: $row" ;;
esac
await_none_left "$mark" || expect_none_left "$mark" "lab-batch-one.sh, after a fuzzer hung in its timeout report"
echo "  a lab batch's row whose fuzzer hung in its timeout report: UBSan's finding at its op, from the saved input, said"
echo "check-stuck-watch: PASS"
