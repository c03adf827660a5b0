#!/bin/sh
# check.sh - make rounds-check: every saved finding of the round allocators
# (fuzz/rounds/ALLOC/regressions/bug-N.txt) replayed under the replay driver
# (ASan+UBSan) on ALLOC built with -DBUG=N stops with the line its "# expect:"
# comment records, and on ALLOC's clean build passes. Fixed inputs, no
# engine: a loaded machine is slower, not flaky. Exit 0 and a PASS line, else
# 1 and a FAIL line naming the input; logs in $BUILD/rounds-check/.
set -u
cd "$(dirname "$0")/../.." || exit 1
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
# shellcheck source=fuzz/rounds/lib.sh
. fuzz/rounds/lib.sh # round_allocs, round_bugs, round_vars

MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
OUT=$BUILD/rounds-check
rm -rf "$OUT"
mkdir -p "$OUT"

fail() {
    echo "rounds-check: FAIL: $*"
    exit 1
}

# build ALLOC NAME [FLAGS]: ALLOC's replay driver, as build/fuzz/NAME/replay-cc.
build() {
    round_vars "$1"
    "$MAKE" --no-print-directory TARGET="$target" SRCS="$srcs" NAME="$2" ${3:+CFLAGS="$3"} fuzz-built-replay-cc \
        >"$OUT/$2.build" 2>&1 || fail "cannot build $1 ${3:-clean} ($OUT/$2.build)"
}

# replay NAME INPUT: the replay's status; its output in $OUT/NAME-INPUT.log.
replay() {
    log=$OUT/$1-$(basename "$2" .txt).log
    "$BUILD/fuzz/$1/replay-cc" -v -- "$2" >"$log" 2>&1
}

inputs=0
for alloc in $(round_allocs ""); do
    build "$alloc" "rounds-check-$alloc"
    for input in "fuzz/rounds/$alloc"/regressions/bug-*.txt; do
        [ -f "$input" ] || continue
        bug=$(basename "$input" .txt | sed 's/^bug-//; s/-.*//')
        round_bugs "$alloc" | grep -qx "$bug" || fail "$input: $alloc.c lists no bug $bug"
        expect=$(sed -n 's/^# expect: //p' "$input")
        [ -n "$expect" ] || fail "$input has no '# expect: ' line: the line its replay must print"
        name=rounds-check-$alloc-bug$bug
        [ -x "$BUILD/fuzz/$name/replay-cc" ] || build "$alloc" "$name" "-DBUG=$bug"
        replay "$name" "$input" && fail "$input replays clean on $alloc -DBUG=$bug ($log)"
        grep -qF -- "$expect" "$log" || fail "the replay of $input on -DBUG=$bug does not say '$expect' ($log)"
        replay "rounds-check-$alloc" "$input" || fail "$input fails on $alloc's clean build ($log)"
        echo "  $input: $expect"
        inputs=$((inputs + 1))
    done
done
[ "$inputs" -gt 0 ] || fail "no fuzz/rounds/*/regressions/bug-*.txt found"
echo "rounds-check: PASS ($inputs saved findings give their oracle on their bug's build and pass on the clean one)"
