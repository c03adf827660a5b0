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
# (empty: detected), TRACES. SIGINT (the batch's ^C) and SIGTERM (its time
# budget, timeout's signal) end the row early, each said in it.
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

# The fields the row is made of; each step sets some.
api=${MM_API:-} builds=no finding="" op="-" cause="" seconds="-" crash="-" replay="-"
traces="-" util="-" kops="-" notes=""

write_row() {
    # The staging folder is the same in every row: its path only pushes the line off the table.
    cause=$(printf '%s\n' "$cause" | sed "s|$PWD/$dir/src/||g; s|$dir/src/||g")
    case $interrupted in
    1) finding="interrupted" cause="stopped by ^C before it ended" ;;
    budget) finding="over its time budget" cause="stopped after ${BATCH_BUDGET:-its} s (build, fuzz, replays and traces)" ;;
    esac
    printf '%s\t' "$label" "$src" "${api:-?}" "$builds" "$finding" "$op" "$cause" "$seconds" "$crash" "$replay" \
        "$traces" "$util" "$kops" | tr -d '\n' >"$dir/row.tmp"
    printf '%s\n' "${notes:--}" >>"$dir/row.tmp"
    mv -f "$dir/row.tmp" "$dir/row"
    exit 0
}

lab_make() {
    "$MAKE" --no-print-directory NAME="$name" TARGET="$lab" SRCS="$srcs" MM_API="$api" JOBS=1 FUZZ_KEEP_GOING= "$@"
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
    lab_make "$BUILD/fuzz/$name/libfuzzer" >"$dir/build.log" 2>&1
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
first_build_error() {
    line=$(grep -m1 -E ': (fatal )?error: |undefined reference to |^make: \*\*\*' "$dir/build.log")
    printf '%s\n' "${line:-the build failed (see $dir/build.log)}" | sed "s|$dir/src/||g"
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
    "SUMMARY: libFuzzer: timeout"*) finding=hang cause="an input ran past ${BATCH_TIMEOUT} s" ;;
    "SUMMARY: libFuzzer: fuzz target exited"*) finding="exit() called" cause="the allocator ended the process" ;;
    "SUMMARY: libFuzzer: deadly signal"*) signal_report ;;
    "SUMMARY: "*" leaked "*) finding=leak cause=${head#SUMMARY: *: } ;;
    "SUMMARY: "*)
        finding=$(printf '%s\n' "$head" | sed 's/^SUMMARY: [A-Za-z]*: \([^ ]*\).*/\1/')
        cause=$(printf '%s\n' "$head" | sed 's/^SUMMARY: [A-Za-z]*: [^ ]* *//; s|[^ ]*/||')
        ubsan_cause ;;
    *) finding="crash" cause=$head ;;
    esac
    # libfuzzer.sh's line under a SUMMARY: the allocator's frame it stopped in.
    frame=$(sed -n '3s/^  \(.*\) (the first frame of the stack above.*/\1/p' "$dir/report")
    case $head in "SUMMARY: libFuzzer: "[!d]*) [ -z "$frame" ] || cause="$cause: $frame" ;; esac
    where=$(grep -m1 '^halloc-fuzz: .* raised \(in\|at\) ' "$dir/report" | sed 's/^.* raised //')
    case $where in "in create") op="mm_init (create)" ;; "at op #"*) op=${where#at } ;; esac
    [ "$cause" != "" ] || cause=$head
}

# An op the fuzzer's report does not name (a hang, exit()): the replay
# driver prints each op as it starts and the op its run stopped at.
op_from_replay() {
    lab_make "$BUILD/fuzz/$name/replay-cc" >>"$dir/build.log" 2>&1 || return 0
    timeout $((BATCH_TIMEOUT * 2 + 30)) "$BUILD/fuzz/$name/replay-cc" -v -t "$BATCH_TIMEOUT" "$crash" \
        >"$dir/replay.log" 2>&1 </dev/null
    n=$(sed -n 's/^# the run stopped at op #\([0-9]*\),.*/\1/p' "$dir/replay.log" | head -n 1)
    if grep -q '^halloc-fuzz: TIMEOUT' "$dir/replay.log"; then
        finding=hang
        op=$(sed -n 's/^halloc-fuzz: TIMEOUT .* at \(op #[0-9]*: .*\)$/\1/p' "$dir/replay.log" | head -n 1)
    elif [ -n "$n" ]; then
        op="op #$n: $(op_text "$crash" "$n")"
    fi
}

