#!/bin/sh
# check-flags-stamp.sh: an object depends on the flags it was built with
# (the Makefile's flags_stamp), on one library object in a scratch BUILD:
# unchanged flags rebuild nothing; changed ones (quotes, a comma, a $ among
# them) rebuild it; make -n shows that rebuild and make -q reports it due,
# and neither writes the stamp (make -n must leave BUILD as it was). The
# binaries' cases use the caller's BUILD (below). And no compile or link
# make echoes prints its whole command without V=1. And make reads its rules
# without a shell per expansion of a build's name (below).
set -u
# No drop_caller_env: a caller's CFLAGS go into both builds of the object alike,
# and no other variable it drops chooses what this builds.
fail() { echo "check-flags-stamp FAILED: $*" >&2; exit 1; }
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d) || fail "cannot make a temporary directory"
trap 'rm -rf "$work"' EXIT
build=$work/build
obj=$build/plain/obj/allocator/os.o
stamp=$build/flags/lib-plain
# shellcheck disable=SC2016 # the $$ is for make, which passes $HOME on to the compile line
odd='-DHL_STAMP_TEST="a,b" -DHL_STAMP_HOME=$$HOME'
mk() { (cd "$top" && MAKEFLAGS='' make --no-print-directory BUILD="$build" "$@" "$obj" 2>&1); }

out=$(mk) || fail "building $obj failed: $out"
[ -s "$stamp" ] || fail "no flags stamp $stamp after a build"
cp "$stamp" "$work/stamp.before"
out=$(mk -q) || fail "make -q with unchanged flags says $obj is out of date"
out=$(mk -q CFLAGS="$odd") && fail "make -q with changed flags says $obj is up to date"
out=$(mk -n CFLAGS="$odd")
case $out in
*HL_STAMP_TEST*) ;;
*) fail "make -n with changed flags does not show the rebuild: $out" ;;
esac
cmp -s "$stamp" "$work/stamp.before" || fail "make -n or -q rewrote the stamp: $(cat "$stamp")"
# V=1: the compile's whole command, which shows the flags (the quiet line names only the file).
out=$(mk V=1 CFLAGS="$odd") || fail "building with flags $odd failed: $out"
case $out in
*HL_STAMP_TEST*) ;;
*) fail "changed flags did not rebuild $obj: $out" ;;
esac
out=$(mk -q CFLAGS="$odd") || fail "make -q right after a build with $odd says $obj is out of date: $(cat "$stamp")"
out=$(mk) || fail "building with the default flags again failed: $out"
case $out in
*os.c*) ;;
*) fail "going back to the default flags did not rebuild $obj: $out" ;;
esac
cmp -s "$stamp" "$work/stamp.before" || fail "the stamp of the default flags differs from the first one"

