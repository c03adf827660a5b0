#!/bin/sh
# check-report-budget.sh DIR: report-budget.sh itself, on logs made here in
# DIR (fresh): a report past the budget fails, named by the log it is in,
# also when it runs to that log's end and another log is read after it;
# verify-traces' reports are held to it too; a what line that says "likely" fails; with -s STAMP a log older than
# the stamp (one an earlier run left) is not read, and -n counts the reports
# read. Under a second: the suites that apply the budget trust these.
set -u
budget=${BUDGET:-fuzz/scripts/report-budget.sh}
dir=${1:?usage: $0 DIR}
fail() { echo "check-report-budget FAILED: $*"; exit 1; }
{ rm -rf "$dir" && mkdir -p "$dir/logs"; } || fail "cannot make $dir"

# over HEAD: a report whose first line is HEAD, its cause on row 46.
over() {
    echo "$1"
    i=0
    while [ $i -lt 44 ]; do echo "  heap: row $((i + 2))"; i=$((i + 1)); done
    echo "  cause: told too late"
}
fits='halloc-fuzz: ORACLE overlap fired at op #1: free 1
  cause: told at once'

# Two logs, each ending in a report past the budget: whichever is read
# first, its report ends as the other log starts, and must name its own.
for n in 5 6; do over "halloc-fuzz: ORACLE overlap fired at op #$n: malloc 1 16" >"$dir/logs/over-$n.log"; done
out=$("$budget" "$dir/logs" 2>&1) && fail "a report of 46 rows passed: $out"
for n in 5 6; do
    printf '%s\n' "$out" | grep -qxF "report budget: $dir/logs/over-$n.log: the report \"halloc-fuzz: ORACLE overlap fired at op #$n: malloc 1 16\"; 46 rows of 120 columns, past 40; its cause starts at row 46, past 10 (fuzz/REPORTS.md, One screen)" ||
        fail "a report past the budget at its log's end, another log read after it, not named by its own log ($dir/logs/over-$n.log): $out"
done

rm -f "$dir"/logs/over-*.log
# A what line that guesses at the cause fails though the report fits; the
# word inside another ("unlikely") does not.
printf '%s\n' 'halloc-fuzz: ORACLE spurious_oom fired at op #2: malloc 1 1' \
    '  what:  a request of 1 byte fails: likely a stale index' '  cause: told at once' >"$dir/logs/guess.log"
out=$("$budget" "$dir/logs" 2>&1) && fail "a what line with \"likely\" passed: $out"
case $out in *"guess.log: the report \"halloc-fuzz: ORACLE spurious_oom fired at op #2: malloc 1 1\" guesses at its cause in its what line"*) ;;
*) fail "a what line with \"likely\" not named by its log: $out" ;; esac
sed 's/likely/unlikely/' "$dir/logs/guess.log" >"$dir/logs/guess-word.log" && rm -f "$dir/logs/guess.log"
out=$("$budget" "$dir/logs" 2>&1) || fail "a what line with \"unlikely\" failed: $out"
rm -f "$dir/logs/guess-word.log"
echo "$fits" >"$dir/logs/b-fits.log"
over 'verify-traces: FAIL t.rep line 3 (op #1: f 1): free of a block never allocated' >"$dir/logs/c-verify.log"
out=$("$budget" "$dir/logs" 2>&1) && fail "a verify-traces report of 46 rows passed: $out"
case $out in *"c-verify.log: the report \"verify-traces: FAIL t.rep line 3"*"46 rows of 120 columns, past 40"*) ;;
*) fail "a verify-traces report past the budget not named: $out" ;; esac

# The stale log: older than the stamp by a minute, as one a run before left.
touch -d '1 minute ago' "$dir/logs/c-verify.log" "$dir/logs/b-fits.log"
touch -d '1 second ago' "$dir/stamp" # as the Makefile's budget_start dates it
echo "$fits" >"$dir/logs/d-new.log"
out=$("$budget" -n this-suite -s "$dir/stamp" "$dir/logs" 2>&1) ||
    fail "with -s, a log older than the stamp was read: $out"
[ "$out" = "this-suite: each of the 1 harness reports its run printed fits one screen (fuzz/REPORTS.md, One screen)" ] ||
    fail "with -s and -n, not the one report written since the stamp counted: $out"
out=$("$budget" -s "$dir/missing" "$dir/logs" 2>&1) && fail "-s with no stamp passed: $out"
echo "check-report-budget: a report past the budget named by its own log (a verify-traces one too), a what line's guess too; a log older than -s's stamp not read, the rest counted"
