#!/bin/sh
# check-ensure-deps.sh: tools/ensure-deps over a PATH of stand-ins (fuzz-check-make-vars
# runs it). As root it re-checks after apt-get: a package that installed but
# left its tool off PATH is named, not reported as a success. A tool off PATH
# whose package dpkg has installed is said to be so, and apt-get is not run.
# The fuzz profile checks the clang the fuzzers use: CC when a clang, else CLANG.
# Silent, exit 0, if all passed; else exit 1, the failure said.
set -u
# No drop_caller_env: it starts no make.
cd "$(dirname "$0")/.." || exit 1
fail() { echo "check-ensure-deps FAILED: $*"; exit 1; }
# A PATH of fakes: id says root, apt-get installs nothing (then a gcc).
dir=$(mktemp -d) || fail "mktemp"
printf '#!/bin/sh\necho 0\n' >"$dir/id"
printf '#!/bin/sh\nexit 0\n' >"$dir/apt-get"
chmod +x "$dir/id" "$dir/apt-get"
out=$(PATH=$dir /bin/sh tools/ensure-deps bench 2>&1)
rc=$?
[ "$rc" = 1 ] || fail "ensure-deps with gcc still missing after apt-get: exit $rc, expected 1; it printed: $out"
case "$out" in *"'gcc' is not on PATH after installing gcc"*) ;; *) fail "ensure-deps did not name gcc: $out" ;; esac
# shellcheck disable=SC2016 # the stand-in apt-get's own script: its $1 expands when it runs
printf '#!/bin/sh\n[ "$1" != install ] || /bin/ln -s /bin/true "%s/gcc"\n' "$dir" >"$dir/apt-get"
out=$(PATH=$dir /bin/sh tools/ensure-deps bench 2>&1) || fail "ensure-deps after an apt-get that installed gcc: $out"
# A tool off PATH whose package dpkg has installed is said to be so, and
# apt-get is not run (it asked to install gcc again, as root ran it first).
rm -f "$dir/gcc"
printf '#!/bin/sh\nprintf "install ok installed"\n' >"$dir/dpkg-query"
printf '#!/bin/sh\n: >"%s/apt-get.ran"\n' "$dir" >"$dir/apt-get"
chmod +x "$dir/dpkg-query" "$dir/apt-get"
out=$(PATH=$dir /bin/sh tools/ensure-deps bench 2>&1)
rc=$?
{ [ "$rc" = 1 ] && [ ! -e "$dir/apt-get.ran" ] &&
    case "$out" in "ensure-deps: 'gcc' is not on PATH, though Debian's gcc package is installed; add its directory"*) ;; *) false ;; esac; } ||
    fail "ensure-deps with gcc installed but off PATH: exit $rc (expected 1), apt-get $([ -e "$dir/apt-get.ran" ] || echo "not ")run; it printed: $out"
# A compiler the user named is a command, its value's first word (CC='ccache
# gcc'), or refused naming its variable (make's NAMED_COMPILERS hand them on).
out=$(tools/ensure-deps compilers 'CC=sh -c' 2>&1) || fail "ensure-deps refused CC='sh -c', a command: $out"
out=$(tools/ensure-deps compilers CC=sh 'CLANG=no-such clang' 2>&1)
rc=$?
{ [ "$rc" = 2 ] && [ "$out" = "ensure-deps: CLANG=no-such clang is not a command on PATH: give CLANG= a clang with libFuzzer (Debian: clang, libclang-rt-dev), or leave it unset" ]; } ||
    fail "ensure-deps given CLANG='no-such clang': exit $rc (expected 2), it printed: $out"
# make fuzz compiles with CC when it is a clang, else with CLANG (fuzz/build.mk's
# FUZZ_CLANG): either one named, on a PATH with no plain clang, is the clang
# checked (ensure-deps asked to install Debian's clang, which neither used).
rm -f "$dir/dpkg-query"
printf '#!/bin/sh\necho 1000\n' >"$dir/id"
{ ln -s /bin/true "$dir/clang-16" && ln -s /bin/true "$dir/gcc-12" && ln -s /bin/true "$dir/afl-clang-fast" && ln -s "$(command -v ls)" "$dir/ls"; } || fail "cannot make the stand-in clang-16"
if ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
    for named in CC=clang-16 "CC=$dir/clang-16 -g" CLANG=clang-16; do
        out=$(PATH=$dir /bin/sh tools/ensure-deps fuzz "$named" 2>&1) ||
            fail "ensure-deps fuzz $named, with no plain clang on PATH: exit $?, expected 0; it printed: $out"
    done
    out=$(PATH=$dir /bin/sh tools/ensure-deps fuzz CC=gcc-12 2>&1)
    case "$out" in *"missing Debian packages: clang"*) ;; *) fail "ensure-deps fuzz CC=gcc-12, no clang on PATH, did not ask for clang: $out" ;; esac
fi
rm -rf "$dir"
