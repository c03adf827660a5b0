#!/bin/sh
# preload/check.sh SHIM DEBUG_SHIM PROBE WORKDIR BENCH - make check-preload.
# 1. the probe's semantic checks pass under both shims;
# 2. planted heap bugs (double free, interior free, realloc and usable size of
#    an interior pointer, overflow into the next header, the same
#    before malloc_trim) abort with halloc's
#    diagnosis, the debug shim at the first call after an overflow
#    (preload/check-misuse.sh);
# 3. real programs give byte-identical output on halloc and on glibc, and
#    halloc's checker finds each one's heap consistent at exit
#    (preload/check-programs.sh, run beside 1 and 2);
# 4. recording: preload/check-record.sh, run beside the rest, its output last;
# 5. malloc's version per architecture: preload/check-malloc-version.sh.
set -u
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
shim=$(abspath "$1")
debug_shim=$(abspath "$2")
probe=$3
work=$4
bench=$5
mkdir -p "$work"

# say_fail, who, output_of_death
# shellcheck source=preload/check-common.sh
. "$(dirname "$0")/check-common.sh"

# Input for the programs: 200k lines of mixed numbers and words.
seq 1 200000 | awk '{ printf "%d %s%x line-%d\n", ($1 * 7919) % 100003, "w", $1 * 31, $1 }' >"$work/input.txt"

# The recording part (check-record.sh, some 10 s) runs beside the rest: each
# is one process at a time, and one after the other they left a core idle.
# Its output is printed at the end. Its files in WORKDIR are its own (rec-*,
# fork-*, exec-*, cancel*, ...); input.txt, which it reads, is written
# above. A ^C or TERM, which a background job does not get, stops it, whole.
"$(dirname "$0")/check-record.sh" "$shim" "$probe" "$work" "$bench" >"$work/check-record.log" 2>&1 &
record=$!
# So do the real programs (check-programs.sh, some 12 s), their output
# printed where they ran before, after the misuse checks below; their files
# are named after each program (sort.glibc, sort.halloc, sort.err, ...).
"$(dirname "$0")/check-programs.sh" "$shim" "$debug_shim" "$work" >"$work/check-programs.log" 2>&1 &
programs=$!
# And malloc's version per architecture (check-malloc-version.sh, some 2 s).
"$(dirname "$0")/check-malloc-version.sh" >"$work/check-malloc-version.log" 2>&1 &
versions=$!
# shellcheck source=fuzz/scripts/proc-tree.sh
. "$(dirname "$0")/../fuzz/scripts/proc-tree.sh" # tree_of
# shellcheck disable=SC2046 # PIDs, one word each
trap 'kill -TERM $(tree_of "$record") $(tree_of "$programs") $versions 2>/dev/null; exit 130' INT
# shellcheck disable=SC2046
trap 'kill -TERM $(tree_of "$record") $(tree_of "$programs") $versions 2>/dev/null; exit 143' TERM

for so in "$shim" "$debug_shim"; do
    out=$(LD_PRELOAD="$so" "$probe" 2>&1)
    [ "$out" = "probe: ok" ] || say_fail "probe under $(basename "$so"): $out"
done
out=$(HALLOC_PRELOAD_CACHE=8 LD_PRELOAD="$shim" "$probe" 2>&1)
[ "$out" = "probe: ok" ] || say_fail "probe with HALLOC_PRELOAD_CACHE=8: $out"
for bad in abc 65 -1 ' 8' +8; do
    # The probe runs in a waiting subshell, so the shell's "Aborted" notice is captured too.
    out=$({ HALLOC_PRELOAD_CACHE=$bad LD_PRELOAD="$shim" "$probe"; echo "exit $?"; } 2>&1)
    { echo "$out" | grep -q "^exit 134$" &&
        echo "$out" | grep -q "^${who}HALLOC_PRELOAD_CACHE='$bad' is not a cache depth; use 0..64"; } ||
        say_fail "HALLOC_PRELOAD_CACHE='$bad' was not refused with SIGABRT and a message: $out"
done
# An empty value is the variable unset, for every HALLOC_* variable the
# shims read (hl_env, allocator/hl_switch.h): HALLOC_PRELOAD_CACHE= stopped
# the program while HALLOC_PRELOAD_CHECK= was off. Under the debug shim the
# probe takes seconds with the heap checked after every call (six such runs
# made this the slowest part of check-preload), and how a variable is read
# does not depend on how often the heap is checked: HALLOC_CHECK_EVERY=100
# there. HALLOC_CHECK_EVERY= itself is proved on the debug shim below.
for so in "$shim" "$debug_shim"; do
    sparse=
    [ "$so" = "$debug_shim" ] && sparse=HALLOC_CHECK_EVERY=100
    for var in HALLOC_PRELOAD_CACHE HALLOC_PRELOAD_CHECK HALLOC_PRELOAD_LOG HALLOC_PRELOAD_TRACE HALLOC_CHECK_EVERY \
        HALLOC_NOABORT; do
        [ -n "$sparse" ] && [ "$var" = HALLOC_CHECK_EVERY ] && continue
        # shellcheck disable=SC2086 # $sparse: one word or none
        out=$(env $sparse "$var=" LD_PRELOAD="$so" "$probe" 2>&1)
        [ "$out" = "probe: ok" ] || say_fail "probe under $(basename "$so") with ${sparse:+$sparse and }$var= (empty, so unset): $out"
    done
