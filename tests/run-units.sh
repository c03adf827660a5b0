#!/bin/sh
# run-units.sh BINARY...: the runner of make check-unit and its variants
# (tests/build.mk, UNIT_RUN). Runs every binary, even after one failed, as
# many at once as there are cores: Criterion runs a binary's tests on every
# core, but most binaries hold a few tests and end waiting for their slowest,
# so one binary after the other left a core idle. Each binary's output is
# printed whole, under "== BINARY", in the order given; the run fails at the
# end naming every binary that failed, crashed or had a sanitizer report.
# The caller's environment (ASAN_OPTIONS, HALLOC_NOABORT) reaches each binary.
set -u
[ $# -gt 0 ] || { echo "usage: tests/run-units.sh BINARY..."; exit 2; }
out=$(mktemp -d) || { echo "run-units.sh: mktemp failed: check that \$TMPDIR (or /tmp) is writable"; exit 2; }
trap 'rm -rf "$out"' EXIT
i=0
for t; do
    i=$((i + 1))
    printf '%s %s\n' "$i" "$t"
done >"$out/list"
# shellcheck disable=SC2016 # expanded by the sh that xargs runs
xargs -P "$(nproc 2>/dev/null || echo 1)" -L1 sh -c '"$3" >"$1/$2.log" 2>&1; echo "$?" >"$1/$2.rc"' run-units.sh "$out" <"$out/list"
fail=""
i=0
for t; do
    i=$((i + 1))
    echo "== $t"
    cat "$out/$i.log" 2>/dev/null
    [ "$(cat "$out/$i.rc" 2>/dev/null)" = 0 ] || fail="$fail $t"
done
if [ -n "$fail" ]; then
    echo "unit tests FAILED:$fail"
    exit 1
fi
