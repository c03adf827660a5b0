#!/bin/sh
# check-make-vars.sh: the make variables that select what is fuzzed are
# checked before anything builds (a misspelt SRCS, an unknown MM_API), and
# the replay command make prints carries every one of them, so a crash is
# replayed on the allocator that produced it.
set -u
# A failure waits for the build lanes below, so none outlives the check.
fail() {
    echo "fuzz-check-make-vars FAILED: $*"
    # shellcheck disable=SC2086
    [ -z "${lanes:-}" ] || wait $lanes
    [ -z "${standin:-}" ] || wait "$standin"
    # The afl.sh stand-in's output, kept aside while it ran: whatever it said is shown.
    [ -z "${standin_log:-}" ] || { cat "$standin_log"; rm -f "$standin_log"; }
    exit 1
}
# Each make below must see only the variables it names: the caller's (make
# check FROM_EMPTY=1, FUZZ_KEEP_GOING=1 in the environment) reach it through
# MAKEFLAGS and the environment, and change what it prints or refuses. Those
# in the environment are the ones make drops for a check goal, dropped here
# too for a run by hand (FUZZ_TOOL is this script's own input). BUILD stays:
# the builds below go where the caller's do (make fuzz-check-make-vars
# BUILD=dir leaves build/ alone), and the paths make prints are checked
# under it.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES GNUMAKEFLAGS
BUILD=${BUILD:-build}
export BUILD
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env FUZZ_TOOL
# The checks that build binaries run beside the rest (which mostly waits on
# sleeps and timeouts), in two lanes: check-make-vars-builds.sh.
lanes=
for lane in heap-cxx deps-gnu; do
    fuzz/scripts/check-make-vars-builds.sh $lane &
    lanes="$lanes $!"
done
# make fuzz-afl's runner over stand-ins for afl-fuzz and the replay mostly
# waits on their sleeps and its poll for a crash (most of the time of the
# checks below, one after the other): it runs beside them too, its output
# kept in a file and printed at the end.
standin=
standin_log=$(mktemp) || fail "mktemp"
fuzz/scripts/check-afl-stand-in.sh >"$standin_log" 2>&1 &
standin=$!

# expect_error "VARS" TEXT: make with VARS stops with status 2 and TEXT.
expect_error() {
    out=$(eval "make --no-print-directory -n fuzz $1" 2>&1)
    rc=$?
    [ "$rc" = 2 ] || fail "make fuzz $1: exit $rc, expected 2; it printed: $out"
    case "$out" in *"$2"*) ;; *) fail "make fuzz $1: no '$2' in: $out" ;; esac
}
lab="TARGET=fuzz/adapters/malloclab.c"
expect_error "$lab SRCS='examples/malloclab/mm.c no/such/mm.c'" \
    "SRCS names no/such/mm.c, which does not exist"
expect_error "$lab SRCS=no/such/mm.c" "SRCS names no/such/mm.c, which does not exist"
expect_error "$lab SRCS=examples/malloclab/mm.c MM_API=chekced" "MM_API='chekced' is not an interface"
expect_error "$lab" "name its sources, e.g. SRCS=path/to/mm.c"
expect_error "TARGET=no/such/adapter.c" "TARGET=no/such/adapter.c does not exist"

# A header of the user's, reached through CFLAGS=-I (ADAPTERS.md), wins over
# the harness's own of the same name: an OS course's heap.h (hinit/halloc)
# was compiled against allocator/heap.h, halloc's, without a word. Checked in
# the flags of the fuzz and replay builds and of make bench TARGET=...
# These makes only print, but every make writes each build's flags stamp as it
# reads the Makefile: in BUILD, their CFLAGS (an -I, which the library keeps)
# made the next make of this check rebuild the library. A scratch BUILD.
prints=$(mktemp -d) || fail "mktemp"
for var in FUZZ_CFLAGS BENCH_ADAPTER_CFLAGS; do
    flags=$(make --no-print-directory --eval "print-flags: ; @echo \$($var)" print-flags BUILD="$prints" \
        TARGET=fuzz/selftest/crash-adapter.c CFLAGS=-Ifuzz/selftest/include) || fail "printing $var failed: $flags"
    for h in heap:HEAP trace:TRACE; do
        # shellcheck disable=SC2086 # the flags are a list of words, as make gives them
        out=$(printf '#include "%s.h"\n#ifndef SELFTEST_USERS_%s_H\n#error found the harness header %s.h instead\n#endif\n' \
            "${h%:*}" "${h#*:}" "${h%:*}" | ${CC:-cc} $flags -fsyntax-only -x c - 2>&1) ||
            fail "with CFLAGS=-Ifuzz/selftest/include, $var did not find the user's ${h%:*}.h first: $out"
    done
done
# The shared harness objects leave out a -D no harness file names (a bug
# switch of the allocator: fuzz/scripts/unread-macros.sh), never one they
# read, and keep all when CFLAGS has -I (a header of the user's may read it).
obj_flags() { # CFLAGS
    make --no-print-directory --eval "print-flags: ; @echo \$(FUZZ_OBJ_CFLAGS)" print-flags BUILD="$prints" \
        TARGET=fuzz/selftest/crash-adapter.c CFLAGS="$1" || fail "printing FUZZ_OBJ_CFLAGS with CFLAGS='$1' failed"
}
flags=" $(obj_flags '-DMM_BUG_ZZ=1 -DFUZZ_HEAP_BYTES=4096 -DNDEBUG -D_GNU_SOURCE') "
case $flags in *" -DMM_BUG_ZZ=1 "*) fail "the harness objects got -DMM_BUG_ZZ=1, which no harness file names: $flags" ;; esac
for d in -DFUZZ_HEAP_BYTES=4096 -DNDEBUG -D_GNU_SOURCE; do
    case $flags in *" $d "*) ;; *) fail "the harness objects lost $d of CFLAGS, which they or the system headers read: $flags" ;; esac
done
flags=" $(obj_flags '-DMM_BUG_ZZ=1 -Ifuzz/selftest/include') "
case $flags in *" -DMM_BUG_ZZ=1 "*) ;; *) fail "with CFLAGS=-I..., the harness objects lost -DMM_BUG_ZZ=1, which a header there may read: $flags" ;; esac
rm -rf "$prints"
# replay-cc links replay-gcc's objects only when REPLAY_CC is gcc itself: a
# ccache farm's clang resolves, as its gcc does, to ccache (it took gcc's).
dir=$(mktemp -d) || fail "mktemp"
mkdir "$dir/farm"
printf '#!/bin/sh\nexit 1\n' >"$dir/ccache"
chmod +x "$dir/ccache"
{ ln -s ../ccache "$dir/farm/gcc" && ln -s ../ccache "$dir/farm/clang"; } || fail "ln -s in $dir"
out=$(PATH=$dir/farm:$PATH make --no-print-directory -n -B "$BUILD/fuzz/halloc/replay-cc" REPLAY_CC=clang 2>&1) ||
    fail "make -n replay-cc with a ccache farm on PATH failed: $out"
