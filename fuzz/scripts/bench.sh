#!/bin/sh
# bench.sh TOOL WORK HALLOC_LIBFUZZER GLIBC_LIBFUZZER: the same fixed inputs
# (generated once, deterministic) run RUNS times each through each libFuzzer
# target, oracles on and off; prints programs/s, ops/s and the ratios.
set -eu
tool=$1 work=$2 halloc=$3 glibc=$4
count=${BENCH_FUZZ_INPUTS:-200} runs=${BENCH_FUZZ_RUNS:-5}
for v in "BENCH_FUZZ_INPUTS=$count" "BENCH_FUZZ_RUNS=$runs"; do
    case ${v#*=} in
        '' | *[!0-9]*) echo "bench-fuzz: ${v%%=*}='${v#*=}' is not a whole number; e.g. BENCH_FUZZ_INPUTS=200 BENCH_FUZZ_RUNS=5" >&2 && exit 2 ;;
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
# One measurement: "exec/s ops/s" from the target's totals line: exec/s of
# the whole target (engine included), ops/s inside the harness.
measure() {
    env HALLOC_FUZZ_STATS=1 "$@" -runs="$runs" "$corpus"/* 2>&1 >/dev/null |
        sed -n 's/.*: \([0-9]*\) exec\/s, .* programs\/s, \([0-9]*\) ops\/s.*/\1 \2/p' | tail -n 1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo "bench-fuzz: $count inputs x $runs runs each, libFuzzer targets with ASan+UBSan"
echo "(exec/s: whole libFuzzer target; ops/s: allocator ops per second inside the harness)"
printf '%-8s %12s %12s %9s %14s %14s %9s\n' target "exec/s on" "exec/s off" "off/on" "ops/s on" "ops/s off" "off/on"
for t in halloc glibc; do
    bin=$halloc
    [ "$t" = glibc ] && bin=$glibc
    # "-" for a figure measure did not find
    read -r on_exec on_ops _ <<EOF
$(measure "$bin") - -
EOF
    read -r off_exec off_ops _ <<EOF
$(measure HALLOC_FUZZ_ORACLES=off "$bin") - -
EOF
    printf '%-8s %12s %12s %9s %14s %14s %9s\n' "$t" "$on_exec" "$off_exec" "$(ratio "$off_exec" "$on_exec")" \
        "$on_ops" "$off_ops" "$(ratio "$off_ops" "$on_ops")"
done
