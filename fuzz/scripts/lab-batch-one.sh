#!/bin/sh
# lab-batch-one.sh SUBMISSION NAME DIR: one row of make fuzz-lab-batch
# (lab-batch.sh runs it, under a time budget): the mm.c SUBMISSION staged in
# DIR/src/ with the headers beside it (so a path with blanks builds, and a
# later edit of the student's file does not change what the replay line
# builds), its MM_API detected, built, fuzzed from the seeds alone (a fresh
# corpus: every submission starts from the same inputs), the first finding
# named with its op, and the lab traces replayed when TRACES names some.
# Writes DIR/row, one tab-separated line (ROW_FIELDS in lab-batch.sh), and
# its logs beside it. Environment: MAKE, BUILD, FUZZ_TIME, BATCH_TIMEOUT
# (seconds an input may run), BATCH_LF_OPTS (libFuzzer's options), MM_API
# (empty: detected), TRACES, BATCH_MIN_INPUTS (fewer, and nothing found is
# "barely fuzzed"), BATCH_MEM_LIMIT_MB (MiB any step may hold),
# BATCH_BUDGET_SAID (the cause of a row stopped at its budget). SIGINT (the
# batch's ^C) and SIGTERM (its time budget, timeout's signal) end the row
# early, each said in it.
set -u
src=$1 name=$2 dir=$3
label=$(basename "$dir")
lab=fuzz/adapters/malloclab.c
rm -rf "$dir/src" && mkdir -p "$dir/src" || exit 2
# -p: an unchanged file keeps its time, so the binary of an earlier batch is not rebuilt.
cp -p "$src" "$dir/src/mm.c" || exit 2
for h in "$(dirname "$src")"/*.h; do [ -f "$h" ] && cp -p "$h" "$dir/src/"; done
srcs=$dir/src/mm.c
interrupted=0
trap 'interrupted=1' INT
trap 'interrupted=budget' TERM

# watch_mem, mem_capped, mem_cap_said: each step but the fuzzing (libFuzzer
# caps itself) under the batch's memory cap, BATCH_MEM_LIMIT_MB.
# shellcheck source=fuzz/scripts/mem-watch.sh
. "$(dirname "$0")"/mem-watch.sh
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh # with_traces, for_make: TRACES read as make bench reads it
# shellcheck source=fuzz/scripts/progress-said.sh
. "$(dirname "$0")"/progress-said.sh # stopped_replay_said

# The fields the row is made of; each step sets some.
api=${MM_API:-} builds=no finding="" op="-" cause="" seconds="-" crash="-" replay="-"
traces="-" util="-" kops="-" notes="" explain="" why=""

write_row() {
    # The staging folder is the same in every row: its path only pushes the line off the table.
    cause=$(printf '%s\n' "$cause" | sed "s|$PWD/$dir/src/||g; s|$dir/src/||g")
    case $interrupted in
    1) finding="interrupted" cause="stopped by ^C before it ended" ;;
    budget) finding="over its time budget" cause=${BATCH_BUDGET_SAID:-stopped at its time budget} ;;
    esac
    printf '%s\t' "$label" "$src" "${api:-?}" "$builds" "$finding" "$op" "$cause" "$seconds" "$crash" "$replay" \
        "$traces" "$util" "$kops" | tr -d '\n' >"$dir/row.tmp"
    printf '%s\n' "${notes:--}" >>"$dir/row.tmp"
    mv -f "$dir/row.tmp" "$dir/row"
    exit 0
}

add_note() { notes=${notes:+$notes; }$1; }

lab_make() {
    "$MAKE" --no-print-directory NAME="$name" TARGET="$lab" SRCS="$srcs" MM_API="$api" JOBS=1 FUZZ_KEEP_GOING= \
        FUZZ_LAB_SHARED="$shared" "$@"
}

# The adapter and memlib.c are objects every row shares (FUZZ_LAB_SHARED=1,
# fuzz/objects.mk), compiled without the -I of mm.c's folder, unless a
# header there reaches them (make fuzz-lab-batch-own-headers names it, or
# fails): then this row compiles its own, and its notes say why (own_why).
# A folder without headers needs no asking.
shared="" own_why=""
choose_shared() {
    shared=1 own_why=""
    set -- "$dir/src/"*.h
    [ -f "$1" ] || return 0
    reads=$(lab_make fuzz-lab-batch-own-headers 2>/dev/null)
    rc=$?
    [ "$rc" != 0 ] || [ -n "$reads" ] || return 0
    shared=""
    own_why="the harness's lab adapter and memlib.c were built for this row alone:"
    if [ "$rc" = 0 ]; then
        own_why="$own_why they read $(printf '%s\n' "$reads" | sed 's|.*/||' | paste -sd' ' -) of mm.c's folder, not the harness's or the system's"
    else
        own_why="$own_why they do not compile with mm.c's folder first on the include path (build.log)"
    fi
}

