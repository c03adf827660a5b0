#!/bin/sh
# check-afl-stand-in.sh, run by check-make-vars.sh: fuzz/scripts/afl.sh,
# make fuzz-afl's runner, over stand-ins for afl-fuzz (each a few lines of
# shell doing what AFL++ does in one case) and for the replay: a second run
# of a build refused, no process left after a time limit, a ^C or a SIGKILL
# of the run or of afl.sh alone, an instance AFL++ would not start named (its ABORT lines escaped), the first crash or
# hang ending the run with its report and replay line (one that passes alone
# told by its logged report's kind, as make fuzz tells it; an input slow only
# once is no hang), FUZZ_KEEP_GOING=1 counting them all, a target whose
# harness stopped (its HARNESS ERROR line, escaped) ending the run with exit
# 2, an afl-fuzz failing on its own named with its logs' tails, escaped,
# one running past its -V stopped by afl.sh's guard, which names it.
# Prints only a failure, and exits 1.
set -u
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
# printf, not dash's echo, which read the \n of a name_shown text as a newline.
fail() {
    printf '%s\n' "fuzz-check-make-vars FAILED: $*"
    exit 1
}
dir=$(mktemp -d) || fail "mktemp"
# quote.sh: failures name what afl.sh printed escaped (name_shown), and the
# stand-ins below quote names as the harness does (name_quoted).
CHECK_QUOTE_SH=$(pwd)/fuzz/scripts/quote.sh
export CHECK_QUOTE_SH
# shellcheck source=fuzz/scripts/quote.sh
. "$CHECK_QUOTE_SH"
trap 'rm -rf "$dir"' EXIT
# The longest an afl.sh run here may take before it is killed (SIGKILL, to
# its process group): a run takes under a second of CPU, but niced at load
# 18 on 2 cores one took over a minute, and a limit of 60 s killed it; 60 s
# times the load per core (load-scaled.sh), as the waits below follow it.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
guard_by_load 60
run_limit=$guard_seconds
# AFL++'s hang limit and -G are fuzz/halloc.options' timeout and max_len,
# which make reads and checks once (fuzz/build.mk) and passes to afl.sh,
# as it passes libFuzzer the same file's flags (afl.sh read the file again,
# twice, with its own seds). Run without them, or with a garbled one, it
# refuses in one line before a start; given them, AFL++ gets them. This
# afl-fuzz writes down what it got and exits.
lf=$(make --no-print-directory -n fuzz 2>&1) || fail "make -n fuzz failed: $lf"
afl=$(make --no-print-directory -n fuzz-afl 2>&1) || fail "make -n fuzz-afl failed: $afl"
t=$(printf '%s\n' "$lf" | sed -n 's/.* -timeout=\([0-9]*\) .*/\1/p')
m=$(printf '%s\n' "$lf" | sed -n 's/.* -max_len=\([0-9]*\) .*/\1/p')
case "$afl" in *" FUZZ_TIMEOUT=$t FUZZ_MAX_LEN=$m "*"fuzz/scripts/afl.sh "*) ;;
*) fail "make fuzz-afl does not pass afl.sh libFuzzer's -timeout=$t and -max_len=$m as FUZZ_TIMEOUT and FUZZ_MAX_LEN: $(printf '%s\n' "$afl" | grep afl.sh)" ;;
esac
mkdir -p "$dir/bin0"
# shellcheck disable=SC2016 # the stand-in's own script: its $ expands when it runs
printf '#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = -G ] && echo "-G $2 hang $AFL_HANG_TMOUT" >>"%s"; shift; done\n' \
    "$dir/bin0/got" >"$dir/bin0/afl-fuzz" && chmod +x "$dir/bin0/afl-fuzz"
