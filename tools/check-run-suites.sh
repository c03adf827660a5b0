#!/bin/sh
# check-run-suites.sh: tools/run-suites, as make check and fuzz-check call
# it, over three stand-in suites of which the first fails. Plain make stops
# there; make -k runs the other two and still fails, naming the first;
# make -n prints their commands and runs none. Each suite's wall and CPU
# seconds are printed.
set -u
# No drop_caller_env: its makes run a scratch Makefile that reads no variable.
# Nor make's flags from the make that runs this: under make -k check, every
# make below took -k, and the first case failed ("ran a suite after the one
# that failed").
unset MAKEFLAGS MFLAGS MAKELEVEL
fail() { echo "check-run-suites FAILED: $*" >&2; exit 1; }
tools=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d) || fail "cannot make a temporary directory"
trap 'rm -rf "$work"' EXIT
cat >"$work/Makefile" <<MK
check:
	@MAKE='\$(MAKE)' $tools/run-suites "make check" broken second third
broken:
	@false
second:
	@touch \$@.ran
third:
	@sh $work/spin.sh $work/cpu.now && touch \$@.ran
hung:
	@MAKE='\$(MAKE)' SUITE_SECONDS_MAX=1 $tools/run-suites "make hung" second hang third
hang:
	@sleep 299.$$
MK
# A suite that uses 0.1 s of CPU or more, at any load: its shell spins until
# its own user or system time has reached 0.1 s.
cat >"$work/spin.sh" <<'SH'
while times >"$1" && read -r user sys <"$1"; do
    case "$user $sys" in "0m0.0"*" 0m0.0"*) ;; *) break ;; esac
done
SH

out=$(cd "$work" && make -s check 2>&1) && fail "make check passed with a failing suite: $out"
[ ! -e "$work/second.ran" ] || fail "make check ran a suite after the one that failed"

out=$(cd "$work" && make -s -k check 2>&1) && fail "make -k check passed with a failing suite: $out"
if [ ! -e "$work/second.ran" ] || [ ! -e "$work/third.ran" ]; then
    fail "make -k check stopped at the failing suite: $out"
fi
case $out in
*"FAILED (make -k ran the rest): broken"*) ;;
*) fail "make -k check did not name the suite that failed: $out" ;;
esac
# Each suite that passed has its CPU seconds (user+sys) beside its wall seconds.
echo "$out" | grep -qE '^make check: seconds per suite: second=[0-9]+s third=[0-9]+s \(total [0-9]+s\)$' ||
    fail "make -k check did not give the wall seconds of the suites that passed: $out"
echo "$out" | grep -qE '^make check: CPU seconds per suite \(user\+sys\): second=[0-9]+\.[0-9]s third=([1-9][0-9]*\.[0-9]|0\.[1-9])s \(total [0-9]+\.[0-9]s\)$' ||
    fail "make -k check did not give the CPU seconds of the suites that passed (third's 0.1 s or more): $out"