case "$out" in *obj/replay-gcc-*) fail "REPLAY_CC=clang through ccache links replay-gcc's objects: $(echo "$out" | grep -m1 obj/replay-gcc-)" ;; esac
rm -rf "$dir"
# libFuzzer would take these as no limit and one job.
expect_error "FUZZ_TIME=abc" "FUZZ_TIME='abc' is not a whole number of seconds"
expect_error "FUZZ_TIME=0" "FUZZ_TIME='0' is not a whole number of seconds"
expect_error "JOBS=two" "JOBS='two' is not a whole number"
expect_error "FUZZ_KEEP_GOING=yes" "FUZZ_KEEP_GOING='yes' means nothing"
expect_error "fuzz-parse FUZZ_KEEP_GOING=1" "make fuzz-parse and make fuzz-hardening stop at their first crash"
expect_error "fuzz-hardening FUZZ_KEEP_GOING=1" "make fuzz-parse and make fuzz-hardening stop at their first crash"
# libFuzzer's process dies with a crash: FUZZ_KEEP_GOING=1 runs its fork
# mode, told to fuzz on past crashes, and builds the replay that reports the
# first (check-libfuzzer-report.sh runs it).
out=$(make --no-print-directory -n fuzz FUZZ_KEEP_GOING=1 2>&1) || fail "make -n fuzz FUZZ_KEEP_GOING=1 failed: $out"
case "$out" in *"FUZZ_KEEP_GOING_REPLAY=$BUILD/fuzz/halloc/replay-cc fuzz/scripts/libfuzzer.sh "*"-fork=1 -ignore_crashes=1 "*) ;;
*) fail "make fuzz FUZZ_KEEP_GOING=1 does not run libFuzzer's fork mode past crashes with the replay to report: $out" ;; esac
# make fuzz-threads runs make fuzz's run (fuzz_libfuzzer_run): the same three variables honoured.
out=$(make --no-print-directory -n fuzz-threads-run TARGET=fuzz/adapters/halloc-threads.c FUZZ_KEEP_GOING=1 JOBS=2 \
    FROM_EMPTY=1 2>&1) || fail "make -n fuzz-threads-run FUZZ_KEEP_GOING=1 JOBS=2 FROM_EMPTY=1 failed: $out"
corpus=$BUILD/fuzz-work/halloc-threads/threads-corpus-from-empty
# shellcheck disable=SC2140 # the backslash-newline joins two quoted halves of one pattern
case "$out" in *"rm -rf $corpus && mkdir -p $corpus"*"FUZZ_KEEP_GOING_REPLAY=$BUILD/fuzz/halloc-threads/threads-replay-thread"\
" FUZZ_SAVED_PREFIX=threads- fuzz/scripts/libfuzzer.sh "*" -fork=2 -ignore_crashes=1 $corpus"*) ;;
*) fail "make fuzz-threads ignores FROM_EMPTY=1, JOBS=2 or FUZZ_KEEP_GOING=1 (no emptied $corpus, fork mode past" \
    "crashes with the threaded replay to report): $out" ;; esac

# The replay line of make fuzz (printed when libFuzzer fails) names them all,
# SAN too when not the default (a replay without it built with the default
# sanitizer; the default one, left out, is the BUILD=dir case's below).
san='-fsanitize=address -fno-omit-frame-pointer'
out=$(make --no-print-directory -n fuzz $lab SRCS=examples/malloclab/mm.c MM_API=checked CFLAGS='-DBUG_X -O1' SAN="$san" 2>&1) ||
    fail "make -n fuzz with a lab mm.c failed: $out"
want="make replay $lab SRCS='examples/malloclab/mm.c' MM_API=checked CFLAGS='-DBUG_X -O1' SAN='$san'"
[ "$BUILD" = build ] || want="$want BUILD='$BUILD'"
case "$out" in *"\"$want\""*) ;; *) fail "the printed replay line is not '$want' (each of these selects the build a replay must rebuild): $out" ;; esac
# A bug switch names a build of its own (bug 3's crashes sat in bug 4's
# crashes/ and corpus): each -D and -U of CFLAGS is in the default name,
# NAME= still wins, and the replay of the line above builds that one.
for cflags in "-DBUG=3|halloc-BUG-3" "-DBUG=4 -O1 -UX|halloc-BUG-4-no-X" "-O1|halloc"; do
    out=$(make --no-print-directory -n fuzz CFLAGS="${cflags%|*}" 2>&1) || fail "make -n fuzz CFLAGS='${cflags%|*}' failed: $out"
    n=${cflags#*|}
    case "$out" in *"fuzz: $n: corpus $BUILD/fuzz-work/$n/corpus, crashes in crashes/$n/"*) ;;
    *) fail "make fuzz CFLAGS='${cflags%|*}' does not fuzz as build $n (corpus and crashes/ its own): $out" ;; esac
done
out=$(make --no-print-directory -n fuzz CFLAGS=-DBUG=3 NAME=mine 2>&1) || fail "make -n fuzz NAME=mine failed: $out"
case "$out" in *"crashes in crashes/mine/"*) ;; *) fail "NAME=mine with CFLAGS=-DBUG=3 does not save to crashes/mine/: $out" ;; esac
out=$(make --no-print-directory -n replay CFLAGS=-DBUG=3 CRASH=/dev/null 2>&1) || fail "make -n replay CFLAGS=-DBUG=3 failed: $out"
case "$out" in *"$BUILD/fuzz/halloc-BUG-3/replay-cc -v "*" /dev/null"*) ;;
*) fail "make replay CFLAGS=-DBUG=3 does not replay with build halloc-BUG-3's binary: $out" ;; esac
# So does a HALLOC_FUZZ_* switch the run had: without it the replay checks
# another set of oracles and stops elsewhere.
out=$(HALLOC_FUZZ_ALLOCATOR_CHECK=off make --no-print-directory -n fuzz $lab SRCS=examples/malloclab/mm.c 2>&1) ||
    fail "make -n fuzz with HALLOC_FUZZ_ALLOCATOR_CHECK=off failed: $out"