# The interface: the classic lab defines mm_malloc; the later one (checked)
# defines malloc & co. and bool mm_init or mm_checkheap. A build that fails
# to link an mm_* name is tried once with the other.
detect_api() {
    if grep -Eq '(^|[^A-Za-z0-9_])mm_malloc[[:space:]]*\(' "$srcs"; then echo classic
    elif grep -Eq 'bool[[:space:]]+mm_init|mm_checkheap[[:space:]]*\(' "$srcs"; then echo checked
    else echo classic; fi
}

build() {
    choose_shared
    lab_make "$BUILD/fuzz/$name/libfuzzer" >"$dir/build.log" 2>&1
}

# The compiler's warnings on the submission (its build goes on past them):
# kept beside the binary, so a batch that finds mm.c compiled already (its
# object, fuzz/objects.mk) says them too. The log names mm.c only when
# this build compiled it: its "CC" line, or its command under V=1.
note_warnings() {
    kept=$BUILD/fuzz/$name/mm-warnings
    # No build folder (a make that built nothing there): none to keep them
    # in for the next batch; this build's log is all.
    [ -d "$BUILD/fuzz/$name" ] || kept=$dir/warnings.log
    if grep -qF "$dir/src/mm.c" "$dir/build.log" || [ ! -f "$kept" ]; then
        grep -E "^$dir/src/[^:]*:[0-9]+:[0-9]+: warning: " "$dir/build.log" | sed "s|$dir/src/||" >"$kept"
    fi
    [ "$kept" = "$dir/warnings.log" ] || cp "$kept" "$dir/warnings.log"
    n=$(wc -l <"$kept")
    [ "$n" = 0 ] || add_note "$(counted "$n" "compiler warning"), the first: $(head -n 1 "$kept") (all: warnings.log)"
}

# The lab takes one mm.c: other C files in its folder are not built, and a
# link error naming their functions would not say so.
note_other_sources() {
    [ "$(basename "$src")" = mm.c ] || return 0
    others=""
    for c in "$(dirname "$src")"/*.c; do
        [ -f "$c" ] && [ "$(basename "$c")" != mm.c ] && others="$others $(basename "$c")"
    done
    [ -z "$others" ] || add_note "not built:$others (beside mm.c; the lab takes mm.c alone)"
}

build_with_fallback() {
    given=$api
    [ -n "$api" ] || api=$(detect_api)
    build && return 0
    [ -z "$given" ] && grep -q "undefined reference to .mm_" "$dir/build.log" || return 1
    api=$( [ "$api" = classic ] && echo checked || echo classic )
    build
}

# The compiler's or linker's first error, the staging directory left out.
# A name mm.c defines that the harness or memlib.c defines too (the
# linker's line names object files only, mm.c's among them) is said as
# such; so is a main() of mm.c's own, and static data too
# big to link (the linker's own words are "relocation truncated to fit").
first_build_error() {
    sym=$(sed -n "s/^.*multiple definition of .\([A-Za-z0-9_]*\)'.*/\1/p" "$dir/build.log" | head -n 1)
    # The linker names the file by its whole path (make's own, from /).
    at=$(sed -n 's|^.*/src/\(mm\.c:[0-9]*\):.*: relocation truncated to fit: .*|\1|p' "$dir/build.log" | head -n 1)
    [ -z "$sym" ] && [ -n "$at" ] && sym=-relocation
    case $sym in
    -relocation) echo "mm.c's static data is too big to link ($at: relocation truncated to fit, past the 2 GiB the code can reach): a huge static array; take memory from mem_sbrk instead" ;;
    "") line=$(grep -m1 -E ': (fatal )?error: |undefined reference to |^make: \*\*\*' "$dir/build.log")
        printf '%s\n' "${line:-the build failed (see $dir/build.log)}" | sed "s|$dir/src/||g" ;;
    main) echo "mm.c defines main(), as the fuzzer does (and the lab's driver, mdriver.c): delete it from mm.c or put it under #ifdef" ;;
    *) echo "mm.c defines $sym, a name the fuzzing harness or the lab's memlib.c defines too: rename it in mm.c, or make it static" ;;
    esac
}