# The accepted run is make fuzz-afl FROM_EMPTY=1's, its start line saying so.
for vars in "FUZZ_TIMEOUT=7" "FUZZ_MAX_LEN=99" "FUZZ_TIMEOUT=ten FUZZ_MAX_LEN=99" "FUZZ_TIMEOUT=7 FUZZ_MAX_LEN=9x" \
    "FUZZ_TIMEOUT=7 FUZZ_MAX_LEN=99 FUZZ_AFL_FROM_EMPTY=1"; do
    # shellcheck disable=SC2086 # vars: one word per variable
    out=$(PATH=$dir/bin0:$PATH timeout -s KILL "$run_limit" env -u FUZZ_TIMEOUT -u FUZZ_MAX_LEN -u AFL_HANG_TMOUT $vars \
        fuzz/scripts/afl.sh "$dir/no-build" "$dir/no-seeds" "$dir/afl-opts" "$dir/afl-opts/crashes" 1 "X=1" 2>&1)
    rc=$?
    case "$vars:$rc:$out" in
    "FUZZ_TIMEOUT=7 FUZZ_MAX_LEN=99 FUZZ_AFL_FROM_EMPTY=1:0:afl: running unseeded (FROM_EMPTY=1), from $dir/no-seeds, until"*) ;;
    *":2:afl: FUZZ_TIMEOUT="*"each must be a whole number, fuzz/halloc.options' timeout and max_len; run this through make fuzz-afl"*)
        [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "afl.sh with $vars: more than one line: $out" ;;
    *) fail "afl.sh with $vars: exit $rc, expected 2 and one line naming them (0 with both whole numbers, its start line saying it runs unseeded): $out" ;;
    esac
done
# A value holding an escape and a newline is named escaped (it was printed raw).
out=$(PATH=$dir/bin0:$PATH timeout -s KILL "$run_limit" env -u AFL_HANG_TMOUT FUZZ_TIMEOUT="7$(printf '\033[2J\nx')" \
    FUZZ_MAX_LEN=99 fuzz/scripts/afl.sh "$dir/no-build" "$dir/no-seeds" "$dir/afl-opts" "$dir/afl-opts/crashes" 1 "X=1" 2>&1)
rc=$?
[ "$rc:$out" = "2:afl: FUZZ_TIMEOUT='7\x1b[2J\nx' FUZZ_MAX_LEN='99': each must be a whole number, fuzz/halloc.options' timeout and max_len; run this through make fuzz-afl, which reads them from there" ] ||
    fail "afl.sh with FUZZ_TIMEOUT holding an escape and a newline: exit $rc (expected 2), not refused in one line naming it escaped: $(name_shown "$out")"
