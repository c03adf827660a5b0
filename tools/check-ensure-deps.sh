#!/bin/sh
# check-ensure-deps.sh: tools/ensure-deps over a PATH of stand-ins (fuzz-check-make-vars
# runs it). As root it re-checks after apt-get: a package that installed but
# left its tool off PATH is named, not reported as a success. A tool off PATH
# whose package dpkg has installed is said to be so, and apt-get is not run.
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
rm -rf "$dir"
# A compiler the user named is a command, its value's first word (CC='ccache
# gcc'), or refused naming its variable (make's NAMED_COMPILERS hand them on).
out=$(tools/ensure-deps compilers 'CC=sh -c' 2>&1) || fail "ensure-deps refused CC='sh -c', a command: $out"
out=$(tools/ensure-deps compilers CC=sh 'CLANG=no-such clang' 2>&1)
rc=$?
{ [ "$rc" = 2 ] && [ "$out" = "ensure-deps: CLANG=no-such clang is not a command on PATH: give CLANG= a clang with libFuzzer (Debian: clang, libclang-rt-dev), or leave it unset" ]; } ||
    fail "ensure-deps given CLANG='no-such clang': exit $rc (expected 2), it printed: $out"
