#!/bin/sh
# check-make-vars-objects.sh: fuzz-check-make-vars' checks of the flags and
# objects make compiles a build with: a user's header first, the shared
# harness objects without an allocator's bug switch, halloc's objects reused
# when nothing of the user's reaches them, replay-cc's and the threaded
# fuzzers' objects those of the compiler and kind they build with, an
# adapter among SRCS and a lab build's files compiled once each, with -MMD.
# check-make-vars.sh runs it, its build lanes beside, with BUILD a folder
# outside the tree (the paths make prints are checked under it); no make
# here builds anything.
set -u
cd "$(dirname "$0")/../.." || exit 1
unset MAKEFLAGS MFLAGS MAKEOVERRIDES GNUMAKEFLAGS
BUILD=${BUILD:-build}
export BUILD
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
fail() {
    printf '%s\n' "fuzz-check-make-vars FAILED: $*"
    exit 1
}
lab="TARGET=fuzz/adapters/malloclab.c"

# A header of the user's, reached through CFLAGS=-I (ADAPTERS.md), wins over
# the harness's own of the same name: an OS course's heap.h (hinit/halloc)
# was compiled against allocator/heap.h, halloc's, without a word. Checked in
# the flags of the fuzz and replay builds, which make bench TARGET=... compiles
# the adapter and SRCS with too (its own objects, below).
# These makes only print, but every make writes each build's flags stamp as it
# reads the Makefile: in BUILD, their CFLAGS (an -I, which the library keeps)
# made the next make of this check rebuild the library. A scratch BUILD.
prints=$(mktemp -d) || fail "mktemp"
flags=$(make --no-print-directory --eval "print-flags: ; @echo \$(FUZZ_CFLAGS)" print-flags BUILD="$prints" \
    TARGET=fuzz/selftest/crash-adapter.c CFLAGS=-Ifuzz/selftest/include) || fail "printing FUZZ_CFLAGS failed: $flags"
for h in heap:HEAP trace:TRACE; do
    # shellcheck disable=SC2086 # the flags are a list of words, as make gives them
    out=$(printf '#include "%s.h"\n#ifndef SELFTEST_USERS_%s_H\n#error found the harness header %s.h instead\n#endif\n' \
        "${h%:*}" "${h#*:}" "${h%:*}" | ${CC:-cc} $flags -fsyntax-only -x c - 2>&1) ||
        fail "with CFLAGS=-Ifuzz/selftest/include, FUZZ_CFLAGS did not find the user's ${h%:*}.h first: $out"
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
# make runs unread-macros.sh once per build it reads when CFLAGS has a -D or
# -U: it starts no program but grep (a PATH of grep alone), one a switch.
{ mkdir "$prints/grep-only" && ln -s "$(command -v grep)" "$prints/grep-only/grep"; } || fail "mkdir/ln in $prints"
out=$(printf '%s\n' -O1 "-DMM_BUG_ZZ='a'" -DFUZZ_HEAP_BYTES=1 -UMM_BUG_YY |
    PATH=$prints/grep-only fuzz/scripts/unread-macros.sh fuzz/run.h 2>&1)
[ "$out" = "-DMM_BUG_ZZ='a'
-UMM_BUG_YY" ] || fail "with a PATH of grep alone, unread-macros.sh printed '$out', not the two switches fuzz/run.h does not read" \
    "(-DMM_BUG_ZZ='a' -UMM_BUG_YY): it runs some other program; use shell builtins (make starts it up to five times)"
# The Makefile reads a list of sources (source_list: fuzz/harness.list, ...)
# itself, as fuzz/oss-fuzz-build.sh reads it with sed: '#' to the end of a
# line is a comment, blanks and empty lines name nothing. A missing list stops
# make, naming it.
printf '# a comment, not fuzz/no.c\n\tfuzz/a.c  # its note\nfuzz/b.c#x\n\n  fuzz/c.c\t\n' >"$prints/planted.list"
print_list() { make --no-print-directory --eval "print-list: ; @echo \$(call source_list,$1)" print-list BUILD="$prints" 2>&1; }
out=$(print_list "$prints/planted.list")
[ "$out" = "fuzz/a.c fuzz/b.c fuzz/c.c" ] || fail "source_list read '$out' from a list naming fuzz/a.c fuzz/b.c fuzz/c.c: $(cat "$prints/planted.list")"
out=$(print_list "$prints/no.list") && fail "source_list of a missing list did not stop make: $out"
case "$out" in *"$prints/no.list is missing or names no source"*) ;; *) fail "source_list of a missing list did not name it: $out" ;; esac
# A build with SRCS whose flags of yours do not reach them compiles them as
# halloc's builds do, -Werror and all, and so links those objects (make
# check compiled a second set of each kind for a -Wno-error alone); with a
# CFLAGS word they read, or a compiler of yours, they get -Wno-error.
obj_ids() { # VARIABLE=VALUE...
    make --no-print-directory --eval "print-ids: ; @echo \$(FUZZ_OBJ_IDS) \$(filter -Wno-error,\$(FUZZ_OBJ_CFLAGS))" \
        print-ids BUILD="$prints" "$@" || fail "printing FUZZ_OBJ_IDS with $* failed"
}
mine="$lab SRCS=examples/malloclab/mm.c"
halloc_ids=$(obj_ids)
# shellcheck disable=SC2086 # $mine is make's arguments, one a word
for given in "" CFLAGS=-DMM_BUG_ZZ=1; do
    ids=$(obj_ids $mine $given)
    [ "$ids" = "$halloc_ids" ] ||
        fail "make $mine $given: the harness objects are not halloc's own ($halloc_ids), but: $ids"