done
# HALLOC_CHECK_EVERY= under the debug shim is not refused and checks the heap
# after every call, as unset does: a planted overflow is caught by the check
# after the very next call (a malloc), which HALLOC_CHECK_EVERY=100 skips,
# leaving it to a later free's own header check.
for every in "" 100; do
    out=$(output_of_death "$work/check-every-${every:-empty}.out" HALLOC_CHECK_EVERY="$every" LD_PRELOAD="$debug_shim" \
        "$probe" overflow)
    caught=no
    echo "$out" | grep -q "^${who}halloc: heap check after malloc failed: header-check" && caught=yes
    [ "$caught" = "$([ -z "$every" ] && echo yes || echo no)" ] ||
        say_fail "with HALLOC_CHECK_EVERY='$every' the debug shim's check after the malloc that followed a planted" \
            "overflow ran: $caught (want yes for '', no for 100): $out"
done

# A line longer than the shim's buffer (a long value) is cut with the one cut
# mark (allocator/cut.h) and keeps its newline: one whole line. A long path is
# shown shortened, its head and tail (log.h), so why and what happens now
# still fit the line.
long=$(printf '%01200d' 0 | tr 0 x)
output_of_death "$work/long-CACHE.out" HALLOC_PRELOAD_CACHE="$long" LD_PRELOAD="$shim" /bin/true >/dev/null
HALLOC_PRELOAD_TRACE="/nonexistent/$long" LD_PRELOAD="$shim" /bin/true 2>"$work/long-TRACE.out"
for what in "CACHE='.*x \\[\\.\\.\\. message cut\\]" \
    "TRACE: cannot create /nonexistent/x*\\[\\.\\.\\.\\]x*: No such file or directory; the program runs unrecorded (.*)"; do
    out=$work/long-${what%%[=:]*}.out
    if [ "$(wc -l <"$out")" -ne 1 ] || ! grep -q "^${who}HALLOC_PRELOAD_$what\$" "$out"; then
        say_fail "the line about a 1200-byte HALLOC_PRELOAD_${what%%[=:]*} is not one line matching '$what':" \
            "$(od -c "$out" | tail -3)"
    fi
done
out=$(HALLOC_CHECK_EVERY=100 LD_PRELOAD="$debug_shim" "$probe" 2>&1)
[ "$out" = "probe: ok" ] || say_fail "probe under the debug shim with HALLOC_CHECK_EVERY=100: $out"
# Refused at startup, also by a program that never allocates (/bin/true); a value
# past ULONG_MAX too. The plain shim checks nothing per call: it refuses any.
for bad in abc 0 99999999999999999999999; do
    for prog in "$probe" /bin/true; do
        out=$({ HALLOC_CHECK_EVERY=$bad LD_PRELOAD="$debug_shim" "$prog"; echo "exit $?"; } 2>&1)
        { echo "$out" | grep -q "^exit 134$" &&
            echo "$out" | grep -q "^${who}halloc: HALLOC_CHECK_EVERY='$bad' is not a whole number from 1 to [0-9]*; "; } ||
            say_fail "HALLOC_CHECK_EVERY='$bad' under the debug shim ($prog) was not refused with SIGABRT and a message: $out"
    done
done
out=$({ HALLOC_CHECK_EVERY=100 LD_PRELOAD="$shim" /bin/true; echo "exit $?"; } 2>&1)
{ echo "$out" | grep -q "^exit 134$" &&
    echo "$out" | grep -q "^${who}HALLOC_CHECK_EVERY='100' has no effect in libhalloc-preload.so, .*libhalloc-preload-debug.so"; } ||
    say_fail "HALLOC_CHECK_EVERY under the plain shim was not refused with SIGABRT and a message: $out"
for bad in of 2 true; do
    out=$({ HALLOC_PRELOAD_CHECK=$bad LD_PRELOAD="$shim" "$probe"; echo "exit $?"; } 2>&1)
    { echo "$out" | grep -q "^exit 134$" &&
        echo "$out" | grep -q "^${who}HALLOC_PRELOAD_CHECK='$bad' is not a switch value; use off, 0 or no, or on, 1 or yes"; } ||
        say_fail "HALLOC_PRELOAD_CHECK='$bad' was not refused with SIGABRT and a message: $out"
done

# HALLOC_PRELOAD_LOG: the shim's lines go to the file (one per process, %p),
# the program's stderr stays its own; a path that cannot be opened is said.
rm -f "$work"/shimlog.*
out=$(HALLOC_PRELOAD_CHECK=1 HALLOC_PRELOAD_LOG="$work/shimlog.%p" LD_PRELOAD="$shim" sh -c 'uname -m; ls / >/dev/null' 2>&1)
[ "$out" = "$(uname -m)" ] || say_fail "with HALLOC_PRELOAD_LOG the program's output was not its own: $out"
logs=$(cat "$work"/shimlog.* 2>/dev/null)
# Each line names its program: a command starting others (pyenv's python3,
# a bash script) left dozens, told apart by their ids alone.
{ echo "$logs" | grep -q '^halloc-preload: pid [0-9]* (uname): heap consistent at exit' &&
    echo "$logs" | grep -q '^halloc-preload: pid [0-9]* (ls): heap consistent at exit'; } ||
    say_fail "HALLOC_PRELOAD_LOG files lack the exit lines of uname and ls, each naming its program: $logs"
# A forked child that does not exec (the probe's record-fork) has its own
# id: with %p its exit line goes to its own file, not its parent's.
rm -f "$work"/forklog.*
HALLOC_PRELOAD_CHECK=1 HALLOC_PRELOAD_LOG="$work/forklog.%p" LD_PRELOAD="$shim" "$probe" record-fork ||
    say_fail "probe record-fork with HALLOC_PRELOAD_LOG exited $?"
