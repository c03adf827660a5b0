#!/bin/sh
# bench.sh TOOL WORK HALLOC_LIBFUZZER GLIBC_LIBFUZZER: the same fixed inputs
# (generated once, deterministic) run RUNS times each through each libFuzzer
# target, oracles on and off; prints programs/s, ops/s and the ratios.
set -eu
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh
tool=$1 work=$2 halloc=$3 glibc=$4
count=${BENCH_FUZZ_INPUTS:-200} runs=${BENCH_FUZZ_RUNS:-5}
for v in "BENCH_FUZZ_INPUTS=$count" "BENCH_FUZZ_RUNS=$runs"; do
    case ${v#*=} in
        '' | *[!0-9]*) say "bench-fuzz: ${v%%=*}='$(name_shown "${v#*=}")' is not a whole number; e.g. BENCH_FUZZ_INPUTS=200 BENCH_FUZZ_RUNS=5" >&2 && exit 2 ;;
    esac
done
corpus=$work/corpus-$count
# Generated aside and renamed: a run stopped mid-way (^C, a full disk) left a
# short corpus that every later run measured as if whole.
if [ ! -d "$corpus" ]; then
    rm -rf "$corpus.tmp"
    mkdir -p "$corpus.tmp"
    "$tool" gen "$corpus.tmp" "$count" 1
    mv "$corpus.tmp" "$corpus"
fi
# One measurement into $figures: "exec/s ops/s" from the target's totals
# line: exec/s of the whole target (engine included), ops/s inside the
# harness. A target that prints no totals line did not run (not built, a
# runtime library missing, an input it failed on): one line naming it and
# what to do, and exit 1 (its rows were "-" and the status 0, as if measured).
measure() {
    log=$work/measure.log rc=0
    env HALLOC_FUZZ_STATS=1 "$@" -runs="$runs" "$corpus"/* >/dev/null 2>"$log" || rc=$?
    figures=$(sed -n 's/.*: \([0-9]*\) exec\/s, .* programs\/s, \([0-9]*\) ops\/s.*/\1 \2/p' "$log" | tail -n 1)
    [ -n "$figures" ] && return 0
    # The target is the last word (env's VAR=VALUE words come first): a
    # pipe through head cut a name at its newline, and a skip of the words
    # holding = skipped a target whose name held one. The words before it
    # go in the command to paste, quoted: without HALLOC_FUZZ_ORACLES=off it
    # ran the oracles-on run, which passed, when the oracles-off one failed.
    vars='' target=''
    for word; do
        [ -z "$target" ] || vars="$vars$(name_quoted "$target") "
        target=$word
    done
    # Escaped (quote.sh): a target's last line may hold an escape, or a
    # sanitizer's colours, and a name (the target's, WORK's) any byte; the
    # command to paste quoted for the shell. Through say: dash's echo reads
    # the \r or \n an escaped name holds as a line's end.
    last=$(tail -n 1 "$log" | lines_shown)
    if [ "$rc" = 126 ] || [ "$rc" = 127 ]; then
        say "bench-fuzz: $(name_shown "$target") cannot be run (exit $rc: $last); make bench-fuzz builds it with clang's" \
            "libFuzzer: install clang and libclang-rt-dev (tools/ensure-deps fuzz says what is missing)" >&2
    else
        say "bench-fuzz: $(name_shown "$target") printed no totals line (exit $rc; its last line: '$last');" \
            "see $(name_shown "$log"), or run it alone:" \
            "HALLOC_FUZZ_STATS=1 $vars$(name_quoted "$target") -runs=1 $(name_quoted "$corpus")/*" >&2
    fi
    exit 1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo "bench-fuzz: $count inputs x $runs runs each, libFuzzer targets with ASan+UBSan"
echo "(exec/s: whole libFuzzer target; ops/s: allocator ops per second inside the harness)"
printf '%-8s %12s %12s %9s %14s %14s %9s\n' target "exec/s on" "exec/s off" "off/on" "ops/s on" "ops/s off" "off/on"
for t in halloc glibc; do
    bin=$halloc
    [ "$t" = glibc ] && bin=$glibc
    measure "$bin"
    on=$figures
    measure HALLOC_FUZZ_ORACLES=off "$bin"
    read -r on_exec on_ops <<EOF
$on
EOF
    read -r off_exec off_ops <<EOF
$figures
EOF
    printf '%-8s %12s %12s %9s %14s %14s %9s\n' "$t" "$on_exec" "$off_exec" "$(ratio "$off_exec" "$on_exec")" \
        "$on_ops" "$off_ops" "$(ratio "$off_ops" "$on_ops")"
done
