#!/bin/sh
# check-bad-traces.sh TRACE_TOOL WORKDIR: every malformed trace line in
# fuzz/selftest/bad-traces.cases must be refused by `trace-tool to-bin` with
# a nonzero exit and a one-line error, at that line, containing the expected words.
set -eu
# No drop_caller_env: the one make it starts reads a makefile of its own,
# MAKEFLAGS dropped (make is otherwise named only in the messages it expects).
tool=$1 work=$2
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh # make_reads_traces
# The version the tools write (fuzz/ops.h): every trace they print starts with it.
version=$(sed -n 's/^#define FUZZ_ENCODING_VERSION \([0-9][0-9]*\)$/\1/p' fuzz/ops.h)
mkdir -p "$work"
"$(dirname "$0")"/check-help.sh "$tool" # -h, --help and a wrong option
n=0
while IFS='|' read -r line expect; do
    case "$line" in '#'* | '') continue ;; esac
    line=$(echo "$line" | sed 's/[[:space:]]*$//')
    expect=$(echo "$expect" | sed 's/^[[:space:]]*//')
    printf 'version 1\nmalloc 0 16\n%s\n' "$line" >"$work/bad.txt"
    rc=0
    "$tool" to-bin "$work/bad.txt" "$work/bad.bin" >"$work/bad.log" 2>&1 || rc=$?
    if [ "$rc" = 0 ] || [ "$(wc -l <"$work/bad.log")" -ne 1 ] || ! grep -qF "$expect" "$work/bad.log" ||
        ! grep -qF "bad.txt:3" "$work/bad.log"; then
        echo "fuzz-check-trace FAILED: '$line': exit $rc, expected one line at bad.txt:3 with \"$expect\"; got:"
        cat "$work/bad.log"
        exit 1
    fi
    n=$((n + 1))
done <fuzz/selftest/bad-traces.cases
# refused NAME BODY LINE EXPECT: the trace printf BODY, which the cases file
# cannot hold, is refused with one printable line at LINE saying EXPECT.
refused() {
    # shellcheck disable=SC2059
    printf "$2" >"$work/$1"
    rc=0
    "$tool" to-bin "$work/$1" "$work/bad.bin" >"$work/bad.log" 2>&1 || rc=$?
    if [ "$rc" = 0 ] || [ "$(wc -l <"$work/bad.log")" -ne 1 ] || ! grep -qF "$1:$3: $4" "$work/bad.log" ||
        LC_ALL=C grep -q '[[:cntrl:]]' "$work/bad.log"; then
        echo "fuzz-check-trace FAILED: $1: exit $rc, expected one printable line at $1:$3 with \"$4\"; got:"
        cat -v "$work/bad.log"
        exit 1
    fi
    n=$((n + 1))
}
# A NUL byte would end the line early and the rest of the file would be lost.
refused nul.txt 'version 2\nmalloc 0 16\0 and the rest\nfree 0\n' 2 "not a text trace (byte 0x00 at offset 21)"
# A binary file named .txt is named as one, whatever its first lines would
# break first (here an unknown operation on line 2).
refused blob.txt 'version 2\nzap 1\nmalloc 0 8\n\001\002\377\n' 4 "not a text trace (byte 0x01 at offset 27)"
# Lines that end in CR alone read as one line: said so, not "bad version line".
refused cr-only.txt 'version 2\rmalloc 0 16\rfree 0\r' 1 "a carriage return (CR) inside the line"
# Named at the line the first CR is on, lines counted by LF as sed -n and grep -n count them.
refused cr-later.txt 'version 2\nmalloc 0 16\nfree 0\rmalloc 1 8\r' 3 "a carriage return (CR) inside the line"
# So do a line ending in CR CR LF, once taken for CR-LF with a trailing CR,
# and a form feed or vertical tab, once a blank here and a field's byte there.
refused cr-cr-lf.txt 'version 2\r\nmalloc 0 16\r\r\nfree 0\r\n' 2 "a carriage return (CR) before the line's end"
refused form-feed.txt 'version 2\nmalloc 0\f16\nfree 0\n' 2 "a form feed (FF) in the line"
refused vertical-tab.txt 'version 2\nmalloc 0 16\nfree 0\v\n' 3 "a vertical tab (VT) in the line"
# A byte-order mark after the first (two, or files joined with cat) is named
# as one, not quoted as bytes before the header.
refused two-boms.txt '\357\273\277\357\273\277version 3\nmalloc 0 16\n' 1 "a second byte-order mark"
# A no-break space, zero-width space or byte-order mark inside a line (a copy
# from a web page) is named, not quoted as bytes ('0\xc2\xa016'); in a
# comment, or in the name a replay: line quotes, it is no field's and is read.
refused nbsp.txt 'version 2\nmalloc 0\302\24016\n' 2 "a no-break space (U+00A0, bytes C2 A0) after 'malloc 0', which"
refused zwsp.txt 'version 2\nfree 0\342\200\213\n' 2 "a zero-width space (U+200B, bytes E2 80 8B) after 'free 0'"
refused mid-bom.txt 'version 2\nfree\357\273\277 0\n' 2 "a byte-order mark (U+FEFF, bytes EF BB BF) after 'free'"
printf 'version 2\nmalloc 0 16 # caf\302\240\nreplay: a\302\240b.txt: ok (1 op)\n' >"$work/nbsp-note.txt"
"$tool" to-bin "$work/nbsp-note.txt" "$work/nbsp-note.bin" >"$work/bad.log" 2>&1 ||
    { echo "fuzz-check-trace FAILED: a no-break space in a comment and a replay: line was refused:"; cat "$work/bad.log"; exit 1; }
