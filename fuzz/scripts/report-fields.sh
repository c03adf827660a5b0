# shellcheck shell=sh
# report-fields.sh, sourced by fuzz/rounds/run.sh, fuzz/rounds/check.sh and
# fuzz/scripts/minimize.sh: the fields of a harness report in a log, read
# one way (its verdict line, its oracle, its op, its first cause line).

# report_verdict LOG: the harness's verdict line of the first report in LOG
# (ORACLE, TIMEOUT, CRASH or sanitizer report): a saved finding's "# expect:".
report_verdict() {
    grep -m 1 '^halloc-fuzz: \(ORACLE\|TIMEOUT\|CRASH\|sanitizer report\)' "$1"
}

# report_what LOG: "oracle | op | first cause line" of the first report in LOG,
# read from its verdict line (a sanitizer's report named by its own ERROR,
# WARNING or runtime error line; for ThreadSanitizer's, the op is the thread
# and op of its first access).
report_what() {
    verdict=$(report_verdict "$1")
    case "$verdict" in
    *ORACLE*) oracle=$(echo "$verdict" | sed 's/^halloc-fuzz: ORACLE \([a-z_]*\).*/\1/') ;;
    *TIMEOUT*) oracle=TIMEOUT ;;
    *CRASH*) oracle=$(echo "$verdict" | sed 's/^halloc-fuzz: \(CRASH ([^,:)]*\).*/\1)/') ;;
    *) oracle=$(grep -o -m 1 'ERROR: [A-Za-z]*Sanitizer: [A-Za-z-]*\|runtime error\|WARNING: ThreadSanitizer: [a-z -]*[a-z]' "$1" |
        sed 's/^ERROR: //; s/^WARNING: //; s/^runtime error/UBSan/') ;;
    esac
    printf '%s | %s | %s\n' "${oracle:-?}" "$(report_op "$1")" "$(report_cause "$1")"
}

# report_op LOG: the op the first report in LOG stopped at ("at op #9: release
# newer-half", "in the final free-all"), read from its verdict line; for a
# threaded run ThreadSanitizer stopped, the thread of the report's first access
# and its op (libfuzzer.sh's end); ? if none is named.
report_op() {
    verdict=$(report_verdict "$1")
    op=$(echo "$verdict" | sed -n 's/.* \(at op #[0-9]*: .*\)/\1/p; s/.* \(fired\|raised\) \(in .*\)/\2/p')
    [ -n "$verdict" ] || op=$(sed -n "/^halloc-fuzz: the first access of ThreadSanitizer's report above in \(thread [0-9]* of [0-9]*\).*/{
        s//\1/; h; n; s/^  in its \(op #[0-9]*: [^ ]*\).*/\1/; H; x; s/\n/, /p; q; }" "$1")
    printf '%s\n' "${op:-?}"
}

# report_cause LOG: the first report's first cause line in LOG: its cause, else
# its what, else where the fault's address lies, UBSan's finding, TSan's likely
# cause or SUMMARY, or the harness's first line of context. Its first 160 characters, with each address
# (0x and 5 or more hex digits) as 0x?, so that a replay of the same input
# prints the same line in every process: the form a row of make rounds shows,
# a saved finding's "# cause:" line pins (fuzz/rounds/README.md) and make
# minimize KEEP=cause keeps.
report_cause() {
    cause=$(sed -n 's/^  cause: //p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n 's/^  what: *//p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n "s/^  \\(the fault's address .*\\)/\\1/p" "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n 's/.*runtime error: //p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n 's/^  likely cause: //p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n 's/^SUMMARY: ThreadSanitizer: //p' "$1" | head -n 1)
    [ -n "$cause" ] || cause=$(sed -n '/^halloc-fuzz: /,$ s/^  \(the .*\)/\1/p' "$1" | head -n 1)
    printf '%s' "$cause" | sed 's/0x[0-9a-fA-F]\{5,\}/0x?/g' | cut -c 1-160
}