for log in "$work"/forklog.*; do
    { [ "$(grep -c . "$log")" -eq 1 ] && grep -q "^halloc-preload: pid ${log##*.} (probe): heap consistent at exit" "$log"; } ||
        say_fail "HALLOC_PRELOAD_LOG with %p: $log does not hold its own process's exit line alone: $(cat "$log")"
done
# shellcheck disable=SC2012 # counting our own forklog.<pid> files
[ "$(ls "$work"/forklog.* | wc -l)" -eq 2 ] ||
    say_fail "HALLOC_PRELOAD_LOG with %p: a parent and its forked child gave $(ls "$work"/forklog.* | wc -l) logs, not 2"
# A process with nothing to say leaves no log of its own (%p): one left empty
# is removed as it ends, by exit (true), _exit (dash) or in a forked child
# (record-fork); under afl-fuzz each run left one, 14,000 in 8 s. A process
# killed by a signal runs no exit code and keeps its empty log.
rm -rf "$work/quiet" && mkdir "$work/quiet"
# shellcheck disable=SC2016 # dash's script: its $0 is the probe
HALLOC_PRELOAD_LOG="$work/quiet/log.%p" LD_PRELOAD="$shim" dash -c '/bin/true; (:); "$0" record-fork' "$probe" ||
    say_fail "dash running true and probe record-fork with HALLOC_PRELOAD_LOG exited $?"
# shellcheck disable=SC2012 # counting our own log.<pid> files
left=$(ls "$work/quiet" | wc -l)
[ "$left" -eq 0 ] || say_fail "HALLOC_PRELOAD_LOG with %p: processes with nothing to say left $left empty logs"
{ HALLOC_PRELOAD_LOG="$work/quiet/log.%p" LD_PRELOAD="$shim" dash -c 'kill -9 $$'; } 2>/dev/null # the shell's "Killed" too
# shellcheck disable=SC2012 # counting our own log.<pid> files
[ "$(ls "$work/quiet" | wc -l)" -eq 1 ] || say_fail "HALLOC_PRELOAD_LOG with %p: a process killed by SIGKILL did not keep its empty log"
# A line said after the log was removed (a double free in a library's
# destructor run after the shim's) opens it anew: not written to a file gone.
printf '#include <stdlib.h>\n__attribute__((destructor)) static void late(void) { char *volatile p = malloc(32); free(p); free(p); }\n' >"$work/late-free.c"
${CC:-cc} -O1 -shared -fPIC "$work/late-free.c" -o "$work/late-free.so" || say_fail "cannot build late-free.c"
output_of_death "$work/late-free.out" HALLOC_PRELOAD_LOG="$work/quiet/late.%p" LD_PRELOAD="$shim $work/late-free.so" /bin/true >/dev/null
grep -q "already free: likely a double free" "$work"/quiet/late.* ||
    say_fail "a double free in a destructor run after the shim's empty log was removed: not in a log anew ($(cat "$work"/quiet/late.* "$work/late-free.out"))"
# The high-water mark covers only the regions still mapped; the line says so.
echo "$logs" | grep -Eq " high-water [0-9]+ bytes in the [0-9]+ regions? mapped at exit$" ||
    say_fail "the exit line does not say whose high-water it gives: $logs"
# Each count in the exit line agrees with its noun: /bin/true ends with no
# block in its one region, the probe's hold-one mode with exactly one block.
# (HALLOC_PRELOAD_CHECK is a switch, allocator/hl_switch.h: on and yes check too.)
# /bin/true asks no block at all, and its line says so.
no_block="; no block was asked of the shim: a program that allocates had another malloc"
out=$(HALLOC_PRELOAD_CHECK=on LD_PRELOAD="$shim" /bin/true 2>&1)
echo "$out" | grep -Eq "; 0 blocks \(0 bytes\) still in use, 0 cached, high-water 0 bytes in the 1 region mapped at exit$no_block" ||
    say_fail "the exit line of a program that asked no block is not in the plural and singular, or does not say so: $out"