# The text of op #N of INPUT, from the trace tool's text (its op lines only).
op_text() {
    "$BUILD/fuzz/trace-tool" to-text "$1" 2>/dev/null | grep -Ev '^(version|#|$)' | sed -n "$(($2 + 1))p" | sed 's/ *#.*//'
}

# A signal (the allocator's abort(), a failed assert()): the harness's
# "CRASH (SIGNAME: why) at op #N: op" line names all three.
signal_report() {
    line=$(grep -m1 '^halloc-fuzz: CRASH (' "$dir/report")
    finding=$(printf '%s\n' "$line" | sed -n 's/^halloc-fuzz: CRASH (\([A-Z0-9]*\).*/\1/p')
    finding=${finding:-signal}
    cause=$(printf '%s\n' "$line" | sed -n 's/^halloc-fuzz: CRASH ([A-Z0-9]*: \(.*\)) at op #.*/\1/p')
    op=$(printf '%s\n' "$line" | sed -n 's/^.*) at \(op #[0-9]*: .*\)$/\1/p')
    op=${op:--}
    # A failed assert() printed its file, line, function and expression
    # (glibc: "PROGRAM: mm.c:12: mm_malloc: Assertion `x' failed.") before the abort.
    asserted=$(sed -n "s/^.*: \([^ :]*:[0-9]*: [^:]*: Assertion .*' failed\.\)\$/\1/p" "$dir/fuzz.log" | tail -n 1)
    [ -z "$asserted" ] || { finding="assert failed" cause=$asserted; }
    init_failed_report
}

# The adapter's line on an mm_init that failed (the harness then aborts,
# and libfuzzer.sh re-prints its "could not create a heap" report alone).
init_failed_report() {
    init_failed=$(sed -n 's/^malloclab: //p' "$dir/fuzz.log" | head -n 1)
    [ -z "$init_failed" ] || { finding="mm_init failed" cause=$init_failed op="mm_init (create)"; }
}

# UBSan's SUMMARY line ends "mm.c:58:15 in " with no function, and says
# nothing of what was undefined: the report's next lines have both
# ("  runtime error: ...", "  in prev_block .../mm.c:58:15 (the first frame ...").
ubsan_cause() {
    case $cause in *" in ") ;; *) return ;; esac
    fn=$(sed -n 's/^  in \([^ ]*\) .*(the first frame of the stack above.*/\1/p' "$dir/report" | head -n 1)
    what=$(sed -n 's/^  runtime error: //p' "$dir/report" | head -n 1)
    cause="${cause% in }${fn:+ in $fn}${what:+: $what}"
}

# A SUMMARY that names only the sanitizer's own function, its place a module
# and offset ("memcpy-param-overlap (.../libfuzzer+0x128f24) (BuildId: ...)
# in __asan_memcpy"): the submission's line is libfuzzer.sh's "called from"
# line under it, put as a SUMMARY puts a place ("mm.c:152:5 in mm_realloc").
interceptor_cause() {
    case $cause in "("*"+0x"*) ;; *) return ;; esac
    called=$(sed -n '3s/^  called from \([^ ]*\) \([^ ]*\) (the first frame of the stack above.*/\2 in \1/p' "$dir/report")
    [ -z "$called" ] || cause=${called##*/}
}

# The harness's explanation of a sanitizer's or a signal's finding, which its
# report prints under the table of ops ("likely cause: ...", UBSan's address
# placed among a live block's bytes), after the cause in its short form
# (report-why.sh), cut as the lab traces' column is: why, in the row.
add_why() {
    why=$(fuzz/scripts/report-why.sh "$1" | cut -c1-160)
    [ -z "$why" ] || cause="$cause; $why"
}

