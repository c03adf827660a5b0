#!/bin/sh
# lab-batch.sh OUTDIR PATTERN...: make fuzz-lab-batch. Every malloc-lab mm.c
# the shell PATTERNs name (sorted bytewise, so the order is the same on every
# machine) is built and fuzzed for FUZZ_TIME seconds by lab-batch-one.sh, up
# to JOBS at once, each under its own NAME (lab-LABEL: the file's directory,
# or its name when it is not mm.c) and a time budget; one failing, hanging or
# crashing submission is a row, not a stop. The table goes to the screen and
# to OUTDIR/summary.tsv; ^C stops the running ones and prints the rows so
# far. Environment: MAKE, BUILD, FUZZ_TIME, JOBS, BATCH_TIMEOUT, BATCH_SEED,
# BATCH_LF_OPTS, MM_API, TRACES, BATCH_MIN_INPUTS (passed on to
# lab-batch-one.sh).
set -u
# shellcheck source=tools/makeflags.sh # run from the top of the tree, as make does
. tools/makeflags.sh
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh # name_shown, say: a refusal names the user's value escaped
make_dry_run "fuzz/scripts/lab-batch.sh $1 (build and fuzz each submission, one table row each)"
LC_ALL=C
export LC_ALL
outdir=$1
shift
one=$(dirname "$0")/lab-batch-one.sh
jobs=${JOBS:-1}
# Build, fuzz, the replays that name an op, the traces: past this a row is stopped.
budget=$((FUZZ_TIME * 2 + BATCH_TIMEOUT * 4 + 180))
[ -z "${TRACES:-}" ] || budget=$((budget + BATCH_TIMEOUT * 20 + 120))
# A stopped row's cause (lab-batch-one.sh's, or reap's for a row killed
# before it wrote one): the limit and the settings it grows with.
budget_said="stopped after $budget s, its time budget (build, fuzz, replays and traces: 2 x FUZZ_TIME + 4 x FUZZ_INPUT_TIMEOUT + 180 s${TRACES:+, + 20 x FUZZ_INPUT_TIMEOUT + 120 with TRACES}); a larger FUZZ_INPUT_TIMEOUT raises it"
# A row still running this long after its stop (the budget's SIGTERM, or
# the ^C's SIGINT) is killed: timeout's -k, which a signal it forwards arms.
kill_after=20
# No process of a row (its build, fuzzer and replays, so the student's code)
# writes a file past this, nor a core file: an allocator that prints at
# every call fills its logs in seconds, and the row says so.
# BATCH_FILE_LIMIT_MB (MiB, default 64) is for check-lab-batch.sh's flood.
file_limit_mb=${BATCH_FILE_LIMIT_MB:-64}
# Nor holds more memory than this: libFuzzer's own -rss_limit_mb (its
# default), and lab-batch-one.sh's watch on the replay, traces and bench.
# BATCH_MEM_LIMIT_MB (MiB, default 2048) is for check-lab-batch.sh's hog.
mem_limit_mb=${BATCH_MEM_LIMIT_MB:-2048}
ROW_FIELDS="submission	path	mm_api	builds	first_finding	op	cause	seconds	crash_file	replay	lab_traces	utilization	kops_per_s	notes"

# The submissions, one per line (a path may hold blanks).
list=$outdir/submissions
mkdir -p "$outdir" || exit 2
batch_id=$(cd "$outdir" && pwd | cksum | cut -d' ' -f1 | cut -c1-5)
: >"$list"
for pattern; do
    # shellcheck disable=SC2086 # the pattern is expanded here, by the shell, on purpose
    for f in $pattern; do [ -f "$f" ] && printf '%s\n' "$f" >>"$list"; done
done
sort -u -o "$list" "$list"
total=$(wc -l <"$list")
[ "$total" -gt 0 ] || {
    say "fuzz-lab-batch: SUBMISSIONS='$(name_shown "$*")' names no file from $(name_shown "$(pwd)"), where make runs; give a pattern the shell expands there, or an absolute one, e.g. SUBMISSIONS='subs/*/mm.c'"
    exit 2
}