# A suite still running past SUITE_SECONDS_MAX is a hang: the processes under
# the runner are printed, the hung one named with the seconds it has run,
# and ended, and the suite fails naming the limit; none is left running.
out=$(cd "$work" && rm -f ./*.ran && make -s hung 2>&1) && fail "make hung passed with a suite that hangs: $out"
case $out in
*"make hung: hang still running after 1 s (SUITE_SECONDS_MAX), taken for a hang; its processes, "*) ;;
*) fail "a suite that hangs was not named as one: $out" ;;
esac
echo "$out" | grep -qE "^ +[0-9]+  [0-9]+ s  sleep 299\.$$ \$" ||
    fail "the hung suite's processes did not include its sleep 299.$$, with the seconds it had run: $out"
echo "$out" | grep -qF "make hung: FAILED in hang: still running after 1 s, taken for a hang and ended (its processes above)" ||
    fail "the hung suite's failure did not name the limit: $out"
[ ! -e "$work/third.ran" ] || fail "make hung ran a suite after the one that hung: $out"
for cmdline in /proc/[0-9]*/cmdline; do
    [ "$(tr '\0' ' ' 2>/dev/null <"$cmdline")" != "sleep 299.$$ " ] ||
        fail "the hung suite's sleep 299.$$ was left running ($cmdline): $out"
done

# make -n check, however spelled, shows the suites' commands and runs none.
for dry in -n "-j2 -n" --dry-run -nk "-n FOO=k"; do
    # shellcheck disable=SC2086 # $dry is one or two words on purpose
    out=$(cd "$work" && rm -f ./*.ran && make $dry check 2>&1) || fail "make $dry check failed: $out"
    for f in "$work"/*.ran; do
        [ ! -e "$f" ] || fail "make $dry check ran a suite ($f): $out"
    done
    case $out in
    *FAILED*) fail "make $dry check reported a failure: $out" ;;
    *"--no-print-directory second"*) ;;
    *) fail "make $dry check did not print the suites' commands: $out" ;;
    esac
done
# A variable's value is not a flag: FOO=n is no dry run, nor FOO=k a -k.
out=$(cd "$work" && rm -f ./*.ran && make -s check FOO=n 2>&1) && fail "make check FOO=n passed: $out"
[ -e "$work/second.ran" ] && fail "make check FOO=n ran a suite after the one that failed: $out"
case $out in
*"--no-print-directory"*) fail "make check FOO=n took itself for a dry run: $out" ;;
esac

# Every suite of make check and make fuzz-check, under make -n in a clean
# BUILD, runs nothing and leaves BUILD absent: a recipe line naming $(MAKE)
# runs even then, and so did the scripts such lines start (fuzz-check-afl
# started afl-fuzz, fuzz-check-threads compiled with TSan) before they called
# tools/makeflags.sh's make_dry_run.
top=$(cd "$tools/.." && pwd)
build=$work/build
dry() { (cd "$top" && MAKEFLAGS='' make --no-print-directory -n "$@" BUILD="$build" 2>&1); }
suites=$( { dry check && dry fuzz-check; } | sed -n 's/.* --no-print-directory \([a-z-]*\)$/\1/p')
case $suites in
*fuzz-check-afl*) ;;
*) fail "make -n check and make -n fuzz-check named no suites (fuzz-check-afl among them): $suites" ;;
esac
# Each suite in a clean BUILD of its own, as many at once as there are cores:
# one after the other, these ~30 makes reading the rules were most of this
# check's time (8.5 s of CPU, one core's).
# shellcheck disable=SC2086 # the suites' names, one word each
printf '%s\n' $suites | grep -vx fuzz-check >"$work/suites"
# shellcheck disable=SC2016 # expanded by the sh that xargs runs
xargs -P "$(nproc 2>/dev/null || echo 1)" -I{} sh -c 'cd "$1" && MAKEFLAGS="" make --no-print-directory -n "$2" \
    BUILD="$3/build-$2" >"$3/dry-$2.log" 2>&1 || : >"$3/dry-$2.failed"' sh "$top" {} "$work" <"$work/suites"
checked=0
while read -r suite; do
    checked=$((checked + 1))
    [ ! -e "$work/dry-$suite.failed" ] || fail "make -n $suite failed: $(tail -n 5 "$work/dry-$suite.log")"
    [ ! -e "$work/build-$suite" ] || fail "make -n $suite wrote under BUILD: $(find "$work/build-$suite" | head -5)"
done <"$work/suites"
# make -t of make fuzz-check's suites in a clean BUILD touches their
# targets: touching a file whose folder did not exist yet failed (-t runs
# no recipe's mkdir but a + line's: the Makefile's MKDIR_TARGET).
out=$(cd "$top" && MAKEFLAGS='' make --no-print-directory -t fuzz-check BUILD="$work/touched" 2>&1) ||
    fail "make -t fuzz-check in a clean BUILD failed: $(echo "$out" | grep -v '^touch ' | tail -n 5)"
# make -n fuzz-threads shows the sub-make's commands (the link of the
# threaded fuzzer), not only the line that starts it, and writes nothing.
out=$(dry fuzz-threads) || fail "make -n fuzz-threads failed: $(echo "$out" | tail -n 5)"
case $out in
*threads-libfuzzer.c*) ;;
*) fail "make -n fuzz-threads does not show the commands its sub-make would run: $out" ;;
esac
[ ! -e "$build" ] || fail "make -n fuzz-threads wrote under BUILD: $(find "$build" | head -5)"
# make -q runs those + lines too, and must write nothing.
(cd "$top" && MAKEFLAGS='' make -q lib BUILD="$build" >/dev/null 2>&1)
[ ! -e "$build" ] || fail "make -q lib wrote under BUILD: $(find "$build" | head -5)"
echo "check-run-suites: make check stops at a failing suite; make -k runs the rest and fails naming it, with each suite's wall and CPU seconds; a suite past SUITE_SECONDS_MAX is named a hang, its processes listed and ended; make -n runs none, nor does make -n of any of the $checked suites; make -n fuzz-threads shows its sub-make's commands; make -t fuzz-check touches in a clean BUILD, make -q writes nothing"