# Copies make fuzz's output, noting when libFuzzer starts (libfuzzer.sh's
# "fuzz: NAME: corpus" line): the time to a finding counts from there, not
# from make's start-up and the seeds (seconds on a busy machine). It outlives
# a ^C, to keep what libfuzzer.sh prints then.
note_start() {
    trap '' INT TERM
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in "fuzz: $name: corpus "*) date +%s >"$dir/fuzz.started" ;; esac
        printf '%s\n' "$line"
    done
}

fuzz() {
    rm -rf "$BUILD/fuzz-work/$name/corpus" "$dir/fuzz.rc" "$dir/fuzz.started"
    # make fuzz itself makes crashes/ in the first row of a fresh checkout: not the student's doing.
    mkdir -p crashes
    find . -mindepth 1 -maxdepth 1 | sort >"$dir/top-before"
    { lab_make fuzz FUZZ_TIME="$FUZZ_TIME" FUZZ_LF_OPTS="$BATCH_LF_OPTS" 2>&1; echo $? >"$dir/fuzz.rc"; } |
        note_start >"$dir/fuzz.log"
    rc=$(cat "$dir/fuzz.rc" 2>/dev/null || echo 130)
    # No start noted: libFuzzer never ran (stopped before it, or a make error).
    started=$(cat "$dir/fuzz.started" 2>/dev/null) && seconds=$(($(date +%s) - started))
    left=$(find . -mindepth 1 -maxdepth 1 | sort | comm -13 "$dir/top-before" - | sed 's|^\./||' | tr '\n' ' ')
    [ -z "$left" ] || notes="left in the top directory: ${left% }"
    [ "$interrupted" = 0 ] || write_row
    if [ "$rc" = 0 ] && grep -q '^fuzz: nothing found' "$dir/fuzz.log"; then
        finding=clean
        cause=$(sed -n 's/^fuzz: nothing found: fuzzed \([^,]*\), \([^,]*\), .*/nothing found: \2 in \1/p' "$dir/fuzz.log")
        return
    fi
    crash=$(sed -n 's/^fuzz: the input is \(.*\)$/\1/p' "$dir/fuzz.log" | tail -n 1)
    replay=$(sed -n 's/^fuzz: replay the input libFuzzer saved: \(make replay .*\)$/\1/p' "$dir/fuzz.log" | tail -n 1)
    if [ -z "$crash" ]; then
        finding="fuzzer failed" cause=$(grep -E '^fuzz: |ERROR' "$dir/fuzz.log" | tail -n 1)
        cause=${cause:-see $dir/fuzz.log}
        crash=- replay=-
        return
    fi
    # Until the input was saved (the replay below, which names the op, comes after).
    [ -z "$started" ] || seconds=$(($(stat -c %Y "$crash" 2>/dev/null || date +%s) - started))
    read_fuzz_report
    [ "$op" != "-" ] || op_from_replay
}

# The lab traces: every oracle on each (verify-traces), then, if clean,
# utilization and throughput of the plain build (make bench's adapter row).
lab_traces() {
    [ -n "${TRACES:-}" ] || return 0
    limit=$((BATCH_TIMEOUT * 5 + 60))
    timeout "$limit" "$MAKE" --no-print-directory NAME="$name" TARGET="$lab" SRCS="$srcs" MM_API="$api" \
        TRACES="$TRACES" verify-traces >"$dir/traces.log" 2>&1 </dev/null
    case $? in
    0) traces=clean ;;
    124) traces="FAIL: still running after $limit s (a hang?)" && return ;;
    *) traces=$(grep -m1 -E 'FAIL|ORACLE|ERROR|error:|stopped' "$dir/traces.log" || echo "see $dir/traces.log")
        traces="FAIL: $(printf '%s\n' "$traces" | sed 's/^verify-traces: FAIL //' | cut -c1-160)" && return ;;
    esac
    lab_make bench-adapter-build >"$dir/bench.log" 2>&1 || return 0
    # shellcheck disable=SC2086 # TRACES is a list of paths
    timeout "$limit" "$BUILD/bench/adapter/$name/bench" -n -r 1 -t "$limit" -- $TRACES >>"$dir/bench.log" 2>&1 </dev/null
    # The "yours" rows: name, yours, ops, ns/op, utilization.
    res=$(awk '$2 == "yours" && $5 ~ /%$/ { n++; u += $5; ns += $4 } END { if (n) printf "%.1f%% %.0f\n", u / n, 1e6 / (ns / n) }' \
        "$dir/bench.log")
    [ -z "$res" ] || { util=${res% *} kops=${res#* }; }
}

if ! build_with_fallback; then
    [ "$interrupted" = 0 ] || write_row
    finding="does not build" cause=$(first_build_error)
    write_row
fi
builds=yes
[ "$interrupted" = 0 ] || write_row
fuzz
[ "$interrupted" = 0 ] || write_row
lab_traces
write_row
