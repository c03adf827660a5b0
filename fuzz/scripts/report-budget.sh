#!/bin/sh
# report-budget.sh [-m] [-s STAMP] [-n SUITE] FILE|DIR...: every harness
# report in FILEs and in the *.log files under DIRs (the "halloc-fuzz: " line
# of an oracle, a crash, a timeout or a sanitizer's report, verify-traces' FAIL
# line or its line after a sanitizer's report, and the indented lines under
# it) must fit the one-screen budget fuzz/REPORTS.md sets ("One screen"). The
# sanitizer's own text is not the harness's report and is not counted. Fails
# naming each report over it and what is over; -m prints every report's
# figures instead (lines, rows, widest line, the rows its cause and reproduce
# lines start on). A what line holds the facts alone: one that guesses at the
# cause ("likely") fails too (fuzz/REPORTS.md, "What and cause"). -s reads
# only the files changed since STAMP was (a suite's run touches it first: a
# log an earlier run left is not this run's); -n names SUITE in a line
# counting the reports when all fit.
set -eu
usage="usage: $0 [-m] [-s STAMP] [-n SUITE] FILE|DIR... (a report's log, or a directory of *.log files)"
measure=0 since='' suite=''
while getopts ms:n: opt; do
    case $opt in
    m) measure=1 ;;
    s) since=$OPTARG ;;
    n) suite=$OPTARG ;;
    *) echo "$usage" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "$usage" >&2; exit 2; }
[ -z "$since" ] || [ -f "$since" ] ||
    { echo "$0: no stamp $since: touch it as the suite's run starts, before it writes any log" >&2; exit 2; }
# The budget, in one place: rows of a 120-column terminal (a line the harness
# does not wrap takes as many as it fills), the row its cause must start by,
# the widest line (7 rows: with a first line of 2, a what line that long
# still leaves the cause on row 10).
rows_max=40 cause_by=10 width_max=840 cols=120
# The why of a report: its cause line; without one, the first line that tells
# rather than lists (the heap, the blocks, the ops, the free under way; in
# verify-traces', the blocks live and the trace's lines).
# shellcheck disable=SC2016 # an awk program, its $ are awk's
prog='
    BEGIN { listing = "^  (heap: |run: |(block|other|prev|next) |last ops |  +#[0-9]|> #[0-9]|the allocator was freeing |allocator check: |reproduce: " \
                      "|[0-9]+ blocks? \\(|  line [0-9]|> line [0-9]|the allocator.s checker: )" }
    function flush() {
        if (head == "") return
        if (cause_row == 0) cause_row = told_row
        over = ""
        if (rows > rows_max) over = over sprintf("; %d rows of %d columns, past %d", rows, cols, rows_max)
        if (widest > width_max) over = over sprintf("; line %d is %d columns, past %d", wide_at, widest, width_max)
        if (cause_row > cause_by) over = over sprintf("; its cause starts at row %d, past %d", cause_row, cause_by)
        if (guess != "" && !measure) {
            printf "report budget: %s: the report \"%s\" guesses at its cause in its what line (\"%s\"): keep the " \
                   "facts there and give the guess a cause row, fuzz/cause-table.c (fuzz/REPORTS.md, What and cause)\n",
                   file, substr(head, 1, 80), guess
            bad = 1
        }
        if (measure)
            printf "%s\t%d lines\t%d rows\twidest %d (line %d)\tcause row %s\treproduce row %s\t%s\n", file, lines,
                   rows, widest, wide_at, cause_row ? cause_row : "-", repro_row ? repro_row : "-", substr(head, 1, 70)
        else if (over != "") {
            printf "report budget: %s: the report \"%s\"%s (fuzz/REPORTS.md, One screen)\n", file, substr(head, 1, 80), over
            bad = 1
        }
        head = ""
    }
    function take(line) {
        lines++
        if (length(line) > widest) { widest = length(line); wide_at = lines }
        if (cause_row == 0 && line ~ /^  (likely cause|cause): /) cause_row = rows + 1
        if (told_row == 0 && lines > 1 && line !~ listing) told_row = rows + 1
        if (line ~ /^  reproduce: /) repro_row = rows + 1
        if (line ~ /^  what: / && match(line, /(^|[^A-Za-z])likely([^A-Za-z]|$)/))
            guess = substr(line, RSTART > 30 ? RSTART - 30 : 1, 60)
        rows += length(line) ? int((length(line) + cols - 1) / cols) : 1
    }
    # A report ends where its file does: named by the file it was read from.
    FNR == 1 { flush() }
    /^halloc-fuzz: (ORACLE |CRASH |TIMEOUT |sanitizer report above )/ || /^verify-traces: (FAIL |.*: .* at op #[0-9]+ \(line [0-9]+\)$)/ {
        flush(); head = $0; file = FILENAME; reports++; lines = rows = widest = wide_at = cause_row = told_row = repro_row = 0; guess = ""
        take($0); next
    }
    head != "" && /^  / { take($0); next }
    { flush() }
    END { flush(); print reports >>tally; exit bad }
'
tally=$(mktemp) || exit 2
trap 'rm -f "$tally"' EXIT
status=0
for arg in "$@"; do
    if [ -d "$arg" ]; then
        set -- "$arg" -type f -name '*.log'
    else
        set -- "$arg" -prune
    fi
    [ -z "$since" ] || set -- "$@" -newer "$since"
    find "$@" -exec awk -v measure="$measure" -v rows_max="$rows_max" -v cause_by="$cause_by" -v width_max="$width_max" \
        -v cols="$cols" -v tally="$tally" "$prog" {} + || status=1
done
if [ $status = 0 ] && [ -n "$suite" ] && [ $measure = 0 ]; then
    n=$(awk '{ n += $1 } END { print n + 0 }' "$tally")
    if [ "$n" = 0 ]; then
        echo "$suite: its run printed no harness report (fuzz/REPORTS.md, One screen: none to hold to it)"
    else
        echo "$suite: each of the $n harness reports its run printed fits one screen (fuzz/REPORTS.md, One screen)"
    fi
fi
exit $status