[ "$(cat "$dir/bin0/got" 2>&1)" = "-G 99 hang 7000
-G 99 hang 7000" ] || fail "afl.sh with FUZZ_TIMEOUT=7 FUZZ_MAX_LEN=99: AFL++ got, per instance: $(cat "$dir/bin0/got" 2>&1)"
# The runs below get what make fuzz-afl passes.
export FUZZ_TIMEOUT="$t" FUZZ_MAX_LEN="$m"
# A run holding the build's lock (here a
# sleeping flock) makes a second one stop before it starts AFL++. The sleep
# holds it until killed here (its PID in held): a sleep of 10 s ran out at
# load before afl.sh had named the lock's holders.
mkdir "$dir/afl"
# shellcheck disable=SC2016 # the script of sh -c: $1 is its argument
flock "$dir/afl/.afl.lock" sh -c 'echo $$ >"$1.tmp" && mv "$1.tmp" "$1" && exec sleep 600' sh "$dir/afl/held" &
holder=$!
# shellcheck disable=SC2046 # the sleep's PID, if written
trap 'kill "$holder" $(cat "$dir/afl/held" 2>/dev/null) 2>/dev/null; rm -rf "$dir"' EXIT
# held_or_gone: the sleep's PID written, or flock ended without it.
held_or_gone() { [ -s "$dir/afl/held" ] || ! kill -0 "$holder" 2>/dev/null; }
wait_by_load 10 held_or_gone || :
[ -s "$dir/afl/held" ] || fail "flock over a sleep, holding $dir/afl/.afl.lock, did not start (waited $guard_seconds s)"
out=$(fuzz/scripts/afl.sh "$dir/no-build" "$dir/no-seeds" "$dir/afl" "$dir/afl/crashes" 1 "X=1" 2>&1)
rc=$?
kill "$holder" "$(cat "$dir/afl/held")" 2>/dev/null
wait "$holder" 2>/dev/null
[ "$rc" = 2 ] || fail "afl.sh: a second run of a running build: exit $rc, expected 2; it printed: $out"
case "$out" in *"another make fuzz-afl of this build is running"*"is held by PID $holder (flock "*"kill -9 "*"$holder"*) ;;
*) fail "afl.sh, second run: refused without naming the lock's holder, flock $holder, and how to kill it: $out" ;; esac
# AFL++'s CMPLOG fork server, in a session of its own, may leave its
# persistent child behind, stopped, when afl-fuzz ends; they piled up, one
# more every few runs. This afl-fuzz always does, and runs -V seconds (or
# an hour) unless stopped: no process of a run may remain after its time
# limit or a ^C, and a ^C ends the run with its report, not a failure.
mkdir "$dir/bin" "$dir/afl-left"
cat >"$dir/bin/afl-fuzz" <<'EOF'
#!/bin/sh
setsid sh -c 'kill -STOP $$' &
secs=3600
while [ $# -gt 0 ]; do [ "$1" = -V ] && secs=$2; shift; done
trap 'exit 0' TERM
sleep "$secs" &
wait $!
EOF
chmod +x "$dir/bin/afl-fuzz"
mark=HALLOC_AFL_LEFT=$$
# The finder afl.sh kills by must see a marked process in a session of its
# own, stopped; else this test and afl.sh would both miss leftovers.
env "$mark" setsid sh -c 'kill -STOP $$' </dev/null >/dev/null 2>&1 &
stopped=$!
# Marked once env has run: a loaded machine can take longer than the half
# second this waited.
is_stopped() { [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" = T ]; }
wait_by_load 10 is_stopped "$stopped"
found=$(fuzz/scripts/marked-pids.sh "$mark")
kill -9 "$stopped" 2>/dev/null
[ "$found" = "$stopped" ] || fail "marked-pids.sh found '$found', not the stopped process $stopped marked $mark"
# shellcheck source=fuzz/scripts/none-left.sh
. fuzz/scripts/none-left.sh
log=$dir/afl-left/log
PATH=$dir/bin:$PATH env "$mark" fuzz/scripts/afl.sh "$dir/no-build" "$dir/no-seeds" "$dir/afl-left" \
    "$dir/afl-left/crashes" 1 "X=1" >"$log" 2>&1 || fail "afl.sh with a fake afl-fuzz: $(cat "$log")"
expect_none_left "$mark" "afl.sh, stopped by its time limit,"
# ^C: SIGINT to the process group, here a session of afl.sh's own, started
# with SIGINT at its default (a shell ignores it in what it runs with &).
pidfile=$dir/afl-left/pid log=$dir/afl-left/sigint.log
(
    wait_by_load 60 grep -qs '^afl: running' "$log"
    kill -INT "-$(cat "$pidfile")"
) &
timer=$!
# shellcheck disable=SC2016
PATH=$dir/bin:$PATH timeout -s KILL "$run_limit" setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$pidfile" \
    env --default-signal=INT "$mark" fuzz/scripts/afl.sh "$dir/no-build" "$dir/no-seeds" "$dir/afl-left" \
    "$dir/afl-left/crashes" 30 "X=1" >"$log" 2>&1
rc=$?
wait "$timer" || fail "afl.sh with a fake afl-fuzz did not start, or SIGINT could not reach it: $(cat "$log")"
expect_none_left "$mark" "afl.sh, stopped by SIGINT,"
if [ "$rc" != 0 ] || [ "$(tail -n 1 "$log")" != "afl: no crashes" ]; then
    fail "afl.sh, stopped by SIGINT: exit $rc, expected 0 and its report; it printed: $(cat "$log")"
fi
# An instance AFL++ would not start (here the main one, as when a stopped
# process from an earlier run holds its output directory) fuzzed nothing:
# the crash an earlier run left in its directory was listed as found while
# the other instance fuzzed alone. The run names the abort instead, its
# lines without AFL++'s colours and the escape in the output directory's
# name escaped (it reached the terminal raw).
abort_work="afl-abort$(printf '\033')"
mkdir -p "$dir/bin2" "$dir/$abort_work/afl-out/main/crashes"
: >"$dir/$abort_work/afl-out/main/crashes/id:000000,sig:06,old"
cat >"$dir/bin2/afl-fuzz" <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do
    case $1 in -o) o=$2 ;; -M) main=1 ;; esac
    shift
done
[ -n "${main:-}" ] && printf '\033[1;91m[-] PROGRAM ABORT : \033[0mDirectory %s is in use\n\033[1;91m         Location : \033[0mhandle_existing_out_dir()\n' \
    "$o" && exit 1
exit 0
EOF
chmod +x "$dir/bin2/afl-fuzz"
out=$(PATH=$dir/bin2:$PATH fuzz/scripts/afl.sh "$dir/no-build" "$dir/no-seeds" "$dir/$abort_work" \
    "$dir/$abort_work/crashes" 1 "X=1" 2>&1)
rc=$?
case "$out" in *"found 1 crash"*) fail "afl.sh counted the old crash of an instance that did not start: $out" ;; esac
[ "$rc" = 2 ] || fail "afl.sh, an instance that did not start: exit $rc, expected 2; it printed: $out"
case "$out" in *"$abort_work"*) fail "afl.sh, an instance that did not start: an escape printed raw: $(name_shown "$out")" ;;
"afl: running from $dir/no-seeds, until"*"PROGRAM ABORT : Directory $dir/afl-abort\\x1b/afl-out is in use"*"main instance did not run to the end"*) ;;
*) fail "afl.sh, an instance that did not start, not named (its ABORT line without colours, escaped), or its start line not naming its seeds: $(name_shown "$out")" ;; esac
# The first crash ends the run, as libFuzzer's does (AFL++ fuzzed on for all
# of FUZZ_TIME), and the harness's report of it is printed: this afl-fuzz
# saves a crash after a second, then runs its hour unless stopped; the
# replay stands in for the harness and reports what it was given. Its main
# instance's target logged two reports (fuzz/afl.c: HALLOC_FUZZ_AFL_LOG),
# each naming a copy of its input; the second is the crash's, re-printed
# when the replay passes. Its asan instance, stopped while starting, aborts
# as AFL++ does then: no failure of the run.
mkdir -p "$dir/bin3" "$dir/out3"
# stand_in BIN KEEP_GOING WORK SECS WHAT [ENV ARGUMENT]...: afl.sh over the
# stand-in afl-fuzz in $dir/BIN and the replay in $dir/out3, its output in
# $out and its status in $rc; no process of it may remain after (WHAT names
# the run in that failure). The ENV ARGUMENTs go to env (-u NAME).
stand_in() {
    bin=$1 keep=$2 work=$3 secs=$4 what=$5
    shift 5
    out=$(PATH=$dir/$bin:$PATH timeout -s KILL "$run_limit" env "$@" "$mark" FUZZ_KEEP_GOING="$keep" fuzz/scripts/afl.sh \
        "$dir/out3" "$dir/no-seeds" "$dir/$work" "$dir/$work/crashes" "$secs" "X=1" 2>&1)
    rc=$?
    expect_none_left "$mark" "$what"
    [ "$rc" != 137 ] || fail "$what still running after $run_limit s, killed; it printed: $out"
}
cat >"$dir/bin3/afl-fuzz" <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do
    case $1 in -o) o=$2 ;; -M | -S) name=$2 ;; esac
    shift
