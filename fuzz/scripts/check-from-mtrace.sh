#!/bin/sh
# check-from-mtrace.sh TRACE_TOOL WORKDIR: `trace-tool from-mtrace` turns
# fuzz/selftest/mtrace.log (every kind of line glibc's mtrace() writes, and
# the calls a log has that a lab trace cannot say as they were) into exactly
# fuzz/selftest/mtrace.rep, with its notes; a log it cannot convert is refused
# with one line naming the file and line, and OUT is left as it was.
set -eu
# No drop_caller_env: the one make it starts (make_reads_traces) reads a
# makefile of its own, MAKEFLAGS dropped.
tool=$1 work=$2
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh # make_reads_traces
mkdir -p "$work"
fail() {
    echo "fuzz-check-trace FAILED (from-mtrace): $*"
    exit 1
}
"$tool" from-mtrace fuzz/selftest/mtrace.log "$work/good.rep" 2>"$work/note.log" ||
    fail "exit $? on fuzz/selftest/mtrace.log: $(cat "$work/note.log")"
cmp -s "$work/good.rep" fuzz/selftest/mtrace.rep ||
    fail "fuzz/selftest/mtrace.log converts to $work/good.rep, not fuzz/selftest/mtrace.rep: $(diff "$work/good.rep" fuzz/selftest/mtrace.rep | head -5)"
# Each kind with its own first line: one "(the first at line 9)" for them all
# named the free at line 9 as the first failed call.
grep -qx "note: fuzz/selftest/mtrace.log: 1 free of a block made before mtrace() left out (at line 9), 1 realloc of such a block written as an allocation (at line 10), 1 address allocated again with no free logged, a free written first (at line 14), 2 failed calls left out (the first at line 12)" "$work/note.log" ||
    fail "the note on what was left out or added is not as expected: $(cat "$work/note.log")"
# It says where the trace went and the command that replays it (it said nothing).
grep -qxF "trace-tool: from-mtrace: wrote $work/good.rep; replay it with make verify-traces TRACES=$work/good.rep (or time it: make bench TRACES=$work/good.rep)" "$work/note.log" ||
    fail "no line naming the trace written and make verify-traces: $(cat "$work/note.log")"
# A name with a space and a newline: the line stays one, the prose names it
# escaped, and the command's TRACES= word, pasted into bash, reaches make's
# recipe as the name itself (it was the escaped text, naming another file,
# then a $'...' word, which make cut at the newline).
odd="$work/a b
c.rep"
"$tool" from-mtrace fuzz/selftest/mtrace.log "$odd" 2>"$work/odd.log" || fail "exit $? writing a trace named with a newline: $(cat "$work/odd.log")"
wrote=$(grep '^trace-tool: from-mtrace: wrote ' "$work/odd.log") || fail "no 'wrote' line for a trace named with a newline: $(cat "$work/odd.log")"
word=${wrote#*verify-traces TRACES=}
word=${word%% (or time it*}
case $wrote in
"trace-tool: from-mtrace: wrote $work/a b\\nc.rep; replay it with make verify-traces TRACES="*) ;;
*) fail "a trace named with a newline: the line does not name it escaped in its prose: $wrote" ;;
esac
got=$(make_reads_traces "$word" "$work")
[ "$got" = "$odd|" ] ||
    fail "a trace named with a space and a newline: the command's TRACES=$word reaches make's recipe as $got, not its name"
# Standard input converts the same.
if ! "$tool" from-mtrace - "$work/stdin.rep" <fuzz/selftest/mtrace.log 2>/dev/null ||
    ! cmp -s "$work/stdin.rep" fuzz/selftest/mtrace.rep; then
    fail "'from-mtrace - OUT' reading the log from standard input did not write fuzz/selftest/mtrace.rep"
fi
# A byte-order mark (an editor's) is skipped, as the lab trace readers skip it (it was "no line of glibc's mtrace log").
{ printf '\357\273\277' && cat fuzz/selftest/mtrace.log; } >"$work/bom.log"
if ! "$tool" from-mtrace "$work/bom.log" "$work/bom.rep" 2>/dev/null || ! cmp -s "$work/bom.rep" fuzz/selftest/mtrace.rep; then
    fail "a log starting with a UTF-8 byte-order mark did not convert to fuzz/selftest/mtrace.rep"
