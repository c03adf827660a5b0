#!/bin/sh
# check-libfuzzer-ends.sh: fuzz-check-make-vars' checks of how
# fuzz/scripts/libfuzzer.sh ends a run (and minimize.sh a failed shrink,
# bounded.sh and merge.sh a failing engine's, its log's tail escaped),
# over fuzz/selftest/fake-libfuzzer.sh, a stand-in for a libFuzzer binary:
# the input saved and its replay line, the runs that saved none, the
# killed, interrupted and clean ones, and a second run of one build
# refused (what it re-prints of each kind of finding, with the allocator's
# frame and a likely cause: check-libfuzzer-stops.sh). check-make-vars.sh
# runs both, its build lanes beside; BUILD and FUZZ_TOOL (the trace tool
# minimize.sh reads crashes with) from it.
set -u
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env FUZZ_TOOL
check_name=check-libfuzzer-ends
# shellcheck source=fuzz/scripts/fake-libfuzzer-dir.sh
. fuzz/scripts/fake-libfuzzer-dir.sh # fail, dir and fake
# The guards of runs that are to end by themselves, and the waits, follow the load.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
# libfuzzer.sh names the input this run saved (not an older one in the
# directory), ends a failing run with the harness's report re-printed from
# its log, then the input and the replay line; says so when a failing run
# saved none; on success prints only the command, with libFuzzer's
# recommended dictionary reduced to one line (the log keeps it).
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
