#!/bin/sh
# check-reports.sh CC OUT: what reports say where the old words were untrue,
# on fuzz/selftest/slow-fill-adapter.c, linked with the harness objects
# check-adapters.sh leaves in OUT/harness-o0 (it runs first):
# - a timeout that lands while the harness fills a block names the op and
#   the block and blames the time, not the block's memory;
set -u
cc=$1 out=$2
hobj=$out/harness-o0
fail() { echo "fuzz-check-adapters FAILED: reports: $*"; exit 1; }
[ -f "$hobj/fuzz/replay.c.o" ] || fail "no $hobj/fuzz/replay.c.o: fuzz/scripts/check-adapters.sh makes it"
cflags="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O0 -Ifuzz"
# build BIN [FLAGS...]: the replay driver over slow-fill-adapter.c built with FLAGS.
hobjs=$(find "$hobj" -name '*.o')
build() {
    bin=$1
    shift
    # shellcheck disable=SC2086 # cflags and hobjs: words
    if ! $cc $cflags "$@" -c fuzz/selftest/slow-fill-adapter.c -o "$bin.o" || ! $cc "$bin.o" $hobjs -o "$bin"; then
        fail "cannot build $bin"
    fi
}
# expect LOG WHAT LINE...: LOG holds every LINE.
expect() {
    log=$1 what=$2
    shift 2
    for line in "$@"; do
        grep -qF -- "$line" "$log" || fail "$what: no '$line'; it printed: $(cat "$log")"
    done
}

# A timeout in the harness's fill: the op's calls had returned.
build "$out/slow-fill"
printf 'version 4\nmalloc 0 555\nmalloc 1 777\n' >"$out/slow-fill.txt"
rc=0
timeout 60 "$out/slow-fill" -t 1 "$out/slow-fill.txt" >"$out/slow-fill.log" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a timeout in a fill: exit $rc, expected 1: $(cat "$out/slow-fill.log")"
expect "$out/slow-fill.log" "a timeout in a fill" "TIMEOUT" "at op #1: malloc 1 777" \
    "the harness was filling block 1 of 134217728 bytes when the limit hit"
if grep -qF "likely cause: the allocator gave out memory" "$out/slow-fill.log"; then
    fail "a timeout in a fill is blamed on the block's memory: $(cat "$out/slow-fill.log")"
fi
echo "fuzz-check-adapters: reports: a timeout in the harness's fill of a block names the block and blames the time"