fi
# CR-LF line ends (a log copied through a Windows machine) are taken, as the
# trace readers take them, the mark first too.
{ printf '\357\273\277' && sed 's/$/\r/' fuzz/selftest/mtrace.log; } >"$work/crlf.log"
if ! "$tool" from-mtrace "$work/crlf.log" "$work/crlf.rep" 2>/dev/null || ! cmp -s "$work/crlf.rep" fuzz/selftest/mtrace.rep; then
    fail "a log with CR-LF line ends did not convert to fuzz/selftest/mtrace.rep"
fi
# A last line without its newline was cut short (glibc ends every line with one; a
# killed process's log ends mid-line): left out, said. Read as it stood, "0x1" of
# "0x1000" was a 1-byte block.
printf '= Start\n+ 0x10 0x8\n- 0x10\n+ 0x20 0x1' >"$work/cut.log"
"$tool" from-mtrace "$work/cut.log" "$work/cut.rep" 2>"$work/note.log" || fail "exit $? on a log cut mid-line: $(cat "$work/note.log")"
if [ "$(sed -n '5,$p' "$work/cut.rep")" != "$(printf 'a 0 8\nf 0')" ] ||
    ! grep -qF "note: $work/cut.log: line 4, the last, has no newline" "$work/note.log"; then
    fail "a log cut mid-line ('+ 0x20 0x1' last, no newline): not the two whole calls and a note; got: $(sed -n '5,$p' "$work/cut.rep") / $(cat "$work/note.log")"
fi
# A block freed again after its logged free: a forked child frees its copies of
# the parent's blocks at their addresses (it was a free of a block "made before
# mtrace()"). Left out, in a note of its own that says what to do.
printf '= Start\n+ 0x10 0x8\n- 0x10\n+ 0x20 0x8\n- 0x10\n- 0x20\n' >"$work/refreed.log"
"$tool" from-mtrace "$work/refreed.log" "$work/refreed.rep" 2>"$work/note.log" || fail "exit $? on a log freeing a block twice: $(cat "$work/note.log")"
if [ "$(sed -n '5,$p' "$work/refreed.rep")" != "$(printf 'a 0 8\nf 0\na 0 8\nf 0')" ] ||
    ! grep -qF "note: $work/refreed.log: 1 free or realloc of a block whose free was logged already, with no allocation between (at line 5), left out: two processes likely wrote this log" "$work/note.log" ||
    grep -qF "made before mtrace()" "$work/note.log"; then
    fail "a block freed again after its logged free: not left out with its own note; got: $(sed -n '5,$p' "$work/refreed.rep") / $(cat "$work/note.log")"
fi
# Threads: glibc logs a realloc once it has returned, so another thread given
# the address it freed logs first: X at 0x10 moves to 0x30, Y takes 0x10 and
# frees it, then X's '<' '>' lines. The notes name threads and the recorder
# to use (they blamed two processes or a double free in the program).
printf '= Start\n+ 0x10 0x8\n+ 0x10 0x18\n< 0x10\n> 0x30 0x20\n- 0x10\n- 0x30\n' >"$work/raced.log"
"$tool" from-mtrace "$work/raced.log" "$work/raced.rep" 2>"$work/note.log" || fail "exit $? on a threaded log's late realloc: $(cat "$work/note.log")"
threads="or threads did (glibc logs a realloc once it has returned, so another thread given the address it freed can be logged first, and that thread's free of it too), or the program freed a block twice; if it forks, "
record="if it runs threads, record it with the preload shim instead, HALLOC_PRELOAD_TRACE=/tmp/p.rep, whose lines keep the order the heap took the calls in"
{ grep -qF "$threads" "$work/note.log" && grep -qF "$record" "$work/note.log"; } ||
    fail "a threaded log's realloc logged after another thread's malloc of its old address: the note does not name threads and the recorder: $(cat "$work/note.log")"
# An address allocated again, no block freed twice after: threads named too.
head -6 "$work/raced.log" | sed '$d' >"$work/reused.log"
"$tool" from-mtrace "$work/reused.log" "$work/reused.rep" 2>"$work/note.log" || fail "exit $? on a log allocating a live address: $(cat "$work/note.log")"
grep -qF "an address allocated again with no free logged: if the program runs threads, glibc logs a realloc once it has returned" "$work/note.log" ||
    fail "a log allocating a live address again: no note naming threads: $(cat "$work/note.log")"
