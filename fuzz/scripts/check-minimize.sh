#!/bin/sh
# check-minimize.sh: make minimize keeps the failure it was given, with a
# stand-in for the engine (fuzz/selftest/fake-minimizer.sh, no build): a
# 6-byte input fails with ORACLE pattern_corrupted, its 2-byte prefix with a
# UBSan misalignment. The .min must be the 3-byte input that still fails
# with the oracle, and the run must say a shorter one failed otherwise and
# save it as .other.min. KEEP=oracle (MIN_KEEP) keeps the 4-byte input,
# whose oracle fires at a free as the given one's does, KEEP=cause the
# 5-byte one, whose cause line is the given one's but for its address.
set -u
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env FUZZ_TOOL
# minimize.sh's own input, given below where a run wants it (make minimize KEEP=).
unset MIN_KEEP
fail() { echo "fuzz-check-minimize FAILED: $*"; exit 1; }
dir=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$dir"' EXIT
printf 'abcdef' >"$dir/crash-x"
# The stand-in trace-tool: to-bin copies, to-text prints.
# shellcheck disable=SC2016 # $1-$3 are the stand-in's own
printf '#!/bin/sh\ncase $1 in to-bin) cp "$2" "$3" ;; *) cat "$2" ;; esac\n' >"$dir/tool" && chmod +x "$dir/tool"
# minimize.sh's limit: 20 s, which ran out at a load of 20 on 2 cores, times
# the load per core (load-scaled.sh). The searches end well before it.
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
scale_by_load 20 200
limit=$scaled_seconds
# minimize [VAR=value]: minimize.sh on crash-x ($limit s at most), output in $out.
minimize() {
    out=$(env "$@" fuzz/scripts/minimize.sh fuzz/selftest/fake-minimizer.sh "$dir/tool" "$dir/crash-x" "$limit" \
        "$dir/minimize.log" 2>&1)
}
minimize MIN_MISMATCHES= || fail "minimize.sh failed: $out"
[ "$(cat "$dir/crash-x.min" 2>/dev/null)" = abc ] ||
    fail "kept '$(cat "$dir/crash-x.min" 2>/dev/null)', not abc (the shortest that fires pattern_corrupted): $out"
# UBSan's check is named (its SUMMARY says undefined-behavior for every one),
# and so is the limit that ended the search, 20 by default, and how to lift it.
case $out in
*"shorter inputs failed otherwise than this one (the last: runtime error: load of misaligned address (2 bytes), not halloc-fuzz: ORACLE pattern_corrupted fired): kept the shortest that fails as it does - stopped after 20 of those in a row; make minimize MIN_MISMATCHES=n (0: until FUZZ_TIME) tries on"*"saved $dir/crash-x.min (3 bytes"*) ;;
*) fail "the kept failure not said: $out" ;;
esac
# The shorter input that failed otherwise is saved beside the .min, and said where (it was named, not kept).
[ "$(cat "$dir/crash-x.other.min" 2>/dev/null)" = ab ] ||
    fail "kept '$(cat "$dir/crash-x.other.min" 2>/dev/null)' as crash-x.other.min, not ab (the shorter input that failed otherwise): $out"
case $out in
*"the last shorter input that failed otherwise (runtime error: load of misaligned address) is saved as $dir/crash-x.other.min"*) ;;
*) fail "where the shorter input that failed otherwise was saved not said: $out" ;;
esac
[ "$(grep -c 'running .*cand alone' "$dir/minimize.log")" = 23 ] ||
    fail "expected 3 shorter inputs kept and 20 that failed otherwise, ran $(grep -c 'running .*cand alone' "$dir/minimize.log")"
# KEEP=oracle keeps the op's name too (a free, not the malloc at 3 bytes),
# KEEP=cause the cause line as well, its address masked: 6 and 5 bytes name
# the same block at 0x? (a double free at 4 bytes is another story).
minimize MIN_KEEP=oracle MIN_MISMATCHES=2 || fail "minimize.sh MIN_KEEP=oracle failed: $out"
[ "$(cat "$dir/crash-x.min" 2>/dev/null)" = abcd ] ||
    fail "KEEP=oracle kept '$(cat "$dir/crash-x.min" 2>/dev/null)', not abcd (the shortest whose oracle fires at a free): $out"
minimize MIN_KEEP=cause MIN_MISMATCHES=2 || fail "minimize.sh MIN_KEEP=cause failed: $out"
[ "$(cat "$dir/crash-x.min" 2>/dev/null)" = abcde ] ||
    fail "KEEP=cause kept '$(cat "$dir/crash-x.min" 2>/dev/null)', not abcde (the shortest with the same cause line): $out"