want="make replay $lab SRCS='examples/malloclab/mm.c' HALLOC_FUZZ_ALLOCATOR_CHECK='off'"
case "$out" in *"$want"*) ;; *) fail "no '$want' in the printed replay line: $out" ;; esac
# SRCS="dir/*.c" names the adapter too when it sits beside the allocator:
# it is compiled once, not twice (a duplicate fuzz_allocator at link time).
out=$(make --no-print-directory -n fuzz TARGET=examples/teach/adapter.c SRCS='examples/teach/*.c' 2>&1) ||
    fail "make -n fuzz with SRCS naming the adapter failed: $out"
cmd=$(echo "$out" | awk -v b="$BUILD/fuzz/" '$(NF-1) == "-o" && index($NF, b) == 1 && $NF ~ /\/libfuzzer$/')
{ [ "$(echo "$cmd" | grep -o 'examples/teach/adapter\.c' | wc -l)" = 1 ] &&
    [ "$(echo "$cmd" | grep -o 'examples/teach/myalloc\.c' | wc -l)" = 1 ]; } ||
    fail "with SRCS='examples/teach/*.c' the adapter and the allocator must each be compiled once: $cmd"

# Runs of different allocators started at once share $BUILD/fuzz/trace-tool
# and may both build it, and two runs of one allocator seed one corpus: no
# file is written where another run may be executing or reading it.
tool=$BUILD/fuzz/trace-tool
out=$(make --no-print-directory -n -B "$tool" 2>&1) || fail "make -n $tool failed: $out"
case " $(echo "$out" | tr '\n' ' ') " in *" -o $tool "*)
    fail "$tool is linked in place, where a concurrent make fuzz may be running it: $out" ;;
esac
case "$out" in *"mv -f $tool."*" $tool"*) ;; *) fail "trace-tool not renamed into place: $out" ;; esac
dir=$(mktemp -d) || fail "mktemp"
# shellcheck disable=SC2016 # the stand-in tool's own script: its $ expands when it runs
printf '#!/bin/sh\necho "$3" >>"%s/written"\n: >"$3"\n' "$dir" >"$dir/tool"
chmod +x "$dir/tool"
fuzz/scripts/seed.sh "$dir/tool" "$dir/work" corpus >/dev/null 2>&1 || fail "seed.sh with a stand-in tool failed"
# shellcheck disable=SC2012 # counting files whose names are ours (seed names, corpus/*.txt)
[ "$(ls "$dir/work/seeds" | wc -l)" = "$(ls corpus/*.txt | wc -l)" ] || fail "seed.sh did not write every seed"
if grep -q "^$dir/work/seeds/[^/]*$" "$dir/written"; then
    fail "seed.sh converts seeds in place, where another run may be reading them: $(head -n 1 "$dir/written")"
fi
leftover=$(find "$dir/work" -mindepth 1 -maxdepth 1 ! -name corpus ! -name seeds)
[ -z "$leftover" ] || fail "seed.sh left files behind: $leftover"
rm -rf "$dir"

# An allocator linked as a library (no SRCS) gets a name of its own: one
# adapter file over two libraries (or two users' adapter.c) must not share a
# build, a corpus and a crash directory. The shipped adapters keep theirs.
name_of() {
    make --no-print-directory -n fuzz-seed "$@" 2>&1 |
        awk -v w="$BUILD/fuzz-work/" '$1 == "fuzz/scripts/seed.sh" && index($3, w) == 1 { print substr($3, length(w) + 1) }'
}
liba=$(name_of TARGET=examples/teach/adapter.c LDLIBS=build/liba.a)
libb=$(name_of TARGET=examples/teach/adapter.c LDLIBS=build/libb.a)
{ [ -n "$liba" ] && [ "$liba" != "$libb" ]; } ||
    fail "one adapter linked with LDLIBS=build/liba.a and with build/libb.a shares the name '$liba'"
case "$liba" in adapter-examples_teach-*) ;; *) fail "a library adapter's name does not say its directory: $liba" ;; esac
[ "$(name_of TARGET=fuzz/adapters/jemalloc.c LDLIBS=-ljemalloc)" = jemalloc ] ||
    fail "the shipped jemalloc adapter is no longer named jemalloc"
# make fuzz-fast says which build it runs too (runs side by side tell apart).
out=$(make --no-print-directory -n fuzz-fast TARGET=fuzz/adapters/glibc.c 2>&1)
case "$out" in *"echo \"fuzz-fast: glibc: corpus $BUILD/fuzz-work/glibc/corpus, crashes in crashes/glibc/\""*) ;;
*) fail "make fuzz-fast does not say which build it runs: $out" ;; esac

# FROM_EMPTY=1 fuzzes a fresh, empty corpus: cleared first, never seeded.
expect_error "FROM_EMPTY=yes" "FROM_EMPTY='yes' means nothing"
out=$(make --no-print-directory -n fuzz FROM_EMPTY=1 2>&1) || fail "make -n fuzz FROM_EMPTY=1 failed: $out"
corpus=$BUILD/fuzz-work/halloc/corpus-from-empty
case "$out" in *"rm -rf $corpus && mkdir -p $corpus"*) ;;
*) fail "FROM_EMPTY=1 does not start from a cleared corpus: $out" ;; esac
echo "$out" | awk -v c="$corpus" '$(NF-1) == "-artifact_prefix=crashes/halloc/" && $NF == c { ok = 1 } END { exit !ok }' ||
    fail "FROM_EMPTY=1 does not give libFuzzer the empty corpus: $out"
if echo "$out" | grep -q "seed.sh"; then fail "FROM_EMPTY=1 still seeds the corpus: $out"; fi
# BUILD=dir on make's command line: the fuzzer, the replay a run that keeps
# going reports with, trace-tool and the corpus are all under dir, none
# under the BUILD this check runs in, and the threaded replay is built to name dir in its advice.
b=$(mktemp -u)/b
out=$(make --no-print-directory -n fuzz "$b/fuzz/halloc/threads-replay-thread" FUZZ_KEEP_GOING=1 BUILD="$b" 2>&1) ||
    fail "make -n fuzz BUILD=$b failed: $out"