done
mkdir -p "$o/$name/crashes" "$o/$name/reported"
trap 'exit 0' TERM
[ "$name" = asan ] && trap 'echo "[-] PROGRAM ABORT : Fork server crashed with signal 9"; exit 1' TERM
if [ "$name" = main ]; then
    sleep 1
    # boom's copy in a folder named with a space, a quote, a $ and a
    # newline: its name printed quoted for sh as fuzz/crash-threads.c quotes it
    # (quote.sh's name_quoted: $'...'; check-libfuzzer-ends.sh holds the two
    # to the same text).
    . "$CHECK_QUOTE_SH"
    reported="$o/main/it's \$HOME
reported"
    mkdir -p "$reported"
    for input in other boom; do
        copy=$o/main/reported/input-$input
        [ $input = other ] || copy="$reported/input-$input"
        echo $input >"$copy"
        oracle=$input
        [ $input = other ] || oracle=${BOOM_ORACLE:-boom}
        # asan: a sanitizer's report, then the harness's op from its death callback.
        if [ "$oracle" = asan ]; then
            printf '==1==ERROR: AddressSanitizer: SEGV on unknown address 0x8\nSUMMARY: AddressSanitizer: SEGV a.c:3 in f\n==1==ABORTING\nhalloc-fuzz: sanitizer report above was raised at op #1: free 1\n'
        else
            printf 'halloc-fuzz: ORACLE %s fired at op #1: free 1\n  > #1     free 1\n' "$oracle"
        fi >>"$HALLOC_FUZZ_AFL_LOG/afl.log"
        printf '  reproduce: make replay CRASH=%s, plus the variables of this build (TARGET, SRCS)\n' \
            "$(name_quoted "$copy")" >>"$HALLOC_FUZZ_AFL_LOG/afl.log"
    done
    echo boom >"$o/$name/crashes/id:000000,sig:06,src:000001"
