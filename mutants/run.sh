#!/usr/bin/env bash
# mutants/run.sh - does the harness find real allocator bugs? Plants each
# mutants/NN-name.patch in a copy of allocator/ + checks/ under
# build/mutants/<name>/, builds the harness over the copy with fuzz/build.mk's
# own rules, fuzzes it from an EMPTY corpus for a fixed budget per engine and
# prints which oracle caught it and when. mutants/README.md explains.
#
# Settings (environment; `make mutants` passes its variables):
#   MUTANT_TIME     seconds per engine run (default 120)
#   MUTANTS         names to run, e.g. "06-realloc-copy-new-size 14" (default: all)
#   ENGINES         "libfuzzer afl" (default); the no-checker run comes with libfuzzer;
#                   "traces": verify-traces over bench/traces/*.rep (no fuzzing: which
#                   bugs the lab traces alone reveal; reported, never a gate)
#   MUTANT_SEED     engine seed (default 1, so a run repeats)
#   MUTANT_PARALLEL fuzzers (and builds) at once (default 2)
#   MUTANT_CONTROL  1 (default): also fuzz the unpatched copy, which must stay clean
# Exit status: 0 if every mutant was caught by libFuzzer (by every engine run
# when libFuzzer is not among ENGINES) and the control stayed clean.
set -u
cd "$(dirname "$0")/.." || exit 2

MUTANT_TIME=${MUTANT_TIME:-120}
ENGINES=${ENGINES:-libfuzzer afl}
MUTANT_SEED=${MUTANT_SEED:-1}
MUTANT_PARALLEL=${MUTANT_PARALLEL:-2}
MUTANT_CONTROL=${MUTANT_CONTROL:-1}
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
MUTANT_CFLAGS=${MUTANT_CFLAGS:--std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O2 -g}
OUT=${MUTANT_OUT:-$BUILD/mutants}
export MUTANT_TIME ENGINES MUTANT_SEED BUILD MAKE MUTANT_CFLAGS OUT

AFL_ENV="AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_BENCH_UNTIL_CRASH=1"
# libFuzzer flags: the harness's own (fuzz/halloc.options), then the suite's.
LF_OPTS="$(sed -n 's/^ *\([a-z_]*\) *= *\([^ ]*\) *$/-\1=\2/p' fuzz/halloc.options | tr '\n' ' ')"
LF_OPTS="$LF_OPTS-rss_limit_mb=2048 -dict=fuzz/halloc.dict -seed=$MUTANT_SEED -max_total_time=$MUTANT_TIME"

# shellcheck source=fuzz/scripts/alone.sh
. fuzz/scripts/alone.sh # failure_kind, failure_label

die() { echo "mutants: $*" >&2; exit 2; }
note() { echo "mutants: $*"; }

# ---- which mutants ----

# Every mutants/NN-name.patch, or those MUTANTS names (a bare NN works too).
select_mutants() {
    local all want m found
    # shellcheck disable=SC2012 # our own NN-name.patch files
    all=$(cd mutants && ls [0-9][0-9]-*.patch 2>/dev/null | sed 's/\.patch$//')
    [ -n "$all" ] || die "no mutants/NN-name.patch files found"
    if [ -z "${MUTANTS:-}" ]; then
        echo "$all"
        return
    fi
    for want in $MUTANTS; do
        want=${want%.patch}
        found=""
        for m in $all; do
            case "$m" in "$want" | "$want"-*) found="$found $m" ;; esac
        done
        [ -n "$found" ] || die "MUTANTS names '$want' but there is no mutants/$want*.patch; 'ls mutants/*.patch' lists them"
        # shellcheck disable=SC2086 # $found is a list of mutant names, one a line out
        printf '%s\n' $found
    done
}

# ---- preparing one mutant: copy, patch, prove it is a warning-free change ----

# shellcheck source=mutants/prepare.sh
. mutants/prepare.sh

# ---- building the harness over a copy (fuzz/build.mk's rules) ----

make_vars() { # name
    echo "NAME=mutant-$1 TARGET=fuzz/adapters/halloc.c SRCS='$OUT/$1/allocator/*.c $OUT/$1/checks/*.c'"
}