case "$out" in *" -DFUZZ_BUILD_DIR='\"$b\"' "*" fuzz/threads-replay.c "*) ;;
*) fail "make $b/fuzz/halloc/threads-replay-thread BUILD=$b: not built with -DFUZZ_BUILD_DIR='\"$b\"', so its advice names another build: $out" ;; esac
case "$out" in *"fuzz/scripts/seed.sh $b/fuzz/trace-tool $b/fuzz-work/halloc "*"FUZZ_KEEP_GOING_REPLAY=$b/fuzz/halloc/replay-cc \
fuzz/scripts/libfuzzer.sh $b/fuzz/halloc/libfuzzer "*" $b/fuzz-work/halloc/corpus"*) ;;
*) fail "make fuzz BUILD=$b: trace-tool, the seeds, the replay, the fuzzer or the corpus are not under $b: $out" ;; esac
case "$out" in *" $BUILD/"* | *"=$BUILD/"*) fail "make fuzz BUILD=$b still names $BUILD/: $out" ;; esac
# Its replay line carries BUILD (copied without it, it replayed build/'s binaries).
case "$out" in *"\"make replay BUILD='$b'\""*) ;;
*) fail "make fuzz BUILD=$b: the printed replay line is not \"make replay BUILD='$b'\": $out" ;; esac
# A run of halloc's default adapter that ends clean says that the cache is
# not in it (a bug planted in allocator/cache.c never fires there) and which
# adapter fuzzes it; a run of that adapter does not.
case "$out" in *'echo "fuzz: note: fuzz/adapters/halloc.c fuzzes halloc without its cache'*'TARGET=fuzz/adapters/halloc-cache.c fuzzes that'*) ;;
*) fail "a clean make fuzz of halloc does not say that its cache is fuzzed by halloc-cache.c: $out" ;; esac
out=$(make --no-print-directory -n fuzz-fast TARGET=fuzz/adapters/halloc-cache.c 2>&1)
case "$out" in *"fuzz: note: "*) fail "make fuzz-fast of halloc-cache.c says its cache is not fuzzed: $out" ;; esac

# The shipped jemalloc and mimalloc adapters link their library by themselves.
for lib in jemalloc mimalloc; do
    out=$(make --no-print-directory -n replay NAME=check-$lib TARGET=fuzz/adapters/$lib.c CRASH=x 2>&1)
    case "$out" in *"-l$lib -lpthread"*) ;; *) fail "make replay TARGET=fuzz/adapters/$lib.c does not link -l$lib: $out" ;; esac
done

# FUZZ_HEAP sets what create() is asked for, and the replay line carries it
# (check-make-vars-builds.sh heap-cxx); a malformed one is refused.
expect_error "FUZZ_HEAP=64k" "FUZZ_HEAP='64k' is not a byte count"

# libfuzzer.sh names the input this run saved (not an older one in the
# directory), ends a failing run with the harness's report re-printed from
# its log, then the input and the replay line; says so when a failing run
# saved none; on success prints only the command, with libFuzzer's
# recommended dictionary reduced to one line (the log keeps it).
dir=$(mktemp -d) || fail "mktemp"
fake=$dir/fake-libfuzzer
cp fuzz/selftest/fake-libfuzzer.sh "$fake"
chmod +x "$fake"
: >"$dir/crash-old"
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" crash "$dir" 2>&1)
rc=$?
[ "$rc" = 77 ] || fail "libfuzzer.sh: exit $rc after a crash, expected libFuzzer's 77"
[ "$(printf '%s\n' "$out" | tail -n 4)" = "halloc-fuzz: ORACLE overlap fired at op #3: malloc 1 8
  what:  a block overlaps
fuzz: the input is $dir/crash-new
fuzz: replay the input libFuzzer saved: make replay X=1 CRASH=$dir/crash-new" ] ||
    fail "libfuzzer.sh after a crash printed: $out"
grep -q "^MS: 0 ; base unit: 0$" "$dir/libfuzzer.log" || fail "libfuzzer.sh kept no log of libFuzzer's output"
# A sanitizer's SUMMARY that names only its own function (memcpy-param-overlap
# "in __asan_memcpy") is followed by the caller: the allocator's line.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" asan "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,4p)" = "SUMMARY: AddressSanitizer: memcpy-param-overlap (/b/libfuzzer+0xfbe94) in __asan_memcpy
  called from realloc_move /my/alloc.c:343:5 (the first frame of the stack above past the sanitizer's and libFuzzer's own)
halloc-fuzz: sanitizer report above was raised at op #6: realloc 0 8192" ] ||
    fail "libfuzzer.sh after a sanitizer's report in its own memcpy printed: $out"
# So is one in libc's memset or memcpy (a calloc zeroing memory it does not
# have): libc's string functions are not the allocator's line either.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" segv-memset "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3p)" = "  called from bump_calloc /my/bump.c:203:9 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after a fault in libc's memset did not name the allocator's caller: $out"
# A deadly signal names the allocator's frame below abort(), not the
# harness's chain() that hands the signal to libFuzzer (every such stack
# has it); after the harness's own abort at a create() that failed, no
# frame: its report is the explanation (it named chain, then run.c).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" abort-in-alloc "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,3p)" = "SUMMARY: libFuzzer: deadly signal
  the signal came from buddy_free /my/buddy.c:77:9 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after an allocator's abort() printed: $out"
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" create-fails "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2p)" = "halloc-fuzz: adapter 'mine' could not create a heap of 65536 bytes; check the adapter's create()" ] ||
    fail "libfuzzer.sh after create() failed did not re-print only the harness's report: $out"
# A timeout names no function of its own: the first frame past libFuzzer's
# and libc's signal frames says where the input was looping.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" timeout "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,3p)" = "SUMMARY: libFuzzer: timeout
  the input was still running bin_search /my/alloc.c:29:7 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after a timeout printed: $out"