# libFuzzer's out-of-memory: its SUMMARY says no more; the ERROR line has
# the figures ("(used: 560Mb; limit: 512Mb)").
out_of_memory() {
    used=$(sed -n 's/^==[0-9]*== ERROR: libFuzzer: out-of-memory \(.*\)$/\1/p' "$dir/fuzz.log" | head -n 1)
    finding=out-of-memory
    cause="the fuzzer passed the batch's $BATCH_MEM_LIMIT_MB MiB memory cap${used:+ $used}: mm.c takes memory outside memlib's heap (malloc, mmap, a big static array) without bound"
}

# A libFuzzer that hung in its report and was killed (libfuzzer.sh's
# stuck-watch.sh) saved no input: its ERROR line is the finding, and the
# input is the one libfuzzer.sh's rerun of the corpus saved, if it did.
hung_in_report() {
    error=$(sed -n 's/^==[0-9]*== \{0,1\}ERROR: //p' "$dir/fuzz.log" | head -n 1)
    case $error in
    "libFuzzer: out-of-memory"*) out_of_memory ;;
    "") finding="fuzzer hung" cause="libFuzzer hung with every thread stopped, before any report" ;;
    *) finding=$(printf '%s\n' "$error" | sed 's/^[A-Za-z]*: \([^ ]*\).*/\1/') cause=$error ;;
    esac
    rerun='^fuzz: the corpus run once more with the leak check off (-detect_leaks=0) saved the input: \(.*\); replay it: \(make replay .*\)$'
    crash=$(sed -n "s/$rerun/\\1/p" "$dir/fuzz.log" | tail -n 1) replay=$(sed -n "s/$rerun/\\2/p" "$dir/fuzz.log" | tail -n 1)
    if [ -n "$crash" ] && [ -n "$replay" ]; then
        cause="$cause; libFuzzer then hung in its report and was killed, and the corpus run once more saved the input (fuzz.log)"
    else
        cause="$cause; libFuzzer then hung in its report and was killed, so no input was saved (fuzz.log)"
        crash=- replay=-
    fi
}

# What the report that stopped the fuzzer names (libfuzzer.sh re-prints it
# under its "---- what stopped the run" line): the finding, the op, a cause.
read_fuzz_report() {
    sed -n '/^---- what stopped the run/,$p' "$dir/fuzz.log" >"$dir/report"
    head=$(sed -n 2p "$dir/report")
    case $head in
    "halloc-fuzz: ORACLE "*)
        finding=$(printf '%s\n' "$head" | sed 's/^halloc-fuzz: ORACLE \([^ ]*\).*/\1/')
        op=$(printf '%s\n' "$head" | sed -n 's/^.* fired at \(op #[0-9]*: .*\)$/\1/p')
        cause=$(grep -m1 '^  cause: ' "$dir/report" || grep -m1 '^  what: ' "$dir/report")
        cause=$(printf '%s\n' "$cause" | sed 's/^  [a-z]*: *//') ;;
    "halloc-fuzz: adapter "*" could not create a heap "*)
        finding="create() failed" cause=${head#halloc-fuzz: } op="create"
        init_failed_report ;;
    "SUMMARY: libFuzzer: timeout"*) finding=hang cause="an input ran past ${BATCH_TIMEOUT} s" ;;
    "SUMMARY: libFuzzer: fuzz target exited"*) finding="exit() called" cause="the allocator ended the process (exit(), which the lab's driver would not survive either)" ;;
    "SUMMARY: libFuzzer: deadly signal"*) signal_report; explain=yes ;;
    "SUMMARY: "*" leaked "*) finding=leak cause=${head#SUMMARY: *: } ;;
    "SUMMARY: libFuzzer: out-of-memory"*) out_of_memory ;;
    "SUMMARY: "*)
        finding=$(printf '%s\n' "$head" | sed 's/^SUMMARY: [A-Za-z]*: \([^ ]*\).*/\1/')
        cause=$(printf '%s\n' "$head" | sed 's/^SUMMARY: [A-Za-z]*: [^ ]* *//')
        interceptor_cause
        cause=$(printf '%s\n' "$cause" | sed 's|[^ ]*/||')
        ubsan_cause; explain=yes ;;
    *) finding="crash" cause=$head ;;
    esac
    # libfuzzer.sh's line under a SUMMARY: the allocator's frame it stopped in.
    frame=$(sed -n '3s/^  \(.*\) (the first frame of the stack above.*/\1/p' "$dir/report")
    case $head in "SUMMARY: libFuzzer: fuzz target exited"*) ;; "SUMMARY: libFuzzer: "[!d]*) [ -z "$frame" ] || cause="$cause: $frame" ;; esac
    # A cause that names no line of the submission (a hang in write(),
    # exit()'s own frames): the first frame of the last stack that does.
    case $cause in *"$dir/src/"* | *"mm.c:"[0-9]*) ;; *)
        mine=$(awk -v src="$dir/src/" '/^==[0-9]+== ?ERROR: / { first = "" }
            first == "" && /^ *#[0-9]+ 0x[0-9a-f]+ in / && index($0, src) { first = $4 " " $5 } END { print first }' "$dir/fuzz.log")
        [ -z "$mine" ] || cause="$cause, from $mine" ;;
    esac
    where=$(grep -m1 '^halloc-fuzz: .* raised \(in\|at\) ' "$dir/report" | sed 's/^.* raised //')
    case $where in "in create") op="mm_init (create)" ;; "at op #"*) op=${where#at } ;; esac
    [ "$cause" != "" ] || cause=$head
    [ -z "$explain" ] || add_why "$dir/report"
}