# Fields split on any run of blanks, tabs too, as glibc's mtrace(1) splits them
# (a tab was "no line of glibc's mtrace log").
printf '= Start\n+\t0x10  0x8\n\t- 0x10\n' >"$work/tabs.log"
"$tool" from-mtrace "$work/tabs.log" "$work/tabs.rep" 2>"$work/note.log" || fail "exit $? on a log with tabs: $(cat "$work/note.log")"
[ "$(sed -n '5,$p' "$work/tabs.rep")" = "$(printf 'a 0 8\nf 0')" ] ||
    fail "a log with tabs and double blanks between its fields: not 'a 0 8' and 'f 0'; got: $(sed -n '5,$p' "$work/tabs.rep")"
n=0
# refused NAME BODY LINE EXPECT: the log printf BODY is refused with one
# printable line at NAME:LINE saying EXPECT (LINE -: naming the file, no
# line, as the other tools name a file of another kind), and OUT keeps what it had.
refused() {
    # shellcheck disable=SC2059
    printf "$2" >"$work/$1"
    echo kept >"$work/out.rep"
    rc=0
    at="$1:$3: "
    [ "$3" != - ] || at="trace-tool: $work/$1: "
    "$tool" from-mtrace "$work/$1" "$work/out.rep" >"$work/bad.log" 2>&1 || rc=$?
    if [ "$rc" != 2 ] || [ "$(wc -l <"$work/bad.log")" -ne 1 ] || ! grep -qF "$at" "$work/bad.log" ||
        ! grep -qF "$4" "$work/bad.log" ||
        LC_ALL=C grep -q '[[:cntrl:]]' "$work/bad.log" || [ "$(cat "$work/out.rep")" != kept ]; then
        echo "fuzz-check-trace FAILED (from-mtrace): $1: exit $rc, expected 2 and one printable line starting '$at' with \"$4\", OUT kept; got:"
        cat -v "$work/bad.log"
        exit 1
    fi
    n=$((n + 1))
}
# A lab trace is named as one, with the commands that take it as it is, in
# the words replay and trace-tool to-bin use for it (fuzz/trace-file.c).
refused lab.log '20000\n1\n2\n1\na 0 16\nf 0\n' - "an allocator-lab trace by its shape (4 header lines, then a/f/r operations), not an mtrace log; make verify-traces TRACES=$work/lab.log checks every line"
# So is one with blank lines first, as its parser reads it; and one with a
# comment or a broken header number first (they were "no line of glibc's mtrace log").
refused lab-blank.log '\n\n20000\n1\n2\n1\na 0 16\nf 0\n' - "an allocator-lab trace by its shape"
refused lab-comment.log '# from another suite\n20000\n1\n2\n1\na 0 16\nf 0\n' - "an allocator-lab trace (4 header lines, then a/f/r operations) with '#' comments (line 1), not an mtrace log; the lab format has none: grep -Ev"
refused lab-float.log '2e4\n1\n2\n1\na 0 16\nf 0\n' - "an allocator-lab trace (line 1, in its header, is no plain non-negative number), not an mtrace log"
# A damaged one named .rep, as traces are: not "or an mtrace log under a trace's name (rename it
# without .rep to replay it)", since this reader goes by the bytes alone and the name changes nothing.
refused lab-zeroed.rep '0\n1\n2\n1\na 0 16\n\0\0f 0\n' - "an allocator-lab trace (its first lines are), damaged: byte 0x00 at offset 15 is no text (a crash can leave a file's tail zeroed); not an mtrace log; make verify-traces TRACES=$work/lab-zeroed.rep names its line"
# Standard input cannot be read again: its first line names a lab trace.
rc=0
printf '\n20000\n1\n2\n1\na 0 16\nf 0\n' | "$tool" from-mtrace - "$work/out.rep" >"$work/bad.log" 2>&1 || rc=$?
{ [ "$rc" = 2 ] && grep -qxF "trace-tool: -:2: '20000' is no line of glibc's mtrace log (MALLOC_TRACE): the file starts as an allocator-lab trace does (its header's first line); such a trace needs no converting: make verify-traces TRACES=FILE or make bench TRACES=FILE replays it" "$work/bad.log"; } ||
    fail "a lab trace on standard input: exit $rc, expected 2 and its first line named as a lab trace's; got: $(cat "$work/bad.log")"