done
# FUZZ_HEAP's -D goes to the files that read it alone, this build's own
# objects: the rest are halloc's (heap_cxx checks that it reaches create()).
ids=$(obj_ids FUZZ_HEAP=1048576)
[ "$ids" = "$halloc_ids" ] || fail "make FUZZ_HEAP=1048576: the harness objects are not halloc's own ($halloc_ids), but: $ids"
# shellcheck disable=SC2086
for given in CFLAGS=-O1 CC=gcc; do
    case " $(obj_ids $mine $given) " in *" -Wno-error "*) ;;
    *) fail "make $mine $given: the harness objects, which $given reaches, lost -Wno-error" ;; esac
done
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
# Nor when PATH holds a blank (make's words split it): REPLAY_CC is found
# there as the shell finds it, a wrapper cc its own (the cc after it, gcc,
# was taken), a link to gcc gcc's (none was found).
mkdir "$dir/my tools" || fail "mkdir in $dir"
{ ln -s ../ccache "$dir/my tools/cc" && ln -s "$(command -v gcc)" "$dir/my tools/my-gcc"; } || fail "ln -s in $dir"
for cc_objs in cc:own my-gcc:replay-gcc; do
    out=$(PATH="$dir/my tools:$PATH" make --no-print-directory -n -B "$BUILD/fuzz/halloc/replay-cc" REPLAY_CC="${cc_objs%:*}" 2>&1) ||
        fail "make -n replay-cc REPLAY_CC=${cc_objs%:*} with '$dir/my tools' on PATH failed: $out"
    case "$out" in *obj/replay-gcc-*) objs=replay-gcc ;; *) objs=own ;; esac
    [ "$objs" = "${cc_objs#*:}" ] || fail "REPLAY_CC=${cc_objs%:*}, found in '$dir/my tools' on PATH, links $objs objects," \
        "not ${cc_objs#*:} (a blank in PATH must not hide the compiler it runs): $(echo "$out" | tail -n 2 | head -n 1)"
done
rm -rf "$dir"
# A threaded fuzzer that compiles as a kind of make fuzz does links that
# kind's objects (fuzz/objects.mk, fuzz_obj_first): THREADS_SAN=address is
# libFuzzer's, none libfuzzer-fast's (fuzz-check-threads compiled the whole
# harness again for each); thread has objects of its own.
for san_kind in address:libfuzzer none:libfuzzer-fast thread:threads; do
    san=${san_kind%%:*} kind=${san_kind#*:}
    out=$(make --no-print-directory -n -B THREADS_SAN="$san" NAME=halloc-threads TARGET=fuzz/adapters/halloc-threads.c SRCS= \
        "$BUILD/fuzz/halloc-threads/threads-$san" 2>&1) || fail "make -n of the THREADS_SAN=$san fuzzer failed: $out"
    dirs=$(printf '%s\n' "$out" | grep -o "$BUILD/fuzz/obj/[a-z-]*-[0-9]*/" | sort -u)
    [ "$dirs" = "$BUILD/fuzz/obj/$kind-${dirs##*-}" ] ||
        fail "the THREADS_SAN=$san fuzzer, which compiles as kind $kind, links objects from: $dirs"
done

# SRCS="dir/*.c" names the adapter too when it sits beside the allocator:
# it is compiled once, not twice (a duplicate fuzz_allocator at link time).
out=$(make --no-print-directory -n fuzz TARGET=examples/teach/adapter.c SRCS='examples/teach/*.c' 2>&1) ||
    fail "make -n fuzz with SRCS naming the adapter failed: $out"
# (Each is an object of the build's own, fuzz/objects.mk: one compile each.)
for f in adapter myalloc; do
    [ "$(echo "$out" | grep -c -- " -c examples/teach/$f\.c -o [^ ]*/obj/libfuzzer-")" = 1 ] ||
        fail "with SRCS='examples/teach/*.c' the adapter and the allocator must each be compiled once; $f.c: $out"
done

# A lab build's adapter, mm.c and memlib.c are objects, each compile writing
# its header list: no cc -MM pass of their own after the link (make check ran
# 28, most in the lab-batch rows, and 4 more for their make bench TARGET=...).
for goal in "$BUILD/fuzz/check-lab-objs/libfuzzer" bench-adapter-build; do
    out=$(make --no-print-directory -n -B "$goal" $lab SRCS=examples/malloclab/mm.c NAME=check-lab-objs 2>&1) ||
        fail "make -n $goal of a lab build failed: $out"
    case "$out" in *" -MM "*) fail "a lab build's $goal still runs a -MM pass: $(echo "$out" | grep -m1 -- ' -MM ')" ;; esac
    for f in fuzz/adapters/malloclab.c examples/malloclab/mm.c fuzz/adapters/malloclab/memlib.c; do
        echo "$out" | grep -q -- " -MMD .* -c $f -o " || fail "a lab build's $goal does not compile $f with -MMD on its own: $out"
    done