# glibc's libc_malloc_debug.so preloaded first with MALLOC_CHECK_=3 serves
# every call from a checked heap of its own: sort ran wholly on glibc, and the
# shim's bare "heap consistent at exit" passed it for checked. Its calls are
# non-default versions, which a lookup by bare name skips: the line named
# none. Preloaded after the shim, it is not named for a program asking none.
malloc_debug=$(dirname "$(ldd /bin/true | sed -n 's/.*libc\.so\.6 => \([^ ]*\).*/\1/p')")/libc_malloc_debug.so.0
out=$(seq 1 2000 | MALLOC_CHECK_=3 HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$malloc_debug $shim" sort -r 2>&1 >/dev/null)
echo "$out" | grep -q "heap consistent at exit.*$no_block: $malloc_debug defines one, found before the shim's (a library preloaded ahead of the shim: put it after the shim in LD_PRELOAD)$" ||
    say_fail "sort served by $malloc_debug (MALLOC_CHECK_=3) before the shim: the exit line does not name it, nor say to preload it after the shim: $out"
out=$(HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$shim $malloc_debug" /bin/true 2>&1)
echo "$out" | grep -q "$no_block (valgrind's" ||
    say_fail "/bin/true with $malloc_debug preloaded after the shim: the exit line names another malloc: $out"
# valgrind's memcheck takes every call of the shim's over but pvalloc, whose
# block the shim served and memcheck's free called an "Invalid free()".
cat >"$work/pvalloc.c" <<'EOF'
#include <malloc.h>
#include <stdlib.h>
int main(void)
{
    char *p = pvalloc(100);
    p[0] = 1;
    free(p);
    return 0;
}
EOF
${CC:-cc} -O1 "$work/pvalloc.c" -o "$work/pvalloc" || say_fail "cannot build pvalloc.c"
if ! command -v valgrind >/dev/null; then
    say_fail "valgrind is missing (pvalloc under memcheck): apt-get install -y valgrind, or run tools/ensure-deps check"
elif ! out=$(LD_PRELOAD="$shim" valgrind -q --error-exitcode=9 "$work/pvalloc" 2>&1); then
    say_fail "pvalloc and free under valgrind with the shim preloaded: memcheck reported an error: $out"
fi
# A program with a malloc of its own (rustc links jemalloc into its
# executable, which the dynamic linker searches before any preloaded
# library): the line names it, not valgrind or libc_malloc_debug.so.
cat >"$work/own-malloc.c" <<'EOF'
#include <stdio.h>
#include <string.h>
static _Alignas(16) char arena[1 << 20];
static size_t used;
void *malloc(size_t n) /* a bump allocator; each block's size in the 16 bytes before it */
{
    n = (n + 31) & ~(size_t)15;
    if (n > sizeof arena - used)
        return NULL;
    size_t *p = (size_t *)(arena + used);
    used += n;
    p[0] = n - 16;
    return p + 2;
}
void free(void *p) { (void)p; }
void *calloc(size_t n, size_t size)
{
    void *p = size && n > (size_t)-1 / size ? NULL : malloc(n * size);
    return p ? memset(p, 0, n * size) : NULL;
}
void *realloc(void *p, size_t n)
{
    size_t old = p ? ((size_t *)p)[-2] : 0;
    void *q = malloc(n);
    return q && p ? memcpy(q, p, old < n ? old : n) : q;
}
int main(void)
{
    char *s = malloc(100);
    puts(s ? strcpy(s, "own malloc") : "no block");
    return 0;
}
EOF
${CC:-cc} -O2 -fno-builtin "$work/own-malloc.c" -o "$work/own-malloc" || say_fail "cannot build own-malloc.c"
out=$(HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$shim" "$work/own-malloc" 2>&1)
# Named as the program's own, which no order of LD_PRELOAD changes (rustc's
# line said to put a preloaded library after the shim).
echo "$out" | grep -qF "$no_block: $work/own-malloc defines one, found before the shim's (the program's own malloc, which no preloaded library replaces: it does not run on halloc)" ||
    say_fail "a program with its own malloc: the exit line does not name it as the program's own malloc, found before the shim's: $out"
# The same from a path longer than a line shows (log.h, SHIM_PATH_SHOWN) and
# under a name longer than the 64 bytes shown: the path's head and tail (the
# program's name) with the cut mark between, and the line whole to its end
# (at 512 bytes it was cut inside what to do).
deep=$work/$(printf '%090d' 0 | tr 0 d)/$(printf '%090d' 0 | tr 0 e)
name=own-malloc-$(printf '%060d' 0 | tr 0 n)
mkdir -p "$deep" && cp "$work/own-malloc" "$deep/$name"
out=$(HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$shim" "$deep/$name" 2>&1)
shown="$(printf '%.64s' "$deep")[...]$(printf '%s' "$deep/$name" | tail -c 131)"
echo "$out" | grep -qF "$no_block: $shown defines one, found before the shim's (the program's own malloc, which no preloaded library replaces: it does not run on halloc)" ||
    say_fail "a program with its own malloc at a ${#deep}-byte path: the exit line does not show the path's head and tail and end whole: $out"
# An ASan-built program with libasan preloaded first, as ASan's own error
# asks: named as a sanitizer's runtime, which cannot go after the shim (the
# line said to put it there, where ASan refuses to start).
printf '#include <stdio.h>\n#include <stdlib.h>\nint main(void) { char *volatile s = malloc(100); puts(s ? "a block" : "none"); free(s); return 0; }\n' >"$work/asan-program.c"
# gcc, whose ASan runtime is a shared library (clang links its own in).
gcc -O1 -fsanitize=address "$work/asan-program.c" -o "$work/asan-program" || say_fail "cannot build an ASan program"
libasan=$(ldd "$work/asan-program" | sed -n 's/.* => \(\/[^ ]*libasan[^ ]*\) .*/\1/p' | head -n 1)
out=$(HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$libasan $shim" "$work/asan-program" 2>&1)
echo "$out" | grep -qF "$no_block: $libasan defines one, found before the shim's (a sanitizer's runtime, which keeps malloc and must come first: built without -fsanitize, the program runs on halloc)" ||
    say_fail "an ASan program with $libasan preloaded first: the exit line does not name it as a sanitizer's runtime: $out"
out=$(HALLOC_PRELOAD_CHECK=yes LD_PRELOAD="$shim" "$probe" hold-one 2>&1)
{ echo "$out" | grep -Eq "; 1 block \([0-9]+ bytes\) still in use, " && ! echo "$out" | grep -q "$no_block"; } ||
    say_fail "the exit line of a program that holds one block does not say '1 block', or says it asked none: $out"
# A program that ends with _exit (dash does: no destructors run) is checked
# there; one whose signal handler calls _exit inside a call holding the heap's
# lock is said to be unchecked, and still exits with its own status.
out=$(HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$shim" dash -c 'true' 2>&1)
echo "$out" | grep -q "heap consistent at exit" || say_fail "a program ending with _exit (dash -c true) was not checked: $out"
out=$(timeout "$hang_limit" env HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$shim" "$probe" record-exit-in-call 2>&1; echo "exit $?")
{ echo "$out" | grep -q "^exit 7$" && echo "$out" | grep -q "heap not checked at _exit: its lock stayed taken"; } ||
    say_fail "_exit(7) from a handler inside a locked free with HALLOC_PRELOAD_CHECK=1 (124: it hung): $out"
planted_log=$(output_of_death "$work/planted.out" HALLOC_PRELOAD_LOG="$work/shimlog-planted" LD_PRELOAD="$shim" \
    "$probe" double-free)
{ grep -q "already free: likely a double free" "$work/shimlog-planted" &&
    [ "$planted_log" = "probe: the last line before mode 'double-free'" ]; } ||
    say_fail "a double free's diagnosis did not go to HALLOC_PRELOAD_LOG alone: stderr '$planted_log'"
# With "%p" the line names the path tried, expanded (it showed the pattern).
out=$(HALLOC_PRELOAD_CHECK=1 HALLOC_PRELOAD_LOG=/nonexistent/dir/x.%p.log LD_PRELOAD="$shim" "$probe" 2>&1)
{ echo "$out" | grep -q "^${who}HALLOC_PRELOAD_LOG: cannot open /nonexistent/dir/x\.[0-9][0-9]*\.log: " &&
    echo "$out" | grep -q "heap consistent at exit"; } ||
    say_fail "an unopenable HALLOC_PRELOAD_LOG=/nonexistent/dir/x.%p.log was not said by its expanded path, or the exit line was lost: $out"
# A log that takes no line (a full disk; /dev/full says ENOSPC): the lines
# go to stderr, said once, not lost without a word.
out=$(HALLOC_PRELOAD_CHECK=1 HALLOC_PRELOAD_LOG=/dev/full LD_PRELOAD="$shim" sh -c 'true; (true)' 2>&1)
{ [ "$(echo "$out" | grep -c "^${who}HALLOC_PRELOAD_LOG: the log refused a line: No space left on device; ")" -eq 2 ] &&
    [ "$(echo "$out" | grep -c "heap consistent at exit")" -eq 2 ]; } ||
    say_fail "the exit lines a full log refused did not reach stderr, each process saying so once: $out"
long=$(printf '%05000d' 0)
out=$(HALLOC_PRELOAD_LOG="$work/$long" LD_PRELOAD="$shim" "$probe" 2>&1)
# Its head and tail are shown, marked as cut, so why and what happens now still fit.
echo "$out" | grep -q "^${who}HALLOC_PRELOAD_LOG: cannot open .*\[\.\.\.\]0*: File name too long; the shim's lines go to stderr\$" ||
    say_fail "a HALLOC_PRELOAD_LOG path too long to expand was not said as such, its path marked as cut: $(echo "$out" | cut -c1-300)"

# The descriptor the shim keeps (stderr's copy for the exit line, the log,
# the trace) is out of the way: the program's first open() gets 3, as it
# would without the shim.
for var in HALLOC_PRELOAD_CHECK=1 "HALLOC_PRELOAD_LOG=$work/first-fd.log" "HALLOC_PRELOAD_TRACE=$work/first-fd.rep"; do
    out=$(env "$var" LD_PRELOAD="$shim" "$probe" first-fd 2>/dev/null)
    [ "$out" = "probe: first open got 3" ] || say_fail "with $var, the program's first open() did not get 3: $out"
done
# The descriptors it holds are the fewest it needs: a program listing its own
# sees them (CPython's test_subprocess). A log by an absolute path, or a
# relative one whose directory fits in front, needs no descriptor of the
# start directory (the descriptors this script itself holds are counted first,
# without the shim).
fds=$("$probe" count-fds | sed 's/.*: //')
probe_abs=$(abspath "$probe")
for log in "$(abspath "$work")/count-fds.log" count-fds.log; do
    out=$(cd "$work" && HALLOC_PRELOAD_LOG="$log" LD_PRELOAD="$shim" "$probe_abs" count-fds 2>&1)
    [ "$out" = "probe: descriptors above 2: $((fds + 1))" ] ||
        say_fail "with HALLOC_PRELOAD_LOG=$log the shim holds more than the log's descriptor ($fds of the script's): $out"
done
# A program that closes every descriptor above 2 and opens a file of its own
# (it takes the numbers the shim's stderr copy, log or trace had): the file
# must hold only the program's line; the log is reopened by its path and gets
# the exit line, the stderr copy falls back to stderr, the trace stops, said.
for var in HALLOC_PRELOAD_CHECK=1 "HALLOC_PRELOAD_LOG=$work/closed-fds.log" "HALLOC_PRELOAD_TRACE=$work/closed-fds.rep"; do
    rm -f "$work/closed-fds.out" "$work/closed-fds.log"
    err=$(env HALLOC_PRELOAD_CHECK=1 "$var" LD_PRELOAD="$shim" "$probe" close-fds "$work/closed-fds.out" 2>&1)
    [ "$(cat "$work/closed-fds.out")" = "program data" ] ||
        say_fail "with $var, the shim wrote into a file the program opened on a reused descriptor: $(head -c 300 "$work/closed-fds.out")"
    case $var in
    HALLOC_PRELOAD_LOG=*) exit_line=$(cat "$work/closed-fds.log" 2>/dev/null) ;;
    *) exit_line=$err ;;
    esac
    echo "$exit_line" | grep -q "heap consistent at exit" ||
        say_fail "with $var and the shim's descriptor closed, the exit line was lost: $err"
done
echo "$err" | grep -q "HALLOC_PRELOAD_TRACE: the program closed or replaced the trace's file descriptor [0-9]*; recording stops" ||
    say_fail "a trace whose descriptor the program closed did not say it stopped: $err"
# Started with stderr closed (2>&-): the program's file gets descriptor 2;
# the exit line and the recorder's "descriptor closed" line, which had no
# stderr to go to, must not go into it.
for var in HALLOC_PRELOAD_CHECK=1 "HALLOC_PRELOAD_TRACE=$work/closed-stderr.rep"; do
    rm -f "$work/closed-stderr.out"
    env "$var" LD_PRELOAD="$shim" "$probe" close-fds "$work/closed-stderr.out" 2>&-
    [ "$(cat "$work/closed-stderr.out")" = "program data" ] ||
        say_fail "started with stderr closed and $var, the shim wrote into the program's file on descriptor 2: $(head -c 300 "$work/closed-stderr.out")"
done
# A daemon's way (close every descriptor above 2), then a double free: the
# diagnosis goes to the log, reopened by its path. If the path cannot be
# opened again (its directory renamed away), stderr gets it, said once.
cat >"$work/close-fds-double-free.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv)
{
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    if (argc == 3 && rename(argv[1], argv[2]) != 0)
        return 2;
    if (argc == 2 && chdir(argv[1]) != 0)
        return 2;
    char *volatile p = malloc(10);
    free(p);
    free(p);
    return 1;
}
EOF
${CC:-cc} "$work/close-fds-double-free.c" -o "$work/close-fds-double-free" || say_fail "cannot build close-fds-double-free.c"
rm -rf "$work/reopen" "$work/reopen.gone"
mkdir -p "$work/reopen"
err=$(output_of_death "$work/reopen.out" HALLOC_PRELOAD_LOG="$work/reopen/log" LD_PRELOAD="$shim" \
    "$work/close-fds-double-free")
{ grep -q "already free: likely a double free" "$work/reopen/log" && [ -z "$err" ]; } ||
    say_fail "a double free after the program closed descriptors 3..1023 did not go to the reopened HALLOC_PRELOAD_LOG alone: log '$(cat "$work/reopen/log")', stderr '$err'"
# A relative log path, and a program that changes directory before the log
# is reopened (daemon(3) does both): the same file, not one of that name there.
err=$(cd "$work" && output_of_death reopen.out HALLOC_PRELOAD_LOG=reopen/rel.log LD_PRELOAD="$shim" \
    ./close-fds-double-free reopen)
{ grep -q "already free: likely a double free" "$work/reopen/rel.log" && [ -z "$err" ]; } ||
    say_fail "a relative HALLOC_PRELOAD_LOG reopened after a chdir was not the same file: log '$(cat "$work/reopen/rel.log")', stderr '$err'"
# From a directory whose name leaves no room for a short relative log path
# in front of it (4080+ bytes), the log still works: in that directory, and
# for a forked child ("%p") that opens its own after a cd /, too.
deep="$(cd "$work" && pwd -P)/deep" # the length counted is the one getcwd gives
while [ ${#deep} -lt 3880 ]; do deep="$deep/$(printf '%0200d' 0)"; done
deep="$deep/$(printf "%0$((4085 - ${#deep}))d" 0)"
(mkdir -p "$deep" && cd "$deep" && rm -f d.*.log) || say_fail "cannot make a ${#deep}-byte directory"
err=$(cd "$deep" && HALLOC_PRELOAD_CHECK=1 HALLOC_PRELOAD_LOG=d.%p.log LD_PRELOAD="$shim" dash -c 'cd /; (:)' 2>&1)
# shellcheck disable=SC2012 # counting our own d.<pid>.log files
{ [ -z "$err" ] && [ "$(cd "$deep" && ls d.*.log | wc -l)" -eq 2 ] &&
    [ "$(cd "$deep" && cat d.*.log | grep -c "heap consistent at exit")" -eq 2 ]; } ||
    say_fail "HALLOC_PRELOAD_LOG=d.%p.log from a ${#deep}-byte directory: stderr '$err', logs there: $(cd "$deep" && ls d.*.log 2>&1 | wc -l)"
# With nothing to say, their logs are removed there too (by the directory's
# descriptor, not by a name that does not fit).
(cd "$deep" && HALLOC_PRELOAD_LOG=d.%p.log LD_PRELOAD="$shim" dash -c 'cd /; (:)')
# shellcheck disable=SC2012 # counting our own d.<pid>.log files
[ "$(cd "$deep" && ls d.*.log | wc -l)" -eq 2 ] ||
    say_fail "HALLOC_PRELOAD_LOG=d.%p.log from a ${#deep}-byte directory: processes with nothing to say left empty logs"
# Nothing reads the tree after this: left behind, its 4085-byte path waits
# under build/ for a find or tar (PATH_MAX) to trip on.
rm -rf "$work/deep"
err=$(output_of_death "$work/reopen.out" HALLOC_PRELOAD_LOG="$work/reopen/log" LD_PRELOAD="$shim" \
    "$work/close-fds-double-free" "$work/reopen" "$work/reopen.gone")
{ [ "$(echo "$err" | grep -c "HALLOC_PRELOAD_LOG: the program closed or replaced descriptor [0-9]*, the log's, and .*$work/reopen/log cannot be opened again: No such file or directory; the shim's lines go to stderr")" -eq 1 ] &&
    echo "$err" | grep -q "already free: likely a double free"; } ||
    say_fail "a log that cannot be reopened was not said once, or the diagnosis did not reach stderr: $err"
rm -rf "$work/reopen.gone" # the directory the program renamed away; reopen/ holds the logs read above
# Two threads' diagnoses at once after the same: the log is reopened once,
# not once per thread (the other descriptor was leaked).
${CC:-cc} -O2 -rdynamic preload/log-race.c -o "$work/log-race" -lpthread -ldl || say_fail "cannot build log-race.c"
race_log=$(cd "$work" && pwd -P)/race.log # as /proc/self/fd gives it
rm -f "$race_log"
out=$(HALLOC_PRELOAD_LOG="$race_log" LD_PRELOAD="$shim" "$work/log-race" "$race_log" 2>&1)
{ [ "$out" = "log fds: 1 (opens 1)" ] && [ "$(grep -c "already free: likely a double free" "$race_log")" -ge 1 ]; } ||
    say_fail "two threads reopening HALLOC_PRELOAD_LOG at once: '$out' (expected 'log fds: 1 (opens 1)'), log '$(cat "$race_log")'"
# No memory for the default heap: said with errno's text, not its number,
# and the program stops (exit 134, SIGABRT) before malloc returns.
${CC:-cc} -O2 -rdynamic preload/map-refused.c -o "$work/map-refused" || say_fail "cannot build map-refused.c"
out=$(HALLOC_PRELOAD_CACHE=4 LD_PRELOAD="$shim" "$work/map-refused" 2>&1; echo "exit $?")
{ [ "$(echo "$out" | grep -c "^${who}cannot create the default heap with HALLOC_PRELOAD_CACHE=4 (Cannot allocate memory)$")" -eq 1 ] &&
    echo "$out" | grep -q "^${who}cannot map the default heap (Cannot allocate memory): out of memory" &&
    echo "$out" | grep -q "^exit 134$"; } ||
    say_fail "no memory for the default heap was not said with errno's text, or the program went on: $out"
# Under an address-space limit (ulimit -v: a few MiB, where glibc's brk heap
# still fits) the limit is named, with the first region's size, as the likely
# cause and what to raise. The caller's own limit, if lower, is kept.
# shellcheck disable=SC3045 # dash (Debian's sh) and bash both take ulimit -v
as_kib=$(ulimit -v)
[ "$as_kib" != unlimited ] && [ "$as_kib" -le 8000000 ] || as_kib=8000000
# shellcheck disable=SC3045 # as above
out=$( (ulimit -v "$as_kib" && LD_PRELOAD="$shim" "$work/map-refused") 2>&1)
echo "$out" | grep -q "^${who}cannot map the default heap (Cannot allocate memory): .*; the process's address-space limit (ulimit -v) is $as_kib KiB, and the heap's first region needs 1024 KiB of it: raise the limit if it is the cause$" ||
    say_fail "no room for the default heap under ulimit -v $as_kib: the limit not named: $out"
# A limit with room for small blocks but not for a region twice the last
# (a 300 MiB block's): the small blocks must come, as on glibc.
${CC:-cc} -O2 -fno-builtin preload/map-limit.c -o "$work/map-limit" || say_fail "cannot build map-limit.c"
out=$(LD_PRELOAD="$shim" "$work/map-limit" 2>&1) ||
    say_fail "under ulimit -v with room, small blocks after a 300 MiB one failed: $out"
# A wrapper ahead of the shim defining aligned_alloc and realloc: posix_memalign,
# which it leaves to the shim, must not call it back; reallocarray must, as glibc's.
${CC:-cc} -O2 -fno-builtin -rdynamic preload/wrapped-first.c -o "$work/wrapped-first" || say_fail "cannot build wrapped-first.c"
out=$(LD_PRELOAD="$shim" "$work/wrapped-first" 2>&1)
[ "$out" = "calls to the wrapper: aligned_alloc 0, realloc 1" ] ||
    say_fail "a wrapper preloaded before the shim: its aligned_alloc must get no call from posix_memalign (preload/halloc-preload.c calls its own code there) and its realloc the one reallocarray makes (by name, as glibc's; see preload/wrapped-first.c): $out"
# A library opened with RTLD_DEEPBIND (PHP's extensions) frees the program's
# blocks and hands it its own, then opens a library by its RUNPATH: glibc's
# free got the shim's block, and a dlopen that is not the caller's own loses
# the caller's RUNPATH (preload/dlopen.c, preload/deepbind.c). glibc first:
# the test itself must hold there.
mkdir -p "$work/deepbind/sub"
# shellcheck disable=SC2016 # $ORIGIN is the dynamic linker's, not the shell's
runpath='$ORIGIN/sub'
{ ${CC:-cc} -O2 -fPIC -shared -DDEEPBIND_LEAF preload/deepbind.c -o "$work/deepbind/sub/libdeepbind-leaf.so" &&
    ${CC:-cc} -O2 -fPIC -shared -DDEEPBIND_LIB -Wl,-rpath,"$runpath" -Wl,--enable-new-dtags preload/deepbind.c \
        -o "$work/deepbind/libdeepbind.so" -ldl &&
    ${CC:-cc} -O2 -Wl,-rpath,"$runpath/.." -Wl,--enable-new-dtags preload/deepbind.c -o "$work/deepbind/deepbind" -ldl; } ||
    say_fail "cannot build deepbind.c"
for so in "" "$shim" "$debug_shim"; do
    out=$(LD_PRELOAD="$so" "$work/deepbind/deepbind" "$work/deepbind/libdeepbind.so" 2>&1)
    rc=$?
    { [ "$rc" -eq 0 ] && [ "$out" = "deepbind: ok" ]; } ||
        say_fail "a library opened with RTLD_DEEPBIND under $(basename "${so:-glibc}"): exit $rc: $out"
    # The same library dlmopen'd by its bare name (the program's RUNPATH: the
    # shim's dlmopen keeps the caller) into a namespace with a malloc of its own.
    out=$(LD_PRELOAD="$so" "$work/deepbind/deepbind" "" dlmopen 2>&1)
    [ "$out" = "dlmopen: ok" ] || say_fail "a library dlmopen'd into a namespace under $(basename "${so:-glibc}"): $out"
done
# Its block freed in the program's namespace: both shims name dlmopen (the
# debug library prints its report itself, inside free).
for so in "$shim" "$debug_shim"; do
    out=$(output_of_death "$work/deepbind/cross.out" LD_PRELOAD="$so" "$work/deepbind/deepbind" "" dlmopen-cross)
    echo "$out" | grep -q "^${who}.*free(.*not inside this heap.*the program dlmopen'd a library into a namespace of its own" ||
        say_fail "a block of a library dlmopen'd into a namespace, freed by the program: $(basename "$so") does not name dlmopen: $out"
done

# Misuse: planted heap bugs, the debug library's reports, HALLOC_NOABORT.
"$(dirname "$0")/check-misuse.sh" "$shim" "$debug_shim" "$probe" "$work" || fail=1

wait "$programs" || fail=1
programs=
cat "$work/check-programs.log"
wait "$versions" || fail=1
versions=
cat "$work/check-malloc-version.log"

# The shim's heap keeps one emptied region mapped (HALLOC_TRIM_KEEP_ONE): an
# 8 MiB block freed leaves its region counted in mallinfo2's arena, where the
# eager policy unmapped it and a program freeing and taking it again paid a
# mapping each time (vim -es: 628 munmap calls).
cat >"$work/keep-one.c" <<'EOF'
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
    size_t before = mallinfo2().arena, len = (size_t)8 << 20;
    char *p = malloc(len);
    if (!p)
        return 2;
    memset(p, 1, len);
    free(p);
    printf("%s\n", mallinfo2().arena >= before + len ? "kept" : "unmapped");
    return 0;
}
EOF
${CC:-cc} "$work/keep-one.c" -o "$work/keep-one" || say_fail "cannot build keep-one.c"
for so in "$shim" "$debug_shim"; do
    kept=$(LD_PRELOAD="$so" "$work/keep-one")
    [ "$kept" = kept ] || say_fail "$(basename "$so"): an emptied 8 MiB region was $kept, not kept (HALLOC_TRIM_KEEP_ONE)"
done

# Out of memory in a locale other than C (perl sets it from LANG): reporting a
# refused mapping with strerror's text mallocs there (gettext) under the
# heap's lock, and the program waited for ever. It must say so and exit.
for so in "$shim" "$debug_shim"; do
    # shellcheck disable=SC2016 # sh -c's script; \$x reaches perl as $x
    out=$(timeout "$hang_limit" env LANG=C.UTF-8 LC_ALL=C.UTF-8 LD_PRELOAD="$so" sh -c \
        'ulimit -v 200000; exec perl -e "\$x = q(x) x shift; print length \$x" 500000000' 2>&1; echo "exit $?")
    { echo "$out" | grep -q "^Out of memory" && echo "$out" | grep -q "^exit 1$"; } ||
        say_fail "perl out of memory under ulimit -v in C.UTF-8 on $(basename "$so") (exit 124: it hung): $out"
done

wait "$record" || fail=1
trap - INT TERM
cat "$work/check-record.log"

[ "$fail" -eq 0 ] && echo "check-preload: probe under both shims and with the cache, 5 bad cache depths, 6 variables empty (so unset) under both shims (HALLOC_CHECK_EVERY= on the debug shim by a planted overflow), 3 bad HALLOC_PRELOAD_CHECK values, HALLOC_CHECK_EVERY (3 bad values, the plain shim), HALLOC_PRELOAD_LOG (a %p log left empty removed, kept by a killed process), the program's first open() getting 3, no start-directory descriptor for a log that needs none, 9 planted heap bugs (stdout written out first), damage at exit after stdout (both shims), a diagnosis with stdout's reader gone, a bad HALLOC_NOABORT (both shims, also without a bug; set by the program, refused into the log), HALLOC_NOABORT=1 refused by both shims, each line naming its process, 4 misuse reports of the debug shim said once (stdout written out first), an exit line saying no block was asked (/bin/true, a program's own malloc, libc_malloc_debug.so and an ASan program's libasan named as what each is), pvalloc under memcheck, 16 program runs, perl out of memory in C.UTF-8 (both shims), no memory for the default heap (also under ulimit -v, named), posix_memalign not calling a wrapper's aligned_alloc and reallocarray calling its realloc, a library opened with RTLD_DEEPBIND sharing blocks and opening another by its RUNPATH (glibc, both shims), one dlmopen'd into a namespace by the program's RUNPATH (glibc, both shims) and its block freed by the program refused naming dlmopen (both shims), an emptied region kept (both shims), recorded traces: all passed"
exit "$fail"
