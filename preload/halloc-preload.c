/*
 * halloc-preload.c - malloc, free and friends over halloc's default heap, for
 * running an unmodified program on halloc:
 *
 *   LD_PRELOAD=build/preload/libhalloc-preload.so ./program
 *
 * Everything glibc's manual lists for replacing malloc is defined here
 * (malloc, free, calloc, realloc, aligned_alloc, malloc_usable_size, memalign,
 * posix_memalign, pvalloc, valloc) plus reallocarray and glibc's own names for
 * them (__libc_malloc ...) and the old cfree, so no allocation entry point is
 * left to glibc's heap, and malloc_trim (halloc_trim). Semantics are glibc's where they differ
 * from halloc's: malloc(0) returns a unique block, posix_memalign returns its
 * error instead of setting errno. glibc's statistics calls (mallinfo2,
 * mallinfo, malloc_stats, malloc_info; __libc_mallinfo too) answer for halloc's heap, and mallopt
 * (__libc_mallopt) says that it changed nothing: left to glibc, they would describe or tune
 * glibc's unused heap, a silent wrong answer (stats.c).
 * dlopen drops RTLD_DEEPBIND, with which a library got glibc's malloc; dlmopen
 * leaves a new namespace its own libc's malloc (dlopen.c).
 *
 * A bad free (double, interior, foreign pointer) or a damaged header is a bug
 * in the program: the shim prints halloc's one-line diagnosis and aborts, as
 * glibc does, so the bug is found where it happens. Fork is safe: the heap's
 * lock is held across fork() so the child never inherits it locked.
 *
 * HALLOC_PRELOAD_CACHE=N: the default heap has a cache of freed blocks of
 * depth N (allocator/README.md, "The cache"); default: no cache (default-heap.c).
 *
 * HALLOC_PRELOAD_TRACE=path: every allocation request is written to path
 * as an allocator-lab trace (record.c), for make bench and verify-traces.
 *
 * HALLOC_PRELOAD_CHECK=1 in the environment: at exit, run halloc's checker
 * over the whole heap and print one line saying it is consistent (with what
 * is still in use), or the violation it found, then abort (exit-check.c,
 * which defines _exit too). Built against the debug library
 * (libhalloc-preload-debug.so) the checker also runs after every call.
 *
 * HALLOC_PRELOAD_LOG=path: the shim's lines go to that file (log.c). The
 * settings read at load are checked in settings.c.
 *
 * Built with -fno-builtin (so no malloc+memset here becomes a call to calloc)
 * and initial-exec TLS (so no TLS access needs malloc); see preload/build.mk.
 */
#include "hl_switch.h"
#include "internal.h"
#include "log.h"
#include "record.h"
#include "shim.h"

#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* Whether the process runs under valgrind (pvalloc below). */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

/* Set at the first block asked of the heap. A process that asked none says
 * so at exit (exit-check.c): a program that allocates had another malloc put
 * before the shim's, and a bare "heap consistent" passed it for checked. Read
 * before it is stored, so the calls after the first only read it. */
static atomic_bool block_asked;

static halloc_heap *heap_for_a_block(void)
{
    if (!atomic_load_explicit(&block_asked, memory_order_relaxed))
        atomic_store_explicit(&block_asked, 1, memory_order_relaxed);
    return shim_heap();
}

int shim_block_asked(void)
{
    return atomic_load_explicit(&block_asked, memory_order_relaxed);
}

/* The program's call into the shim returns here: where it came from. */
#define CALLER __builtin_return_address(0)

/* The program misused the heap (or damaged it): say why, and stop there,
 * stdout's buffer written out first when the call came from outside libc
 * (caller, NULL if unknown: log.h). The debug library prints a misuse report
 * itself and returns here (hl_debug_host_aborts): it is said once, not
 * twice. A NULL ptr is a call that takes none (malloc_trim,
 * mallinfo): it is named bare. */