# UTF-16 (PowerShell's >) is named with the iconv that converts it (was "a NUL byte").
refused utf16.log '\377\376+\000 \0000\000x\0001\0000\000 \0000\000x\0008\000\n\000' 1 "UTF-16 text (as Windows PowerShell's > writes it), not ASCII; convert it as it is read: iconv -f UTF-16 -t UTF-8 $work/utf16.log |"
# glibc writes 0x before every nonzero number: "16" was read as 0x16, a 22-byte block.
refused no-0x.log '+ 0x10 16\n- 0x10\n' 1 "'+ 0x10 16' is no line of glibc's mtrace log"
# A no-break space in a call is named (a caller's path may hold one: taken).
refused nbsp.log '= Start\n+ 0x10\302\2400x8\n' 2 "a no-break space (U+00A0, bytes C2 A0) after '+ 0x10', which"
# Processes sharing one MALLOC_TRACE file (gcc's cc1 and as) overwrite each other's lines.
refused overwritten.log '= Start\n@ ./as:[0x5d3cf] + 0x5590 0x10\nsystem.so:(bfd_close+63)[0x54833] - 0x5590\n' 3 "trace one process"
# Two processes in one log (a child forked after mtrace() flushes its copy of the
# parent's unwritten lines; a program it runs empties the file): named, with the one
# log per process to make instead (they converted as one program's calls, or were
# "no line" or "damaged").
refused two-starts.log '= Start\n+ 0x10 0x8\n= Start\n+ 0x10 0x8\n' 3 "a second '= Start' before the '= End' of the one at line 1: two processes wrote this log"
refused start-cut-in.log '= Start\n@ ./p:[0x12= Start\n' 2 "has a '= Start' after other text: two processes wrote this log"
refused hole.log '= Start\n+ 0x10 0x8\n+ 0x20\0\0\0\0\0\0\0\0\0\0 0x8\n' 3 "10 NUL bytes at offset 25, after whole lines: a hole, as a log emptied by another process while this one wrote it has"
refused orphan-result.log '+ 0x10 0x8\n> 0x20 0x8\n' 2 "'>' (a realloc's result) without the '<' line before it"
refused no-result.log '+ 0x10 0x8\n< 0x10\n+ 0x20 0x8\n' 3 "the realloc at line 2 ('<') has no '>' line after it"
refused cut-short.log '+ 0x10 0x8\n< 0x10\n' 2 "a realloc ('<') whose '>' line never came"
refused huge.log '+ 0x10 0x10000000001\n' 1 "size 1099511627777 is above the 1 TiB the lab trace readers take"
# A byte no text has is named by its offset, as the lab trace readers name
# it (fuzz/trace.c, bench/trace.c): only a NUL was, and a 0x06 was "no line".
refused nul.log '+ 0x10 0x8\n- 0x10\0junk\n' 2 "not a text log (byte 0x00 at offset 17): the file is damaged or not an mtrace log"
refused ack.log '\006+ 0x10 0x8\n' 1 "not a text log (byte 0x06 at offset 0): the file is damaged or not an mtrace log"
# No newline ever (/dev/zero, an endless pipe): refused within a line's worth of
# memory. getline read until memory ran out, then took the failed read for the
# end: "the file is empty" (a 400 MB address-space limit makes that quick, not a
# machine's memory; prlimit, from util-linux: POSIX sh has no ulimit -v).
# never_ending NAME EXPECT < input: NAME refused at its line 1 saying EXPECT.
never_ending() {
    rc=0
    prlimit --as=400000000 "$tool" from-mtrace "$1" "$work/out.rep" >"$work/bad.log" 2>&1 || rc=$?
    { [ "$rc" = 2 ] && grep -qxF "trace-tool: $1:1: $2" "$work/bad.log"; } ||
        fail "$1, no newline ever: exit $rc, expected 2 and '$1:1: $2'; got: $(cat "$work/bad.log")"
}
never_ending /dev/zero "not a text log (byte 0x00 at offset 0): the file is damaged or not an mtrace log, whose lines read '+ 0x55d0 0x10'"
yes a | tr -d '\n' | never_ending - "a line longer than 1 MiB (blanks aside), and no line glibc writes is that long: not an mtrace log (its lines read '+ 0x55d0 0x10'); give the file MALLOC_TRACE named"
# Blanks are no line's content (text_line_run), as for every trace reader: a
# line of 1100000 blanks is taken (it was refused as one past 1 MiB), and
# an endless stream of them is refused past TEXT_LINE_BLANKS_MAX, not held.
yes ' ' | tr -d '\n' | never_ending - "more than 16777216 bytes of blanks (spaces, tabs) in one line: no trace or log is padded so; give the trace or log itself, not a stream of blanks"
{ printf '+ 0x10 0x10\n' && head -c 1100000 /dev/zero | tr '\0' ' ' && printf '\n- 0x10\n'; } >"$work/blank-line.log"
{ "$tool" from-mtrace "$work/blank-line.log" "$work/out.rep" >"$work/bad.log" 2>&1 &&
    [ "$(tail -n 2 "$work/out.rep" | tr '\n' ,)" = "a 0 16,f 0," ]; } ||
    fail "a log with a line of 1100000 blanks was not converted to 'a 0 16' and 'f 0': $(cat "$work/bad.log")"