fi
sleep 3600 &
wait $!
EOF
chmod +x "$dir/bin3/afl-fuzz"
# flaky: the replay fails from its third run on (a randomised allocator).
# --einval (afl.sh's count of refusals above FUZZ FAILED): nothing, no run.
# Its folder's name ends in an escape: the lines naming the replayed input,
# the corpus searched and the log re-printed from name it escaped
# (name_shown) or quoted (name_quoted), never raw (they were echoed raw).
esc=$(printf '\033')
for replay_rc in 1 0 flaky; do
    # shellcheck disable=SC2016 # the stand-in replay's own script: its $ expands when it runs
    case $replay_rc in
    flaky) printf '#!/bin/sh\n[ "$1" != --einval ] || exit 0\necho "harness report of $*"\necho "EINVAL count ${HALLOC_FUZZ_EINVAL_FD:-on}"\necho >>"$0.runs"\n[ "$(wc -l <"$0.runs")" -lt 3 ]\n' ;;
    *) printf '#!/bin/sh\n[ "$1" != --einval ] || exit 0\necho "harness report of $*"\necho "EINVAL count ${HALLOC_FUZZ_EINVAL_FD:-on}"\nexit %s\n' "$replay_rc" ;;
    esac >"$dir/out3/replay-cc"
    chmod +x "$dir/out3/replay-cc"
    work="afl-crash$replay_rc$esc"
    # The crash that passes alone: its logged report names an oracle about
    # where a block lies among mappings, which its passes-alone line names
    # first, as make fuzz's does (AFL++ keeps no report: it was not read).
    oracle=boom
    [ "$replay_rc" != 0 ] || oracle=past_mapping
    stand_in bin3 0 "$work" 3600 "afl.sh, stopped at its first crash," BOOM_ORACLE=$oracle
    saved=$dir/$work/crashes/afl-main-id-000000-$(echo boom | cksum | cut -d' ' -f1)
    [ "$rc" = 1 ] || fail "afl.sh, a crash found: exit $rc, expected 1 within a few seconds; it printed: $out"
    case "$out" in *"found a crash: stopping both"*"harness report of -v $saved"*"found 1 crash"*"make replay X=1 CRASH=$(name_quoted "$saved")"*) ;;
    *) fail "afl.sh, a crash found: not stopped at once, or its report or replay line missing: $out" ;; esac
    printf '%s\n' "$out" | grep -qxF -- "---- the harness's report of the first crash: $dir/out3/replay-cc -v $(name_quoted "$saved") ----" ||
        fail "afl.sh, a crash in a folder named with an escape: its replay's heading does not quote it: $(name_shown "$out")"
    case "$replay_rc:$out" in 0:*"afl: the corpus $(name_shown "$dir/$work/afl-out/main/queue") holds no inputs"*"what the main instance printed when this input crashed it under AFL++: its report, from $(name_shown "$dir/$work/afl-reports/afl.log") ----"*) ;;
    0:*) fail "afl.sh, a crash in a folder named with an escape: its corpus or its instance's log not named escaped: $(name_shown "$out")" ;; esac
    # A crash its replay never repeats needed the inputs run before it; one
    # it repeats now and then is chance, and its replay line repeats it.
    case "$replay_rc:$out" in 0:*"run again alone in a fresh process (10 times), this input passes every time"*"An allocator with one global heap"* | 1:*) ;;
    flaky:*"harness report of $saved"*"passed 2 times, then failed (above)"*"A randomised allocator"*"CRASH=$(name_quoted "$saved") REPEAT=20") ;;
    *) fail "afl.sh, a crash its replay does not always repeat, not said to be one ($replay_rc): $out" ;; esac
    case "$replay_rc:$out" in 0:*"passes every time"*"Likely cause: a bug that depends on where memory is mapped (this finding places a block among"* | 1:* | flaky:*) ;;
    *) fail "afl.sh, a crash that passes alone whose logged report names past_mapping: its line does not name the mappings' placement first, as make fuzz's does: $out" ;; esac
    case "$replay_rc:$out" in 1:*"passes every time"* | 1:*"REPEAT"* | flaky:*"global heap"*)
        fail "afl.sh, a crash its replay repeats, said to pass alone or be chance ($replay_rc): $out" ;; esac
    case "$replay_rc:$out" in
    *"asan instance stopped"* | *"did not run to the end"*)
        fail "afl.sh, an instance stopped while starting, named as one AFL++ would not start: $out" ;;
    0:*"what the main instance printed when this input crashed it under AFL++: its report, from"*"ORACLE past_mapping fired"*"  > #1     free 1"*) ;;
    0:*) fail "afl.sh, a crash whose replay passes: the report its instance logged for it not re-printed: $out" ;;
    *"what the main instance printed"*) fail "afl.sh, a crash its replay repeats: a logged report re-printed: $out" ;;
    esac
    case "$out" in *"ORACLE other fired"* | *"  reproduce: make replay CRASH="*)
        fail "afl.sh re-printed another input's logged report, or a logged replay line: $out" ;; esac
    # The replays that print the crash's report (alone.sh's replay_first) count
    # no aligned_alloc refusals of their own: the run's count line has them.
    case "$out" in *"EINVAL count on"*) ok=0 ;; *"EINVAL count off"*) ok=1 ;; *) ok=0 ;; esac
    [ "$ok" = 1 ] || fail "afl.sh's replay of the first crash ($replay_rc) ran without HALLOC_FUZZ_EINVAL_FD=off: $out"
