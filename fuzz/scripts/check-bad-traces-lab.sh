# shellcheck shell=sh
# check-bad-traces-lab.sh: check-bad-traces.sh's cases of files that are no
# fuzz input although they look like one: allocator-lab traces (commented,
# long, damaged, written with a mistake) and other tools' logs (mtrace,
# valgrind, ltrace), each refused by `trace-tool to-text` in one line that
# names it and what to do. Sourced by check-bad-traces.sh after it defines
# tool, work, one_line and refused_in_one_line.
: "${tool?}" "${work?}"
# A lab trace (bench/README.md) is not a fuzz input: refused, by its .rep
# name or by its shape, never decoded as a binary program nobody wrote.
lab_refused() { refused_in_one_line "$1" "$2" "trace-tool: $work/$1: an allocator-lab trace"; }
cp bench/testdata/good-basic.rep "$work/lab.rep"
lab_refused lab.rep "a lab trace named .rep"
# Only its shape is read: one that frees an id never allocated is not called
# valid, and is sent to the tool that names its bad line.
printf '0\n1\n2\n1\na 0 8\nf 1\n' >"$work/lab-bad-free"
refused_in_one_line lab-bad-free "a lab trace that frees an unallocated id" \
    "trace-tool: $work/lab-bad-free: an allocator-lab trace by its shape (4 header lines, then a/f/r operations), not"
grep -qF "verify-traces TRACES=$work/lab-bad-free checks every line and names any bad one" "$work/lab.log" ||
    { cat "$work/lab.log"; echo "fuzz-check-trace FAILED: the lab trace refused does not point at verify-traces' check"; exit 1; }
# Binary bytes under a .rep name are named as such, not called a lab trace.
printf '\001\002\377\n' >"$work/junk.rep"
refused_in_one_line junk.rep "binary bytes named .rep" \
    "trace-tool: $work/junk.rep: named .rep, as allocator-lab traces are, but byte 0x01 at offset 0 is no text"
printf '\357\273\2770\r\n2\r\n2\r\n1\r\n\r\nf\t-1\r\nf -1\r\n' >"$work/lab-crash"
lab_refused lab-crash "a lab trace (byte-order mark, CR-LF, blank line) not named .rep"
# Named .txt it is still a lab trace: no text trace starts with a line of
# digits, and "add the version header" would not make it one.
cp bench/testdata/good-basic.rep "$work/lab.txt"
lab_refused lab.txt "a lab trace named .txt"
# Comments, blank lines and CR-LF ends anywhere, under any name or none: the
# lab parser refuses comments, so the line says so and how to drop them.
lab_commented() {
    # shellcheck disable=SC2059
    printf "$2" >"$work/$1"
    refused_in_one_line "$1" "a lab trace named $1 with a comment at line $3" \
        "trace-tool: $work/$1: an allocator-lab trace (4 header lines, then a/f/r operations) with '#' comments (line $3)"
}
lab_commented noted-lab '# recorded by a tool\n0\n2\n2\n1\na 0 8\nf 0\n' 1
# Comments alone are no trace at all, said in one step (their grep wrote an empty file).
printf '# to be written\n\n# by hand\n' >"$work/notes.rep"
refused_in_one_line notes.rep "a .rep file of comments alone" \
    "trace-tool: $work/notes.rep: only '#' comment and blank lines: no header and no operations, so no trace to replay, and not a fuzz input"
: >"$work/empty.rep" # an empty file is called empty, not a file of comments
refused_in_one_line empty.rep "an empty .rep file" \
    "trace-tool: $work/empty.rep: empty (0 bytes): no header and no operations, so no trace to replay, and not a fuzz input"