# The lab traces are read once, by make bench's parser, before anything is
# fuzzed: one it refuses (a '#' comment, a count line 3 gets wrong) made
# every row's lab traces "FAIL: see .../traces.log", after all the fuzzing,
# as if each submission had failed it. -w with a name no workload has: the
# traces are parsed, then nothing runs (its "nothing to run" is no error here,
# nor a warning: a recorder's unfinished trace replays).
# TRACES is read as make bench reads it (with_traces): a path with a blank
# unquoted is split there, and the parser was given pieces that do not
# exist. blank_path WORD...: the first path that words joined by a blank name.
# shellcheck disable=SC2317 # called by with_traces' eval
blank_path() {
    while [ $# -gt 1 ]; do
        path=$1
        shift
        for w; do
            path="$path $w"
            [ ! -e "$path" ] || { printf '%s\n' "$path"; return; }
        done
    done
}
if [ -n "${TRACES:-}" ]; then
    blank=$(set -f; with_traces blank_path)
    [ -z "$blank" ] || {
        say "fuzz-lab-batch: TRACES names '$(name_shown "$blank")', a path with a blank, which the shell splits in two: quote it inside the value, as in TRACES=\"'my traces/a.rep' b.rep\" (bench/README.md)"
        exit 2
    }
    "$MAKE" --no-print-directory -q "$BUILD/bench/bench" 2>/dev/null ||
        "$MAKE" --no-print-directory "$BUILD/bench/bench" >"$outdir/traces-check.log" 2>&1 ||
        { cat "$outdir/traces-check.log"; exit 2; }
    said=$(with_traces "$BUILD/bench/bench" -n -r 1 -w "$(printf '\001')" -- 2>&1 >/dev/null </dev/null)
    bad=$(printf '%s\n' "$said" | grep -v -e '^bench: nothing to run' -e '^bench: warning: ')
    [ -z "$bad" ] || {
        printf '%s\n' "$bad"
        echo "fuzz-lab-batch: TRACES names a trace the lab parser refuses (above): no submission was fuzzed; fix or drop it"
        exit 2
    }
    # Traces without one operation among them: each row's verify-traces
    # verified nothing, "FAIL: see traces.log", after all the fuzzing.
    case $said in *"bench: nothing to run: no trace given has an operation"*)
        say "fuzz-lab-batch: TRACES='$(name_shown "$TRACES")' holds no operation in any trace (line 3 says 0, or only size-0 calls): no submission was fuzzed; give traces with a/f/r lines, or no TRACES"
        exit 2 ;;
    esac
fi

# label PATH [PARENTS]: a submission's name in the table and in its NAME:
# the folder of an mm.c, else the file's name less .c; with PARENTS, the
# folder's own folder before it (subs/a/x/mm.c: a_x), in characters a make
# variable and a path take.
label() {
    case $(basename "$1") in mm.c) d=$(dirname "$1") ;; *) d=$(dirname "$1")/$(basename "$1" .c) ;; esac
    l=$(basename "$d")
    [ -z "${2:-}" ] || l=$(basename "$(dirname "$d")")_$l
    printf '%s\n' "$l" | tr -c 'A-Za-z0-9_.\n-' '_'
}
# Two folders of one name (subs/a/x, subs/b/x) are told apart by their
# parents; a name taken even so gets -N, N the submission's number.
while IFS= read -r f; do label "$f"; done <"$list" >"$outdir/labels.short"
: >"$outdir/labels"
i=0
while IFS= read -r f; do
    i=$((i + 1))
    l=$(label "$f")
    [ "$(grep -cxF "$l" "$outdir/labels.short")" = 1 ] || l=$(label "$f" parents)
    ! grep -qxF "$l" "$outdir/labels" || l=$l-$i
    echo "$l" >>"$outdir/labels"
    # The row's inputs too: run again (the same FUZZ_BATCH_DIR, so the same
    # NAME), crashes/lab-ID-LABEL/ kept every earlier run's, beside a table
    # that is this run's alone. Another FUZZ_BATCH_DIR keeps a run apart.
    rm -rf "${outdir:?}/$l" "crashes/lab-$batch_id-$l" && mkdir -p "$outdir/$l"
    echo "$l" >"$outdir/$i.label"
done <"$list"

# Identical files (the same checksum): said in the notes of each but the
# first. The sums are taken once, at the start: what was fuzzed.
while IFS= read -r f; do cksum <"$f"; done <"$list" >"$outdir/sums"
twin_of() {
    sum=$(sed -n "${1}p" "$outdir/sums")
    j=$(awk -v n="$1" -v sum="$sum" 'NR < n && $0 == sum { print NR; exit }' "$outdir/sums")
    [ -z "$j" ] || cat "$outdir/$j.label"
}

interrupted=0 stopped_at="" running="" next=1
trap 'interrupted=1' INT TERM