refused joined.txt 'version 3\nmalloc 0 16\n\357\273\277version 3\nfree 0\n' 3 "a second byte-order mark"
# A control character from the trace is shown escaped, never sent to the terminal.
refused escape.txt 'version 2\n\033[2Jmalloc 0 16\n' 2 "unknown op '\\x1b[2Jmalloc'"
# A version this build cannot read is refused at its header line.
printf 'version %s\nmalloc 0 16\n' 999 >"$work/bad.txt"
rc=0
"$tool" to-bin "$work/bad.txt" "$work/bad.bin" >"$work/bad.log" 2>&1 || rc=$?
if [ "$rc" = 0 ] || ! grep -qF "bad.txt:1: trace is version 999 but this build reads versions 1 to" "$work/bad.log"; then
    echo "fuzz-check-trace FAILED: 'version 999' was not refused at line 1 naming the versions read; got:"
    cat "$work/bad.log"
    exit 1
fi
# read_as_text NAME WHAT: the file NAME in $work is read as the text trace
# "version $version / malloc 0 16 / free 0" (as it prints it); WHAT names the case in a failure.
read_as_text() {
    rc=0
    "$tool" to-text "$work/$1" >"$work/$1.log" 2>&1 || rc=$?
    if [ "$rc" != 0 ] || [ "$(cat "$work/$1.log")" != "$(printf 'version %s\nmalloc 0 16\nfree 0' "$version")" ]; then
        echo "fuzz-check-trace FAILED: $2: exit $rc, expected its canonical text; got:"
        cat "$work/$1.log"
        exit 1
    fi
}
# A UTF-8 byte-order mark at the start is skipped, also where only the first
# word tells text from binary (a name without .txt).
cp fuzz/selftest/good-bom.txt "$work/bom"
read_as_text bom "a trace starting with a byte-order mark"
# '-' is standard input, as for bench and verify-traces.
printf 'version 4\nmalloc 0 16\nfree 0\n' >"$work/stdin.txt"
out=$("$tool" to-text - <"$work/stdin.txt" 2>&1)
[ "$out" = "$(printf 'version %s\nmalloc 0 16\nfree 0' "$version")" ] ||
    { echo "fuzz-check-trace FAILED: to-text - did not read standard input: $out"; exit 1; }
# A trace named with a newline in it is named with \n, its error one line
# (the name was printed raw, the error split over two lines).
printf 'version 4\nmalloc 0 16\nbogus\n' >"$work/new
line.txt"
rc=0
out=$("$tool" to-text "$work/new
line.txt" 2>&1) || rc=$?
case $rc:$(printf '%s\n' "$out" | wc -l):$out in
    "2:1:trace-tool: $work/new\\nline.txt:3: unknown op 'bogus'"*) ;;
    *) printf 'fuzz-check-trace FAILED: a trace named with a newline: exit %s, expected 2 and one line naming it escaped: %s\n' "$rc" "$out"; exit 1 ;;