# A hole longer than the line read of it is counted as at least that long.
{ printf '= Start\n+ 0x10 0x8\n' && head -c 1100000 /dev/zero; } >"$work/long-hole.log"
rc=0
"$tool" from-mtrace "$work/long-hole.log" "$work/out.rep" >"$work/bad.log" 2>&1 || rc=$?
{ [ "$rc" = 2 ] && grep -qF "long-hole.log:3: at least 1048576 NUL bytes at offset 19, after whole lines: a hole" "$work/bad.log"; } ||
    fail "a hole of 1100000 NULs: exit $rc, expected 2 and 'at least 1048576 NUL bytes'; got: $(cat "$work/bad.log")"
# A compressed log (a big one is kept so) is named as such, with the command that converts it.
refused gzip.log '\037\213\010\000\000\000\000\000\000\003+ 0x10 0x8\n' 1 "gzip-compressed, not a text log; convert it as it is decompressed: gzip -dc"
# That command names the trace-tool run, in whatever BUILD it was built (a
# copy in another tree here), not build/fuzz/trace-tool.
mkdir -p "$work/other/fuzz" && cp "$tool" "$work/other/fuzz/trace-tool"
rc=0
"$work/other/fuzz/trace-tool" from-mtrace "$work/gzip.log" "$work/out.rep" >"$work/bad.log" 2>&1 || rc=$?
grep -qF "| $work/other/fuzz/trace-tool from-mtrace - OUT.rep" "$work/bad.log" ||
    fail "a compressed log converted by $work/other/fuzz/trace-tool: exit $rc, and its command names another tool: $(cat "$work/bad.log")"
printf '= Start\n+ 0x10 0x8\n' >"$work/plain.log"
rc=0
"$work/other/fuzz/trace-tool" to-text "$work/plain.log" >"$work/bad.log" 2>&1 || rc=$?
grep -qF "($work/other/fuzz/trace-tool from-mtrace $work/plain.log $work/plain.log.rep; make BUILD=$work/other $work/other/fuzz/trace-tool builds it)" "$work/bad.log" ||
    fail "an mtrace log given to $work/other/fuzz/trace-tool to-text: exit $rc, and its advice names another tool: $(cat "$work/bad.log")"
