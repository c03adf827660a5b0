#!/bin/sh
# bounded.sh CRASHDIR "MAKEVARS" LIMIT COMMAND...: run a fuzzer (killed after
# LIMIT seconds at the latest); fail if it exits non-zero or leaves a new file
# in CRASHDIR, naming each file and the command that replays it. What it
# prints of the fuzzer's (its log's tail, its command) is escaped
# (quote.sh's lines_shown, name_shown): a control character reaches no terminal.
set -u
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh
crashdir=$1 vars=$2 limit=$3
shift 3
mkdir -p "$crashdir"
log=$(mktemp) before=$(mktemp)
# shellcheck disable=SC2012 # libFuzzer's <kind>-<sha1> names, one a line, to compare
ls "$crashdir" | sort >"$before"
timeout "$limit" "$@" >"$log" 2>&1
rc=$?
# shellcheck disable=SC2012 # libFuzzer's <kind>-<sha1> names, one a line, to compare
new=$(ls "$crashdir" | sort | comm -13 "$before" -)
if [ "$rc" -ne 0 ] || [ -n "$new" ]; then
    tail -n 40 "$log" | lines_shown
    say "FUZZ FAILED: $(name_shown "$1") exited with status $rc$( [ "$rc" = 124 ] && echo ' (killed by timeout)')"
    [ -z "$new" ] || printf '%s\n' "$new" | while IFS= read -r f; do
        say "  crash: $(name_shown "$crashdir/$f")"
        say "  replay it: make replay $vars CRASH=$(name_quoted "$crashdir/$f")"
    done
    rm -f "$log" "$before"
    exit 1
fi
say "fuzz run clean: $(name_shown "$1")"
grep -E 'stat::(number_of_executed_units|average_exec_per_sec)' "$log" | sed 's/^/  /' | lines_shown
rm -f "$log" "$before"
