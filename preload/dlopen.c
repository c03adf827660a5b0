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
#include "malloc-version.h"
#include "shim.h" /* HL_EXPORT */

#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdbool.h>

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

/* The definition of name that comes after the shim's, looked up at the
 * first call, which may come before the shim's constructor (another library's
 * constructor that dlopens), and kept in *slot. */
static void *next_after_shim(_Atomic(void *) *slot, const char *name)
{
    void *real = atomic_load_explicit(slot, memory_order_relaxed);
    if (!real) {
        real = dlsym(RTLD_NEXT, name);
        atomic_store_explicit(slot, real, memory_order_relaxed);
    }
    return real;
}

static _Atomic(void *) real_dlopen, real_dlmopen;

HL_EXPORT void *dlopen(const char *file, int flags)
{
    dlopen_fn *real = (dlopen_fn *)next_after_shim(&real_dlopen, "dlopen");
    TAIL_CALL return real(file, flags & ~RTLD_DEEPBIND);
}

/* dlmopen loads a library into a namespace of its own, with its own copy of
 * libc: its malloc is that libc's, whatever LD_PRELOAD says (glibc preloads
 * into the first namespace only). That is the isolation dlmopen is for, and
 * the shim leaves it: a library there allocates and frees on glibc, and a
 * block of it freed in the program's namespace is refused by the shim, which
 * then says where it likely came from (shim_namespace_clause). */
typedef void *dlmopen_fn(Lmid_t, const char *, int);
static atomic_bool namespace_opened;

HL_EXPORT void *dlmopen(Lmid_t lmid, const char *file, int flags)
{
    if (lmid != LM_ID_BASE)
        atomic_store_explicit(&namespace_opened, 1, memory_order_relaxed);
    dlmopen_fn *real = (dlmopen_fn *)next_after_shim(&real_dlmopen, "dlmopen");
    TAIL_CALL return real(lmid, file, flags);
}

const char *shim_namespace_clause(halloc_heap *h, const void *ptr)
{
    if (!ptr || !atomic_load_explicit(&namespace_opened, memory_order_relaxed) || halloc_owns(h, ptr, 1))
        return "";
    return "; the program dlmopen'd a library into a namespace of its own, whose malloc is its own libc's, not the "
           "shim's: a block it allocated must be freed there (preload/README.md \"What the shim defines and checks\")";
}

struct load_order {
    uintptr_t found, shim; /* the two objects' load addresses */
    int found_first;
};

static int note_first(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct load_order *order = data;
    if (info->dlpi_addr == order->found)
        order->found_first = 1;
    return info->dlpi_addr == order->found || info->dlpi_addr == order->shim;
}

/* Whether the object at found comes before the shim's in the order the
 * dynamic linker searches: the program, the preloaded libraries in turn,
 * then their dependencies. */
static int loaded_before_shim(const Dl_info *found, const Dl_info *shim)
{
    struct load_order order = {(uintptr_t)found->dli_fbase, (uintptr_t)shim->dli_fbase, 0};
    dl_iterate_phdr(note_first, &order);
    return order.found_first;
}

/* Whose the malloc at addr, in the object found, is: the program's
 * executable (the first object of the dynamic linker's list, searched before
 * any preloaded library), a sanitizer's runtime (libasan, libtsan: each
 * insists on coming first, so it cannot be put after the shim; known by the
 * call every sanitizer runtime exports), or another library. */
static enum malloc_owner owner_of(void *addr, const Dl_info *found)
{
    Dl_info info;
    struct link_map *map = NULL;
    if (dladdr1(addr, &info, (void **)&map, RTLD_DL_LINKMAP) && map && !map->l_prev)
        return MALLOC_OWNER_PROGRAM;
    void *sanitizer_call = dlsym(RTLD_DEFAULT, "__sanitizer_print_stack_trace");
    if (sanitizer_call && dladdr(sanitizer_call, &info) && info.dli_fbase == found->dli_fbase)
        return MALLOC_OWNER_SANITIZER;
    return MALLOC_OWNER_LIBRARY;
}

/* The object whose malloc a program's reference binds to, when it is not
 * the shim: the program's own (rustc links jemalloc into its executable,
 * which comes before any preloaded library), a library preloaded before the
 * shim, glibc's libc_malloc_debug.so or a sanitizer's runtime among them,
 * *owner saying which of the three. A
 * versioned lookup skips the shim's unversioned malloc, which a program's
 * reference takes (glibc's dlvsym asks for the version itself): what it
 * finds counts only before the shim. NULL when it is the shim's
 * (exit-check.c, no_block_said, names what this cannot see). */
const char *shim_malloc_found_elsewhere(enum malloc_owner *owner)
{
    Dl_info found, shim;
    void *malloc_found = dlsym(RTLD_DEFAULT, "malloc");
    if (!malloc_found || !dladdr(malloc_found, &found) || !dladdr((void *)&next_after_shim, &shim))
        return NULL;
#ifdef MALLOC_REF_VERSION
    if (found.dli_fbase == shim.dli_fbase) {
        malloc_found = dlvsym(RTLD_DEFAULT, "malloc", MALLOC_REF_VERSION);
        if (!malloc_found || !dladdr(malloc_found, &found) || !loaded_before_shim(&found, &shim))
            return NULL;
    }
#endif
    if (found.dli_fbase == shim.dli_fbase)
        return NULL;
    *owner = owner_of(malloc_found, &found);
    return found.dli_fname && found.dli_fname[0] ? found.dli_fname : "the program";
}
