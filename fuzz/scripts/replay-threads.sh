#!/bin/sh
# replay-threads.sh LOG REPLAY ARGS...: make replay-threads' run of the
# threaded replay (fuzz/threads-replay.c), its command printed first. Its
# output goes to the screen and to LOG; when ThreadSanitizer stopped it,
# the end re-prints that report in short, as make fuzz-threads' end does
# (log-report.sh's report_from_log, one copy for both): the SUMMARY, each
# access with its thread, the mutexes it held and the call that reached
# it, a likely cause, and the harness's thread and op, which TSan's long
# report (its stacks, the threads' creation) pushed off the screen. Its
# status is the replay's.
set -u
# shellcheck source=fuzz/scripts/log-report.sh
. "$(dirname "$0")"/log-report.sh
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh # name_shown, say: LOG is under the build's folder, named by the user
log=$1
shift
mkdir -p "$(dirname "$log")" || exit 2
status=$(mktemp) || { echo "replay-threads: mktemp failed: check that \$TMPDIR (or /tmp) is writable"; exit 2; }
echo "$*"
{ "$@" 2>&1; echo $? >"$status"; } | tee "$log"
rc=$(cat "$status")
rm -f "$status"
if [ "$rc" != 0 ] && grep -q '^SUMMARY: ThreadSanitizer: ' "$log"; then
    say "---- ThreadSanitizer's report in short, re-printed from $(name_shown "$log") (the whole run: above, and in that file) ----"
    report_from_log
fi
exit "${rc:-2}"
