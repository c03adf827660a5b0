/*
 * dlopen.c - the shim and the dynamic linker: dlopen without RTLD_DEEPBIND,
 * and whose malloc the linker finds (the exit line of a process that asked
 * the shim for no block names it).
 *
 * A library opened with RTLD_DEEPBIND looks its symbols up in its own
 * dependencies first, libc among them, so its malloc and free were glibc's
 * while the rest of the process used the shim's: PHP opens every extension
 * so, and pdo.so freed a block of halloc's in glibc's free
 * ("munmap_chunk(): invalid pointer", or a segfault). Without the flag the
 * library gets the shim's calls as every other one does; the flag's other
 * effect, the library's own symbols ahead of the program's, is lost (under
 * the shim a process has one malloc, as on glibc).
 *
 * dlopen tells apart who called it by its return address: a library's
 * RUNPATH is searched for a bare name, "$ORIGIN" is its directory. So the
 * real dlopen is reached by a tail call (a jump), which leaves the caller's
 * return address in place (TAIL_CALL below); check-preload has a library
 * open another by its RUNPATH (preload/deepbind.c).
 */
#define _GNU_SOURCE
#include "shim.h" /* HL_EXPORT */

#include <dlfcn.h>
#include <stdatomic.h>

typedef void *dlopen_fn(const char *, int);

/* clang (and gcc 15) make it a jump at any -O level; gcc 12 does at -O1 and
 * above with -foptimize-sibling-calls, which preload/build.mk gives. */
#if defined(__has_attribute)
#if __has_attribute(musttail)
#define TAIL_CALL __attribute__((musttail))
#endif
#endif
#ifndef TAIL_CALL
#define TAIL_CALL
#endif

/* Looked up at the first call, which may come before the shim's constructor
 * (another library's constructor that dlopens). */
static _Atomic(dlopen_fn *) real_dlopen;

static dlopen_fn *next_dlopen(void)
{
    dlopen_fn *real = atomic_load_explicit(&real_dlopen, memory_order_relaxed);
    if (!real) {
        real = (dlopen_fn *)dlsym(RTLD_NEXT, "dlopen");
        atomic_store_explicit(&real_dlopen, real, memory_order_relaxed);
    }
    return real;
}

HL_EXPORT void *dlopen(const char *file, int flags)
{
    TAIL_CALL return next_dlopen()(file, flags & ~RTLD_DEEPBIND);
}

/* The object whose malloc the dynamic linker finds by name, when it is not
 * the shim's: the program's own (rustc links jemalloc into its executable,
 * which comes before any preloaded library) or a library preloaded before the
 * shim. NULL when it is the shim's (halloc-preload.c, no_block_said, names
 * what this cannot see). */
const char *shim_malloc_found_elsewhere(void)
{
    Dl_info found, shim;
    void *malloc_found = dlsym(RTLD_DEFAULT, "malloc");
    if (!malloc_found || !dladdr(malloc_found, &found) || !dladdr((void *)&next_dlopen, &shim) ||
        found.dli_fbase == shim.dli_fbase)
        return NULL;
    return found.dli_fname && found.dli_fname[0] ? found.dli_fname : "the program";
}