# Binaries with a stamp of their own (most compiled straight from their
# sources; the hardening fuzzer from objects of its own folder): the shim's
# probe built by gcc was reused by a make check-preload CC=clang, bench's
# generator kept the CFLAGS of its first build, and so did the hardening
# fuzzer and trace-tool. (bench's selftest and bench share gentraces' stamp,
# the hardening mutants the fuzzer's, the fuzz selftests index-test's.) The parse fuzzer had a stamp rule of its own, run
# by every make: make -q called it out of date right after its build, and so
# did each adapter's (FUZZ_FLAGS_STAMP, fuzz/build.mk) its replay, libFuzzer,
# AFL++ and verify-traces binaries. Their flags change by LDLIBS here: a -D
# in CFLAGS names another build folder (FUZZ_NAME), so not this binary.
cases='preload/probe CC=clang
bench/gentraces CFLAGS=-DPATH_MAX=HL_STAMP_TEST
fuzz/hardening/hardening-fuzz CFLAGS=-DHALLOC_DEBUG=HL_STAMP_TEST
fuzz/trace-tool CFLAGS=-DFUZZ_WHOLE_BYTES=HL_STAMP_TEST
fuzz/index-test CFLAGS=-DFUZZ_WHOLE_BYTES=HL_STAMP_TEST
fuzz/parse/parse-fuzz CFLAGS=-DFUZZ_WHOLE_BYTES=HL_STAMP_TEST
fuzz/halloc/replay-cc LDLIBS=-lHL_STAMP_TEST'
# All built by one make, a job per processor: one after another, their
# builds (the harness's objects, the parse fuzzer's) took most of this check.
# They are built in the caller's BUILD, where the suites after this one in
# make check (fuzz-check-trace, fuzz-check-replay, check-preload, ...) link
# them with the same flags: in a scratch BUILD they were 43 compiles and 7
# compiling links made twice (120 s of CPU). Only make -q and make -n run
# with a change, and neither writes (checked below); the library object's
# rebuilds above stay in the scratch BUILD.
# (Named as make check names it, relative to the top: a stamp may hold the path.)
shared=${BUILD:-build}
bins=$(echo "$cases" | while read -r bin _; do echo "$shared/$bin"; done)
# shellcheck disable=SC2086 # one binary a word
out=$(cd "$top" && MAKEFLAGS='' make -j"$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)" --no-print-directory \
    BUILD="$shared" $bins 2>&1) || fail "building the binaries failed: $out"
# A here-document, not a pipe: fail() must end this shell, not a subshell.
while read -r bin change; do
    bin=$shared/$bin
    # make -q prints nothing: under make check (MAKELEVEL > 0) it printed
    # "make[1]: Entering directory" without --no-print-directory.
    out=$(cd "$top" && MAKEFLAGS='' make -q --no-print-directory BUILD="$shared" "$bin" 2>&1) ||
        fail "make -q right after building $bin says it is out of date${out:+: $out}"
    [ -z "$out" ] || fail "make -q $bin printed something (it should only set its exit status): $out"
    (cd "$top" && MAKEFLAGS='' make -q --no-print-directory BUILD="$shared" "$change" "$bin") &&
        fail "make -q $change says $bin, built without it, is up to date"
    # make -n shows the rebuild and writes nothing: no stamp, no binary.
    touch "$work/mark"
    out=$(cd "$top" && MAKEFLAGS='' make -n --no-print-directory BUILD="$shared" "$change" "$bin" 2>&1) ||
        fail "make -n $change $bin failed: $out"
    case $out in
    *HL_STAMP_TEST* | *clang*) ;;
    *) fail "make -n $change does not show $bin rebuilt: $out" ;;
    esac
    # (Not under fuzz-work/: a make fuzz run beside this check on the same
    # BUILD writes its corpus there.)
    new=$(cd "$top" && find "$shared" -path "$shared/fuzz-work" -prune -o -newer "$work/mark" ! -type d -print)
    [ -z "$new" ] || fail "make -n $change $bin wrote files (make -n must leave BUILD as it was): $new"
done <<EOF
$cases
EOF
# The ASan unit tests link replay-cc's objects of halloc's sources, the same
# compiles as build/asan's (tests/build.mk, UNIT_LIB_asan), and compile none
# of them again; unless a flag differs, as FUZZ_SAN= (the replay without a
# sanitizer) does. Default CFLAGS: a caller's may be read by the harness alone.
asan_link() { # make variables...: the commands of a build of one ASan unit test, from nothing
    (cd "$top" && MAKEFLAGS='' make -n -B --no-print-directory BUILD="$shared" CFLAGS= "$@" "$shared/tests/asan/test_errno" 2>&1)
}
out=$(asan_link)
case $out in
*"$shared/asan/obj/"* | *"$shared/asan/libhalloc.a"*)
    fail "the ASan unit tests build $shared/asan/libhalloc.a, compiling halloc again, though replay-cc's objects are the same compiles: $out" ;;