# One that waits on a lock names the allocator's line that waits, not libc's
# futex_wait, and says it waits (a mutex kept by a failure path read as a loop).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" deadlock "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,3p)" = "SUMMARY: libFuzzer: timeout
  the input was still running halloc /my/heap.c:86:5, waiting in pthread_mutex_lock: a lock it took and never released, or takes twice? (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after a timeout waiting on a lock printed: $out"
# ThreadSanitizer's lock findings name pthread's call: the allocator's frame
# follows, and the likely cause (a mutex left locked on a return path); the
# harness, stopped by TSan, printed no report, and is not said to have
# faulted between inputs.
for kind in "order|heap_lock /my/heap.c:40:5|a mutex left locked on a return path" \
    "unlock|hl_free /my/heap.c:120:9|an unlock on a path that did not lock" \
    "leak|start_threads /h/fuzz/threads.c:291:19|a thread never joined: one still blocked on a mutex"; do
    mode=${kind%%|*} rest=${kind#*|}
    out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" "tsan-$mode" "$dir" 2>&1)
    shown=$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,5p)
    case $shown in
    "  called from ${rest%%|*} (the first frame"*"
  likely cause: ${rest#*|}"*"
fuzz: ThreadSanitizer stopped the run at its report above, so the harness printed no report"*) ;;
    *) fail "libfuzzer.sh after TSan's $mode report printed: $out" ;;
    esac
done
# A data race: each access with its thread, the mutexes it held and the call
# that reached it, and the call that held none named (SUMMARY named only the
# first frame, alloc_locked, shared by the locked and the unlocked path).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-race "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,5p)" = "  Write by thread T6, holding no mutex: \
alloc_locked /my/sc.c, called through a_realloc /my/sc_adapter.c:7:61
  Previous write by thread T4, holding M0: free_locked /my/sc.c:108:12, called through a_free /my/sc_adapter.c:6:39
  likely cause: a_realloc reached this memory without the mutex the other call held: a path that skips the lock" ] ||
    fail "libfuzzer.sh after TSan's data race report printed: $out"
# Neither access under a mutex (a thread cache reached from another thread):
# the likely cause says so (no line at all before).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-race-bare "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,5p)" = "  Read by thread T26, holding no mutex: \
tc_free /my/tc.c:155:22, called through a_free /my/tc_adapter.c:9:39
  Previous write by thread T27, holding no mutex: tc_free /my/tc.c:158:38, called through a_free /my/tc_adapter.c:9:39
  likely cause: neither call held a mutex: memory two threads share with no lock and no atomic - one thread's own cache \
or list reached from another (a block freed into the cache of the thread that allocated it), or a shared counter updated \
with a plain ++" ] || fail "libfuzzer.sh after TSan's data race report with no mutex held printed: $out"
# Under TSan a timeout's stack has no addresses, and is the main thread's,
# waiting to join a worker stuck on a lock: said so, not libc's futex call.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" tsan-timeout "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3p)" = "  the input was still running \
fuzz_run_threads /h/fuzz/threads.c:329:9, waiting in pthread_join for a thread that never ended: one blocked on a mutex \
left locked on a return path, or locked twice? (make replay-threads names each thread's op that never returned) (the first \
frame of the stack above past the sanitizer's and libFuzzer's own)" ] || fail "libfuzzer.sh after a TSan timeout waiting to join printed: $out"
# Where the bad address lies and which allocator line made that memory (ASan
# says so under its report, off the last screen) follow the SUMMARY.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" overflow "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,4p)" = "SUMMARY: AddressSanitizer: heap-buffer-overflow /my/alloc.cc:104:22 in cx_malloc
  0x7fe3 is located 0 bytes to the right of 131104-byte region [0x7fe0,0x7fe3), allocated by (anonymous namespace)::add_region(Heap*, unsigned long) /my/alloc.cc:33:38
halloc-fuzz: sanitizer report above was raised at op #3: malloc 3 131072" ] ||
    fail "libfuzzer.sh after a heap overflow did not say whose memory it hit: $out"
# UBSan's SUMMARY names no function ("in " and nothing) and not what was
# undefined: its error line says what, its stack's first frame where.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" ubsan "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,5p)" = "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /my/alloc.c:255:30 in 
  runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'
  in bin_index /my/alloc.c:255:30 (the first frame of the stack above past the sanitizer's and libFuzzer's own)
halloc-fuzz: sanitizer report above was raised at op #2: malloc 2 64" ] ||
    fail "libfuzzer.sh after a UBSan finding did not name its function: $out"
# A misaligned access puts a note and a dump of the memory between its error
# line and its stack: the frame is still found past them.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" ubsan-note "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 3,4p)" = "  runtime error: member access within misaligned address 0x15a7afeb230f6b65 for type 'struct fnode', which requires 8 byte alignment
  in unlink_node /my/buddy.c:57:27 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after a UBSan finding with a note before its stack did not name its function: $out"
# A sanitizer's failed internal CHECK (an allocator that unmapped memory the
# sanitizer keeps) has no SUMMARY and no harness report: the run says what it
# was, where it was called from, and what to suspect - not a timeout or leak.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" check-failed "$dir" 2>&1)
[ "$(printf '%s\n' "$out" | sed -n '/^---- what stopped/,$p' | sed -n 2,3p)" = "AddressSanitizer: CHECK failed: sanitizer_allocator_secondary.h:200 \"((nearest_chunk)) < ((h->map_beg))\" (0x7f, 0x0) (tid=9)
  in a call from fuzz_fill /h/fuzz/shadow.c:51:9 (the first frame of the stack above past the sanitizer's and libFuzzer's own)" ] ||
    fail "libfuzzer.sh after a sanitizer's CHECK failure printed: $out"
case "$out" in *"timeout, out-of-memory or leak"*) fail "libfuzzer.sh called a sanitizer's CHECK failure a timeout or leak: $out" ;;
*"read the allocator's munmap and mremap calls first"*) ;; *) fail "libfuzzer.sh, a CHECK failure not explained: $out" ;; esac
# A saved input that passes when run again alone needed the inputs before
# it: the run says so before the replay command (which would pass too).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" stateful "$dir" 2>&1)
case "$out" in *"fuzz: run again alone in a fresh process (10 times), this input passes every time"*"An allocator with one global heap"*) ;;
*) fail "libfuzzer.sh, an input that passes alone: $out" ;; esac
# It passes after every file of the corpus (this directory) too: said.
case "$out" in *"fuzz: run after all "*" of them in one process, it still passes (or fails otherwise than the crash did): the state came from inputs"*) ;;
*) fail "libfuzzer.sh, an input that passes after its corpus too, not said: $out" ;; esac
[ "$(printf '%s\n' "$out" | tail -n 1)" = "fuzz: replay the input libFuzzer saved: make replay X=1 CRASH=$dir/crash-stateful" ] ||
    fail "libfuzzer.sh, an input that passes alone: the replay command is not the last line: $out"
# One that fails alone only now and then (a randomised allocator seeded from
# getrandom) is not blamed on earlier inputs: chance is named, and the
# replay command repeats it until it fails.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" flaky "$dir" 2>&1)
case "$out" in *"global heap"*) fail "libfuzzer.sh blamed a flaky input on earlier inputs: $out" ;;
*"this input passed 2 time(s), then failed"*"A randomised allocator"*) ;;
*) fail "libfuzzer.sh, an input that fails alone only sometimes: $out" ;; esac
[ "$(printf '%s\n' "$out" | tail -n 1)" = "fuzz: replay the input libFuzzer saved: make replay X=1 CRASH=$dir/crash-flaky REPEAT=20" ] ||
    fail "libfuzzer.sh, a flaky input: the replay command does not repeat it: $out"