# The objects every row links (make fuzz-lab-batch-objs), made once: each
# row's make finds them made. One that fails here fails in each row too,
# and is said there. A ^C here leaves every row not run.
"$MAKE" --no-print-directory -j"$jobs" fuzz-lab-batch-objs TARGET=fuzz/adapters/malloclab.c SRCS=examples/malloclab/mm.c \
    NAME=lab-batch-objs TRACES="${TRACES:+given}" FUZZ_LAB_SHARED=1 >"$outdir/objects.log" 2>&1 </dev/null || :

start() {
    l=$(cat "$outdir/$1.label")
    # timeout puts the row in a process group of its own: ^C reaches it
    # through stop_running only; past the budget timeout sends SIGTERM. The
    # row says which, and is still written.
    BATCH_BUDGET_SAID=$budget_said BATCH_FILE_LIMIT_MB=$file_limit_mb BATCH_MEM_LIMIT_MB=$mem_limit_mb timeout -k "$kill_after" "$budget" \
        prlimit --core=0 --fsize=$((file_limit_mb << 20)) -- "$one" "$(sed -n "$1p" "$list")" "lab-$batch_id-$l" "$outdir/$l" \
        >"$outdir/$l/run.log" 2>&1 </dev/null &
    running="$running $1:$!:$(date +%s)" # N:PID:STARTED, in seconds, for reap
    echo "fuzz-lab-batch: [$1/$total] $l: started ($(sed -n "$1p" "$list"))"
}

# no_row N LABEL STATUS SECONDS: the row of a submission whose
# lab-batch-one.sh ended without writing one, after SECONDS. timeout ends it
# with 124 at the budget, or 137 once its KILL followed; after a ^C, the
# KILL came kill_after seconds after the SIGINT that timeout forwarded
# (timeout arms it then too): a row stop_running stopped was interrupted,
# whatever its grader did as it wound down. Anything else (a shell error
# in it, a kill from outside: the OOM killer's KILL too, before the
# budget) is said with its status and log, not as the budget.
no_row() {
    signal=""
    [ "$3" -le 128 ] || signal=" (killed by signal $(($3 - 128)), $(kill -l $(($3 - 128)) 2>/dev/null))"
    status="exited with status $3$signal"
    if [ -n "$stopped_at" ]; then
        # Its status and the seconds since the ^C first: the screen's table cuts a cause at 100 characters.
        finding="interrupted"
        cause="stopped by ^C; $status $(($(date +%s) - stopped_at)) s after it, before the grader for this submission (fuzz/scripts/lab-batch-one.sh) wrote its row (its log: $outdir/$2/run.log)"
    elif [ "$3" = 124 ] || { [ "$3" = 137 ] && [ "$4" -ge "$budget" ]; }; then
        finding="over its time budget" cause=$budget_said
    else
        finding="no result"
        cause="the grader for this submission (fuzz/scripts/lab-batch-one.sh) $status without a result (its log: $outdir/$2/run.log)"
    fi
    printf '%s\t%s\t?\t?\t%s\t-\t%s\t-\t-\t-\t-\t-\t-\t-\n' "$2" "$(sed -n "${1}p" "$list")" "$finding" "$cause"
}

