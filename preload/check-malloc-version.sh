#!/bin/sh
# preload/check-malloc-version.sh - preload/malloc-version.h picks malloc's
# version for every architecture Debian ships that clang can target (release
# and ports), and the one it picks for this machine's libc (amd64, and the
# i386 one of gcc-multilib) is the version that libc's malloc has. preload/check.sh
# runs it. Exit 0 if all passed, else 1, each failure said in a FAIL line.
set -u
# shellcheck source=preload/check-common.sh
. "$(dirname "$0")/check-common.sh" # say_fail

# picked COMPILER ARGS...: the version malloc-version.h picks, or
# MALLOC_REF_VERSION left as it is for an architecture it does not know.
picked() {
    printf '#include "malloc-version.h"\nMALLOC_REF_VERSION\n' | "$@" -E -P -Ipreload -x c - | tr -d '" '
}

# amd64 and i386 are checked below, against their libc.
targets="x86_64-linux-gnux32 aarch64-linux-gnu arm-linux-gnueabi arm-linux-gnueabihf mips64el-linux-gnuabi64
    mipsel-linux-gnu powerpc64le-linux-gnu powerpc64-linux-gnu powerpc-linux-gnu s390x-linux-gnu riscv64-linux-gnu
    sparc64-linux-gnu m68k-linux-gnu"
for target in $targets; do
    version=$(picked "${CLANG:-clang}" --target="$target")
    case $version in
    GLIBC_2.*) ;;
    *) say_fail "preload/malloc-version.h picks no malloc version for $target: '$version'" ;;
    esac
done

# The libc a program here runs on, and gcc-multilib's i386 one: the version
# picked is malloc's own there.
libc=$(ldd /bin/true | sed -n 's/.*libc\.so\.6 => \([^ ]*\).*/\1/p')
for arch in "$libc:" /usr/lib32/libc.so.6:-m32; do
    so=${arch%%:*}
    want=$(objdump -T "$so" 2>&1 | sed -n 's/.* \(GLIBC_[0-9.]*\) *malloc$/\1/p')
    flag=${arch#*:}
    got=$(picked "${CC:-cc}" ${flag:+"$flag"})
    { [ -n "$want" ] && [ "$got" = "$want" ]; } ||
        say_fail "preload/malloc-version.h picks '$got' for ${CC:-cc} ${arch#*:}; $so's malloc is '$want'"
done
[ "$fail" -eq 0 ] && echo "check-preload: malloc's version picked for $(echo "$targets" | wc -w) more architectures clang targets, and the very one of this machine's libc (64- and 32-bit)"
exit "$fail"