done
# A sanitizer's finding that passes alone: its logged report is the
# sanitizer's, past its ABORTING the harness's op and replay line. Both are
# re-printed, and what failed is read from the sanitizer's, as make fuzz
# reads it: afl.sh kept only the harness's lines after ABORTING.
# shellcheck disable=SC2016 # the stand-in replay's own script: its $ expands when it runs
printf '#!/bin/sh\n[ "$1" != --einval ] || exit 0\necho "harness report of $*"\nexit 0\n' >"$dir/out3/replay-cc"
stand_in bin3 0 afl-asan-report 3600 "afl.sh, a sanitizer's finding that passes alone," BOOM_ORACLE=asan
case "$rc:$out" in
1:*"passes every time"*"what the main instance printed when this input crashed it under AFL++: its report, from"*"SUMMARY: AddressSanitizer: SEGV a.c:3 in f"*"halloc-fuzz: sanitizer report above was raised at op #1: free 1"*) ;;
*) fail "afl.sh, a sanitizer's finding that passes alone: its logged report not re-printed with the sanitizer's part: $out" ;;
esac
# A hang (an input AFL++ stopped at its -t limit, saved in hangs/) ends the
# run as a crash does, replayed once (the replay's own timeout names the op)
# and named with its replay line: AFL++'s hangs were left out, and a run
# that found only hangs said "afl: no crashes".
mkdir -p "$dir/bin5"
# shellcheck disable=SC2016 # the stand-ins' own scripts: their $ expands when they run
printf '#!/bin/sh\necho "harness report of $*"\nexit 1\n' >"$dir/out3/replay-cc"
chmod +x "$dir/out3/replay-cc"
# shellcheck disable=SC2016
sed 's|crashes/id:000000,sig:06,src:000001|hangs/id:000000,src:000001|; s|mkdir -p "$o/$name/crashes"|mkdir -p "$o/$name/hangs"|' \
    "$dir/bin3/afl-fuzz" >"$dir/bin5/afl-fuzz"
chmod +x "$dir/bin5/afl-fuzz"
# Its folder is named with a newline: the line listing the hang names it
# escaped, on one line (quote.sh's name_shown, the C side's NAME_SHOWN), and
# the replay line quotes it for bash ($'...').
work="afl-hang
x"
stand_in bin5 0 "$work" 3600 "afl.sh, stopped at its first hang,"
saved=$dir/$work/crashes/afl-main-hang-id-000000-$(echo boom | cksum | cut -d' ' -f1)
case "$rc:$out" in
1:*"found a hang"*"stopping both"*"harness report of -v $saved"*"found 1 hang (inputs"*"make replay X=1 CRASH=$(name_quoted "$saved")") ;;
*) fail "afl.sh, a hang found: exit $rc, expected 1, or not stopped at once, or its replay or replay line missing: $out" ;;
esac
printf '%s\n' "$out" | grep -qxF "  hang: $(name_shown "$saved")" ||
    fail "afl.sh, a hang saved in a folder named with a newline: no line '  hang: $(name_shown "$saved")': $out"
# An input slowed past -t once (a loaded machine) is no hang: AFL++ runs
# it again alone, and saves it as one only if that run passes
# AFL_HANG_TMOUT too - never, if that is not above -t (its default). This
# afl-fuzz does that for an input that is slow only once; afl.sh set no
# AFL_HANG_TMOUT, and 3 of 5 15 s runs failed on an allocator that stalled
# once for 6 s.
mkdir -p "$dir/bin6"
cat >"$dir/bin6/afl-fuzz" <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do
    case $1 in -o) o=$2 ;; -M | -S) name=$2 ;; -t) t=$2 ;; esac
    shift
