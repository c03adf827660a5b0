#!/bin/sh
# check-lab-batch-no-row.sh - part of make fuzz-check-lab-batch, in a
# second: a row whose lab-batch-one.sh ends without writing its row (a shell
# error in it: exit 3; a kill from outside: KILL) is said with that status
# and its log, not "over its time budget" as both were. lab-batch.sh runs
# from a copy beside a stand-in lab-batch-one.sh that does just that, with
# make a no-op: nothing is built or fuzzed. After a ^C such a row is
# interrupted.
set -u
cd "$(dirname "$0")/../.." || exit 1
fail() {
    echo "fuzz-check-lab-batch FAILED (check-lab-batch-no-row.sh): $*"
    exit 1
}
tmp=$(mktemp -d /tmp/lab-batch-no-row.XXXXXX) || fail "mktemp -d failed"
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/scripts" "$tmp/subs" "$tmp/subs/exits" "$tmp/subs/killed" || fail "cannot make folders in $tmp"
cp fuzz/scripts/lab-batch.sh fuzz/scripts/quote.sh "$tmp/scripts/" || fail "cannot copy lab-batch.sh"
# The one of a-winding/ waits for the batch's ^C and is killed as it winds
# down (as timeout's KILL, 20 s after the ^C, ends a grader still going).
cat >"$tmp/scripts/lab-batch-one.sh" <<'EOF'
#!/bin/sh
echo "stand-in grader of $1" >&2
case $1 in
*/killed/*) kill -KILL $$ ;;
*/a-winding/*) trap 'kill -KILL $$' INT; : >"$3/../started"; sleep 60 ;;
esac
exit 3
EOF
chmod +x "$tmp/scripts/lab-batch-one.sh"
: >"$tmp/subs/exits/mm.c"
: >"$tmp/subs/killed/mm.c"
MAKE=true BUILD=build FUZZ_TIME=1 JOBS=2 BATCH_TIMEOUT=1 BATCH_SEED=1 BATCH_LF_OPTS='' BATCH_MIN_INPUTS=1 TRACES='' \
    "$tmp/scripts/lab-batch.sh" "$tmp/out" "$tmp/subs/*/mm.c" >"$tmp/batch.log" 2>&1 ||
    fail "the batch ended with status $?: $(cat "$tmp/batch.log")"
expect_row() {
    row=$(grep "^[0-9]*	$1	" "$tmp/out/summary.tsv")
    case $row in
        *"	no result	-	the grader for this submission (fuzz/scripts/lab-batch-one.sh) exited with status $2 without a result (its log: $tmp/out/$1/run.log)	"*) ;;
        *) fail "the row of a grader that $3 does not say so: '$row' ($(cat "$tmp/batch.log"))" ;;
    esac
}
expect_row exits 3 "exited 3 without a row"
expect_row killed "137 (killed by signal 9, KILL)" "was killed before writing its row"
grep -q "stand-in grader of $tmp/subs/exits/mm.c" "$tmp/out/exits/run.log" ||
    fail "the log a row names holds not its grader's output: $(cat "$tmp/out/exits/run.log")"

# ^C while a row runs: a grader killed as it wound down, its row unwritten,
# was interrupted, not "no result" (once at a load of 6 timeout's KILL, 20 s
# after the ^C, came first); the row after it not run.
mkdir "$tmp/subs2" "$tmp/subs2/a-winding" "$tmp/subs2/b-after" || fail "cannot make folders in $tmp"
: >"$tmp/subs2/a-winding/mm.c"
: >"$tmp/subs2/b-after/mm.c"
# timeout resets the SIGINT a background job ignores (and bounds the batch).
MAKE=true BUILD=build FUZZ_TIME=1 JOBS=1 BATCH_TIMEOUT=1 BATCH_SEED=1 BATCH_LF_OPTS='' BATCH_MIN_INPUTS=1 TRACES='' \
    timeout -k 30 60 "$tmp/scripts/lab-batch.sh" "$tmp/out2" "$tmp/subs2/*/mm.c" >"$tmp/interrupted.log" 2>&1 &
batch=$!
# shellcheck source=fuzz/scripts/load-scaled.sh
. fuzz/scripts/load-scaled.sh
wait_by_load 10 test -e "$tmp/out2/started" ||
    { kill "$batch"; wait "$batch"; fail "the stand-in grader did not start in $guard_seconds s: $(cat "$tmp/interrupted.log")"; }
kill -INT "$batch"
wait "$batch"
rc=$?
row=$(grep "^[0-9]*	a-winding	" "$tmp/out2/summary.tsv")
case $rc:$row in
130:*"	interrupted	-	stopped by ^C; exited with status 137 (killed by signal 9, KILL) "[0-9]*" s after it, before the grader for this submission (fuzz/scripts/lab-batch-one.sh) wrote its row (its log: $tmp/out2/a-winding/run.log)	"*) ;;
*) fail "a grader killed as it wound down after a ^C: exit $rc (expected 130) and its row '$row', not interrupted ($(cat "$tmp/interrupted.log"))" ;;
esac
# The screen's table cuts the cause at 100 characters: its status and the seconds since the ^C come first.
grep -q "^1 *a-winding .* interrupted .*stopped by ^C; exited with status 137 (killed by signal 9, KILL) [0-9]* s after it" "$tmp/interrupted.log" ||
    fail "the screen's row of a grader killed after a ^C does not show its status and the seconds since the ^C: $(cat "$tmp/interrupted.log")"
grep -q "^[0-9]*	b-after	.*	not run	" "$tmp/out2/summary.tsv" ||
    fail "the row after an interrupted one is not 'not run': $(cat "$tmp/interrupted.log")"
echo "  a grader that ended without a row: its status and log said, not the time budget; after a ^C, interrupted"
