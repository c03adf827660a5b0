#!/bin/sh
# fake-minimizer.sh [FLAGS] INPUT - stands in for a libFuzzer binary in
# fuzz/scripts/check-minimize.sh: an input of 3 bytes or more fails with the
# ORACLE pattern_corrupted, one of 1 or 2 bytes with a UBSan misalignment
# (the shorter input that crashes otherwise), the empty one passes. The
# oracle's op is a free from 4 bytes on, a malloc at 3; its cause line names
# a write past a block (its address the input's size) from 5 bytes on, a
# double free below (make minimize KEEP=oracle, KEEP=cause). With
# -minimize_crash_internal_step=1 it "finds" the input less its last byte,
# as libFuzzer's step saves the first shorter input that crashes at all;
# with -minimize_crash=1, libFuzzer's own loop, it keeps shrinking past the
# change of failure, as libFuzzer does. Run on an input, it names it first,
# as libFuzzer does ("Running: INPUT"). An input of 3 bytes or fewer that
# starts with h hangs: until -timeout=N's N seconds, then fails as
# libFuzzer's timeout does; without it, for 1000 s.
step="" loop="" artifact="" timeout=1000
for arg; do
    case $arg in
    -timeout=*) timeout=${arg#*=} ;;
    -minimize_crash_internal_step=1) step=1 ;;
    -minimize_crash=1) loop=1 ;;
    -exact_artifact_path=*) artifact=${arg#*=} ;;
    esac
done
for input; do :; done
size=$(wc -c <"$input")
if [ -n "$step" ]; then
    [ "$size" -ge 2 ] || exit 0
    head -c $((size - 1)) "$input" >"$artifact"
    exit 1
elif [ -n "$loop" ]; then
    head -c 1 "$input" >"$artifact"
    exit 0
fi
echo "Running: $input"
if [ "$size" -le 3 ] && [ "$(head -c 1 "$input")" = h ]; then
    sleep "$timeout"
    echo "==1== ERROR: libFuzzer: timeout after $timeout seconds"
    echo "SUMMARY: libFuzzer: timeout"
    exit 70
fi
if [ "$size" -ge 3 ]; then
    op="free $size" cause="block at 0x7f00000$size was written past its end"
    [ "$size" -ge 4 ] || op="malloc 0 8"
    [ "$size" -ge 5 ] || cause="a block freed twice"
    echo "halloc-fuzz: ORACLE pattern_corrupted fired at op #$size: $op"
    echo "  cause: $cause"
    exit 1
elif [ "$size" -ge 1 ]; then
    echo "fuzz/x.c:1:2: runtime error: load of misaligned address"
    echo "SUMMARY: UndefinedBehaviorSanitizer: misaligned-pointer-use fuzz/x.c:1:2"
    exit 1
fi
