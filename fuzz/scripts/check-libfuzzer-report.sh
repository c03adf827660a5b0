#!/bin/sh
# check-libfuzzer-report.sh: make fuzz on an allocator whose blocks are
# shorter than its usable_size says (fuzz/selftest/crash-adapter.c
# -DUSABLE_OVERSTATED). libFuzzer stops on the sanitizer's report; the
# harness must name the op and the block it was writing there, and make must
# print a replay command that, pasted as printed, explains the same input.
set -u
fail() { echo "fuzz-check-libfuzzer-report FAILED: $*"; exit 1; }
name=selftest-usable-overstated
rm -rf "crashes/$name"
log=$(mktemp) || fail "mktemp"
make --no-print-directory fuzz NAME=$name TARGET=fuzz/selftest/crash-adapter.c SRCS= \
    CFLAGS=-DUSABLE_OVERSTATED FUZZ_TIME=60 >"$log" 2>&1 && fail "make fuzz found nothing: $(tail -n 20 "$log")"
expect() {
    grep -qF "$1" "$2" || { tail -n 40 "$2"; fail "no '$1' in the output above"; }
}
expect "halloc-fuzz: sanitizer report above was raised at op #" "$log"
expect "the harness was writing block " "$log"
replay=$(sed -n 's/^fuzz: replay the input libFuzzer saved: //p' "$log")
case "$replay" in
"make replay TARGET=fuzz/selftest/crash-adapter.c NAME=$name CFLAGS='-DUSABLE_OVERSTATED' CRASH=crashes/$name/crash-"*) ;;
*) tail -n 40 "$log"; fail "the replay line is '$replay'" ;;
esac
eval "$replay" >"$log" 2>&1 && fail "the printed replay command passed: $(tail -n 20 "$log")"
expect "the harness was writing block " "$log"
rm -f "$log"
rm -rf "crashes/$name"
echo "fuzz-check-libfuzzer-report: libFuzzer's sanitizer stop names the op and the block; the printed replay command reproduces it"
