#!/bin/sh
# check-replay-verbose.sh REPLAY: replay -v (what make replay runs) of a long
# trace prints its first 12 and last 6 ops and one comment line naming the
# ops left out and the command that prints them all (-vv), so the report
# after it is not pushed off the screen by hundreds of lines; a short trace
# is printed whole. And -t's default is libFuzzer's timeout in
# fuzz/halloc.options, the build's one source for both.
set -u
replay=$1
long=corpus/long-churn.txt short=corpus/split.txt
fail() { echo "fuzz-check-replay FAILED: replay -v: $*"; exit 1; }
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
"$replay" -v "$long" >"$tmp/v" 2>&1 || fail "$long did not replay clean: $(tail -n 5 "$tmp/v")"
"$replay" -vv "$long" >"$tmp/vv" 2>&1 || fail "-vv: $long did not replay clean: $(tail -n 5 "$tmp/vv")"
# Op lines: not the "# path" header, the version line, a comment or the verdict.
ops() { grep -v -e '^#' -e '^version ' -e '^replay: ' "$1"; }
count=$(ops "$tmp/vv" | wc -l)
grep -qxF "replay: $long: ok ($count ops)" "$tmp/vv" || fail "-vv printed $count op lines, not every op: $(tail -n 3 "$tmp/vv")"
[ "$count" -gt 100 ] || fail "$long has $count ops: pick a longer trace for this check"
lines=$(wc -l <"$tmp/v")
[ "$lines" -le 22 ] || fail "$long ($count ops) took $lines lines, not 22 (12 ops, a line for those left out, 6 ops)"
{ ops "$tmp/vv" | head -n 12; ops "$tmp/vv" | tail -n 6; } >"$tmp/want"
ops "$tmp/v" | cmp -s - "$tmp/want" || fail "the ops printed are not the first 12 and last 6 of $long: $(cat "$tmp/v")"
grep -qxF "# ... ops #12..#$((count - 7)) left out ($((count - 18)) of them; the whole trace: $replay -vv $long)" \
    "$tmp/v" || fail "no line naming the ops left out and the command for all of them: $(cat "$tmp/v")"
"$replay" -v "$short" >"$tmp/v" 2>&1 || fail "$short did not replay clean: $(cat "$tmp/v")"
"$replay" -vv "$short" >"$tmp/vv" 2>&1 || fail "-vv: $short did not replay clean: $(cat "$tmp/vv")"
cmp -s "$tmp/v" "$tmp/vv" || fail "$short (short) is not printed whole: $(cat "$tmp/v")"
# What -v prints on standard output replays as printed, its verdict line
# under the trace too (that was "unknown op 'replay:'").
"$replay" -v "$short" >"$tmp/out.txt" 2>/dev/null || fail "$short did not replay clean: $(cat "$tmp/out.txt")"
ran=$(sed -n "s/^replay: .*: ok (\([0-9]*\) ops)$/\1/p" "$tmp/out.txt")
again=$("$replay" "$tmp/out.txt" 2>&1)
if [ -z "$ran" ] || [ "$again" != "replay: $tmp/out.txt: ok ($ran ops)" ]; then
    fail "what replay -v printed for $short ($ran ops) does not replay as it: $again"
fi
# What -v prints into a full disk is lost: said so, exit 2, not 0.
rc=0
"$replay" -v "$short" >/dev/full 2>"$tmp/full" || rc=$?
if [ "$rc" != 2 ] || ! grep -qF "replay: cannot write standard output" "$tmp/full"; then
    fail ">/dev/full: exit $rc, expected 2 and 'cannot write standard output': $(cat "$tmp/full")"
fi
want=$(sed -n 's/^timeout *= *\([0-9][0-9]*\) *$/\1/p' fuzz/halloc.options)
"$replay" >"$tmp/usage" 2>&1
grep -qF "name its op (default $want, libFuzzer's timeout" "$tmp/usage" ||
    fail "-t's default is not fuzz/halloc.options' timeout = $want: $(grep -e ' -t ' "$tmp/usage")"
echo "fuzz-check-replay: replay -t's default is halloc.options' timeout ($want s); replay -v prints the head and tail of a long trace and names the ops left out; -vv and a short trace whole, which replays as printed, verdict and all; a full disk named"