# An op the fuzzer's report does not name (a hang, exit()): the replay
# driver prints each op as it starts and the op its run stopped at (and
# its report the why the fuzzer's may not have had).
op_from_replay() {
    lab_make "$BUILD/fuzz/$name/replay-cc" >>"$dir/build.log" 2>&1 || return 0
    # A guard past the replay's own -t and its 30 s backstop after it.
    guard=$((BATCH_TIMEOUT * 2 + 30))
    mem_capped timeout "$guard" "$BUILD/fuzz/$name/replay-cc" -v -t "$BATCH_TIMEOUT" "$crash" \
        >"$dir/replay.log" 2>&1 </dev/null
    [ $? != 124 ] || add_note "the replay of the saved input was still running after $guard s (2 x FUZZ_INPUT_TIMEOUT + 30), and was stopped, its op unknown (replay.log)"
    capped=$(mem_cap_said)
    [ -z "$capped" ] || add_note "in the replay of the saved input, $capped (replay.log)"
    [ -z "$explain" ] || [ -n "$why" ] || add_why "$dir/replay.log"
    n=$(sed -n 's/^# the run stopped at op #\([0-9]*\),.*/\1/p' "$dir/replay.log" | head -n 1)
    if grep -q '^halloc-fuzz: TIMEOUT' "$dir/replay.log"; then
        finding=hang
        op=$(sed -n 's/^halloc-fuzz: TIMEOUT .* at \(op #[0-9]*: .*\)$/\1/p; s/^halloc-fuzz: TIMEOUT .* in create$/mm_init (create)/p' \
            "$dir/replay.log" | head -n 1)
    elif [ -n "$n" ]; then
        op="op #$n: $(op_text "$crash" "$n")"
    fi
}

# The first file in DIRS that reached the batch's file-size limit (its
# writer was stopped there by SIGXFSZ), its path less the row's folder.
over_file_limit() {
    find "$@" -maxdepth 1 -type f -size +$((${BATCH_FILE_LIMIT_MB:-64} * 1024 - 1))k 2>/dev/null | head -n 1 |
        sed "s|^$dir/||"
}

# Copies make fuzz's output, noting when libFuzzer starts (libfuzzer.sh's
# "fuzz: NAME: corpus" line): the time to a finding counts from there, not
# from make's start-up and the seeds (seconds on a busy machine). It outlives
# a ^C, to keep what libfuzzer.sh prints then.
# The shell reads a pipe a byte at a time: past the start line, cat copies
# the rest, or an allocator that prints to stderr at every call is slowed
# into a "hang". (An awk noted the start seconds late: mawk fills its buffer.)
note_start() {
    trap '' INT TERM
    while IFS= read -r line || [ -n "$line" ]; do
        printf '%s\n' "$line"
        case $line in "fuzz: $name: corpus "*) date +%s >"$dir/fuzz.started" && break ;; esac
    done
    exec cat
}