# Reaps the rows that ended; a row with no row file gets no_row's.
reap() {
    still=""
    for r in $running; do
        n=${r%%:*} pid=${r#*:} began=${r##*:}
        pid=${pid%%:*}
        if kill -0 "$pid" 2>/dev/null; then still="$still $r"; continue; fi
        wait "$pid"
        rc=$?
        l=$(cat "$outdir/$n.label")
        [ -f "$outdir/$l/row" ] || no_row "$n" "$l" "$rc" $(($(date +%s) - began)) >"$outdir/$l/row"
        echo "fuzz-lab-batch: [$n/$total] $l: $(cut -f5 "$outdir/$l/row")"
    done
    running=$still
}

# Polled every 0.2 s, not 1: a slot stays idle from its row's end to the
# next poll, and a batch of rows of seconds each lost half a second per row.
# A poll is a kill -0 per running row.
poll=0.2
stop_running() {
    stopped_at=$(date +%s)
    for r in $running; do pid=${r#*:}; kill -INT "${pid%%:*}" 2>/dev/null; done
    while [ -n "$running" ]; do sleep "$poll"; reap; done
}

while [ "$interrupted" = 0 ] && { [ "$next" -le "$total" ] || [ -n "$running" ]; }; do
    # shellcheck disable=SC2086 # one word per running row
    while [ "$interrupted" = 0 ] && [ "$next" -le "$total" ] && [ "$(set -- $running; echo $#)" -lt "$jobs" ]; do
        start "$next"
        next=$((next + 1))
    done
    sleep "$poll"
    reap
done
[ "$interrupted" = 0 ] || stop_running

# print_table TSV: the summary as text, one line a submission (the cause
# cut to the screen), then each finding's crash file and replay line.
print_table() {
    submissions=$(counted $(($(wc -l <"$1") - 1)) submission) # a row each, below the header
    awk -F '\t' -v tsv="$1" -v time="$FUZZ_TIME" -v seed="$BATCH_SEED" -v t="$BATCH_TIMEOUT" -v subs="$submissions" '
        # A cause past 100 characters keeps its last part after "; " whole
        # when short and not inside a parenthesis (the why lab-batch-one.sh
        # adds), else its first 100.
        function cut_cause(c,   tail, keep) {
            if (length(c) <= 100) return c
            tail = c; while (match(tail, /; /)) tail = substr(tail, RSTART + 2)
            if (tail == c || length(tail) > 80 || gsub(/\)/, ")", tail) > gsub(/\(/, "(", tail)) return substr(c, 1, 100)
            keep = 95 - length(tail); if (keep < 40) keep = 40
            return substr(c, 1, keep) "...; " tail
        }
        NR == 1 { ws = length("submission"); wf = length("first finding"); wo = 2; next }
        { n[NR] = $1; s[NR] = $2; api[NR] = $4; b[NR] = $5; f[NR] = $6; op[NR] = $7; c[NR] = $8
          sec[NR] = $9; crash[NR] = $10; rep[NR] = $11; tr[NR] = $12; u[NR] = $13; k[NR] = $14; note[NR] = $15
          if (length($2) > ws) ws = length($2); if (length($6) > wf) wf = length($6)
          if (length($7) > wo) wo = length($7); if ($12 != "-") traces = 1 }
        END {
            printf "\nfuzz-lab-batch: %s, %s s each, libFuzzer -seed=%s, inputs stopped after %s s, the same seeds (corpus/) for each\n", subs, time, seed, t
            if (wo > 40) wo = 40
            fmt = "%-3s %-" ws "s %-7s %-5s %-" wf "s %-" wo "s %6s  %s\n"
            printf fmt, "#", "submission", "mm_api", "build", "first finding", "op", "time", "cause"
            for (i = 2; i <= NR; i++) {
                o = op[i]; if (length(o) > wo) o = substr(o, 1, wo - 3) "..."
                printf fmt, n[i], s[i], api[i], b[i], f[i], o, sec[i] == "-" ? "-" : sec[i] "s", cut_cause(c[i])
            }
            for (i = 2; i <= NR; i++) {
                if (traces) printf "%s %s: lab traces %s, utilization %s, %s Kops/s\n", n[i], s[i], tr[i], u[i], k[i]
                if (crash[i] != "-") printf "%s %s: %s\n    %s\n", n[i], s[i], crash[i], rep[i]
                if (note[i] != "-") printf "%s %s: note: %s\n", n[i], s[i], note[i]
            }
            printf "table: %s (tab-separated; logs in its folder, one per submission)\n", tsv
        }' "$1"
}

# The table: every submission in its order, the ones never started too.
tsv=$outdir/summary.tsv
printf 'n\t%s\n' "$ROW_FIELDS" >"$tsv"
i=0
while [ "$i" -lt "$total" ]; do
    i=$((i + 1))
    l=$(cat "$outdir/$i.label")
    if [ -f "$outdir/$l/row" ]; then row=$(cat "$outdir/$l/row")
    else row=$(printf '%s\t%s\t?\t?\tnot run\t-\tthe batch was interrupted before it\t-\t-\t-\t-\t-\t-\t-' "$l" "$(sed -n "${i}p" "$list")"); fi
    twin=$(twin_of "$i")
    [ -z "$twin" ] || row=$(printf '%s\n' "$row" | awk -F '\t' -v OFS='\t' -v t="same file as $twin" '{ $14 = ($14 == "-" ? t : $14 "; " t); print }')
    printf '%s\t%s\n' "$i" "$row" >>"$tsv"
done
print_table "$tsv"
[ "$interrupted" = 0 ] || { echo "fuzz-lab-batch: interrupted (^C): the rows above are the ones that ended"; exit 130; }
exit 0