# A fault with no report of the harness came between inputs, in libFuzzer's
# own code (an sbrk allocator lowered the break under glibc's heap in
# make fuzz-fast): the run says so, not that it was a timeout or leak.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" between-inputs "$dir" 2>&1)
case "$out" in *"timeout, out-of-memory or leak"*) fail "libfuzzer.sh called a fault between inputs a timeout or leak: $out" ;;
*"the fault above came outside any input's run"*) ;; *) fail "libfuzzer.sh, a fault between inputs: $out" ;; esac
# make fuzz-parse's harness aborting on a parser's broken contract is that,
# its line re-printed: not a fault between inputs.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make fuzz-parse" parse-contract "$dir" 2>&1)
case "$out" in *"outside any input's run"*) fail "libfuzzer.sh called parse-fuzz's contract abort a fault between inputs: $out" ;;
*"---- what stopped"*"parse-fuzz: contract broken: an error names a line"*"broke the contract fuzz/parse-fuzz.c asserts"*) ;;
*) fail "libfuzzer.sh, parse-fuzz's contract abort: $out" ;; esac
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" timeout "$dir" 2>&1)
case "$out" in *"libFuzzer stopped on its own check (a timeout, out-of-memory or leak)"*) ;;
*) fail "libfuzzer.sh, a timeout not called libFuzzer's own check: $out" ;; esac
# An out-of-memory the saved input does not repeat alone came from memory
# the inputs before it kept (an sbrk heap never lowered, a mapping kept past
# destroy): the run says so, not that the replay will name the op.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" oom-grows "$dir" 2>&1)
case "$out" in *"which names the op"*) fail "libfuzzer.sh, an out-of-memory that passes alone promised an op: $out" ;;
*"stays under the limit: the memory grew over the inputs run before it"*"destroy() does not give back"*) ;;
*) fail "libfuzzer.sh, an out-of-memory that passes alone: $out" ;; esac
# ...and passes on the harness's line, from that rerun, on what the input left mapped.
case "$out" in *"fuzz: run alone, its second run in the process: destroy() left 36864 bytes mapped, in 1 mapping(s) this input made"*) ;;
*) fail "libfuzzer.sh, an out-of-memory that passes alone: the mappings destroy() left not named: $out" ;; esac
# The figure is the second run's: the first also counts what the sanitizer
# runtime maps on first use (the fake's oom-once input says 2134016 bytes then).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" oom-once "$dir" 2>&1)
case "$out" in *"destroy() left 2134016 bytes"*) fail "libfuzzer.sh, an out-of-memory that passes alone: the first run's mappings, the runtime's with them, were reported: $out" ;;
*"fuzz: run alone, its second run in the process: destroy() left 36864 bytes mapped"*) ;;
*) fail "libfuzzer.sh, an out-of-memory that passes alone: the second run's mappings not named: $out" ;; esac
# One that passes once and fails run a second time in the process still
# passed alone: cumulative, with the second failure said.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" oom-twice "$dir" 2>&1)
case "$out" in *"which names the op"*) fail "libfuzzer.sh, an out-of-memory that passes alone once called out of memory alone: $out" ;;
*"stays under the limit: the memory grew over the inputs run before it"*"it passed the first time and failed the second"*) ;;
*) fail "libfuzzer.sh, an out-of-memory that passes alone once but not twice: $out" ;; esac
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" oom-alone "$dir" 2>&1)
case "$out" in *"stays under the limit"*) fail "libfuzzer.sh, an input out of memory alone called cumulative: $out" ;;
*"the replay below runs the input through the harness, which names the op"*) ;;
*) fail "libfuzzer.sh, an input out of memory alone: $out" ;; esac
# A leak LeakSanitizer finds at exit is charged to the empty input: no op
# made it, and the replay would show nothing; the run says what to do.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" leak-at-exit "$dir" 2>&1)
case "$out" in *"charged to the empty input"*"ASAN_OPTIONS=detect_leaks=0"*) ;;
*) fail "libfuzzer.sh, a leak at exit charged to the empty input: $out" ;; esac
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" fail "$dir" 2>&1)
case "$out" in *"stopped with status 1 and saved no input"*) ;; *) fail "libfuzzer.sh, no input saved: $out" ;; esac
# The harness's own stop is no finding and no unexplained status: said so.
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" harness-error "$dir" 2>&1)
rc=$?
case "$rc:$out" in
2:*"HARNESS ERROR"*"fuzz: the harness stopped libFuzzer on a problem of its own, not on a finding in the allocator: its HARNESS ERROR line above says what to do"*) ;;
*) fail "libfuzzer.sh, the harness stopped libFuzzer: exit $rc, expected 2 and the harness named: $out" ;;
esac
# FUZZ_KEEP_GOING=1: libFuzzer's fork mode ignores that worker's exit and
# starts more (the fake for 30 s): the line stops the run at once.
started=$(date +%s)
out=$(FUZZ_KEEP_GOING_REPLAY="$dir/no-replay" fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" \
    harness-error-going-on "$dir" 2>&1)
rc=$? took=$(($(date +%s) - started))
case "$rc:$out" in
2:*"HARNESS ERROR"*"fuzz: the harness stopped a worker on a problem of its own"*"so this FUZZ_KEEP_GOING=1 run was stopped"*)
    [ "$took" -lt 20 ] || fail "libfuzzer.sh, FUZZ_KEEP_GOING=1 and a HARNESS ERROR line: stopped after $took s, not at once" ;;
*) fail "libfuzzer.sh, FUZZ_KEEP_GOING=1 and a HARNESS ERROR line: exit $rc after $took s, expected 2 at once and" \
    "the harness named: $out" ;;
esac
# A fuzzer killed by a signal (the OOM killer's SIGKILL) says which, and
# what to do: replay the input this run saved, under the harness's report of
# it re-printed from the log (so twice in all), or that it saved none.
for mode in killed killed-saved; do
    out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" $mode "$dir" 2>&1)
    rc=$?
    [ "$rc" = 137 ] || fail "libfuzzer.sh: exit $rc after the fuzzer was killed by SIGKILL, expected 137"
    last=$(printf '%s\n' "$out" | tail -n 1)
    case "$mode:$last" in
    killed:"fuzz: libFuzzer was killed by signal 9 (SIGKILL"*"and saved no input"*) ;;
    killed-saved:"fuzz: libFuzzer was killed by signal 9 (SIGKILL"*"make replay X=1 CRASH=$dir/crash-before-kill") ;;
    *) fail "libfuzzer.sh, the fuzzer killed by SIGKILL ($mode): its last line is not one naming the signal" \
        "and what to do: $out" ;;
    esac
    reports=$(printf '%s\n' "$out" | grep -c '^halloc-fuzz: ORACLE overlap fired at op #3')
    case "$mode:$reports:$out" in
    killed:0:* | killed-saved:2:*"---- the report of the input this run saved before libFuzzer was killed, re-printed from"*"halloc-fuzz: ORACLE"*) ;;
    *) fail "libfuzzer.sh, the fuzzer killed by SIGKILL ($mode): the harness's report of the input it saved" \
        "is not re-printed once under its own line (it is there $reports time(s)): $out" ;;
    esac