done
mkdir -p "$o/$name/hangs"
[ "${AFL_HANG_TMOUT:-$t}" -gt "$t" ] || echo slow >"$o/$name/hangs/id:000000,src:000001"
sleep 1
EOF
chmod +x "$dir/bin6/afl-fuzz"
stand_in bin6 0 afl-slow 3600 "afl.sh, with an input slow once," -u AFL_HANG_TMOUT
case "$rc:$out" in 0:*"afl: no crashes") ;;
*) fail "afl.sh, an input slow only once under AFL++'s -t limit: exit $rc, expected 0 and no hang; it printed: $out" ;;
esac
# FUZZ_KEEP_GOING=1: AFL++ fuzzes on past its crashes until -V seconds, and
# every crash is counted. This afl-fuzz saves one crash a second and honours -V.
mkdir -p "$dir/bin4"
cat >"$dir/bin4/afl-fuzz" <<'EOF'
#!/bin/sh
secs=3600
while [ $# -gt 0 ]; do
    case $1 in -o) o=$2 ;; -M | -S) name=$2 ;; -V) secs=$2 ;; esac
    shift
done
mkdir -p "$o/$name/crashes"
trap 'exit 0' TERM
n=0
while [ "$n" -lt "$secs" ]; do
    sleep 1
    [ "$name" = main ] && echo "boom $n" >"$o/$name/crashes/id:00000$n,sig:06,src:000001"
    n=$((n + 1))
done
EOF
chmod +x "$dir/bin4/afl-fuzz"
# Its CRASHDIR named with a space, a quote and a $: the replay line's CRASH=,
# pasted into sh, is one word, a crash copied there (it was printed bare).
work="afl-keep it's \$HOME"
stand_in bin4 1 "$work" 3 "afl.sh, run with FUZZ_KEEP_GOING=1,"
case "$out" in *"stopping both"*) fail "afl.sh with FUZZ_KEEP_GOING=1 stopped at a crash: $out" ;; esac
case "$rc:$out" in 1:*"collecting every crash"*"found 3 crashes"*"make replay X=1 CRASH="*) ;;
*) fail "afl.sh with FUZZ_KEEP_GOING=1: exit $rc, expected 1 after 3 s with the 3 crashes counted; it printed: $out" ;; esac
line=$(printf '%s\n' "$out" | grep '^  replay it: make replay X=1 CRASH=')
pasted=$( (eval "set -- ${line#*CRASH=}" && [ $# = 1 ] && printf '%s' "$1") 2>/dev/null)
{ [ "${pasted%/*}" = "$dir/$work/crashes" ] && [ -f "$pasted" ]; } ||
    fail "afl.sh, crashes copied to '$dir/$work/crashes': the replay line's CRASH= does not paste into sh as one of them: $out"
# Killed from outside (SIGKILL, which it cannot trap, to its process group:
# a check's time limit at load), afl.sh leaves no instance behind: timeout(1)
# had put each in a process group of its own, and they fuzzed on, parent 1.
# Killed alone (its pid, not its group), it leaves no poller either: the
# poller waited for a done flag a killed afl.sh never writes.
# Here the FUZZ_KEEP_GOING=1 afl-fuzz above, told to run an hour.
# both_instances: two afl-fuzz processes marked $mark run.
both_instances() {
    [ "$(for p in $(fuzz/scripts/marked-pids.sh "$mark"); do cat "/proc/$p/comm"; done 2>/dev/null | grep -c '^afl-fuzz$')" = 2 ]
}
for whom in group pid; do
    pidfile=$dir/afl-killed.pid log=$dir/afl-killed.log
    rm -rf "$dir/afl-killed"
    # shellcheck disable=SC2016
    PATH=$dir/bin4:$PATH setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$pidfile" env "$mark" FUZZ_KEEP_GOING=1 \
        fuzz/scripts/afl.sh "$dir/out3" "$dir/no-seeds" "$dir/afl-killed" "$dir/afl-killed/crashes" 3600 "X=1" >"$log" 2>&1 &
    killed=$!
    wait_by_load 60 both_instances ||
        { kill -KILL "-$(cat "$pidfile")"; fail "afl.sh with a fake afl-fuzz did not start both instances: $(cat "$log")"; }
    case $whom in
    group) kill -KILL "-$(cat "$pidfile")" ;;
    pid) kill -KILL "$(cat "$pidfile")" ;;
    esac
    wait "$killed" 2>/dev/null
    await_none_left "$mark" || expect_none_left "$mark" "afl.sh, killed (SIGKILL to its $whom),"
done
# A target whose harness lost track of the allocator's mappings exits after
# writing its HARNESS ERROR line where afl.sh looks (fuzz/afl.c); afl-fuzz
# would fork the next and fuzz on half-blind. This afl-fuzz's main instance
# does that after a second, then runs its hour: the run stops on it, with
# FUZZ_KEEP_GOING=1 too, says why (the line escaped: it was printed raw),
# and is no clean run.
mkdir -p "$dir/bin7"
cat >"$dir/bin7/afl-fuzz" <<'EOF2'
#!/bin/sh
while [ $# -gt 0 ]; do
    case $1 in -M | -S) name=$2 ;; esac
    shift
done
trap 'exit 0' TERM
if [ "$name" = main ]; then
    sleep 1
    printf 'halloc-fuzz: HARNESS ERROR: table lost\033[2J: AFL++ stops rather than fuzz on half-blind\n' \
        >"$HALLOC_FUZZ_AFL_LOG/harness-error"
fi
sleep 3600 &
wait $!
EOF2
chmod +x "$dir/bin7/afl-fuzz"
stand_in bin7 1 afl-harness 3600 "afl.sh, stopped by the harness,"
case "$rc:$out" in
2:*"the harness stopped its target"*"stopping both"*"afl: halloc-fuzz: HARNESS ERROR: table lost\x1b[2J: AFL++ stops rather than fuzz on half-blind"*"FUZZ FAILED: the harness stopped AFL++ on a problem of its own, not on a finding in the allocator"*)
    case "$out" in *"no crashes"*) fail "afl.sh stopped by the harness said 'no crashes': $(name_shown "$out")" ;; esac ;;