# Nothing found in fewer than BATCH_MIN_INPUTS inputs (the seeds among them)
# says little: a slow mm.c (a sleep, a walk of the whole heap at every call)
# gets that few through in FUZZ_TIME, and a clean row would read as well
# tested as a fast one's. The row says so, and what FUZZ_TIME would reach
# the floor at its rate. A finding stays what it is.
barely_fuzzed() {
    runs=$(sed -n 's/^fuzz: nothing found: fuzzed [0-9]* s, \([0-9]*\) inputs.*/\1/p' "$dir/fuzz.log" | tail -n 1)
    secs=$(sed -n 's/^fuzz: nothing found: fuzzed \([0-9]*\) s, .*/\1/p' "$dir/fuzz.log" | tail -n 1)
    [ -n "$runs" ] && [ "$runs" -lt "$BATCH_MIN_INPUTS" ] || return 0
    [ "${secs:-0}" -gt 0 ] || secs=1
    finding="barely fuzzed"
    reach="mm.c ran no input to its end"
    [ "$runs" = 0 ] || reach="at its rate FUZZ_TIME=$(((BATCH_MIN_INPUTS * secs + runs - 1) / runs)) would reach the floor"
    cause="nothing found, but in only ${cause#nothing found: }, under the batch's floor of $BATCH_MIN_INPUTS inputs (FUZZ_BATCH_MIN_INPUTS): too few to call it clean; $reach, or see what makes mm.c slow (a sleep, a walk of the whole heap at every call)"
}

fuzz() {
    rm -rf "$BUILD/fuzz-work/$name/corpus" "$dir/fuzz.rc" "$dir/fuzz.started"
    # make fuzz itself makes crashes/ in the first row of a fresh checkout: not the student's doing.
    mkdir -p crashes
    find . -mindepth 1 -maxdepth 1 | sort >"$dir/top-before"
    { lab_make fuzz FUZZ_TIME="$FUZZ_TIME" FUZZ_LF_OPTS="$BATCH_LF_OPTS -rss_limit_mb=$BATCH_MEM_LIMIT_MB" 2>&1
        echo $? >"$dir/fuzz.rc"; } |
        note_start >"$dir/fuzz.log"
    rc=$(cat "$dir/fuzz.rc" 2>/dev/null || echo 130)
    # No start noted: libFuzzer never ran (stopped before it, or a make error).
    started=$(cat "$dir/fuzz.started" 2>/dev/null) && seconds=$(($(date +%s) - started))
    left=$(find . -mindepth 1 -maxdepth 1 | sort | comm -13 "$dir/top-before" - | sed 's|^\./||' | tr '\n' ' ')
    [ -z "$left" ] || add_note "left in the top directory: ${left% }"
    [ "$interrupted" = 0 ] || write_row
    big=$(over_file_limit "$dir" "crashes/$name")
    if [ -n "$big" ]; then
        finding="too much output"
        cause="$big reached the batch's $BATCH_FILE_LIMIT_MB MiB file-size limit and the fuzzer was stopped: mm.c prints at every call (stderr; stdout is closed while fuzzing): take its debug output out"
        return
    fi
    # Output short of the limit still slows the fuzzer (its inputs are fewer): said.
    printed=$(($(stat -c %s "crashes/$name/libfuzzer.log" 2>/dev/null || echo 0) >> 20))
    [ "$printed" -lt 1 ] ||
        add_note "mm.c's output to stderr filled $printed MiB of crashes/$name/libfuzzer.log while fuzzing, which slows it: take its debug output out"
    if [ "$rc" = 0 ] && grep -q '^fuzz: nothing found' "$dir/fuzz.log"; then
        finding=clean
        cause=$(sed -n 's/^fuzz: nothing found: fuzzed \([^,]*\), \([^,]*\), .*/nothing found: \2 in \1/p' "$dir/fuzz.log")
        barely_fuzzed
        return
    fi
    crash=$(sed -n 's/^fuzz: the input is \(.*\)$/\1/p' "$dir/fuzz.log" | tail -n 1)
    replay=$(sed -n 's/^fuzz: replay the input libFuzzer saved: \(make replay .*\)$/\1/p' "$dir/fuzz.log" | tail -n 1)
    if [ -z "$crash" ] && grep -q '^fuzz: libFuzzer hung in its report' "$dir/fuzz.log"; then
        hung_in_report
        return
    fi
    if [ -z "$crash" ]; then
        finding="fuzzer failed" cause=$(grep -E '^fuzz: |ERROR' "$dir/fuzz.log" | tail -n 1)
        cause=${cause:-see $dir/fuzz.log}
        crash=- replay=-
        return
    fi
    # Until the input was saved (the replay below, which names the op, comes after).
    [ -z "$started" ] || seconds=$(($(stat -c %Y "$crash" 2>/dev/null || date +%s) - started))
    read_fuzz_report
    # The input timeout fired in a sanitizer's report, whose rest libfuzzer.sh got by running it again.
    ! grep -q "^fuzz: libFuzzer's -timeout fired while " "$dir/fuzz.log" ||
        add_note "the input timeout ($BATCH_TIMEOUT s) fired while the fuzzer wrote its report, which then hung and was killed: the report is the saved input's, run again alone (fuzz.log)"
    # An out-of-memory input run alone most often stays under the cap (the
    # memory grew over the inputs before it: libfuzzer.sh says so), and a
    # replay that does not would only fill memory again up to the cap.
    [ "$op" != "-" ] || [ "$finding" = out-of-memory ] || op_from_replay
    flood_past_timeout
    slow_not_stuck
}