done
# The input a killed run saved is looked into as a finding's is: one that
# fails alone only now and then gets the REPEAT of its replay line.
rm -f "$dir/.runs"
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" killed-flaky "$dir" 2>&1)
case "$(printf '%s\n' "$out" | tail -n 1)" in
"fuzz: libFuzzer was killed by signal 9 (SIGKILL"*"make replay X=1 CRASH=$dir/crash-flaky-before-kill REPEAT=20") ;;
*) fail "libfuzzer.sh, the fuzzer killed after saving an input that fails alone only sometimes: its replay" \
    "line does not repeat it, as a finding's does: $out" ;;
esac
# A ^C that ends the subshell waiting for the fuzzer before it records the
# status is an interrupt, not a "killed by signal 2"; an input the run saved
# is kept, with its replay line. (SIGINT at its default: a shell ignores it
# in what it runs in the background, as make check may be.)
for mode in interrupted interrupted-saved; do
    out=$(env --default-signal=INT fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" $mode "$dir" 2>&1)
    rc=$?
    case "$mode:$rc:$(printf '%s\n' "$out" | tail -n 1)" in
    *"signal 2"*) fail "libfuzzer.sh, interrupted by ^C ($mode): called a kill by SIGINT: $out" ;;
    interrupted:130:"fuzz: interrupted (^C); libFuzzer saved no input"*) ;;
    interrupted-saved:130:"fuzz: interrupted (^C); this run saved $dir/crash-before-interrupt: replay it: make replay X=1 CRASH=$dir/crash-before-interrupt") ;;
    *) fail "libfuzzer.sh, interrupted by ^C ($mode): exit $rc (expected 130), or its last line does not say" \
        "it was interrupted and what it saved: $out" ;;
    esac
done
# Killed after FUZZ_KEEP_GOING=1 kept an input: the kept inputs' end, then
# a line saying the run was cut short (its time not all fuzzed).
rm -f "$dir/crash-before-kill"
out=$(FUZZ_KEEP_GOING_REPLAY="$dir/no-replay" fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" killed-saved \
    "$dir" 2>&1)
case "$(printf '%s\n' "$out" | tail -n 2)" in
*"CRASH=$dir/crash-before-kill"*"
fuzz: libFuzzer was killed by signal 9 (SIGKILL"*"before its time was up: fuzz again for the rest") ;;
*) fail "libfuzzer.sh, FUZZ_KEEP_GOING=1 killed by SIGKILL after keeping an input: its last line does not say" \
    "it was cut short: $out" ;;
esac
# make minimize of an input that passes alone says so, and a libFuzzer
# that fails while shrinking without saving a shorter input is named.
printf 'binary' >"$dir/crash-min"
for status in 0 1; do
    printf '#!/bin/sh\necho "==1==ERROR: AddressSanitizer: nested bug"\nexit %s\n' "$status" >"$dir/fake-minimize"
    chmod +x "$dir/fake-minimize"
    out=$(fuzz/scripts/minimize.sh "$dir/fake-minimize" "${FUZZ_TOOL:-$BUILD/fuzz/trace-tool}" "$dir/crash-min" 5 \
        "$dir/minimize.log" 2>&1) &&
        fail "minimize.sh passed when libFuzzer failed: $out"
    case "$status:$out" in
    0:*"does not crash when run alone, so there is nothing to shrink"*) ;;
    1:*"nested bug"*"libFuzzer failed while shrinking"*"run make minimize again") ;;
    *) fail "minimize.sh, a fuzzer exiting $status not explained: $out" ;;
    esac
done
# A clean run: the command, one line for the dictionary and libFuzzer's own
# end, then one saying nothing was found, with the harness's count of ops
# (its totals line kept to the log, unless the user asked for it).
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" ok "$dir" 2>&1) || fail "libfuzzer.sh: a clean run failed"
got=$(printf '%s\n' "$out" | sed '$s/fuzzed [0-9]* s,/fuzzed N s,/')
[ "$got" = "$fake ok $dir
(libFuzzer's recommended dictionary is in $dir/libfuzzer.log, not shown here)
Done 120 runs in 2 second(s)
fuzz: nothing found: fuzzed N s, 120 inputs (4567 ops), every oracle clean (all of libFuzzer's output: $dir/libfuzzer.log)" ] ||
    fail "libfuzzer.sh on a clean run did not print the command, the dictionary's line, libFuzzer's count and" \
        "one line saying nothing was found: $out"
out=$(HALLOC_FUZZ_STATS=1 fuzz/scripts/libfuzzer.sh "$fake" "$dir" "make replay X=1" ok "$dir" 2>&1)
case "$out" in *"halloc-fuzz: totals: 120 programs"*) ;; *) fail "libfuzzer.sh hid the totals HALLOC_FUZZ_STATS=1 asked for: $out" ;; esac
grep -qF '"ab" # Uses: 1' "$dir/libfuzzer.log" || fail "libfuzzer.sh left the recommended dictionary out of its log"
# A second run of the same build while the first is running is refused:
# it would truncate the first one's log, and both would report from the mix.
mkdir "$dir/busy"
fuzz/scripts/libfuzzer.sh "$fake" "$dir/busy" "make replay X=1" sleep "$dir/busy" >/dev/null 2>&1 &
first=$!
tries=0
until [ -f "$dir/busy/libfuzzer.log" ] || [ "$tries" -ge 600 ]; do sleep 0.1; tries=$((tries + 1)); done
out=$(fuzz/scripts/libfuzzer.sh "$fake" "$dir/busy" "make replay X=1" ok "$dir/busy" 2>&1)
rc=$?
: >"$dir/busy/release" # the first run's fake ends now
wait "$first" || fail "libfuzzer.sh: the first of two runs of one build failed"
[ "$rc" = 2 ] || fail "libfuzzer.sh: a second run of a running build: exit $rc, expected 2; it printed: $out"
case "$out" in *"another make fuzz of this build is running"*) ;; *) fail "libfuzzer.sh, second run: $out" ;; esac
# ...naming the processes holding the lock, the first run among them, to
# kill if they are left over (a run killed from outside left a child with it).
case "$out" in *"is held by "*"PID $first (/bin/sh fuzz/scripts/libfuzzer.sh "*"kill -9 "*"$first"*) ;;
*) fail "libfuzzer.sh, second run: the first run ($first) not named as holding the lock, with a kill line: $out" ;;
esac
fuzz/scripts/libfuzzer.sh "$fake" "$dir/busy" "make replay X=1" ok "$dir/busy" >/dev/null 2>&1 ||
    fail "libfuzzer.sh: a run after the first ended is refused"