static void die(halloc_heap *h, const char *op, void *ptr, const void *caller)
{
    if (shim_caller_outside_libc(caller))
        shim_flush_stdout();
    if (hl_report_was_printed())
        abort();
    if (ptr)
        shim_say(SHIM_WHO "%s(%p) failed: %s%s\n", SHIM_WHO_ARGS, op, ptr, halloc_last_error(h),
                 shim_namespace_clause(h, ptr));
    else
        shim_say(SHIM_WHO "%s failed: %s\n", SHIM_WHO_ARGS, op, halloc_last_error(h));
    abort();
}

#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
/* The debug library's own reports go where the shim's lines go (the log).
 * It prints a bad pointer's report inside the call, so the call first puts
 * the end die() would give it here (report_end_for). */
static _Thread_local const char *debug_report_end = "";

static void say_debug_line(const char *line)
{
    shim_say(SHIM_WHO "%.*s%s\n", SHIM_WHO_ARGS, (int)strcspn(line, "\n"), line, debug_report_end);
}

/* Called before the library is given ptr: that is a free, realloc or
 * malloc_usable_size of h's, which may end in such a report. */
static void report_end_for(halloc_heap *h, const void *ptr)
{
    debug_report_end = shim_namespace_clause(h, ptr);
}
#else
static void report_end_for(halloc_heap *h, const void *ptr)
{
    (void)h, (void)ptr;
}
#endif

/* The stats behind mallinfo and malloc_stats (stats.c) and the exit check:
 * they have no way to fail, and a damaged heap leaves no figure to give. */
halloc_stats shim_heap_stats(halloc_heap *h, const char *op)
{
    halloc_stats st;
    if (halloc_get_stats(h, &st) != 0)
        die(h, op, NULL, NULL);
    return st;
}

/* Each entry point brackets its call with rec_begin/rec_end (record.h):
 * with HALLOC_PRELOAD_TRACE set, the request becomes a trace line. malloc
 * and free, the hot ones, test for that first: unset, the bracket's state
 * would keep a stack frame around the call for nothing. */

static void *malloc_block(size_t size)
{
    return halloc_malloc(heap_for_a_block(), size ? size : 1);
}

static __attribute__((noinline)) void *malloc_recorded(size_t size)
{
    struct rec_call call = rec_begin();
    void *p = malloc_block(size);
    rec_alloc(p, size);
    rec_end(call);
    return p;
}

HL_EXPORT void *malloc(size_t size)
{
    return rec_maybe_on() ? malloc_recorded(size) : malloc_block(size);
}

/* free without the recorder's bracket (realloc to 0 records its own line). */
static void free_block(void *ptr, const void *caller)
{
    int saved = errno; /* free never changes errno for the caller */
    halloc_heap *h = shim_heap();
    report_end_for(h, ptr);
    if (halloc_free(h, ptr) != 0)
        die(h, "free", ptr, caller);
    errno = saved;
}

static __attribute__((noinline)) void free_recorded(void *ptr, const void *caller)
{
    if (!ptr) {
        rec_free_null(); /* takes the recorder's lock itself, only when recording */
        return;
    }
    struct rec_call call = rec_begin();
    rec_free(ptr); /* first: the address may be handed out again at once */
    free_block(ptr, caller);
    rec_end(call);
}

HL_EXPORT void free(void *ptr)
{
    if (rec_maybe_on())
        free_recorded(ptr, CALLER);
    else if (ptr)
        free_block(ptr, CALLER);
}

HL_EXPORT void *calloc(size_t n, size_t size)
{
    int zero = n == 0 || size == 0; /* not n * size == 0: an overflow can wrap to 0 */
    size_t asked = zero ? 0 : n * size; /* recorded only when p: no overflow then */
    if (zero)
        n = size = 1;
    struct rec_call call = rec_begin();
    void *p = halloc_calloc(heap_for_a_block(), n, size);
    rec_alloc(p, asked); /* calloc(0, k) is "a id 0", as malloc(0) (preload/README.md) */
    rec_end(call);
    return p;
}

