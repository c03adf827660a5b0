/* report_drive.c - see report_drive.h. Only halloc.h and internal.h's
 * limits: it builds for LP64 and ILP32 alike. */
#include "report_drive.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "halloc.h"
#include "internal.h" /* HL_MAX_REQUEST, HL_MAX_REGION, HL_CUT_MARK */

/* The largest request below the limit (too_large refuses the rest). */
#define BIGGEST (HL_MAX_REQUEST - 1)

static int ends_with(const char *text, const char *tail)
{
    size_t n = strlen(text), t = strlen(tail);
    return n >= t && strcmp(text + n - t, tail) == 0;
}

const char *report_cut_problem(const char *msg, const char *tail)
{
    if (!msg || strncmp(msg, "halloc: ", 8) != 0)
        return "not a report";
    if (ends_with(msg, HL_CUT_MARK))
        return "cut at its buffer";
    if (!ends_with(msg, tail))
        return "does not end with its last words";
    return NULL;
}

static void *all_bits(void) { return (void *)UINTPTR_MAX; }

/* The call, then heap's last error: halloc_last_error hands out a copy of
 * the message when it is not this thread's own, so it must be read after the
 * call that failed, not as an argument beside it (either may run first). */
#define SEEN(seen, what, refused, heap, tail)                                                                  \
    do {                                                                                                       \
        int refused_ = (refused);                                                                              \
        (seen)(what, refused_, halloc_last_error(heap), tail);                                                 \
    } while (0)

static void create_refused(report_seen_fn *seen, const char *what, halloc_config cfg, const char *tail)
{
    halloc_heap *h = halloc_create_ex(&cfg);
    seen(what, h == NULL, halloc_last_error(NULL), tail);
    if (h)
        halloc_destroy(h);
}

void report_drive_no_heap(report_seen_fn *seen)
{
    const char *bad_heap = "pass a heap from halloc_create*";
    SEEN(seen, "free(NULL heap)", halloc_free(NULL, all_bits()) == -1, NULL, bad_heap);
    hfree(all_bits()); /* no default heap yet: the longest pointer */
    seen("hfree before hinit", 1, halloc_last_error(NULL), "hcalloc or hrealloc returned");
    SEEN(seen, "hinit(0)", hinit(0) == -1, NULL, "ask for at least 1 byte");
    SEEN(seen, "create(0)", halloc_create(0) == NULL, NULL, "ask for at least 1 byte");

    halloc_config cfg = halloc_default_config();
    cfg.trim = INT_MIN;
    create_refused(seen, "trim INT_MIN", cfg, "_NEVER or _KEEP_ONE");
    cfg = halloc_default_config();
    cfg.cache_depth = INT_MIN;
    char depths[32];
    snprintf(depths, sizeof depths, "is outside 0..%d", HALLOC_CACHE_MAX_DEPTH);
    create_refused(seen, "cache_depth INT_MIN", cfg, depths);
    cfg = halloc_default_config();
    cfg.initial_size = SIZE_MAX;
    cfg.max_size = SIZE_MAX - 1;
    create_refused(seen, "initial_size above max_size", cfg, "raise max_size (0: no cap) or lower initial_size");
    cfg.max_size = 0;
    create_refused(seen, "initial_size above the largest region", cfg, " bytes");
    /* rounded up to whole pages past max_size: the longer of the two */
    cfg.initial_size = cfg.max_size = HL_MAX_REGION - 1;
    create_refused(seen, "initial_size in pages above max_size", cfg, "raise max_size or lower initial_size");
    cfg.initial_size = cfg.max_size = 1;
    create_refused(seen, "max_size below the smallest heap", cfg, "bytes: raise it");

    halloc_heap *h = halloc_create_in(all_bits(), SIZE_MAX, 1);
    seen("create_in past the end of memory", h == NULL, halloc_last_error(NULL), "pass the buffer's real size");
    halloc_config cached = halloc_default_config();
    cached.cache_depth = HALLOC_CACHE_MAX_DEPTH;
    h = halloc_create_in_ex(all_bits(), HALLOC_MIN_BUFFER, &cached);
    seen("create_in too small for a cache", h == NULL, halloc_last_error(NULL), "+ HALLOC_CACHE_BYTES)");
}

void report_drive_refusals(report_seen_fn *seen)
{
    halloc_heap *h = halloc_create(64 * 1024);
    if (!h) {
        seen("create(64 KiB)", 0, halloc_last_error(NULL), "");
        return;
    }
#define REFUSED(call, tail) SEEN(seen, #call, (call) == NULL, h, tail)
    REFUSED(halloc_aligned_alloc(h, 16, 0), "ask for at least 1 byte");
    REFUSED(halloc_aligned_alloc(h, SIZE_MAX, 16), "use 1, 2, 4, 8, 16, ...");
    REFUSED(halloc_aligned_alloc(h, 16, SIZE_MAX), "or n*size overflows)");
    REFUSED(halloc_aligned_alloc(h, SIZE_MAX / 2 + 1, 16), "no block can be placed that far apart");
    REFUSED(halloc_calloc(h, SIZE_MAX, SIZE_MAX), "no block can be that large");
    REFUSED(halloc_realloc(h, NULL, SIZE_MAX), "or n*size overflows)");
    halloc_destroy(h);
}

/* h refuses the largest request it may be given, for the reason tail names. */
static void refuses_biggest(report_seen_fn *seen, const char *what, halloc_heap *h, const char *tail)
{
    if (!h) {
        seen(what, 0, halloc_last_error(NULL), tail);
        return;
    }
    SEEN(seen, what, halloc_aligned_alloc(h, 16, BIGGEST) == NULL, h, tail);
    halloc_destroy(h);
}

void report_drive_no_memory(report_seen_fn *seen)
{
    static char buffer[64 * 1024] __attribute__((aligned(16)));
    refuses_biggest(seen, "buffer heap", halloc_create_in(buffer, sizeof buffer, 0), "give it a larger buffer");
    halloc_config cfg = halloc_default_config();
    cfg.grow = 0;
    refuses_biggest(seen, "grow 0", halloc_create_ex(&cfg), "(config.grow is 0)");
    cfg = halloc_default_config();
    cfg.max_size = BIGGEST;
    refuses_biggest(seen, "max_size", halloc_create_ex(&cfg), "raise max_size (0: no cap)");
}

/* In a debug library these print and, under HALLOC_NOABORT=1, return. */
void report_drive_pointers(report_seen_fn *seen)
{
    const char *bad = "pass only pointers this heap returned";
    halloc_heap *h = halloc_create(64 * 1024);
    char *p = h ? halloc_malloc(h, 100) : NULL;
    if (!p) {
        seen("create and malloc(100)", 0, halloc_last_error(h), "");
        return;
    }
    SEEN(seen, "free(all bits)", halloc_free(h, all_bits()) == -1, h, bad);
    SEEN(seen, "usable_size(NULL)", halloc_usable_size(h, NULL) == 0, h, bad);
    SEEN(seen, "usable_size(unaligned)", halloc_usable_size(h, p + 1) == 0, h, bad);
    SEEN(seen, "usable_size(inside)", halloc_usable_size(h, p + 16) == 0, h, bad);
    halloc_free(h, p);
    SEEN(seen, "usable_size(freed)", halloc_usable_size(h, p) == 0, h, "likely a double free");
    halloc_destroy(h);
}