# In a BUILD named with a space, a quote and a $, each command stays whole:
# the tool, BUILD and the shim are quoted words (they were printed bare).
# pasted TEXT: TEXT's words as sh reads them, one a line ("" if it cannot).
pasted() { (eval "set -- $1" && printf '%s\n' "$@") 2>/dev/null || :; }
odd_build="$work/it's \$HOME x"
mkdir -p "$odd_build/fuzz" && cp "$tool" "$odd_build/fuzz/trace-tool"
rc=0
"$odd_build/fuzz/trace-tool" to-text "$work/plain.log" >"$work/bad.log" 2>&1 || rc=$?
words=$(pasted "$(sed -n 's/.*convert it to an allocator-lab trace (\(.*\); \(make .*\) builds it).*/\1 \2/p' "$work/bad.log")")
[ "$words" = "$odd_build/fuzz/trace-tool
from-mtrace
$work/plain.log
$work/plain.log.rep
make
BUILD=$odd_build
$odd_build/fuzz/trace-tool" ] || fail "an mtrace log given to the trace-tool of BUILD '$odd_build': exit $rc, and its commands, pasted into sh, name another tool or BUILD: $(cat "$work/bad.log")"
rc=0
"$odd_build/fuzz/trace-tool" from-mtrace "$work/gzip.log" "$work/out.rep" >"$work/bad.log" 2>&1 || rc=$?
words=$(pasted "$(sed -n 's/.* | \(.*\) from-mtrace - OUT\.rep$/\1/p' "$work/bad.log")")
[ "$words" = "$odd_build/fuzz/trace-tool" ] ||
    fail "a compressed log converted by the trace-tool of BUILD '$odd_build': exit $rc, and its command, pasted into sh, names another tool: $(cat "$work/bad.log")"
printf '==30045== Memcheck, a memory error detector\n' >"$work/valgrind.log"
rc=0
"$odd_build/fuzz/trace-tool" to-text "$work/valgrind.log" >"$work/bad.log" 2>&1 || rc=$?
words=$(pasted "$(sed -n 's/.*shim instead (\(make .* preload\), then .* \(LD_PRELOAD=.*\) PROGRAM; .*/\1 \2/p' "$work/bad.log")")
[ "$words" = "make
BUILD=$odd_build
preload
LD_PRELOAD=$odd_build/preload/libhalloc-preload.so" ] ||
    fail "a valgrind log given to the trace-tool of BUILD '$odd_build': exit $rc, and its commands, pasted into sh, name another BUILD or shim: $(cat "$work/bad.log")"
# A directory is named as one (was "dir:0: cannot read: Is a directory").
rc=0
"$tool" from-mtrace "$work" "$work/out.rep" >"$work/bad.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || ! grep -qxF "trace-tool: $work: is a directory; give the path of the log file MALLOC_TRACE named" "$work/bad.log"; then
    fail "LOG a directory: exit $rc, expected 2 and 'is a directory'; got: $(cat "$work/bad.log")"
fi
# Lines that end in CR alone read as one line, CR CR LF as a CR-LF file made
# CR-LF again: refused as the trace readers refuse them (bench/text-input.h),
# at the line the first CR is on. They were "no whole call in it" (the one
# line ends in CR, no newline), and CR CR LF was taken.
refused cr-only.log '+ 0x10 0x8\r- 0x10\r' 1 "a carriage return (CR) inside the line: the file's lines end in CR alone"
refused cr-later.log '= Start\n+ 0x10 0x8\n- 0x10\r+ 0x20 0x8\r' 3 "a carriage return (CR) inside the line"
refused cr-cr-lf.log '= Start\r\n+ 0x10 0x8\r\r\n- 0x10\r\n' 2 "a carriage return (CR) before the line's end: the file's lines end in CR CR LF"
refused empty.log '= Start\n= End\n' 2 "no call in it"
# An empty file is said as one, at its line 1 (it was line 0).
refused empty-file.log '' 1 "the file is empty: no call in it"
# A log whose one call lost its newline has no whole call: said so at that line, not "no call in it".
refused one-cut.log '= Start\n+ 0x10 0x8' 2 "no whole call in it: this last line has no newline"
refused escape.log '+ 0x10 0x8\n\033[2J- 0x10\n' 2 "'\\x1b[2J- 0x10' is no line"
# The header is written after the ops: a pipe or device cannot take it.
rc=0
"$tool" from-mtrace fuzz/selftest/mtrace.log /dev/null >"$work/bad.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || ! grep -qF "/dev/null is no regular file" "$work/bad.log"; then
    fail "OUT /dev/null: exit $rc, expected 2 and 'is no regular file'; got: $(cat "$work/bad.log")"
fi
# A log named with a newline is named with it escaped, the refusal one line.
printf '+ 0x10 0x8\nzz\n' >"$work/new
line.log"
rc=0
"$tool" from-mtrace "$work/new
line.log" "$work/out.rep" >"$work/bad.log" 2>&1 || rc=$?
{ [ "$rc" = 2 ] && [ "$(wc -l <"$work/bad.log")" = 1 ] && grep -qF "trace-tool: $work/new\\nline.log:2: 'zz' is no line" "$work/bad.log"; } ||
    fail "a log named with a newline: exit $rc, expected 2 and one line naming it escaped; got: $(cat "$work/bad.log")"
# OUT "-" is no standard output (LOG "-" is standard input): refused, no file named "-" made.
rc=0
case $tool in /*) abs_tool=$tool ;; *) abs_tool=$PWD/$tool ;; esac
log=$PWD/fuzz/selftest/mtrace.log
(cd "$work" && rm -f -- - && "$abs_tool" from-mtrace "$log" -) >"$work/bad.log" 2>&1 || rc=$?
if [ "$rc" != 2 ] || ! grep -qF "OUT '-' cannot be standard output" "$work/bad.log" || [ -e "$work/-" ]; then
    fail "OUT -: exit $rc, expected 2, 'OUT '-' cannot be standard output' and no file named -; got: $(cat "$work/bad.log")"
fi
echo "fuzz-check-trace: from-mtrace converts every kind of mtrace line as fuzz/selftest/mtrace.rep says, and refuses $n broken logs, a device OUT and OUT - in one line"
