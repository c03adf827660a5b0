#!/bin/sh
# check-install.sh BUILD - make install into a staging root, then build the
# demo the way a user would (pkg-config, `#include "heap.h"`), against the
# shared and against the static library, and require the same output as the
# in-tree demo (whose exact text tests/test_classic.c asserts), and a C++
# program against the installed headers (tests/cxx_consumer.cpp). Then
# make uninstall must leave no file behind. First, plain make builds both
# libraries and the demo.
set -eu
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
# shellcheck source=tools/makeflags.sh # run from the top of the tree, as make does
. tools/makeflags.sh
make_dry_run "tests/check-install.sh $* (make install into $1/install-test, then the demo against it)"
BUILD=${1:?usage: check-install.sh BUILD}
CC=${CC:-cc}
CXX=${CXX:-clang++}
MAKE=${MAKE:-make}
stage=$(pwd)/$BUILD/install-test
prefix=/usr/local
fail() { echo "check-install FAILED: $*" >&2; exit 1; }

# make help prints README.md's list of targets, its first and last lines too.
help=$($MAKE --no-print-directory -s help)
case $help in
"make                 # build/plain/libhalloc.a"*"make help"*"make check-m32"*"run under qemu"*) ;;
*) fail "make help does not print README.md's Build targets list: $(echo "$help" | head -3)" ;;
esac
# Plain make (no goal) builds what README.md says: both libraries and the demo.
fresh=$(pwd)/$BUILD/default-goal-test
rm -rf "$fresh"
$MAKE --no-print-directory -s BUILD="$fresh" >/dev/null || fail "plain make failed"
for f in plain/libhalloc.a plain/libhalloc.so demo; do
    [ -f "$fresh/$f" ] || fail "plain make did not build $f"
done
# A program linked against the tree's shared library runs from the tree.
$CC -std=c11 examples/demo.c -Iallocator -L"$fresh/plain" -lhalloc -o "$fresh/demo-tree" ||
    fail "the demo does not link against $fresh/plain/libhalloc.so"
LD_LIBRARY_PATH="$fresh/plain" "$fresh/demo-tree" >/dev/null ||
    fail "a program linked in the tree does not run with LD_LIBRARY_PATH=$fresh/plain (the SONAME's link?)"
rm -rf "$fresh"

command -v pkg-config >/dev/null || fail "pkg-config is missing: apt-get install -y pkg-config"
rm -rf "$stage"
$MAKE --no-print-directory -s install DESTDIR="$stage" PREFIX="$prefix" BUILD="$BUILD" >/dev/null
for f in include/halloc.h include/halloc/heap.h lib/libhalloc.a lib/libhalloc.so lib/libhalloc-preload.so \
    lib/libhalloc-preload-debug.so lib/pkgconfig/halloc.pc lib/libhalloc-debug.a lib/pkgconfig/halloc-debug.pc; do
    [ -f "$stage$prefix/$f" ] || fail "make install did not install $prefix/$f"
done
# Into a prefix pkg-config does not search, make install says how to find it
# (pkg-config answered only "Package halloc was not found"); into one it
# searches, or with DESTDIR (a package's staging root), it says nothing.
own=$(pwd)/$BUILD/install-prefix-test
rm -rf "$own"
said=$($MAKE --no-print-directory -s install PREFIX="$own" BUILD="$BUILD")
[ "$said" = "install: pkg-config does not search $own/lib/pkgconfig: export PKG_CONFIG_PATH=$own/lib/pkgconfig before building against halloc, and run what links libhalloc.so with LD_LIBRARY_PATH=$own/lib (allocator/README.md \"The classic API, linking and installing\")" ] ||
    fail "make install PREFIX=$own did not say how to reach it: '$said'"
said=$(PKG_CONFIG_PATH="$own/lib/pkgconfig" $MAKE --no-print-directory -s install PREFIX="$own" BUILD="$BUILD")
[ -z "$said" ] || fail "make install into a prefix pkg-config searches printed: $said"
rm -rf "$own"