build_one() { # name
    local name=$1 bins="" b
    case " $ENGINES " in *" libfuzzer "* | *" afl "*) bins="libfuzzer" ;; esac # afl's crashes replay on it
    case " $ENGINES " in *" afl "*) [ "$name" = control ] || bins="$bins afl-asan" ;; esac
    case " $ENGINES " in *" traces "*) bins="$bins verify-traces" ;; esac
    for b in $bins; do
        if ! eval "$MAKE --no-print-directory $(make_vars "$name") $BUILD/fuzz/mutant-$name/$b" \
            >"$OUT/$name/build-$b.log" 2>&1; then
            tail -n 20 "$OUT/$name/build-$b.log"
            echo "$name: building the harness ($b) failed (log: $OUT/$name/build-$b.log)"
            return 1
        fi
    done
}

# One subcommand run by the worker pool: prepare and build one mutant.
stage_one() { # name
    if prepare "$1" && build_one "$1"; then
        echo ok >"$OUT/$1/stage.ok"
        note "built $1"
    else
        note "FAILED to prepare $1"
    fi
}

# ---- the engine runs ----

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Which oracle fired, from a crash log: what the fuzz runners call the
# failure (fuzz/scripts/alone.sh, failure_kind: the harness's ORACLE, UBSan's
# check, the signal, the sanitizer's or libFuzzer's SUMMARY) in a word
# (failure_label). "asan:CHECK-failed" is ASan giving up on a wild address
# (halloc followed user data as a pointer).
oracle_of() { # log
    failure_kind <"$1" | failure_label
}

# result file: status secs oracle input  (status: caught | survived | error)
write_result() { # file status secs oracle input
    printf '%s\t%s\t%s\t%s\n' "$2" "$3" "$4" "$5" >"$1"
}

# An engine run still going MUTANT_GUARD s (60; guard_check's stand-in takes
# 1) past MUTANT_TIME, its own limit, is stopped by timeout: its cell says
# so, naming the limit, not a bare exit-124.
MUTANT_GUARD=${MUTANT_GUARD:-60}
failed_word() { # status
    if [ "$1" = 124 ]; then echo "stopped-past-MUTANT_TIME+${MUTANT_GUARD}s"; else echo "exit-$1"; fi
}

run_libfuzzer() { # name mode(libfuzzer|nocheck)
    local name=$1 mode=$2 dir=$OUT/$1/$2 bin=$BUILD/fuzz/mutant-$1/libfuzzer t0 t1 rc art env=""
    rm -rf "$dir" && mkdir -p "$dir/corpus" "$dir/crash"
    [ "$mode" = nocheck ] && env="HALLOC_FUZZ_ALLOCATOR_CHECK=off"
    t0=$(now)
    # shellcheck disable=SC2086
    env $env timeout $((MUTANT_TIME + MUTANT_GUARD)) "$bin" $LF_OPTS -artifact_prefix="$dir/crash/" "$dir/corpus" \
        >"$dir/log" 2>&1
    rc=$? t1=$(now)
    # shellcheck disable=SC2012 # the first file libFuzzer saved (<kind>-<sha1>)
    art=$(ls "$dir"/crash/crash-* "$dir"/crash/timeout-* "$dir"/crash/oom-* "$dir"/crash/leak-* 2>/dev/null | head -n1)
    if [ -n "$art" ]; then
        write_result "$dir.result" caught "$(elapsed "$t0" "$t1")" "$(oracle_of "$dir/log")" "$art"
    elif [ "$rc" = 0 ]; then
        write_result "$dir.result" survived "$(elapsed "$t0" "$t1")" - -
    else
        write_result "$dir.result" error "$(elapsed "$t0" "$t1")" "$(failed_word "$rc")" "$dir/log"
    fi
}

# The oracle of an AFL++ crash: replayed on the libFuzzer build of the same
# copy. Heap layout after a large aligned allocation depends on where mmap
# put the heap, so a crash may need a few tries; one that never comes back is
# shown with AFL++'s signal.
afl_oracle() { # name crash log
    local rc
    for _ in 1 2 3 4 5 6 7 8; do
        timeout 120 "$BUILD/fuzz/mutant-$1/libfuzzer" "$2" >"$3" 2>&1 && continue
        rc=$?
        # A guard: one input runs in well under a second.
        if [ "$rc" = 124 ]; then echo "replay-stopped-at-120s"; else oracle_of "$3"; fi
        return
    done
    echo "not-replayed($(basename "$2" | grep -oE 'sig:[0-9]+'))"
}