static void *realloc_block(void *ptr, size_t size, const void *caller)
{
    if (!ptr)
        return malloc_block(size);
    halloc_heap *h = heap_for_a_block();
    if (size == 0) { /* glibc: frees, returns NULL */
        rec_free(ptr);
        free_block(ptr, caller);
        return NULL;
    }
    report_end_for(h, ptr);
    void *q = halloc_realloc(h, ptr, size);
    if (!q && errno != ENOMEM)
        die(h, "realloc", ptr, caller);
    return q;
}

HL_EXPORT void *realloc(void *ptr, size_t size)
{
    struct rec_call call = rec_begin();
    void *q = realloc_block(ptr, size, CALLER);
    rec_realloc(ptr, q, size);
    rec_end(call);
    return q;
}

HL_EXPORT void *reallocarray(void *ptr, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    /* By name, as glibc's reallocarray calls realloc: a replacement preloaded before the shim that
     * defines realloc and not reallocarray (glibc's libc_malloc_debug.so) serves it, and its free
     * gets a block of its own heap. posix_memalign, which glibc does not build on a name, does not. */
    return realloc(ptr, n * size);
}

/* glibc (2.36, Debian 12) takes any alignment in memalign and aligned_alloc:
 * 0 means none, one that is not a power of two is rounded up to one, and only
 * one above the largest power of two fails (EINVAL, from halloc below). */
static size_t glibc_alignment(size_t alignment)
{
    if (alignment <= 1)
        return 1;
    if (alignment > SIZE_MAX / 2 + 1)
        return 0;
    size_t a = 1;
    while (a < alignment)
        a <<= 1;
    return a;
}

/* Recorded as "a id size": the trace format has no alignment. memalign, valloc, pvalloc and
 * posix_memalign call this, not aligned_alloc, a name a library preloaded before the shim may hold:
 * __libc_memalign (below) would come back to such a wrapper, and one whose aligned_alloc calls
 * posix_memalign (a common port) would loop, or count the call twice if it passes it on. */
static void *aligned_block(size_t alignment, size_t size)
{
    struct rec_call call = rec_begin();
    void *p = halloc_aligned_alloc(heap_for_a_block(), glibc_alignment(alignment), size ? size : 1);
    rec_alloc(p, size);
    rec_end(call);
    return p;
}

HL_EXPORT void *aligned_alloc(size_t alignment, size_t size)
{
    return aligned_block(alignment, size);
}

HL_EXPORT void *memalign(size_t alignment, size_t size)
{
    return aligned_block(alignment, size);
}

/* POSIX: a power of two that is a multiple of sizeof(void *); 0 is neither
 * (glibc refuses it too, unlike memalign's 0). */
HL_EXPORT int posix_memalign(void **out, size_t alignment, size_t size)
{
    if (alignment == 0 || alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0)
        return EINVAL;
    int saved = errno;
    void *p = aligned_block(alignment, size);
    int err = p ? 0 : errno;
    errno = saved;
    if (p)
        *out = p;
    return err;
}

HL_EXPORT void *valloc(size_t size)
{
    return aligned_block((size_t)sysconf(_SC_PAGESIZE), size);
}

/* valgrind's tools that replace malloc (memcheck, helgrind, massif, ...)
 * take every call of the shim's over but pvalloc, so the block it served here
 * met memcheck's free: "Invalid free()". Under them it calls memalign by name,
 * which the tool has replaced (on glibc memcheck 3.19 stops the program at
 * pvalloc). Built without valgrind's header, the shim cannot tell
 * (UNDER_VALGRIND, above). */
HL_EXPORT void *pvalloc(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (size > SIZE_MAX - page) {
        errno = ENOMEM;
        return NULL;
    }
    if (UNDER_VALGRIND())
        return memalign(page, HL_ROUND_UP(size, page));
    return aligned_block(page, HL_ROUND_UP(size, page)); /* 0 stays 0: a minimum block, as glibc */
}

