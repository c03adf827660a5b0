#!/bin/sh
# check-help.sh TOOL...: each tool, asked -h or --help, prints its usage to
# standard output, nothing to stderr, and exits 0; a wrong option prints
# nothing to stdout and exits 2 with that same usage on stderr (after a line
# naming the option, where the tool has one). The suites call it with the
# tools they have built already: it builds nothing, and starts every run at
# once (a sanitizer's start is most of one's 0.2 s, spent waiting), so it
# takes about as long as one run.
set -u
fail() { echo "check-help FAILED: $*"; exit 1; }
dir=$(mktemp -d) || fail "mktemp -d could not make a directory for the runs' output; check TMPDIR"
trap 'rm -rf "$dir"' EXIT
i=0
for tool in "$@"; do
    i=$((i + 1))
    for ask in -h --help --no-such-option; do
        { rc=0; "$tool" "$ask" >"$dir/$i$ask.out" 2>"$dir/$i$ask.err" || rc=$?; echo "$rc" >"$dir/$i$ask.rc"; } &
    done
done
wait
i=0
for tool in "$@"; do
    i=$((i + 1))
    for ask in -h --help; do
        rc=$(cat "$dir/$i$ask.rc") out=$(cat "$dir/$i$ask.out")
        { [ "$rc" = 0 ] && [ ! -s "$dir/$i$ask.err" ]; } ||
            fail "$tool $ask: exit $rc, expected 0 and nothing on stderr; it said: $(cat "$dir/$i$ask.err")"
        case $out in
            "usage: "*) ;;
            *) fail "$tool $ask: stdout does not start with 'usage: ': $out" ;;
        esac
    done
    help=$(cat "$dir/$i-h.out")
    [ "$help" = "$(cat "$dir/$i--help.out")" ] || fail "$tool: -h and --help print different texts"
    # A continuation line (more than two leading blanks) starts under the
    # text of the entry above it (two blanks, the option and its argument,
    # two or more blanks): bench's and verify-traces' -t and -p lines wrapped
    # two columns to the left of their text.
    bad=$(printf '%s\n' "$help" | awk '
        /^  [^ ]/ { col = match(substr($0, 3), /[^ ]  +[^ ]/) ? RSTART + RLENGTH : -1; next }
        /^   / && match($0, /[^ ]/) - 1 != col { print NR ": " $0 " (its text starts in column " col + 1 ")"; exit }
        /^[^ ]/ { col = -1 }')
    [ -z "$bad" ] || fail "$tool -h: a continuation line not under its option's text, line $bad"
    rc=$(cat "$dir/$i--no-such-option.rc") out=$(cat "$dir/$i--no-such-option.out")
    { [ "$rc" = 2 ] && [ -z "$out" ]; } ||
        fail "$tool --no-such-option: exit $rc, expected 2 and nothing on stdout; stdout: $out"
    case $(cat "$dir/$i--no-such-option.err") in
        *"$help") ;;
        *) fail "$tool --no-such-option: stderr does not end with the usage -h prints; stderr: $(cat "$dir/$i--no-such-option.err")" ;;
    esac
done