*"$shared/fuzz/obj/"*"/libhalloc.a -lcriterion"*) ;;
*) fail "the ASan unit test's link does not name the archive of replay-cc's objects: $out" ;;
esac
case $(asan_link FUZZ_SAN=) in
*"$shared/asan/libhalloc.a -lcriterion"*) ;;
*) fail "with FUZZ_SAN= the ASan unit tests still link replay-cc's objects, built without a sanitizer: $(asan_link FUZZ_SAN=)" ;;
esac
# But a -D whose macro none of a build's files names leaves it as it is (the
# Makefile's cflags_read): the suites' bug switches of other allocators
# rebuilt the library, bench and trace-tool, and the parse and hardening
# fuzzers and the fuzz selftests built above (each make with a switch
# rewrote their stamps, and a later suite compiled them again).
unread_kept() { # BUILD BINARY
    (cd "$top" && MAKEFLAGS='' make -q --no-print-directory BUILD="$1" CFLAGS=-DHL_STAMP_TEST "$2") ||
        fail "make -q CFLAGS=-DHL_STAMP_TEST says $2 is out of date, though none of its sources reads that macro"
}
unread_kept "$build" "$obj"
unread_kept "$shared" "$shared/bench/gentraces"
unread_kept "$shared" "$shared/fuzz/trace-tool"
unread_kept "$shared" "$shared/fuzz/parse/parse-fuzz"
unread_kept "$shared" "$shared/fuzz/index-test"
unread_kept "$shared" "$shared/fuzz/hardening/hardening-fuzz"
# Every compile or link make echoes prints the Makefile's one short line
# ($(call quiet,TAG,WHAT)), V=1 the whole command: fuzz-hardening's two
# links printed their whole clang command at every build. A recipe line make
# echoes (no @) that runs a compiler must start with the quiet call.
BUILD_DIR=${BUILD:-build}
loud=$(cd "$top" && for f in Makefile $(find . -name '*.mk' -not -path "./$BUILD_DIR/*" | sort); do
    awk -v f="$f" '
        { line = cont ? line " " $0 : $0; if (!cont) start = FNR }
        /\\$/ { cont = 1; next }
        { cont = 0 }
        line ~ /^\t\+?[^@+]/ && line ~ /\$\$?\((CC|CXX|CLANG|FUZZ_CLANG|[A-Z_]*_CC)\)|(^|[ \t])(gcc|clang|cc) / &&
            line !~ /call quiet,/ { print f ":" start ": " substr(line, 1, 100) }' "$f"
done)
[ -z "$loud" ] || fail "a compile or link prints its whole command without V=1 (start the line with \$(call quiet,TAG,WHAT), as the other builds do): $loud"
# The ids a build's name is made of (fuzz/build.mk: FUZZ_SRCS_ID, ...) run
# their $(shell) once per make: as recursive variables they ran it at each
# of FUZZ_NAME's ~120 expansions, and a make given SRCS and a -D started
# some 250 shells (800 processes, 2 s of CPU) before doing anything; each
# step of malloclab-check, the bench's adapter-test and this check paid it.
# Counted by a SHELL that logs each start, under make -q (no recipe runs):
# a -D and SRCS may add a few shells of their own, not one per expansion.
# shellcheck disable=SC2016 # $2: the count script's own argument, not this one's
printf '#!/bin/sh
printf "%%s\\n" "$2" | head -n 1 >>"%s"
exec /bin/sh "$@"
' "$work/shells" >"$work/count-sh"
chmod +x "$work/count-sh"
# A PATH entry with a blank is searched by a shell (fuzz/objects.mk,
# fuzz_command_file): the counts are of a PATH without one, the caller's
# such entries left out, then of one with, which may start one shell per
# compiler looked up (REPLAY_CC, gcc, CLANG), no more.
common_path=$(printf '%s\n' "$PATH" | tr ':' '\n' | grep -v ' ' | paste -sd: -)
shells() { # make variables...: how many shells make -q starts reading the rules
    : >"$work/shells"
    (cd "$top" && MAKEFLAGS='' PATH=${shells_path:-$common_path} make -q --no-print-directory SHELL="$work/count-sh" \
        BUILD="$shared" "$@" "$shared/fuzz/trace-tool" >/dev/null 2>&1)
    wc -l <"$work/shells"
}
mkdir "$work/my tools" || fail "mkdir in $work"
blank=$(shells_path="$work/my tools:$common_path" shells)
[ "$blank" -le 3 ] || fail "make -q with '$work/my tools' on PATH started $blank shells, not one per compiler looked up" \
    "(3 at most): $(cut -c1-100 "$work/shells")"
