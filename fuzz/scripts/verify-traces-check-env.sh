# shellcheck shell=sh
# verify-traces-check-env.sh, sourced from the top of the tree by the two
# scripts of make fuzz-check-verify (check-verify-traces.sh and
# check-verify-traces-options.sh): drops the caller's variables as make does
# for a check goal (by hand too), sets MAKE, BUILD and OUT (their shared
# work folder, made here, with the trace request-2g.rep both replay), and
# defines fail (one line naming the suite, exit 1) and clean.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
OUT=$BUILD/verify-traces-check
mkdir -p "$OUT"

fail() {
    echo "fuzz-check-verify: FAIL: $*"
    exit 1
}

# clean NAME TEXT WHAT PATTERN...: the trace TEXT must replay clean on halloc
# and the output must have a line matching each PATTERN after "verify-traces: PATH: ".
clean() {
    name=$1 text=$2 what=$3
    shift 3
    f=$OUT/$name.rep
    printf '%b' "$text" >"$f"
    "$BUILD/fuzz/vt-halloc/verify-traces" "$f" >"$OUT/$name.log" 2>&1
    rc=$?
    [ "$rc" = 0 ] || fail "$what: exit $rc, expected 0 ($OUT/$name.log)"
    for pattern in "$@"; do
        grep -q "^verify-traces: $f: $pattern" "$OUT/$name.log" || fail "$what: no line '$pattern' ($OUT/$name.log)"
    done
}

# One malloc of 2 GiB, past INT_MAX (mem_sbrk's int) and past a 100M heap.
printf '0\n1\n1\n1\na 0 2147483648\n' >"$OUT/request-2g.rep"
