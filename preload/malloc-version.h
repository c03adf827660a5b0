/*
 * malloc-version.h - MALLOC_REF_VERSION, the version a program's reference
 * to malloc carries: the first glibc version of its architecture, under which
 * libc.so.6 and libc_malloc_debug.so define malloc (glibc's
 * sysdeps/unix/sysv/linux/<arch>/libc_malloc_debug.abilist, "malloc F";
 * shlib-versions' DEFAULT). dlopen.c looks malloc up under it to find glibc's
 * libc_malloc_debug.so preloaded before the shim, whose calls have only that
 * version: a lookup by bare name skips them. preload/check-malloc-version.sh
 * preprocesses this for each architecture Debian ships that clang targets.
 *
 * On an architecture not below, `objdump -T /lib/<triplet>/libc.so.6 | grep
 * -w malloc` prints the version to add; until then the exit line says it
 * cannot name such a library (MALLOC_REF_UNKNOWN).
 */
#ifndef HALLOC_PRELOAD_MALLOC_VERSION_H
#define HALLOC_PRELOAD_MALLOC_VERSION_H

#if defined(__x86_64__) && defined(__ILP32__) /* x32 */
#define MALLOC_REF_VERSION "GLIBC_2.16"
#elif defined(__x86_64__)
#define MALLOC_REF_VERSION "GLIBC_2.2.5"
#elif defined(__aarch64__) || (defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
#define MALLOC_REF_VERSION "GLIBC_2.17"
#elif defined(__powerpc64__)
#define MALLOC_REF_VERSION "GLIBC_2.3"
#elif defined(__arm__) || defined(__mcoldfire__)
#define MALLOC_REF_VERSION "GLIBC_2.4"
#elif defined(__s390x__) || defined(__hppa__) || defined(__sh__) || (defined(__sparc__) && defined(__arch64__))
#define MALLOC_REF_VERSION "GLIBC_2.2"
#elif defined(__i386__) || defined(__mips__) || defined(__powerpc__) || defined(__s390__) || defined(__sparc__) ||    \
    defined(__m68k__) || defined(__alpha__)
#define MALLOC_REF_VERSION "GLIBC_2.0"
#elif defined(__riscv) && __riscv_xlen == 64
#define MALLOC_REF_VERSION "GLIBC_2.27"
#elif defined(__riscv)
#define MALLOC_REF_VERSION "GLIBC_2.32"
#elif defined(__loongarch__)
#define MALLOC_REF_VERSION "GLIBC_2.36"
#endif

#ifdef MALLOC_REF_VERSION
#define MALLOC_REF_UNKNOWN ""
#else
#define MALLOC_REF_UNKNOWN                                                                                          \
    ", or a library preloaded first under glibc's versioned names, as libc_malloc_debug.so is, which the shim "    \
    "cannot name on this architecture (preload/malloc-version.h says what to add)"
#endif

#endif /* HALLOC_PRELOAD_MALLOC_VERSION_H */