rm -rf "$dir"
# tools/ensure-deps, as root, re-checks after apt-get: a package that
# installed but left its tool off PATH is named, not reported as a success.
# A PATH of fakes: id says root, apt-get installs nothing (then a gcc).
dir=$(mktemp -d) || fail "mktemp"
printf '#!/bin/sh\necho 0\n' >"$dir/id"
printf '#!/bin/sh\nexit 0\n' >"$dir/apt-get"
chmod +x "$dir/id" "$dir/apt-get"
out=$(PATH=$dir /bin/sh tools/ensure-deps bench 2>&1)
rc=$?
[ "$rc" = 1 ] || fail "ensure-deps with gcc still missing after apt-get: exit $rc, expected 1; it printed: $out"
case "$out" in *"'gcc' is not on PATH after installing gcc"*) ;; *) fail "ensure-deps did not name gcc: $out" ;; esac
# shellcheck disable=SC2016 # the stand-in apt-get's own script: its $1 expands when it runs
printf '#!/bin/sh\n[ "$1" != install ] || /bin/ln -s /bin/true "%s/gcc"\n' "$dir" >"$dir/apt-get"
out=$(PATH=$dir /bin/sh tools/ensure-deps bench 2>&1) || fail "ensure-deps after an apt-get that installed gcc: $out"
rm -rf "$dir"
# make -n check prints what it would do and does none of it (its suites run
# through tools/run-suites, a line make runs even under -n): no build, no
# FAILED, in seconds.
dir=$(mktemp -d) || fail "mktemp"
out=$(timeout 60 make --no-print-directory -n check BUILD="$dir/build" 2>&1)
rc=$?
[ "$rc" = 0 ] || fail "make -n check: exit $rc, expected 0; it printed: $out"
[ ! -e "$dir/build" ] || fail "make -n check wrote into BUILD: $(find "$dir/build" | head -5)"
case "$out" in *FAILED*) fail "make -n check reported a failure from a dry run: $out" ;; esac
case "$out" in *"--no-print-directory bench-selftest"*) ;; *) fail "make -n check did not print the suites' commands: $out" ;; esac
rm -rf "$dir"
for lane in $lanes; do
    wait "$lane" || { lanes=; fail "a build lane failed (check-make-vars-builds.sh, its message above)"; }
done
lanes=
wait "$standin"
rc=$?
standin=
cat "$standin_log"
rm -f "$standin_log"
standin_log=
[ "$rc" = 0 ] || fail "afl.sh over a stand-in afl-fuzz (above)"
echo "fuzz-check-make-vars: trace-tool and seeds written aside and renamed into place (concurrent runs); a library adapter named by its directory and LDLIBS; a second make fuzz or make fuzz-afl of one build refused while the first runs, naming the processes holding its lock; no process of an afl.sh run left after its time limit or a SIGINT; make fuzz-afl stopped at its first crash, which is replayed (a replay that passes followed by the report its instance logged for that input; an instance stopped while starting no abort), or at its first hang, or with FUZZ_KEEP_GOING=1 collecting crashes for all of its time, or on its target's HARNESS ERROR line (exit 2); an AFL++ instance that did not start named, its old crashes not counted; a saved input that passes alone named as such, make minimize of one that does not crash alone said to be one, one that fails alone only sometimes named as chance with a replay line that repeats it, and an out-of-memory that passes alone blamed on memory kept between inputs, the mappings left named from a second run of it in one process (the first holds the runtime's), and one that fails only run twice said so; a fault between inputs said to be one; a leak at exit on the empty input explained; the harness's own stop (its HARNESS ERROR line) named as no finding; a fuzzer killed by a signal named, with the input it saved (its replay line a finding's, REPEAT too) or none, a ^C that cut off its status named as an interrupt, the saved input kept, and after FUZZ_KEEP_GOING=1 kept inputs; a missing SRCS or TARGET file, an unknown MM_API, a malformed FUZZ_TIME, JOBS, FROM_EMPTY or FUZZ_KEEP_GOING refused, FUZZ_KEEP_GOING=1 for make fuzz-parse or fuzz-hardening too; make fuzz and make fuzz-threads FUZZ_KEEP_GOING=1 run libFuzzer's fork mode past crashes (fuzz-threads JOBS and FROM_EMPTY too); FROM_EMPTY=1 fuzzes an empty, unseeded corpus; a clean run of halloc's default adapter names the cache adapter; an adapter among SRCS compiled once; the jemalloc and mimalloc adapters link their library; FUZZ_HEAP reaches create() and the replay line; the replay line carries MM_API, CFLAGS, a SAN other than the default and a BUILD other than build and names the saved input; a SUMMARY in the sanitizer's own code followed by its caller, a sanitizer CHECK failure explained, a UBSan finding by its runtime error and its function (past a misaligned access's note and memory dump), a SEGV in libc's memset by the allocator's line that called it, a bad address's region and who allocated it re-printed, an allocator's abort() by its frame below abort (not the harness's chain()), a create() that failed by the harness's report alone, a timeout by the frame it was running, and one in a lock wait by the line that waits; a ThreadSanitizer lock finding (lock-order inversion, unlock of an unlocked mutex, thread leak) by the allocator's frame and a likely cause, a data race by each access's thread, mutexes held and the call that reached it, the call without a mutex named (and two without one said to share memory unlocked), not as a fault between inputs, and a TSan timeout waiting to join a stuck thread said so; a user's header reached through CFLAGS=-I found before the harness's of the same name; a -D no harness file names left out of the harness objects, one they read kept; replay-gcc's objects not taken for REPLAY_CC=clang through a ccache farm; ensure-deps re-checks after installing; make -n check runs nothing; a C++ allocator builds (for make bench too) and runs, its echoed command naming only the variables set; one in GNU C (typeof, asm) builds; an edited header rebuilds; make fuzz BUILD=dir builds, seeds and fuzzes under dir, its threaded replay built to name dir in its advice (this check builds under its own BUILD)"
