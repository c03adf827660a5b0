#!/bin/sh
# check-minimize.sh: make minimize keeps the failure it was given, with a
# stand-in for the engine (fuzz/selftest/fake-minimizer.sh, no build): a
# 6-byte input fails with ORACLE pattern_corrupted, its 2-byte prefix with a
# UBSan misalignment. The .min must be the 3-byte input that still fails
# with the oracle, and the run must say a shorter one failed otherwise.
set -u
fail() { echo "fuzz-check-minimize FAILED: $*"; exit 1; }
dir=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$dir"' EXIT
printf 'abcdef' >"$dir/crash-x"
# shellcheck disable=SC2016 # $2 is the stand-in's own
printf '#!/bin/sh\ncat "$2"\n' >"$dir/tool" && chmod +x "$dir/tool"
out=$(fuzz/scripts/minimize.sh fuzz/selftest/fake-minimizer.sh "$dir/tool" "$dir/crash-x" 20 "$dir/minimize.log" 2>&1) ||
    fail "minimize.sh failed: $out"
[ "$(cat "$dir/crash-x.min" 2>/dev/null)" = abc ] ||
    fail "kept '$(cat "$dir/crash-x.min" 2>/dev/null)', not abc (the shortest that fires pattern_corrupted): $out"
case $out in
*"shorter inputs failed otherwise than this one (the last: SUMMARY: UndefinedBehaviorSanitizer: misaligned-pointer-use (2 bytes), not halloc-fuzz: ORACLE pattern_corrupted fired)"*"saved $dir/crash-x.min (3 bytes"*) ;;
*) fail "the kept failure not said: $out" ;;
esac
echo "fuzz-check-minimize: make minimize keeps an input that fails as the given one did, and says a shorter one failed otherwise"