*) fail "afl.sh, its target's harness stopped: exit $rc, expected 2 within seconds and the HARNESS ERROR line escaped; it printed: $(name_shown "$out")" ;;
esac
# An afl-fuzz that fails on its own: afl.sh prints its logs' tails, escaped
# (quote.sh's lines_shown), their names and an escape AFL++ printed too: they
# were printed raw, reaching the terminal. This afl-fuzz prints one and exits 3.
mkdir -p "$dir/bin8"
printf '#!/bin/sh\nprintf "\\033[31mred\\n"\nexit 3\n' >"$dir/bin8/afl-fuzz" && chmod +x "$dir/bin8/afl-fuzz"
printf '#!/bin/sh\nexit 0\n' >"$dir/out3/replay-cc" # its --einval count: none, its argument not echoed
stand_in bin8 0 "afl-fails$esc" 3600 "afl.sh, its afl-fuzz failing,"
case "$rc:$out" in
*"$esc"*) fail "afl.sh, its afl-fuzz failing with an escape in its log: printed raw: $(name_shown "$out")" ;;
1:*"==> $dir/afl-fails\\x1b/afl-main.log <=="*"\\x1b[31mred"*"FUZZ FAILED: afl-fuzz exited with status 3 (logs above)"*) ;;
*) fail "afl.sh, its afl-fuzz exiting 3: exit $rc, expected 1 and its logs' tails, escaped; it printed: $(name_shown "$out")" ;;
esac
# An afl-fuzz that runs on past its -V: afl.sh's guard stops it, and says
# which limit it was past (it was "exited with status 124").
mkdir -p "$dir/bin9"
printf '#!/bin/sh\ntrap "exit 0" TERM\nsleep 3600 &\nwait $!\n' >"$dir/bin9/afl-fuzz" && chmod +x "$dir/bin9/afl-fuzz"
stand_in bin9 0 afl-past-v 1 "afl.sh, its afl-fuzz running past -V," FUZZ_AFL_GUARD=1
case "$rc:$out" in
1:*"FUZZ FAILED: afl-fuzz was still running 1 s past its time limit (-V 1, FUZZ_TIME) and was stopped: AFL++ did not end on its own"*) ;;
*) fail "afl.sh, its afl-fuzz running past -V 1: exit $rc, expected 1 and the guard named; it printed: $(name_shown "$out")" ;;
esac
