# shellcheck shell=sh
# fake-libfuzzer-dir.sh, sourced by the checks that run libfuzzer.sh over
# the stand-in fuzz/selftest/fake-libfuzzer.sh (check-libfuzzer-ends.sh and
# check-libfuzzer-stops.sh), from the top of the tree, check_name set to
# the check's name: defines fail (one line naming that check, exit 1), and
# sets dir, a new temporary folder, and fake, the stand-in copied into it
# and made executable (each run's saved inputs and log go in dir too).
: "${check_name:?set check_name before sourcing fake-libfuzzer-dir.sh}"
fail() {
    printf '%s\n' "$check_name FAILED: $*"
    exit 1
}
dir=$(mktemp -d) || fail "mktemp"
fake=$dir/fake-libfuzzer
cp fuzz/selftest/fake-libfuzzer.sh "$fake"
chmod +x "$fake"