esac
# A lab trace so named (a tab too), given where a fuzz input goes: the
# command its refusal gives (make verify-traces TRACES=...), pasted into
# bash, reaches make's recipe shell as the name (it gave the escaped text,
# another file's name, then a $'...' word, which make cut at the newline).
lab_odd="$work/lab b
c	d"
printf '20\n1\n2\n1\na 0 16\nf 0\n' >"$lab_odd"
out=$("$tool" to-text "$lab_odd" 2>&1) && { echo "fuzz-check-trace FAILED: to-text took a lab trace: $out"; exit 1; }
word=${out#*make verify-traces TRACES=}
word=${word%% checks every line*}
got=$(make_reads_traces "$word" "$work")
if [ "$(printf '%s\n' "$out" | wc -l)" != 1 ] || [ "$got" != "$lab_odd|" ]; then
    printf 'fuzz-check-trace FAILED: a lab trace named with a space, a newline and a tab: its refusal is not one line whose TRACES=%s reaches make'"'"'s recipe as the name (got %s): %s\n' "$word" "$got" "$out"
    exit 1
fi
# pasted WHAT NAME FROM TO MADE: the command between FROM and TO in
# trace-tool's refusal of NAME (a file in $work named with a space and a
# quote), run by sh, writes MADE there: the names it builds from NAME are
# quoted for the shell too (they were printed bare).
pasted() {
    out=$("$tool" to-text "$work/$2" 2>&1) && { echo "fuzz-check-trace FAILED: to-text took $2: $out"; exit 1; }
    cmd=${out#*"$3"} && cmd=${cmd%%"$4"*}
    rm -f "$work/$5"
    if ! sh -c "$cmd" >/dev/null 2>&1 || [ ! -s "$work/$5" ]; then
        printf 'fuzz-check-trace FAILED: %s: the command its refusal gives (%s), pasted into sh, did not write %s: %s\n' \
            "$1" "$cmd" "$5" "$out"
        exit 1
    fi
}
printf '20\n1\n2\n1\n# made by hand\na 0 16\nf 0\n' >"$work/it's a.rep"
pasted "a lab trace with comments" "it's a.rep" "has none: " ", then make" "it's a-lab.rep"
gzip -nc bench/testdata/good-basic.rep >"$work/g z'.rep.gz"
pasted "a gzip'd trace" "g z'.rep.gz" "decompress it first (" ")" "g z'.rep"
printf 'version 3\nmalloc 0 16\n' | iconv -f UTF-8 -t UTF-16 >"$work/u t'f.txt"
pasted "a UTF-16 trace" "u t'f.txt" "convert it (" ") and give" "u t'f.txt.utf8"
# A lab trace named with a blank, a quote and a $: the TRACES= word its
# refusal gives, pasted into bash, reaches make's recipe shell as the name
# whole (quoted for bash alone, make split it at the blank).
printf '20\n1\n2\n1\na 0 16\nf 1\n' >"$work/it's \$x"
out=$("$tool" to-text "$work/it's \$x" 2>&1) && { echo "fuzz-check-trace FAILED: to-text took a lab trace: $out"; exit 1; }
word=${out#*make verify-traces TRACES=}
word=${word%% checks every line*}
got=$(make_reads_traces "$word" "$work")
[ "$got" = "$work/it's \$x|" ] || {
    printf 'fuzz-check-trace FAILED: a lab trace named with a blank, a quote and a $: the TRACES=%s its refusal gives reaches make'"'"'s recipe as %s, not the name: %s\n' \
        "$word" "$got" "$out"
    exit 1
}
# roundtrip given '-' twice is refused before any is read, as bench and
# verify-traces refuse it: the second '-' read nothing and passed, exit 0.
rc=0
out=$("$tool" roundtrip - "$work/bom" - <"$work/stdin.txt" 2>&1) || rc=$?
[ "$rc:$out" = "2:trace-tool: '-' (standard input) is given more than once, and it can be read only once; give it once" ] ||
    { echo "fuzz-check-trace FAILED: roundtrip - FILE -: exit $rc, expected 2 and one line saying '-' is given twice: $out"; exit 1; }
# A lab trace on standard input: the commands advised read it again with
# "< FILE" (a bare TRACES=- waits on the terminal), and name no "--lab.rep".
"$tool" to-text - <bench/testdata/good-basic.rep >"$work/lab-stdin.log" 2>&1 || true
grep -qF "make verify-traces TRACES=- < FILE checks every line" "$work/lab-stdin.log" ||
    { cat "$work/lab-stdin.log"; echo "fuzz-check-trace FAILED: a lab trace on standard input: its advice lacks '< FILE'"; exit 1; }
printf '# n\n0\n2\n2\n1\na 0 8\nf 0\n' | "$tool" to-text - >"$work/lab-stdin.log" 2>&1 || true
grep -qF "(#|\$)' - < FILE > stdin-lab.rep, then make verify-traces TRACES=stdin-lab.rep" "$work/lab-stdin.log" ||
    { cat "$work/lab-stdin.log"; echo "fuzz-check-trace FAILED: a commented lab trace on standard input: its grep advice is not '- < FILE > stdin-lab.rep'"; exit 1; }
# A trace that starts with a comment, in a file not named .txt, is still text.
printf '# what this reproduces\nversion 2\nmalloc 0 16\nfree 0\n' >"$work/noted"
read_as_text noted "a text trace starting with a comment, not named .txt"
# one_line LOG RC WANT WHAT GREP-ARGS...: the command that wrote LOG exited
# WANT (it gave RC) and wrote one line, which grep GREP-ARGS matches.
one_line() {
    ol_log=$1 ol_rc=$2 ol_want=$3 ol_what=$4
    shift 4
    if [ "$ol_rc" != "$ol_want" ] || [ "$(wc -l <"$ol_log")" -ne 1 ] || ! grep -q "$@" "$ol_log"; then
        echo "fuzz-check-trace FAILED: $ol_what: exit $ol_rc, expected $ol_want and one line; got:"
        cat "$ol_log"
        exit 1
    fi
}
# refused_in_one_line FILE WHAT LINE: to-text of FILE exits 2 with one line
# holding LINE.
refused_in_one_line() {
    rc=0
    "$tool" to-text "$work/$1" >"$work/lab.log" 2>&1 || rc=$?
    one_line "$work/lab.log" "$rc" 2 "$2 (a line with '$3')" -F -- "$3"
}
# Files that look like a fuzz input but are none (lab traces, other tools' logs).
# shellcheck source=fuzz/scripts/check-bad-traces-lab.sh
. "$(dirname "$0")"/check-bad-traces-lab.sh
# A text trace without its version line is a text trace: the parser names
# the line, rather than the bytes replaying as a binary program.
printf '# a note\nmalloc 0 16\nfree 0\n' >"$work/no-version"
refused_in_one_line no-version "a text trace without a version line" \
    "trace-tool: $work/no-version:2: 'malloc' before the 'version $version' header; add that line first"
printf 'malloc 0 16\r\nfree 0\r\n' >"$work/no-version-crlf"
refused_in_one_line no-version-crlf "a CR-LF text trace without a version line" \
    "trace-tool: $work/no-version-crlf:1: 'malloc' before the 'version $version' header"
# Text plainly meant as a trace but none (a lab trace in CSV, a lab header
# over text ops, a misspelled first op with no version line): its bytes
# replayed as a program nobody wrote, and replay said "ok". Refused at its
# line, unless named as an engine saves an input: those bytes ran.
near() {
    # shellcheck disable=SC2059
    printf -- "$2" >"$work/$1"
    refused_in_one_line "$1" "$3" "trace-tool: $work/$1: $4"
    grep -qF "copy it to a name starting crash-" "$work/lab.log" ||
        { cat "$work/lab.log"; echo "fuzz-check-trace FAILED: $3: the refusal does not say how to replay it as bytes"; exit 1; }
    for saved in "crash-$1" 0123456789abcdef0123456789abcdef01234567; do # a crash, a libFuzzer corpus's SHA-1 name
        cp "$work/$1" "$work/$saved"
        [ "$("$tool" to-text "$work/$saved" 2>&1 | head -1)" = "version $version" ] ||
            { echo "fuzz-check-trace FAILED: $3, saved as $saved, is not replayed as a binary input:"; "$tool" to-text "$work/$saved"; exit 1; }
    done
}
near csv '20000,2,4,1\na,0,8\nf,0\n' "a lab trace in CSV" "line 1 '20000,2,4,1' is an allocator-lab trace written with commas"
near csv-ops '\na, 0, 8\nf,0\n' "lab ops in CSV" "line 2 'a, 0, 8' is an allocator-lab trace written with commas"
near lab-text-ops '20000\n2\n4\n1\nmalloc 0 8\nfree 0\n' "a lab header over text ops" \
    "an allocator-lab trace's header, then line 5 'malloc 0 8', a text trace's op"
near misspelled-op 'alloc 0 8\nalloc 1 8\nfree 0\n' "a misspelled op and no version line" \
    "line 1 'alloc 0 8' is written as a text trace's op, but 'alloc' is no op the format has"
# Printable bytes that are neither stay a binary input: words and numbers
# with no op among them, one such line, two numbers with a comma.
printf 'AAAAAAAAAAAAAAAA' >"$work/printable"
printf 'zap 1 2\nhello world\n' >"$work/printable-lines"
printf 'x 1 2\ny 3\n' >"$work/printable-letters"
printf 'zap 1 2\nzip 3 4\n' >"$work/printable-ops"
printf 'alloc 0 8\n' >"$work/printable-op"
printf '1,2\na,0,8\n' >"$work/printable-pair"
for f in printable printable-lines printable-letters printable-ops printable-op printable-pair; do
    [ "$("$tool" to-text "$work/$f" 2>&1 | head -1)" = "version $version" ] ||
        { echo "fuzz-check-trace FAILED: the printable binary input $f was not read as one:"; "$tool" to-text "$work/$f"; exit 1; }
done
printf '0\n2\n2\n1\nversion 2\n' >"$work/digits-first"
rc=0
"$tool" to-text "$work/digits-first" >"$work/lab.log" 2>&1 || rc=$?
[ "$rc" = 0 ] || { echo "fuzz-check-trace FAILED: a binary input of digit lines without a lab op was refused:"; cat "$work/lab.log"; exit 1; }
# A compressed trace (.gz and the like) gets the command that reads it; the
# same bytes under a saved input's name are a binary input, as any bytes are.
gzip -nc bench/testdata/good-basic.rep >"$work/lab.rep.gz"
refused_in_one_line lab.rep.gz "to-text of a gzip'd lab trace" \
    "trace-tool: $work/lab.rep.gz: gzip-compressed, not a fuzz input; decompress it first (gzip -dc $work/lab.rep.gz > $work/lab.rep)"
# Under a .rep name it is named compressed too, with the command (make bench
# and verify-traces say the same), not only "byte 0x1f is no text".
cp "$work/lab.rep.gz" "$work/packed.rep"
refused_in_one_line packed.rep "to-text of a gzip'd lab trace named .rep" \
    "trace-tool: $work/packed.rep: gzip-compressed under a lab trace's .rep name: a compressed trace (decompress it first: gzip -dc $work/packed.rep > $work/packed-unpacked.rep, and give"
cp "$work/lab.rep.gz" "$work/crash-gz"
"$tool" to-text "$work/crash-gz" >"$work/gz.log" 2>&1 ||
    { echo "fuzz-check-trace FAILED: a binary input starting with gzip's magic was refused:"; cat "$work/gz.log"; exit 1; }
# An endless file with no line end (/dev/zero) is refused a line's worth in
# (TEXT_LINE_MAX), not read up to INPUT_MAX (256 MiB, past this 64 MiB cap)
# nor until memory ran out.
rc=0
prlimit --as=67108864 "$tool" to-bin /dev/zero "$work/zero.bin" >"$work/zero.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || ! grep -qF "trace-tool: /dev/zero:1: a line longer than 1 MiB (blanks aside), which no text trace's line and no saved input" "$work/zero.log"; then
    echo "fuzz-check-trace FAILED: to-bin of /dev/zero: exit $rc, expected 2 and 'a line longer than 1 MiB'; got:"
    cat "$work/zero.log"
    exit 1
fi
# A line past 1 MiB is refused at its line, as bench and from-mtrace name
# it (PATH:LINE, bench/text-line-limit.h; it was 'from offset N'), and in
# the same words whether it ends in a newline or not (it said 'no line end'
# of one that had one).
for end in '\n' ''; do
    { printf 'version %s\nmalloc 0 16\n' "$version" && head -c 1100000 /dev/zero | tr '\0' a && printf %b "$end"; } \
        >"$work/long-line.txt"
    rc=0
    "$tool" to-bin "$work/long-line.txt" "$work/long-line.bin" >"$work/long-line.log" 2>&1 || rc=$?
    one_line "$work/long-line.log" "$rc" 2 "to-bin of a line of 1100000 bytes${end:+ and a newline}" -xF -- \
        "trace-tool: $work/long-line.txt:3: a line longer than 1 MiB (blanks aside), which no text trace's line and no saved input (at most 4096 bytes) comes near: not a fuzz input; give the file the fuzzer saved"
done
# Blanks are no line's content (text_line_run): a text trace ending in more
# than 1 MiB of them is taken without its final newline, as with it (it was
# "no line end in 1 MiB from offset 29").
{ printf 'version %s\nmalloc 0 16\n' "$version" && head -c 1100000 /dev/zero | tr '\0' ' '; } >"$work/blank-tail.txt"
{ "$tool" to-bin "$work/blank-tail.txt" "$work/blank-tail.bin" >"$work/blank-tail.log" 2>&1 &&
    [ "$(wc -c <"$work/blank-tail.bin")" -eq 4 ]; } ||
    { echo "fuzz-check-trace FAILED: a text trace ending in 1100000 blanks, no newline, was not one op:"
      cat "$work/blank-tail.log"; exit 1; }
# Yet blanks are held: an endless stream of them is refused past
# TEXT_LINE_BLANKS_MAX, as the other readers refuse it (it was read to 256 MiB).
rc=0
yes ' ' | tr -d '\n' | prlimit --as=268435456 "$tool" to-bin - "$work/blanks.bin" >"$work/blanks.log" 2>&1 || rc=$?
one_line "$work/blanks.log" "$rc" 2 "to-bin of an endless stream of blanks" -xF -- \
    "trace-tool: -:1: more than 16777216 bytes of blanks (spaces, tabs) in one line: no trace or log is padded so; give the trace or log itself, not a stream of blanks"
# A threaded seed's hand-over reads its slot alone: an argument there is
# refused at its line when the seeds are converted (it was dropped unsaid).
mkdir -p "$work/threads-seeds" && rm -f "$work/threads-seeds"/*
printf 'version %s\nmalloc 2 16\n# hand it over\ndouble-free 2 between 5\n' "$version" >"$work/threads-seeds/between.txt"
rc=0
fuzz/scripts/threads-seed.sh "$tool" "$work/threads-corpus" "$work/threads-seeds" >"$work/bad.log" 2>&1 || rc=$?
one_line "$work/bad.log" "$rc" 2 "a threaded seed's double-free with 'between 5'" -F -- \
    "trace-tool: $work/threads-seeds/between.txt:4: 'double-free 2 between 5' is a give of slot 2 in a threaded run, which reads the slot alone: its argument would be ignored; write 'double-free 2'"
# The parser refuses it where it reads the line, so standard input does too
# (it was refused whole: the file was read twice), and a seed without one
# converts from there.
rc=0
"$tool" to-bin --threads - "$work/threads.bin" <"$work/threads-seeds/between.txt" >"$work/bad.log" 2>&1 || rc=$?
one_line "$work/bad.log" "$rc" 2 "to-bin --threads - of a double-free with 'between 5'" -xF -- \
    "trace-tool: -:4: 'double-free 2 between 5' is a give of slot 2 in a threaded run, which reads the slot alone: its argument would be ignored; write 'double-free 2' (fuzz/THREADS.md)"
{ printf 'version %s\nmalloc 2 16\ndouble-free 2\nfree-interior 2 0\n' "$version" |
    "$tool" to-bin --threads - "$work/threads.bin" >"$work/bad.log" 2>&1 && [ "$(wc -c <"$work/threads.bin")" -eq 12 ]; } ||
    { echo "fuzz-check-trace FAILED: to-bin --threads - of a seed with no hand-over argument did not give 3 ops:"
      cat "$work/bad.log"; exit 1; }
# UTF-16 text (Windows PowerShell's >) is named as such, with the command
# that converts it, whatever it holds: a lab trace, or a text trace, which
# converted reads as one.
iconv -f UTF-8 -t UTF-16 bench/testdata/good-basic.rep >"$work/lab-utf16"
printf 'version 3\nmalloc 0 16\nfree 0\n' | iconv -f UTF-8 -t UTF-16 >"$work/text-utf16.txt"
for f in lab-utf16 text-utf16.txt; do
    refused_in_one_line "$f" "a UTF-16 file ($f)" \
        "trace-tool: $work/$f: UTF-16 text (as Windows PowerShell's > writes it), not a fuzz input; convert it"
done
cmd=$("$tool" to-text "$work/text-utf16.txt" 2>&1 | sed 's/.*convert it (//; s/) and give that$//')
sh -c "$cmd" && read_as_text text-utf16.txt.utf8 "a UTF-16 text trace converted by the command printed ($cmd)"
# A file this user may not read is named so, with its permissions as the
# fix (as root a copy of trace-tool runs as user nobody, from a mktemp
# directory opened to all: the tree may lie where nobody cannot go).
locked=$(mktemp -d)
chmod 755 "$locked" && cp "$tool" "$locked/trace-tool"
printf 'version 3\n' >"$locked/x.txt" && chmod 000 "$locked/x.txt"
as=
[ "$(id -u)" -ne 0 ] || as="setpriv --reuid=65534 --regid=65534 --clear-groups"
rc=0
# shellcheck disable=SC2086 # $as is a command and its options, or nothing
$as "$locked/trace-tool" to-text "$locked/x.txt" >"$work/locked.log" 2>&1 || rc=$?
rm -rf "$locked"
if [ "$rc" != 2 ] || ! grep -qxF "trace-tool: cannot open $locked/x.txt: Permission denied (check its permissions: ls -l)" "$work/locked.log"; then
    echo "fuzz-check-trace FAILED: to-text of a file this user may not read: exit $rc; got:"
    cat "$work/locked.log"
    exit 1
fi
# A directory given where a file belongs is named as one.
rc=0
"$tool" to-text "$work" >"$work/dir.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || ! grep -qxF "trace-tool: $work: is a directory; give the path of one input file" "$work/dir.log"; then
    echo "fuzz-check-trace FAILED: to-text of a directory: exit $rc, expected 2 and 'is a directory'; got:"
    cat "$work/dir.log"
    exit 1
fi
# Every op's every argument code prints as text that parses back to it: a
# code given a new meaning (calloc's and aligned's big sizes) keeps a text form.
# (Op heap has no op byte of its own: it is a leading verify-all record's.)
ops=$(sed -n '/^enum fuzz_op_kind/,/FUZZ_OP_HEAP/p' fuzz/ops.h | grep -v FUZZ_OP_HEAP | grep -c 'FUZZ_OP_[A-Z_]*,')
LC_ALL=C awk -v ops="$ops" 'BEGIN { for (k = 0; k < ops; k++) for (a = 0; a < 65536; a++)
    printf "%c%c%c%c", k, 0, a % 256, int(a / 256) }' >"$work/every-code"
"$tool" to-text "$work/every-code" >"$work/every-code.txt"
"$tool" roundtrip "$work/every-code.txt" >"$work/every-code.log" 2>&1 ||
    { head -n 5 "$work/every-code.log"; echo "fuzz-check-trace FAILED: an argument code's text does not read back as it"; exit 1; }
[ "$(grep -c . "$work/every-code.txt")" = $((ops * 65536 + 1)) ] ||
    { echo "fuzz-check-trace FAILED: $work/every-code.txt does not hold $ops ops x 65536 codes"; exit 1; }
echo "fuzz-check-trace: every argument code of the $ops ops reads back from its text"
# gen refuses a COUNT or SEED that is not plain digits in range, naming it
# (strtoul took "12x" as 12 and "-3" as 2^64 - 3 files). The directory does
# not exist, so a tool that took one writes nothing and fails otherwise.
for arg in "12x 1" "-3 1" "'' 1" "99999999999999999999 1" "+5 1" "1000001 1" "2 x" "2 -1"; do
    eval "set -- $arg"
    what=COUNT bad=$1
    case "$1" in 2) what=SEED bad=$2 ;; esac
    rc=0
    "$tool" gen "$work/no-such-dir" "$1" "$2" >"$work/gen.log" 2>&1 || rc=$?
    one_line "$work/gen.log" "$rc" 2 "trace-tool gen DIR $1 $2 (naming $what '$bad')" \
        -F -- "trace-tool: gen: $what '$bad' is not a whole number from 0 to"
done
# to-bin onto its own input is refused, and the input kept.
printf 'version 4\nmalloc 0 16\nfree 0\n' >"$work/self.txt"
rc=0
"$tool" to-bin "$work/self.txt" "$work/./self.txt" >"$work/self.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || ! grep -qF "are one file" "$work/self.log" || [ "$(head -1 "$work/self.txt")" != "version 4" ]; then
    echo "fuzz-check-trace FAILED: to-bin of a file onto itself: exit $rc, expected 2, 'are one file' and the input kept; got:"
    cat "$work/self.log"
    exit 1
fi
# Output that cannot be written (a full disk) fails, named, not exit 0.
for cmd in "to-text $work/self.txt" dict; do
    rc=0
    # shellcheck disable=SC2086 # $cmd is a subcommand and its argument
    "$tool" $cmd >/dev/full 2>"$work/full.log" || rc=$?
    if [ "$rc" != 2 ] || ! grep -qF "trace-tool: cannot write standard output" "$work/full.log"; then
        echo "fuzz-check-trace FAILED: trace-tool $cmd >/dev/full: exit $rc, expected 2 and 'cannot write standard output'; got:"
        cat "$work/full.log"
        exit 1
    fi
done
# gen into a file, not a directory, says why it cannot write (it once said
# "create the directory first" whatever stood there).
rc=0
"$tool" gen "$work/self.txt" 1 1 >"$work/gen.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || ! grep -qF "$work/self.txt/gen-00000: cannot write (Not a directory)" "$work/gen.log"; then
    echo "fuzz-check-trace FAILED: trace-tool gen into a file: exit $rc, expected 2 and 'Not a directory'; got:"
    cat "$work/gen.log"
    exit 1
fi
# A write that fails mid-way (a full disk; here a file-size limit, its
# SIGXFSZ ignored so the write returns EFBIG) leaves no short output:
# to-bin keeps OUT as it was (it was cut to the limit), gen removes the file
# it could not finish (it was left short), counting the one it wrote before
# as one ("the 1 file(s) before it are whole" was).
awk 'BEGIN { print "version 2"; for (i = 0; i < 600; i++) print "malloc 0 16\nfree 0" }' >"$work/big.txt"
echo old >"$work/kept.bin"
rm -rf "$work/gen-limit" && mkdir "$work/gen-limit"
rc=0 rc2=0
(ulimit -f 1 && trap '' XFSZ && exec "$tool" to-bin "$work/big.txt" "$work/kept.bin") >"$work/limit.log" 2>&1 || rc=$?
(ulimit -f 1 && trap '' XFSZ && exec "$tool" gen "$work/gen-limit" 20 1) >"$work/gen-limit.log" 2>&1 || rc2=$?
short=$(sed -n 's|.*/\(gen-[0-9]*\): cannot write (File too large), so it is removed .*|\1|p' "$work/gen-limit.log")
if [ "$rc" != 2 ] || [ "$(cat "$work/kept.bin")" != old ] || [ "$(wc -l <"$work/limit.log")" -ne 1 ] ||
    ! grep -qF "kept.bin: cannot write (File too large); it is left as it was" "$work/limit.log" ||
    [ "$(find "$work" -name 'kept.bin.*' | wc -l)" -ne 0 ] || [ "$rc2" != 2 ] || [ -z "$short" ] ||
    [ -e "$work/gen-limit/$short" ] || ! grep -qF "removed (the 1 file before it is whole)" "$work/gen-limit.log"; then
    echo "fuzz-check-trace FAILED: a write cut short: to-bin exit $rc (expected 2, one line, OUT kept whole, no temporary" \
        "left), gen exit $rc2 (expected 2, the file it could not finish removed, the 1 before it whole); got:"
    cat "$work/limit.log" "$work/gen-limit.log"
    ls -l "$work/kept.bin"* "$work/gen-limit"
    exit 1
fi
# Its first file cut short: no count of files before it ("the 0 files").
rm -rf "$work/gen-none" && mkdir "$work/gen-none"
rc=0
# (its message through a pipe: no file takes a byte under ulimit -f 0)
out=$( (ulimit -f 0 && trap '' XFSZ && exec "$tool" gen "$work/gen-none" 3 1) 2>&1) || rc=$?
said=
case $out in *"so it is removed (no file before it was written)"*) said=1 ;; esac
if [ "$rc" != 2 ] || [ -z "$said" ] || [ -n "$(ls "$work/gen-none")" ]; then
    echo "fuzz-check-trace FAILED: gen's first file cut short: exit $rc (expected 2, the file removed, no file" \
        "before it said); got: $out"
    exit 1
fi
# An error quoting a long path is whole (it was cut at 511 bytes, mid-path,
# its reason and advice lost: FUZZ_ERROR_MAX now holds PATH_MAX), and one
# longer still ends in the cut mark (TEXT_CUT_MARK), never cut unmarked.
long=$(awk 'BEGIN { while (n++ < 600) printf "d" }') huge=$(awk 'BEGIN { while (n++ < 6000) printf "e" }')
rc=0 rc2=0
"$tool" to-text "/nonexistent/$long/x.txt" >/dev/null 2>"$work/long.log" || rc=$?
"$tool" to-text "/nonexistent/$huge/x.txt" >/dev/null 2>"$work/huge.log" || rc2=$?
if [ "$rc" != 2 ] || ! grep -qx "trace-tool: cannot open /nonexistent/$long/x.txt: No such file or directory (.*)" "$work/long.log" ||
    [ "$rc2" != 2 ] || [ "$(wc -l <"$work/huge.log")" -ne 1 ] || ! grep -q "^trace-tool: cannot open /nonexistent/eee.* \[\.\.\. message cut\]$" "$work/huge.log"; then
    echo "fuzz-check-trace FAILED: an error quoting a path of 600 bytes must be whole (exit $rc), one quoting 6000 end in" \
        "'[... message cut]' (exit $rc2); got:"
    cut -c 1-200 "$work/long.log" "$work/huge.log"
    exit 1
fi
# A missing mtrace log is named as a missing trace is, and as replay,
# threads-replay, afl and verify-traces name one (text_cannot_open, bench/text-input.h):
# from-mtrace said "trace-tool: LOG: cannot open (REASON); check the path".
rc=0
"$tool" from-mtrace "$work/no-such-log" "$work/no-such-log.rep" >"$work/no-log.log" 2>&1 || rc=$?
one_line "$work/no-log.log" "$rc" 2 "from-mtrace of a missing log ('trace-tool: cannot open LOG: ...')" -xF -- \
    "trace-tool: cannot open $work/no-such-log: No such file or directory (check the path)"
# A file that opens but whose read fails (/proc/self/mem: EIO at offset 0)
# is named in the same form, by to-text's reader and by from-mtrace's (they
# said "PATH: cannot read: REASON; ..." and "LOG:0: cannot read: REASON").
mem_read() {
    rc=0
    "$tool" "$@" >"$work/mem.log" 2>&1 || rc=$?
    one_line "$work/mem.log" "$rc" 2 "$1 of /proc/self/mem ('trace-tool: cannot read PATH: ...')" -xF -- \
        "trace-tool: cannot read /proc/self/mem: Input/output error (a kernel interface under /proc or /sys, not a trace on a disk: give a trace file)"
}
mem_read to-text /proc/self/mem
mem_read from-mtrace /proc/self/mem "$work/mem.rep"
# make bench-fuzz (fuzz/scripts/bench.sh) with a target that cannot run, or
# prints no figures: one line naming it and what to do, exit 1 (its rows
# were "-" and the exit status 0).
for target in "$work/no-such-libfuzzer" false; do
    rc=0
    BENCH_FUZZ_INPUTS=3 BENCH_FUZZ_RUNS=1 fuzz/scripts/bench.sh "$tool" "$work/bench" "$target" "$target" \
        >/dev/null 2>"$work/bench.log" || rc=$?
    one_line "$work/bench.log" "$rc" 1 "bench-fuzz with the target '$target' (naming it)" \
        -E -- "^bench-fuzz: $target (cannot be run .*libclang-rt-dev|printed no totals line .*run it alone)"
done
# Its last line quoted escaped, and its name and WORK's (the log's, the
# corpus's) shown escaped and, in the command to paste, quoted: an escape in
# them reached the terminal raw, and a newline split the line.
odd=$(printf 'x\033[2J\ny')
printf '#!/bin/sh\nprintf "bad\\033[2J\\n" >&2\nexit 1\n' >"$work/esc-target$odd" && chmod +x "$work/esc-target$odd"
rc=0
BENCH_FUZZ_INPUTS=3 BENCH_FUZZ_RUNS=1 fuzz/scripts/bench.sh "$tool" "$work/bench$odd" "$work/esc-target$odd" "$work/esc-target$odd" \
    >/dev/null 2>"$work/bench.log" || rc=$?
one_line "$work/bench.log" "$rc" 1 "bench-fuzz with a target whose last line and name, and WORK, hold an escape (each escaped)" \
    -F -- "bench-fuzz: $work/esc-targetx\x1b[2J\ny printed no totals line (exit 1; its last line: 'bad\x1b[2J'); see $work/benchx\x1b[2J\ny/measure.log, or run it alone: HALLOC_FUZZ_STATS=1 \$'$work/esc-targetx\x1b[2J\ny' -runs=1 \$'$work/benchx\x1b[2J\ny/corpus-3'/*"
# A target that fails only with the oracles off: the command to paste runs
# it so (it left HALLOC_FUZZ_ORACLES=off out, and ran the run that passed).
# shellcheck disable=SC2016 # the stand-in's own script: its $ expands when it runs
printf '#!/bin/sh\n[ "$HALLOC_FUZZ_ORACLES" = off ] && echo "off failed" >&2 && exit 1\n%s\n' \
    'echo "halloc-fuzz: 9 exec/s, 9 programs/s, 90 ops/s" >&2' >"$work/off-target" && chmod +x "$work/off-target"
rc=0
BENCH_FUZZ_INPUTS=3 BENCH_FUZZ_RUNS=1 fuzz/scripts/bench.sh "$tool" "$work/bench" "$work/off-target" "$work/off-target" \
    >/dev/null 2>"$work/bench.log" || rc=$?
one_line "$work/bench.log" "$rc" 1 "bench-fuzz with a target failing with the oracles off (its command to paste turning them off)" \
    -F -- "bench-fuzz: $work/off-target printed no totals line (exit 1; its last line: 'off failed'); see $work/bench/measure.log, or run it alone: HALLOC_FUZZ_STATS=1 HALLOC_FUZZ_ORACLES=off $work/off-target -runs=1 $work/bench/corpus-3/*"
# A count that is no number, named escaped (it reached the terminal raw).
rc=0
BENCH_FUZZ_INPUTS=3 BENCH_FUZZ_RUNS="1$odd" fuzz/scripts/bench.sh "$tool" "$work/bench" false false \
    >/dev/null 2>"$work/bench.log" || rc=$?
one_line "$work/bench.log" "$rc" 2 "bench-fuzz with BENCH_FUZZ_RUNS holding an escape (named escaped)" \
    -xF -- "bench-fuzz: BENCH_FUZZ_RUNS='1x\x1b[2J\ny' is not a whole number; e.g. BENCH_FUZZ_INPUTS=200 BENCH_FUZZ_RUNS=5"
echo "fuzz-check-trace: $n malformed trace lines (a NUL byte, CR-only and CR CR LF line ends, a form feed, a vertical tab and control characters among them) and an unknown version each refused with a one-line error naming the line; a byte-order mark and a leading comment skipped, a second one named; lab traces (comments, blank lines, CR-LF anywhere, any name, ops written in no format's shape) and a gzip'd one refused; a text trace without its version line refused at that line, text near a trace (a lab trace in CSV, a lab header over text ops, a misspelled first op) refused at its line but under an engine's crash- or SHA-1 name, printable binary inputs read as such; a directory named as one; a malformed gen COUNT or SEED named; to-bin onto its own input refused; a full disk under to-text and dict named; roundtrip given '-' twice refused; a name holding a newline shown escaped, and quoted for bash in a lab trace's make verify-traces command; a name with a blank, a quote and a $ reaching make's TRACES= whole; the commands a refusal gives for a name with a space and a quote (a lab trace's comments stripped, a gzip'd or UTF-16 trace converted) run in sh, and a headerless lab trace's, which writes its header; a threaded seed's hand-over argument refused at its line, from standard input too; a write cut short leaves no short to-bin OUT or gen file; bench-fuzz with a target that cannot run fails naming it, its last line, its name and WORK escaped, one failing only with the oracles off gives a command to paste that turns them off, and a count that is no number is named escaped; an error quoting a long path whole, or marked cut"