# AFL++ on the ASan build from one 4-byte zero seed; it stops at the first
# crash (AFL_BENCH_UNTIL_CRASH), whose name carries the time since start.
run_afl() { # name
    local name=$1 dir=$OUT/$1/afl bin=$BUILD/fuzz/mutant-$1/afl-asan t0 t1 rc crash ms
    rm -rf "$dir" && mkdir -p "$dir/in"
    printf '\0\0\0\0' >"$dir/in/zero4"
    t0=$(now)
    # shellcheck disable=SC2086
    env $AFL_ENV timeout $((MUTANT_TIME + MUTANT_GUARD)) afl-fuzz -i "$dir/in" -o "$dir/out" -x fuzz/halloc.dict \
        -m none -t 5000 -s "$MUTANT_SEED" -V "$MUTANT_TIME" -- "$bin" >"$dir/log" 2>&1
    rc=$? t1=$(now)
    # shellcheck disable=SC2012 # the first crash AFL++ saved (id:NNNNNN,... names, no blanks)
    crash=$(ls "$dir"/out/default/crashes/id:* 2>/dev/null | head -n1)
    if [ -n "$crash" ]; then
        ms=$(basename "$crash" | grep -oE 'time:[0-9]+' | cut -d: -f2)
        write_result "$dir.result" caught "$(awk -v ms="${ms:-0}" 'BEGIN { printf "%.1f", ms / 1000 }')" \
            "$(afl_oracle "$name" "$crash" "$dir/replay.log")" "$crash"
    elif [ "$rc" = 0 ]; then
        write_result "$dir.result" survived "$(elapsed "$t0" "$t1")" - -
    else
        write_result "$dir.result" error "$(elapsed "$t0" "$t1")" "$(failed_word "$rc")" "$dir/log"
    fi
}