# The shared library: named by its major version (libhalloc.so -> .so.1 ->
# .so.1.0.0, the release halloc.h declares), and exporting only what
# halloc.h declares - no internal hl_ function a program could replace.
header="$stage$prefix/include/halloc.h"
version=$(sed -n 's/^#define HALLOC_VERSION_[A-Z]* \([0-9][0-9]*\)$/\1/p' "$header" | paste -sd. -)
soname=libhalloc.so.${version%%.*}
{ [ -f "$stage$prefix/lib/libhalloc.so.$version" ] && [ "$(readlink "$stage$prefix/lib/$soname")" = "libhalloc.so.$version" ] &&
    [ "$(readlink "$stage$prefix/lib/libhalloc.so")" = "$soname" ]; } ||
    fail "make install: expected libhalloc.so -> $soname -> libhalloc.so.$version in $prefix/lib"
objdump -p "$stage$prefix/lib/libhalloc.so" | grep -q "SONAME *$soname\$" ||
    fail "libhalloc.so's SONAME is not $soname: $(objdump -p "$stage$prefix/lib/libhalloc.so" | grep SONAME)"
for sym in $(nm -D --defined-only "$stage$prefix/lib/libhalloc.so" | awk '{ print $3 }'); do
    grep -q "\b$sym\b" "$header" || fail "libhalloc.so exports $sym, which halloc.h does not declare"
done

export PKG_CONFIG_PATH="$stage$prefix/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage"
cflags=$(pkg-config --cflags halloc) || fail "pkg-config does not find the installed halloc.pc"
[ "$(pkg-config --modversion halloc)" = "$version" ] ||
    fail "halloc.pc says version $(pkg-config --modversion halloc), halloc.h $version"
libs=$(pkg-config --libs halloc)
static_libs=$(pkg-config --libs --static halloc)
expected=$("$BUILD/demo") || fail "the in-tree demo ($BUILD/demo) failed; run make demo"

# The user's program sees only the installed headers: no -Iallocator here.
# shellcheck disable=SC2086
$CC -std=c11 -Wall -Wextra -Werror $cflags examples/demo.c $libs -o "$stage/demo-shared" ||
    fail "the demo does not build against the installed shared library ($cflags $libs)"
got=$(LD_LIBRARY_PATH="$stage$prefix/lib" "$stage/demo-shared") || fail "demo-shared exited with an error"
[ "$got" = "$expected" ] || fail "demo-shared printed '$got', the in-tree demo '$expected'"

# shellcheck disable=SC2086
$CC -std=c11 -Wall -Wextra -Werror $cflags examples/demo.c "$stage$prefix/lib/libhalloc.a" $static_libs \
    -o "$stage/demo-static" || fail "the demo does not build against the installed libhalloc.a"
got=$("$stage/demo-static") || fail "demo-static exited with an error"
[ "$got" = "$expected" ] || fail "demo-static printed '$got', the in-tree demo '$expected'"

# An embedded program's heap over a static buffer, its overflow into a
# header the next malloc does not read: the plain library goes on, the debug
# one, found by pkg-config as halloc-debug, aborts at that malloc with the
# report (make install installed only the plain library: the tree's build was
# the only way to the debug one).
debug_libs=$(pkg-config --libs halloc-debug) || fail "pkg-config does not find the installed halloc-debug.pc"
# shellcheck disable=SC2086
{ $CC -std=c11 -Wall -Wextra -Werror $cflags tests/buffer_consumer.c $libs -o "$stage/buffer-plain" &&
    $CC -std=c11 -Wall -Wextra -Werror $cflags tests/buffer_consumer.c $debug_libs -o "$stage/buffer-debug"; } ||
    fail "tests/buffer_consumer.c does not build against the installed halloc and halloc-debug ($libs; $debug_libs)"