# A hang whose TIMEOUT line (the fuzzer's, or the replay's) saw ops move in
# its last moments: every op ends, the input as a whole runs past the
# limit. Slow, not stuck: a longer limit lets it finish. (The replay tells
# the two apart only for a program on the CPU a tenth of the time or more.)
slow_not_stuck() {
    [ "$finding" = hang ] || return 0
    grep -q '^halloc-fuzz: TIMEOUT (still running after [0-9]* s, but no op is stuck' "$dir/fuzz.log" "$dir/replay.log" \
        2>/dev/null || return 0
    cause="$cause; slow, but no op stuck (fuzz.log): a larger FUZZ_INPUT_TIMEOUT lets it finish"
}

# An allocator that prints at every call writes, while fuzzing, into a pipe
# that libfuzzer.sh's filter drains at its own pace (slower the longer a
# line without a newline grows): on a busy machine an input can wait on it
# past BATCH_TIMEOUT before the log reaches the file-size limit, and read as
# a hang. Its replay writes to a file: when that runs the input to its end
# (or to the limit) and the input printed at least 1 MiB, the flood is the
# finding, as it is when the log reaches the limit first.
flood_past_timeout() {
    [ "$finding" = hang ] && [ -f "$dir/replay.log" ] || return 0
    # Unanchored: mm.c's output has no newline of its own before the harness's.
    ! grep -q 'halloc-fuzz: TIMEOUT' "$dir/replay.log" || return 0
    mib=$(($(stat -c %s "$dir/replay.log") >> 20))
    if [ "$(over_file_limit "$dir")" = replay.log ]; then
        cause="an input ran past $BATCH_TIMEOUT s while fuzzing, and its replay's log (replay.log) reached the batch's $BATCH_FILE_LIMIT_MB MiB file-size limit"
    elif [ "$mib" -ge 1 ] && grep -qF "replay: $crash: ok (" "$dir/replay.log"; then
        cause="an input ran past $BATCH_TIMEOUT s while fuzzing, printing to stderr, which reaches the log through a pipe; replayed into a file it ran to its end, printing $mib MiB (replay.log)"
    else
        return 0
    fi
    finding="too much output" op=-
    cause="$cause: mm.c prints at every call (stderr; stdout is closed while fuzzing): take its debug output out"
}