/* glibc exports its calls under names of its own too (__libc_malloc ...), which a malloc wrapper
 * preloaded before the shim calls to reach "the real" malloc: they went to glibc's heap, so such a
 * block came to free here ("not inside this heap") and halloc's to glibc's free. Aliases, not
 * calls by name, which would come back to the wrapper holding the name: it would loop. */
#pragma GCC diagnostic push
#ifndef __clang__ /* gcc: the aliases lack the attributes stdlib.h gives the calls, which only help callers optimise */
#pragma GCC diagnostic ignored "-Wmissing-attributes"
#endif
HL_EXPORT void *__libc_malloc(size_t size) __attribute__((alias("malloc")));
HL_EXPORT void __libc_free(void *ptr) __attribute__((alias("free")));
HL_EXPORT void *__libc_calloc(size_t n, size_t size) __attribute__((alias("calloc")));
HL_EXPORT void *__libc_realloc(void *ptr, size_t size) __attribute__((alias("realloc")));
HL_EXPORT void *__libc_memalign(size_t alignment, size_t size) __attribute__((alias("memalign")));
HL_EXPORT void *__libc_valloc(size_t size) __attribute__((alias("valloc")));
HL_EXPORT void *__libc_pvalloc(size_t size) __attribute__((alias("pvalloc")));
/* glibc keeps cfree (gone from its headers since 2.26) for programs linked before: a compat
 * symbol, which this unversioned one stands for too. It was glibc's free of a halloc block. */
HL_EXPORT void cfree(void *ptr) __attribute__((alias("free")));
/* glibc's names for mallinfo and mallopt: stats.c, beside them. */
#pragma GCC diagnostic pop

HL_EXPORT size_t malloc_usable_size(void *ptr)
{
    if (!ptr)
        return 0;
    halloc_heap *h = shim_heap();
    report_end_for(h, ptr);
    size_t n = halloc_usable_size(h, ptr);
    if (n == 0)
        die(h, "malloc_usable_size", ptr, CALLER);
    return n;
}

/* glibc's extension: give free memory back to the OS; 1 if any was. `pad`
 * (bytes to keep at the top of glibc's heap) has no counterpart here. */
HL_EXPORT int malloc_trim(size_t pad)
{
    (void)pad;
    size_t released = 0;
    halloc_heap *h = shim_heap();
    if (halloc_trim(h, &released) != 0)
        die(h, "malloc_trim", NULL, CALLER);
    return released != 0;
}

/* A forked child that does not exec has its own id: with "%p" its lines go
 * to its own log, as its trace does, not to its parent's. */
static void after_fork_child(void)
{
    shim_exit_note_process();
    rec_after_fork_child();
    shim_log_after_fork_child();
}

__attribute__((constructor)) static void preload_init(void)
{
    int saved = errno;
#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
    hl_debug_sink = say_debug_line;
    hl_debug_host_aborts = 1; /* die() aborts, stdout written out first */
#endif
    shim_heap();
    shim_exit_note_process();
    /* fork() while another thread holds a lock would leave the child's copy
     * locked for ever. The library holds the default heap's lock across a
     * fork (default.c); its handlers were registered at load or by shim_heap()
     * above, before these, so the recorder's prepare handler runs first and
     * its lock is taken before the heap's, as in every recorded call;
     * log.c's, registered before the heap's, is taken last. */
    pthread_atfork(rec_before_fork, rec_after_fork_parent, after_fork_child);
    exec_resolve();
    rec_start();
    int exit_check = shim_read_settings();
    if (shim_log_open(hl_env("HALLOC_PRELOAD_LOG")) != 0)
        shim_log_use_stderr(exit_check);
    shim_exit_check_arm(exit_check);
    errno = saved;
}