# The lab traces in bench/traces/, replayed by verify-traces: caught when it
# reports a failure or the process dies. No engine, so the time is the run's.
traces_oracle() { # log
    local o
    o=$(grep -m1 -oE 'overlaps live block|changed while it was live|lost [0-9]+ bytes|returned NULL|checker reports|stats say|not aligned|not inside the heap' "$1" |
        sed 's/overlaps live block/overlap/; s/changed while.*/bytes-changed/; s/lost.*/realloc-lost-bytes/;
             s/returned NULL/refused/; s/checker reports/checker/; s/stats say/stats/; s/not aligned/misaligned/;
             s/not inside the heap/out-of-bounds/')
    echo "${o:-$(oracle_of "$1")}"
}

run_traces() { # name
    local name=$1 dir=$OUT/$1/traces t0 t1 rc
    rm -rf "$dir" && mkdir -p "$dir"
    t0=$(now)
    timeout $((MUTANT_TIME + 60)) "$BUILD/fuzz/mutant-$name/verify-traces" bench/traces/*.rep >"$dir/log" 2>&1
    rc=$? t1=$(now)
    if [ "$rc" = 0 ]; then
        write_result "$dir.result" survived "$(elapsed "$t0" "$t1")" - -
    elif [ "$rc" = 2 ]; then
        write_result "$dir.result" error "$(elapsed "$t0" "$t1")" "exit-2" "$dir/log"
    else
        write_result "$dir.result" caught "$(elapsed "$t0" "$t1")" "$(traces_oracle "$dir/log")" "$dir/log"
    fi
}

# One subcommand run by the worker pool: one engine run.
fuzz_one() { # engine name
    case "$1" in
        libfuzzer | nocheck) run_libfuzzer "$2" "$1" ;;
        afl) run_afl "$2" ;;
        traces) run_traces "$2" ;;
    esac
    note "$(printf '%-34s %-9s %s' "$2" "$1" "$(cut -f1-3 "$OUT/$2/$1.result" | tr '\t' ' ')")"
}

# ---- the table (mutants/report.sh) ----

# shellcheck source=mutants/report.sh
. mutants/report.sh

# ---- main ----

preflight() {
    case "$MUTANT_TIME" in '' | *[!0-9]*) die "MUTANT_TIME must be whole seconds, not '$MUTANT_TIME'" ;; esac
    case "$MUTANT_PARALLEL" in '' | *[!0-9]* | 0) die "MUTANT_PARALLEL must be a positive number" ;; esac
    for e in $ENGINES; do
        case "$e" in libfuzzer | afl | traces) ;; *) die "ENGINES has '$e'; use libfuzzer, afl and/or traces" ;; esac
    done
    for pair in clang:clang gcc:gcc patch:patch timeout:coreutils objdump:binutils; do
        command -v "${pair%%:*}" >/dev/null ||
            die "${pair%%:*} is missing: install the Debian package ${pair#*:} (apt-get install ${pair#*:})"
    done
    case " $ENGINES " in *" afl "*) command -v afl-fuzz >/dev/null || die "afl-fuzz is missing: run tools/ensure-deps fuzz" ;; esac
    { [ -f fuzz/halloc.dict ] && [ -f fuzz/halloc.options ]; } || die "fuzz/halloc.dict or fuzz/halloc.options is missing"
}

fuzz_jobs() { # names...
    local n
    if [ "$MUTANT_CONTROL" = 1 ] && [ -f "$OUT/control/stage.ok" ]; then
        case " $ENGINES " in *" libfuzzer "* | *" afl "*) echo "libfuzzer control" ;; esac
        case " $ENGINES " in *" traces "*) echo "traces control" ;; esac
    fi
    for n in "$@"; do
        for e in $ENGINES; do echo "$e $n"; done
        case " $ENGINES " in *" libfuzzer "*) echo "nocheck $n" ;; esac
    done
}

main() {
    local names staged ready="" failed="" n rc=0
    preflight
    names=$(select_mutants) || exit 2
    staged=$names
    [ "$MUTANT_CONTROL" = 1 ] && staged="control $names"
    mkdir -p "$OUT"
    for n in $staged; do rm -rf "${OUT:?}/$n"; done
    note "preparing and building $(echo "$staged" | wc -w) copies, $MUTANT_PARALLEL at once"
    compile_originals
    # shellcheck disable=SC2086 # $staged is a list of mutant names, one a line out
    printf '%s\n' $staged | xargs -P "$MUTANT_PARALLEL" -n1 "$0" _stage
    for n in $names; do
        if [ -f "$OUT/$n/stage.ok" ]; then ready="$ready $n"; else failed="$failed $n"; fi
    done
    note "fuzzing: $MUTANT_TIME s per engine run, $MUTANT_PARALLEL at once"
    # shellcheck disable=SC2086
    fuzz_jobs $ready | xargs -P "$MUTANT_PARALLEL" -L1 "$0" _fuzz
    # shellcheck disable=SC2086
    report $ready | tee "$OUT/results.md"
    echo "(also written to $OUT/results.md)"
    [ -n "$failed" ] && { echo "mutants FAILED: could not prepare:$failed"; rc=1; }
    # The control ran (libfuzzer with any fuzzing engine, traces with traces) and stayed clean.
    for e in $(fuzz_jobs | awk '$2 == "control" { print $1 }'); do
        grep -q '^survived' "$OUT/control/$e.result" 2>/dev/null ||
            { echo "mutants FAILED: the control run ($e) is not clean"; rc=1; }
    done
    [ "$MUTANT_CONTROL" = 1 ] && [ ! -f "$OUT/control/stage.ok" ] &&
        { echo "mutants FAILED: the control copy could not be built"; rc=1; }
    # The gate: libFuzzer, else every fuzzing engine asked for (traces only report).
    local gate=libfuzzer
    case " $ENGINES " in *" libfuzzer "*) ;; *) gate=$(echo " $ENGINES " | sed 's/ traces / /g') ;; esac
    for n in $ready; do
        for e in $gate; do
            [ "$(cut -f1 "$OUT/$n/$e.result" 2>/dev/null)" = caught ] ||
                { echo "mutants FAILED: $n survived $e (or its run failed)"; rc=1; }
        done
    done
    if [ -z "$(echo "$gate" | tr -d ' ')" ]; then
        [ "$rc" = 0 ] && echo "mutants: lab traces only: the table above reports, nothing is gated"
    else
        [ "$rc" = 0 ] && echo "mutants: every mutant caught"
    fi
    return "$rc"
}

# make mutants-check: every patch applies and builds warning-free, no fuzzing;
# the figures table of mutants/README.md agrees with the patches.
check_all() {
    local names n bad=""
    preflight
    names=$(select_mutants) || exit 2
    export MUTANT_OUT=$BUILD/mutants/_check OUT=$BUILD/mutants/_check
    mkdir -p "$OUT"
    compile_originals
    # shellcheck disable=SC2086 # $names is a list of mutant names, one a line out
    printf '%s\n' $names | xargs -P "$MUTANT_PARALLEL" -n1 "$0" _prepare
    for n in $names; do [ -f "$OUT/$n/prepared.ok" ] || bad="$bad $n"; done
    if [ -n "$bad" ]; then
        echo "mutants-check FAILED:$bad (details above)"
        return 1
    fi
    echo "mutants-check: $(echo "$names" | wc -w) mutants apply, build warning-free with gcc and clang and change the machine code"
    report_check "$(echo "$names" | awk 'NR == 1 { print $1 }')" && oracle_check && guard_check && readme_figures_check
}

# The figures table of mutants/README.md against the patches and the
# harness's oracle names (report.sh's figures_check), when every mutant is
# checked: MUTANTS=NN checks a new patch before make mutants has a row for it.
readme_figures_check() {
    local out
    [ -z "${MUTANTS:-}" ] || return 0
    # shellcheck disable=SC2046 # every mutant's name, one word each
    out=$(figures_check $(MUTANTS='' select_mutants)) && return 0
    echo "mutants-check FAILED: the table under \"The figures\" in mutants/README.md is not make mutants' output for these patches:"
    printf '%s\n' "$out"
    echo "rerun the make mutants command written above that table and copy its table in"
    return 1
}

# The oracle column names each kind of failure the fuzz runners tell apart
# (failure_kind), in a word. In the reports below, \n breaks a line.
oracle_check() {
    local log want report got bad=""
    log=$(mktemp)
    while IFS='|' read -r want report; do
        printf '%b\n' "$report" >"$log"
        got=$(oracle_of "$log")
        [ "$got" = "$want" ] || bad="$bad; gave '$got' for '$report', not '$want'"
    done <<'END'
overlap|halloc-fuzz: ORACLE overlap fired at op #5: malloc 1 16\nSUMMARY: libFuzzer: deadly signal
asan:heap-use-after-free|==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x6020\nSUMMARY: AddressSanitizer: heap-use-after-free a.c:3 in f
asan:CHECK-failed|==1==AddressSanitizer: CHECK failed: asan_allocator.cpp:190 "((m->chunk_state)) == ((CHUNK_QUARANTINE))"
ubsan:load-of-misaligned-address|a.c:3:5: runtime error: load of misaligned address 0x6021 for type 'int'\nSUMMARY: UndefinedBehaviorSanitizer: undefined-behavior a.c:3:5 in
signal:SIGABRT|halloc-fuzz: CRASH (SIGABRT: the allocator called abort()) at op #3: free 1\n==1== ERROR: libFuzzer: deadly signal\nSUMMARY: libFuzzer: deadly signal
signal:SIGBUS|halloc-fuzz: CRASH (signal 7, SIGBUS) at op #1: malloc 1 8
libfuzzer:timeout|==1== ERROR: libFuzzer: timeout after 25 seconds\nSUMMARY: libFuzzer: timeout
unknown|INFO: Seed: 1
END
    rm -f "$log"
    [ -z "$bad" ] || { echo "mutants-check FAILED: the oracle column (oracle_of)${bad#;}"; return 1; }
}

# An engine that runs on past MUTANT_TIME (a stand-in libFuzzer that
# sleeps) is stopped, its cell naming the limit (it was exit-124).
guard_check() {
    local dir got
    dir=$(mktemp -d)
    mkdir -p "$dir/fuzz/mutant-x"
    printf '#!/bin/sh\nexec sleep 60\n' >"$dir/fuzz/mutant-x/libfuzzer" && chmod +x "$dir/fuzz/mutant-x/libfuzzer"
    BUILD=$dir MUTANT_OUT=$dir/out MUTANT_TIME=1 MUTANT_GUARD=1 "$0" _fuzz libfuzzer x >/dev/null 2>&1
    got=$(cut -f1,3 "$dir/out/x/libfuzzer.result" 2>/dev/null)
    rm -rf "$dir"
    [ "$got" = "error	stopped-past-MUTANT_TIME+1s" ] ||
        { echo "mutants-check FAILED: a libFuzzer run past MUTANT_TIME=1 (and a 1 s guard) gave '$got', not 'error	stopped-past-MUTANT_TIME+1s'"; return 1; }
}

# The report of a run without libFuzzer (ENGINES=traces) has cells of one
# engine only: it must say so in the table, not in shell errors about the rest.
report_check() { # name
    local dir err
    dir=$(mktemp -d)
    mkdir "$dir/$1"
    printf 'caught\t1.0\tchecker\t-\n' >"$dir/$1/traces.result"
    err=$(MUTANT_OUT=$dir ENGINES=traces "$0" _report "$1" 2>&1 >/dev/null)
    rm -rf "$dir"
    [ -z "$err" ] || { echo "mutants-check FAILED: the report of an ENGINES=traces run wrote: $err"; return 1; }
}

case "${1:-}" in
    --check) check_all ;;
    _prepare) prepare "$2" && echo ok >"$OUT/$2/prepared.ok" ;;
    _stage) stage_one "$2" ;;
    _fuzz) fuzz_one "$2" "$3" ;;
    _report) shift && report "$@" ;;
    *) main ;;
esac