# The lab traces: every oracle on each (verify-traces), then, if clean,
# utilization and throughput of the plain build (make bench's adapter row).
lab_traces() {
    # A flood of output would only fill the traces' log as it filled the fuzzer's.
    [ -n "${TRACES:-}" ] && [ "$finding" != "too much output" ] || return 0
    # verify-traces' and the bench's limit each (bench -t too): a trace
    # that runs longer hung, or is too slow for it, as its progress lines tell.
    limit=$((BATCH_TIMEOUT * 5 + 60))
    limit_said="still running after $limit s (5 x FUZZ_INPUT_TIMEOUT + 60), and stopped"
    mem_capped timeout "$limit" "$MAKE" --no-print-directory NAME="$name" TARGET="$lab" SRCS="$srcs" MM_API="$api" \
        FUZZ_LAB_SHARED="$shared" TRACES="$(for_make "$TRACES")" verify-traces >"$dir/traces.log" 2>&1 </dev/null
    rc=$?
    capped=$(mem_cap_said)
    [ -z "$capped" ] || { traces="FAIL: $capped" && return; }
    big=$(over_file_limit "$dir")
    [ -z "$big" ] || { traces="FAIL: $big reached the batch's $BATCH_FILE_LIMIT_MB MiB file-size limit (mm.c prints at every call; stdout is kept here): take its debug output out" && return; }
    case $rc in
    0) traces=clean ;;
    124) traces="FAIL: $limit_said: $(stopped_replay_said "$dir/traces.log") (traces.log)" && return ;;
    *) traces=$(sed -n "s/^.*: \([^ :]*:[0-9]*: [^:]*: Assertion .*' failed\.\)\$/\1/p" "$dir/traces.log" | head -n 1)
        # The adapter's own words (an mm_init that failed), else verify-traces' or a sanitizer's.
        [ -n "$traces" ] || traces=$(grep -m1 -E '^malloclab: ' "$dir/traces.log" ||
            grep -m1 -E 'FAIL|ORACLE|ERROR|error:|stopped' "$dir/traces.log" || echo "see $dir/traces.log")
        traces="FAIL: $(printf '%s\n' "$traces" | sed "s/^verify-traces: FAIL //; s/^malloclab: //; s|$dir/src/||g" | cut -c1-160)" && return ;;
    esac
    lab_make bench-adapter-build >"$dir/bench.log" 2>&1 || return 0
    with_traces mem_capped timeout "$limit" "$BUILD/bench/adapter/$name/bench" -n -r 1 -t "$limit" -- >>"$dir/bench.log" 2>&1 </dev/null
    [ $? != 124 ] || { add_note "no utilization: the bench was $limit_said: $(stopped_replay_said "$dir/bench.log") (bench.log)" && return 0; }
    capped=$(mem_cap_said)
    [ -z "$capped" ] || { add_note "no utilization: in the bench, $capped" && return 0; }
    # The "yours" rows: yours, ops, ns/op, utilization, from the header's
    # alloc column on (a trace's name, its first column, may hold blanks).
    res=$(awk '/^workload +alloc / { col = index($0, " alloc ") + 1; next }
        col && substr($0, col, 6) == "yours " && split(substr($0, col), f, " ") >= 4 && f[4] ~ /%$/ { n++; u += f[4]; ns += f[3] }
        END { if (n) printf "%.1f%% %.0f\n", u / n, 1e6 / (ns / n) }' "$dir/bench.log")
    [ -z "$res" ] || { util=${res% *} kops=${res#* }; }
    # No figures: the bench's FAILED row says why (a heap that never frees runs out of MEMLIB_MAX_HEAP).
    failed=$(sed -n 's/^.* yours *FAILED: //p' "$dir/bench.log" | head -n 1)
    [ -z "$failed" ] || add_note "no utilization: the bench failed: $failed"
}

note_other_sources
build_with_fallback
built=$?
[ -z "$own_why" ] || add_note "$own_why"
if [ "$built" != 0 ]; then
    [ "$interrupted" = 0 ] || write_row
    finding="does not build" cause=$(first_build_error)
    write_row
fi
builds=yes
note_warnings
[ "$interrupted" = 0 ] || write_row
fuzz
[ "$interrupted" = 0 ] || write_row
lab_traces
write_row
