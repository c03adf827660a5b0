#!/bin/sh
# check-stats-switch.sh LIBFUZZER: HALLOC_FUZZ_STATS is read as every
# HALLOC_FUZZ_* switch is (fuzz_env_switch, fuzz/run.c): on, 1 or yes print
# the totals at exit; off, 0, no, empty or unset do not (0 and off printed
# them: any value was on); anything else exits 2 naming it.
set -u
bin=$1
fail() { echo "fuzz-check-libfuzzer FAILED: HALLOC_FUZZ_STATS$*"; exit 1; }
input=$(mktemp) || fail ": mktemp"
trap 'rm -f "$input"' EXIT
for v in on 1 yes off 0 no ''; do
    out=$(HALLOC_FUZZ_STATS=$v "$bin" "$input" 2>&1) || fail "='$v': $bin $input failed: $out"
    case "$v:$out" in
    on:*"halloc-fuzz: totals: "* | 1:*"halloc-fuzz: totals: "* | yes:*"halloc-fuzz: totals: "*) ;;
    on:* | 1:* | yes:*) fail "='$v' printed no totals: $out" ;;
    *"halloc-fuzz: totals:"*) fail "='$v' printed the totals: $out" ;;
    esac
done
rc=0
out=$(HALLOC_FUZZ_STATS=of "$bin" "$input" 2>&1) || rc=$?
case "$rc:$out" in
2:*"halloc-fuzz: HALLOC_FUZZ_STATS='of' is not a switch value; use off, 0 or no, or on, 1 or yes"*) ;;
*) fail "='of': exit $rc, expected 2 and the value named: $out" ;;
esac
echo "fuzz-check-libfuzzer: HALLOC_FUZZ_STATS takes on/1/yes and off/0/no as the other switches do, and refuses 'of'"