# Nor a PATH where a shell skips a file make's $(wildcard) takes (a gcc not
# executable before the real one): make took that file, so replay-cc (cc,
# which is gcc) was not gcc, and compiled the harness again. A name found as
# two files is looked up by a shell too, and replay-cc links what it did.
replay_links() { # PATH: the object folders replay-cc links
    (cd "$top" && MAKEFLAGS='' PATH=$1 make -n -B --no-print-directory BUILD="$shared" "$shared/fuzz/halloc/replay-cc" 2>&1) |
        grep -o "obj/[a-z-]*-[0-9]*/" | sort -u
}
{ mkdir "$work/no-exec" && printf '#!/bin/sh\nexit 1\n' >"$work/no-exec/gcc"; } || fail "cannot write $work/no-exec/gcc"
[ "$(replay_links "$work/no-exec:$common_path")" = "$(replay_links "$common_path")" ] ||
    fail "replay-cc links other objects with a gcc that is not executable first on PATH: $(replay_links "$work/no-exec:$common_path")"
skipped=$(shells_path="$work/no-exec:$common_path" shells)
[ "$skipped" -le 3 ] || fail "make -q with a gcc that is not executable first on PATH started $skipped shells, not one" \
    "per compiler looked up (3 at most): $(cut -c1-100 "$work/shells")"
plain=$(shells)
plain_cmds=$(cut -c1-100 "$work/shells")
lab=$(shells TARGET=fuzz/adapters/malloclab.c SRCS=examples/malloclab/mm.c CFLAGS=-DMM_BUG_SIZE_WRAPS)
# The -D must start fuzz/scripts/unread-macros.sh, or the counts prove nothing.
[ "$lab" -gt 0 ] || fail "make -q SHELL=$work/count-sh CFLAGS=-DMM_BUG_SIZE_WRAPS started no shell: the counts here prove nothing"
# And a plain make, in a BUILD a make wrote before, starts none: reading
# options and numbers, finding the replay compiler and the object folders'
# checksums started ten processes in each of make check's hundreds of makes
# (110 ms of CPU each, where make's own reading takes 40).
[ "$plain" -eq 0 ] ||
    fail "make -q $shared/fuzz/trace-tool started $plain shells reading its rules; none is needed: work it out in make" \
        "(fuzz/build.mk's fuzz_options), when a recipe asks (the Makefile's once), or keep its output (its shell_kept). They ran: $plain_cmds"
[ $((lab - plain)) -le 20 ] ||
    fail "make -q with SRCS=mm.c and CFLAGS=-DMM_BUG_SIZE_WRAPS starts $lab shells, $plain without them: a variable" \
        "that runs \$(shell) is recursive (=) and expanded again and again; set it once (:=), as fuzz/build.mk's FUZZ_SRCS_ID"
echo "check-flags-stamp: unchanged flags rebuild nothing, changed ones (quotes, comma, \$) rebuild; make -n/-q show it and write nothing;" \
    "the probe, gentraces, the hardening and parse fuzzers, trace-tool, the fuzz selftests and an adapter's replay rebuild for another CC, CFLAGS or LDLIBS" \
    "(the library, bench, trace-tool, the parse and hardening fuzzers and the selftests not for a -D none of their files reads)" \
    "(make -n writes nothing); every compile and link make echoes prints its quiet line;" \
    "the ASan unit tests link replay-cc's halloc objects, not another compile of them;" \
    "make reads its rules with no shell, and given SRCS and a -D with $((lab - plain)), not one per expansion of a build's name"