lab_commented noted-lab.trace '\n  # note\n0\n2\n2\n1\na 0 8\nf 0\n' 2
lab_commented header-note.dat '0\n2\n# ids\n2\n1\na 0 8\nf 0\n' 3
lab_commented ops-note '0\n2\n2\n1\n# ops\na 0 8\nf 0\n' 5
lab_commented tail-note '0\n2\n2\n1\na 0 8\nf 0\n# end\n' 7
lab_commented crlf-note '# n\r\n0\r\n2\r\n2\r\n1\r\na 0 8\r\nf 0\r\n' 1
lab_commented noted-lab.txt '# n\n0\n2\n2\n1\na 0 8\nf 0\n' 1
# A lab trace past trace-file.c's 64 KiB head is refused from its head, the
# rest only scanned (a suite's 100 MB trace was read whole first): still
# named by what lies past the head, a comment's line and a binary byte's offset.
awk 'BEGIN { print 0; print 2; print 20000; print 1; for (i = 0; i < 10000; i++) print "a 0 8\nf 0" }' >"$work/long-lab"
size=$(wc -c <"$work/long-lab")
{ cat "$work/long-lab"; printf ' \t# end\n'; } >"$work/long-note"
refused_in_one_line long-note "a long lab trace with a comment past its head" \
    "trace-tool: $work/long-note: an allocator-lab trace (4 header lines, then a/f/r operations) with '#' comments (line 20005)"
{ cat "$work/long-lab"; printf 'a 1 8\000'; } >"$work/long-zeroed"
refused_in_one_line long-zeroed "a long lab trace with a zero byte past its head" \
    "byte 0x00 at offset $((size + 5)) is no text"
printf '\n0\n2\n2\n1\n' >"$work/header-only"
lab_refused header-only "a lab trace of its header alone, after a blank line"
printf 'a 0 8\r\nr 0 16\r\nf 0\r\n' >"$work/ops-only"
lab_refused ops-only "lab operations without the header"
# glibc's mtrace() log, under any name, is named with its converter: its
# bytes replayed as a program nobody wrote, and replay said "ok" (so did
# valgrind's and ltrace's).
# The converter is named as this tool, in its BUILD (make check BUILD=other).
tool_build=${tool%/fuzz/trace-tool}
tool_made="make $tool builds it"
[ "$tool_build" = build ] || tool_made="make BUILD=$tool_build $tool builds it"
mtrace_refused() {
    cp fuzz/selftest/mtrace.log "$work/$1"
    refused_in_one_line "$1" "an mtrace log named $1" \
        "trace-tool: $work/$1: glibc's mtrace() log (MALLOC_TRACE), not a fuzz input; convert it to an allocator-lab trace ($tool from-mtrace $work/$1 $work/$1.rep; $tool_made)"
}
mtrace_refused mtrace
mtrace_refused mtrace.txt
mtrace_refused mtrace.rep
# valgrind's and ltrace's logs, which nothing here converts: the preload recorder is named.
printf '==30045== Memcheck, a memory error detector\n--30045-- malloc(16) = 0x4A43090\n' >"$work/valgrind.log"
printf '[pid 812] m->malloc(16)    = 0x55d5c0a2b2a0\n[pid 812] m->free(0x55d5c0a2b2a0) = <void>\n' >"$work/ltrace.txt"
# The shim is named in this tool's BUILD, with the make command that builds it, as the converter is.
record_advice() { # BUILD: the advice a tool built in BUILD gives
    if [ "$1" = build ]; then ra_made="make preload"; else ra_made="make BUILD=$1 preload"; fi
    echo "no converter here takes it: record the program with the preload shim instead ($ra_made, then HALLOC_PRELOAD_TRACE=t.%p.rep LD_PRELOAD=$1/preload/libhalloc-preload.so PROGRAM; preload/README.md)"
}
for f in valgrind.log:"a valgrind log" ltrace.txt:"an ltrace log"; do
    refused_in_one_line "${f%%:*}" "${f#*:} named ${f%%:*}" \
        "trace-tool: $work/${f%%:*}: ${f#*:}, not a fuzz input; $(record_advice "$tool_build")"