done
# FUZZ_OWN_SHARED=1 (fuzz/rounds/): the builds of an allocator's bugs
# (-DBUG=N, which its allocator's source alone reads) link the adapter and
# checker objects of its clean build, each its own allocator object; a
# switch the adapter reads (-DNOCHECK) keeps the adapter's object its own;
# without FUZZ_OWN_SHARED each build's objects are its own.
decay_objs() { # NAME [MAKE-ARG...]: "FILE OBJECT" a line, what decay's build NAME compiles fuzz/rounds/decay/FILE.c into
    name=$1 && shift
    out=$(make --no-print-directory -n -B "$BUILD/fuzz/$name/replay-cc" TARGET=fuzz/rounds/decay/adapter.c \
        SRCS='fuzz/rounds/decay/*.c' NAME="$name" "$@" 2>&1) || fail "make -n of decay's $name build ($*) failed: $out"
    echo "$out" | grep -o -- " -c fuzz/rounds/decay/[a-z-]*\.c -o [^ ]*\.o\." | sed 's|.*/decay/\([^.]*\)\.c -o \(.*\)\.$|\1 \2|'
}
# shares NAME SHARED [MAKE-ARG...]: decay's build NAME links the clean
# build's objects of the files SHARED names, and its own of the others.
shares() {
    name=$1 shared=$2 && shift 2
    objs=$(decay_objs "$name" "$@") || exit 1
    for f in adapter decay-check decay; do
        obj=$(echo "$objs" | sed -n "s/^$f //p")
        case " $shared " in *" $f "*) want=$(echo "$clean" | sed -n "s/^$f //p") ;; *) want=$BUILD/fuzz/$name/ ;; esac
        case $obj in "$want"*) ;; *) fail "decay's build with $*: $f.c compiled into '$obj', not ${want}..." ;; esac
    done
}
clean=$(decay_objs own-clean FUZZ_OWN_SHARED=1) || exit 1
[ "$(echo "$clean" | grep -c " $BUILD/fuzz/obj/own-")" = 3 ] ||
    fail "FUZZ_OWN_SHARED=1: decay's clean build does not compile its three files as shared objects: $clean"
for bug in 3 4; do
    shares "own-bug$bug" "adapter decay-check" FUZZ_OWN_SHARED=1 CFLAGS=-DBUG=$bug
done
shares own-nocheck decay-check FUZZ_OWN_SHARED=1 'CFLAGS=-DBUG=3 -DNOCHECK'
shares own-unshared "" CFLAGS=-DBUG=3
echo "fuzz-check-make-vars: a user's header reached through CFLAGS=-I found before the harness's of the same name; a -D no harness file names left out of the harness objects, one they read kept; replay-gcc's objects not taken for REPLAY_CC=clang through a ccache farm, nor missed or taken for a REPLAY_CC found on a PATH holding a blank; an adapter among SRCS compiled once; a lab build's adapter, mm.c and memlib.c each compiled with -MMD, no -MM pass (make bench TARGET=... too); with FUZZ_OWN_SHARED=1 a round allocator's bug builds link its clean build's adapter and checker, not a switch's reader"
