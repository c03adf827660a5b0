/*
 * default-heap.c - the shim's heap: halloc's default heap, configured at the
 * program's first call (HALLOC_PRELOAD_CACHE) and then found by every call,
 * the hot path of each malloc and free.
 */
#include "hl_switch.h"
#include "internal.h"
#include "log.h"
#include "shim.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/resource.h>

/* The default heap keeps one emptied region mapped (HALLOC_TRIM_KEEP_ONE: a
 * program's big block that needs a region of its own, freed and taken again,
 * would map and unmap it each time) and, with HALLOC_PRELOAD_CACHE=N, gets a
 * cache of depth N (0..64; empty is unset, hl_env). Any other value stops the
 * program: it would otherwise run with a configuration nobody asked for. */
static void configure_default_heap(void)
{
    const char *text = hl_env("HALLOC_PRELOAD_CACHE");
    int saved = errno; /* runs inside the program's first malloc, which must not change errno */
    char *end = NULL;
    errno = 0;
    long depth = text ? strtol(text, &end, 10) : 0;
    if (text && (errno || text[0] < '0' || text[0] > '9' || *end || depth > HALLOC_CACHE_MAX_DEPTH)) {
        shim_say(SHIM_WHO "HALLOC_PRELOAD_CACHE='%s' is not a cache depth; use 0..%d or unset it\n", SHIM_WHO_ARGS, text,
                 HALLOC_CACHE_MAX_DEPTH);
        abort();
    }
    shim_log_fork_handlers(); /* before hinit_config registers the heap's */
    halloc_config config = halloc_default_config();
    config.trim = HALLOC_TRIM_KEEP_ONE;
    config.cache_depth = (int)depth;
    char why[HL_ERRNO_TEXT_LEN];
    if (hinit_config(&config) != 0 && errno != EBUSY && text) /* EBUSY: another thread was first */
        shim_say(SHIM_WHO "cannot create the default heap with HALLOC_PRELOAD_CACHE=%ld (%s)\n", SHIM_WHO_ARGS, depth,
                 hl_errno_text(errno, why, sizeof why));
    errno = saved;
}

/* An address-space limit (ulimit -v) tight enough to leave no room for the
 * first region is named: a program glibc runs under it (its first heap is a
 * brk of a few pages) stops on the shim, and the limit is the likely cause. */
static _Noreturn __attribute__((noinline, cold)) void no_default_heap(void)
{
    char why[HL_ERRNO_TEXT_LEN];
    hl_errno_text(errno, why, sizeof why);
    struct rlimit as;
    if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY)
        shim_say(SHIM_WHO "cannot map the default heap (%s): out of memory or address space; the process's "
                          "address-space limit (ulimit -v) is %llu KiB, and the heap's first region needs %zu KiB of it: "
                          "raise the limit if it is the cause\n",
                 SHIM_WHO_ARGS, why, (unsigned long long)(as.rlim_cur >> 10), halloc_default_config().initial_size >> 10);
    else
        shim_say(SHIM_WHO "cannot map the default heap (%s): out of memory or address space\n", SHIM_WHO_ARGS, why);
    abort();
}

/* Raised once configure_default_heap has run: a call after it pays one load, not pthread_once. */
static atomic_bool heap_configured;

halloc_heap *shim_heap(void)
{
    if (!atomic_load_explicit(&heap_configured, memory_order_acquire)) {
        static pthread_once_t once = PTHREAD_ONCE_INIT;
        pthread_once(&once, configure_default_heap);
        atomic_store_explicit(&heap_configured, 1, memory_order_release);
    }
    halloc_heap *h = hdefault();
    if (!h)
        no_default_heap();
    return h;
}