done
# A copy of the tool in another BUILD (under make's default one too) names that BUILD's shim:
# a fixed build/preload/ named another tree's.
other=$work/other-build
mkdir -p "$other/fuzz" && cp "$tool" "$other/fuzz/trace-tool"
other_build=$(cd "$other" && pwd -P) top=$(pwd -P)
other_build=${other_build#"$top/"}
rc=0
"$other/fuzz/trace-tool" to-text "$work/valgrind.log" >"$work/lab.log" 2>&1 || rc=$?
one_line "$work/lab.log" "$rc" 2 "a valgrind log, by a trace-tool built in $other_build" -F -- \
    "trace-tool: $work/valgrind.log: a valgrind log, not a fuzz input; $(record_advice "$other_build")"
# A lab trace with a mistake the lab parser names (a header a line short, a
# signed or fractional header number, an op written wrong) or with lines
# ending in CR alone is still a lab trace: its bytes replayed as a program
# nobody wrote, and replay said "ok".
lab_mistake() {
    # shellcheck disable=SC2059
    printf -- "$2" >"$work/$1"
    refused_in_one_line "$1" "a lab trace with $3, not named .rep" "trace-tool: $work/$1: an allocator-lab trace ($4"
}
# Each is told what is wrong with it, not that it has "4 header lines".
lab_mistake no-weight '20000\n3\n2\na 0 512\nf 0\n' "no weight line" "a header of 3 lines where the format has 4"
lab_mistake signed-header '-1\n1\n2\n1\na 0 8\nf 0\n' "a signed header number" "line 1, in its header, is no plain"
lab_mistake fraction-header '0\n1\n2\n1.0\na 0 8\nf 0\n' "a fractional header number" "line 4, in its header, is no"
lab_mistake noted-header '20000 # heap\n1\n2\n1\na 0 8\nf 0\n' "a note after a header number" "line 1, in its header"
lab_mistake upper-op '0\n1\n2\n1\nA 0 8\nF 0\n' "an upper-case op" "line 5 is no operation as the format writes"
lab_mistake hex-size '0\n1\n2\n1\na 0 0x10\nf 0\n' "a hexadecimal size" "line 5 is no operation"
lab_mistake extra-field '0\n1\n2\n1\na 0 8 9\nf 0\n' "an extra field" "line 5 is no operation"
lab_mistake cr-only '0\r1\r2\r1\ra 0 8\rf 0\r' "lines ending in CR alone" "its lines end in CR alone"
lab_mistake ops-only-lf 'a 0 8\nf 0\n' "no header" "a/f/r operations without the 4 header lines"
# Its four header lines, then ops written in no shape an a/f/r line has (a
# form feed before one, commas, colons): replayed as a program, said "ok".
lab_mistake ff-op '0\n1\n2\n1\n\fa 0 8\nf 0\n' "a form feed before an op" "line 5 is no operation"
lab_mistake comma-ops '0\n1\n2\n1\na,0,8\nf,0\n' "commas between the fields" "line 5 is no operation"
lab_mistake colon-ops '1000\r\n1\r\n2\r\n1\r\na:0:8\r\nf:0\r\n' "colons, CR-LF" "line 5 is no operation"
# So is one whose tail a crash left zero-filled: its lines before the first
# byte no text has tell, and the line says it is damaged.
printf '0\n1\n2\n1\na 0 8\n\0\0\0\0' >"$work/zero-tail"
refused_in_one_line zero-tail "a lab trace with a zero-filled tail, not named .rep" \
    "trace-tool: $work/zero-tail: an allocator-lab trace (its first lines are), damaged: byte 0x00 at offset 14"
# The printed command makes a trace the lab parser takes: no comment, no blank line.
for f in noted-lab noted-lab.trace; do
    cmd=$("$tool" to-text "$work/$f" 2>&1 | sed 's/.*the lab format has none: //; s/, then make .*//')
    if ! sh -c "$cmd" || [ "$(cat "$work/$f-lab.rep")" != "$(printf '0\n2\n2\n1\na 0 8\nf 0')" ]; then
        echo "fuzz-check-trace FAILED: the command printed for the commented lab trace $f ($cmd) did not drop" \
            "its comment and blank lines"
        exit 1
    fi
done
# One with no header at all (another course's script, comments and all): the
# printed command writes the header from its operations (the comments' grep
# alone wrote a file the lab parser refused as headerless), under a name with
# a space and a quote too.
header_written() {
    cmd=$("$tool" to-text "$work/$1" 2>&1 | sed 's/.*write the header from its operations: //; s/, then make .*//')
    # shellcheck disable=SC2059 # the expected trace is a printf format, as the inputs are
    if ! sh -c "$cmd" 2>/dev/null || [ "$(cat "$work/$1-lab.rep")" != "$(printf "$2")" ]; then
        echo "fuzz-check-trace FAILED: the command printed for the lab trace $1 with no header ($cmd) did not" \
            "write a header from its operations"
        exit 1
    fi
}
printf '# a course script\n\na 3 8\nf 3\n' >"$work/script op's"
header_written ops-only-lf '0\n1\n2\n1\na 0 8\nf 0'
header_written "script op's" '0\n4\n2\n1\na 3 8\nf 3'