case $out in
*"(the last: halloc-fuzz: ORACLE pattern_corrupted fired, op free, cause: a block freed twice (4 bytes), not halloc-fuzz: ORACLE pattern_corrupted fired, op free, cause: block at 0x? was written past its end)"*) ;;
*) fail "KEEP=cause did not name the cause it kept and the one it set aside: $out" ;;
esac
minimize MIN_KEEP=same && fail "MIN_KEEP=same was taken: $out"
case $out in *"KEEP=same is none of kind, oracle"*) ;; *) fail "MIN_KEEP=same not named: $out" ;; esac
minimize MIN_MISMATCHES=2 || fail "minimize.sh MIN_MISMATCHES=2 failed: $out"
case $out in *"stopped after 2 of those in a row"*) ;; *) fail "MIN_MISMATCHES=2 not taken: $out" ;; esac
minimize MIN_MISMATCHES=two && fail "MIN_MISMATCHES=two was taken: $out"
case $out in *"MIN_MISMATCHES=two is not a count"*) ;; *) fail "MIN_MISMATCHES=two not named: $out" ;; esac
# A lab trace is refused by the trace-tool, never shrunk as bytes.
printf '# note\n0\n1\n1\n1\na 0 8\n' >"$dir/lab"
out=$(fuzz/scripts/minimize.sh fuzz/selftest/fake-minimizer.sh "${FUZZ_TOOL:-build/fuzz/trace-tool}" "$dir/lab" "$limit" "$dir/lab.log" 2>&1) &&
    fail "minimize.sh took a lab trace: $out"
case $out in *"an allocator-lab trace"*) ;; *) fail "minimize.sh of a lab trace: $out" ;; esac
# The lines it prints name files escaped (quote.sh), its log's tail too: an
# input that passes alone (the empty one) with its log in a folder named with
# an escape and a newline shows neither raw, its own line on one line.
esc=$(printf '\033') nl='
'
odd="$dir/e${esc}[1m${nl}d"
{ mkdir "$odd" && : >"$odd/empty"; } || fail "mkdir $dir/e<ESC>[1m<newline>d"
out=$(fuzz/scripts/minimize.sh fuzz/selftest/fake-minimizer.sh "$dir/tool" "$odd/empty" "$limit" "$odd/minimize.log" 2>&1) &&
    fail "minimize.sh shrank an input that passes alone: $out"
case $out in
*"$esc"*) fail "minimize.sh printed an escape of a file's name raw: $(printf '%s\n' "$out" | sed -n l)" ;;
*"minimize: running $dir/e\x1b[1m\nd/minimize.log.best alone"*"does not crash when run alone"*) ;;
*) fail "minimize.sh on an input that passes alone did not name the input it ran, escaped: $out" ;;
esac
# A shorter input that hangs (the stand-in's 'han', 1000 s) is stopped after
# MIN_INPUT_TIMEOUT seconds, named by its timeout and set aside.
printf 'hangs' >"$dir/hangs"
out=$(MIN_INPUT_TIMEOUT=1 MIN_MISMATCHES=2 timeout $((limit + 10)) fuzz/scripts/minimize.sh fuzz/selftest/fake-minimizer.sh \
    "$dir/tool" "$dir/hangs" "$limit" "$dir/hangs.log" 2>&1) ||
    fail "minimize.sh on an input whose shorter one hangs did not end within $((limit + 10)) s (-timeout): $out"
[ "$(cat "$dir/hangs.min" 2>/dev/null)" = hang ] ||
    fail "kept '$(cat "$dir/hangs.min" 2>/dev/null)', not hang (the shortest that does not hang): $out"
case $out in *"(the last: SUMMARY: libFuzzer: timeout (3 bytes)"*) ;; *) fail "the hanging input's timeout not named: $out" ;; esac
echo "fuzz-check-minimize: make minimize keeps an input that fails as the given one did (KEEP=oracle: at an op" \
    "of the same name, KEEP=cause: with the same cause line too), says a shorter one" \
    "failed otherwise (a UBSan check by its name), saved as .other.min, and after how many in a row it stopped (MIN_MISMATCHES);" \
    "a shorter input that hangs is stopped (MIN_INPUT_TIMEOUT); a lab trace is refused; the files it names, in its lines and its log's tail, escaped"