got=$(LD_LIBRARY_PATH="$stage$prefix/lib" "$stage/buffer-plain" 2>&1) || fail "buffer-plain failed: $got"
[ "$got" = unchecked ] || fail "tests/buffer_consumer.c on the installed plain library: $got"
got=$(sh -c 'exec "$0" 2>&1' "$stage/buffer-debug" 2>/dev/null) && fail "buffer-debug ended normally: $got"
case $got in
"halloc: heap check after malloc failed: header-check at region 0 offset "*) ;;
*) fail "tests/buffer_consumer.c on the installed halloc-debug: no heap check report at the malloc after the overflow: $got" ;;
esac

# A C++ program includes the installed headers and links with the C
# compiler (no C++ runtime: tests/cxx_consumer.cpp uses C headers only).
command -v "$CXX" >/dev/null || fail "$CXX is missing: apt-get install -y clang (or set CXX)"
# shellcheck disable=SC2086
$CXX -std=c++11 -pedantic -Wall -Wextra -Werror -fno-exceptions -fno-rtti $cflags -c tests/cxx_consumer.cpp \
    -o "$stage/cxx_consumer.o" || fail "the installed halloc.h does not compile as C++ ($CXX)"
# shellcheck disable=SC2086
$CC "$stage/cxx_consumer.o" "$stage$prefix/lib/libhalloc.a" $static_libs -o "$stage/cxx_consumer" ||
    fail "a C++ object does not link against libhalloc.a: does halloc.h give every declaration C linkage?"
got=$("$stage/cxx_consumer") || fail "the C++ program on the installed library: $got"
[ "$got" = ok ] || fail "the C++ program printed '$got'"

# The installed shim runs a program on halloc; its exit check proves it was loaded.
got=$(HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$stage$prefix/lib/libhalloc-preload.so" "$stage/demo-static" 2>&1 >/dev/null) ||
    fail "the demo under the installed libhalloc-preload.so exited with an error: $got"
case $got in
*"heap consistent at exit"*) ;;
*) fail "the installed libhalloc-preload.so did not report at exit: '$got'" ;;
esac

$MAKE --no-print-directory -s uninstall DESTDIR="$stage" PREFIX="$prefix" BUILD="$BUILD" >/dev/null
left=$(find "$stage$prefix" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"

# LIBDIR and INCLUDEDIR move the files (Debian's multiarch layout), and
# halloc.pc follows them.
dirs="LIBDIR=$prefix/lib/x86_64-linux-gnu INCLUDEDIR=$prefix/include/x"
# shellcheck disable=SC2086
$MAKE --no-print-directory -s install DESTDIR="$stage" PREFIX="$prefix" BUILD="$BUILD" $dirs >/dev/null
for f in include/x/halloc.h lib/x86_64-linux-gnu/libhalloc.so lib/x86_64-linux-gnu/pkgconfig/halloc.pc; do
    [ -e "$stage$prefix/$f" ] || fail "make install $dirs did not install $prefix/$f"
done
pc="$stage$prefix/lib/x86_64-linux-gnu/pkgconfig/halloc.pc"
# shellcheck disable=SC2016 # ${prefix} is halloc.pc's own variable, matched as written
{ grep -qx 'libdir=${prefix}/lib/x86_64-linux-gnu' "$pc" && grep -qx 'includedir=${prefix}/include/x' "$pc"; } ||
    fail "halloc.pc does not follow $dirs: $(grep dir= "$pc")"
# shellcheck disable=SC2086
$MAKE --no-print-directory -s uninstall DESTDIR="$stage" PREFIX="$prefix" BUILD="$BUILD" $dirs >/dev/null
left=$(find "$stage$prefix" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall $dirs left: $left"
echo "check-install: make help prints README.md's targets; installed headers, libraries and halloc.pc (libhalloc.so.N, only halloc.h's names exported) build the demo (shared and static) and a C++ program, halloc-debug.pc a buffer heap's overflow reported, the installed shim runs the demo; LIBDIR/INCLUDEDIR honoured; a prefix pkg-config does not search named by make install; uninstall is clean"
