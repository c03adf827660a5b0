/*
 * malloclab.c - fuzz an allocator written for the classic malloc lab (an
 * mm.c over memlib's mem_sbrk) without changing a line of it:
 *
 *   make fuzz TARGET=fuzz/adapters/malloclab.c SRCS=path/to/mm.c
 *   make fuzz TARGET=fuzz/adapters/malloclab.c SRCS=path/to/mm.c MM_API=checked
 *
 * The build adds our memlib (malloclab/memlib.c) and, for MM_API=checked,
 * -DMM_API_CHECKED -DDRIVER. Every input gets a fresh heap (filled with
 * junk, not zeroes: memlib.c) and a fresh mm_init, as the lab's driver does
 * between traces (twice: lab_create).
 *
 * What is claimed, and why no more: the heap grows by mem_sbrk and lives
 * between mem_heap_lo and mem_heap_hi (FUZZ_CAN_GROW, FUZZ_HAS_BOUNDS), and
 * the lab's handout says mm_realloc(p, 0) is mm_free(p)
 * (FUZZ_REALLOC_ZERO_FREES). The lab's free returns nothing, so bad frees
 * cannot be judged; errno and reuse promises are not in the handout: claim
 * them for yours with -DMM_EXTRA_CAPS='FUZZ_REPORTS_ENOMEM|...'. The checked
 * interface brings calloc and mm_checkheap, which the harness uses.
 * free(NULL) reaches mm_free, as the later CS:APP driver sends it (trace
 * corners.rep, "f -1"); for a handout that leaves NULL out, build with
 * CFLAGS=-DMM_NO_FREE_NULL and the adapter answers it itself.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "adapter.h"
/* Ours, by path: a handout memlib.h or mm.h beside the user's mm.c (on the
 * include path) must not replace them here; mem_fresh is only in ours. */
#include "malloclab/memlib.h"
#include "malloclab/mm.h"

/* With -DDRIVER, mm.h renames malloc & co. to mm_* for mm.c's sake (the
 * declarations above already went through it); here they would rename the
 * adapter table's fields, so the adapter calls the mm_* names itself. */
#ifdef MM_API_CHECKED
#undef malloc
#undef free
#undef realloc
#undef calloc
#undef memset
#undef memcpy
#endif

#ifndef MM_ALIGNMENT
#ifdef MM_API_CHECKED
#define MM_ALIGNMENT 16
#else
#define MM_ALIGNMENT 8
#endif
#endif
#ifndef MM_EXTRA_CAPS
#define MM_EXTRA_CAPS 0
#endif

static char lab_heap; /* one global heap: the handle only has to be non-NULL */
static size_t lab_asked; /* the size of the last request, for lab_why_refused */

/* mm_init on a fresh heap; a failure says which call (1 or 2, lab_create)
 * failed and why: the harness's own line names create() only. */
static int lab_init_fresh(int call)
{
    if (mem_fresh() != 0) {
        fprintf(stderr, "malloclab: cannot map the lab's heap (%zu bytes): %s\n", (size_t)MEMLIB_MAX_HEAP,
                strerror(errno));
        return -1;
    }
#ifdef MM_API_CHECKED
    if (mm_init())
        return 0;
    const char *failed = "false";
#else
    int got = mm_init();
    if (got == 0)
        return 0;
    char failed[16];
    snprintf(failed, sizeof failed, "%d", got);
#endif
    fprintf(stderr, "malloclab: mm_init returned %s on a fresh empty heap%s\n", failed,
            call == 1 ? "" : ", called again after a first call that succeeded: the lab's driver calls mm_init "
                             "before every run of a trace, so it must build its heap anew each time, not only once");
    return -1;
}

/* The lab's driver runs every trace more than once (correctness, then
 * utilization, then timing), with the break reset and mm_init between runs,
 * so a static that mm_init leaves as it was (a free-list head, an
 * "initialised" flag) breaks every run but the process's first. Under a
 * fuzzer that first run is some other input, and the input it saves would
 * replay clean. So every input starts as a second run: mm_init once on a
 * fresh heap, then the heap reset and mm_init again - the same state every
 * time, in the fuzzer and in the replay. */
static void *lab_create(size_t bytes)
{
    (void)bytes; /* the lab's heap starts empty and grows by mem_sbrk */
    if (lab_init_fresh(1) != 0 || lab_init_fresh(2) != 0)
        return NULL;
    return &lab_heap;
}

static void lab_destroy(void *heap) { (void)heap; }

static void *lab_malloc(void *heap, size_t size)
{
    (void)heap;
    lab_asked = size;
    return mm_malloc(size);
}

static int lab_free(void *heap, void *ptr)
{
    (void)heap;
#ifdef MM_NO_FREE_NULL
    if (!ptr)
        return 0;
#endif
    mm_free(ptr);
    return 0; /* the lab's free cannot report */
}

static void *lab_realloc(void *heap, void *ptr, size_t size)
{
    (void)heap;
    lab_asked = size;
    return mm_realloc(ptr, size);
}

static int lab_contains(void *heap, const void *p, size_t n)
{
    (void)heap;
    uintptr_t lo = (uintptr_t)mem_heap_lo(), end = (uintptr_t)mem_heap_hi() + 1;
    uintptr_t at = (uintptr_t)p;
    return at >= lo && at <= end && n <= end - at;
}

/* The break only grows between mem_fresh calls: its size is the high-water mark. */
static size_t lab_high_water(void *heap)
{
    (void)heap;
    return mem_heapsize();
}

/* The lab's heap has a fixed cap (memlib.h): a trace bigger than it fails
 * in any mm.c, so the refusal names the cap and the switch, not mm.c. A
 * request past the cap that mm.c refused before asking mem_sbrk (the lab's
 * mm.c refuses one above INT_MAX, as mem_sbrk takes an int) is named too: a
 * trace's "a 0 2147483648" got verify-traces' -H advice alone, which the
 * lab's heap does not read. */
static const char *lab_why_refused(void *heap)
{
    static char why[288];
    size_t asked = mem_sbrk_over_max(), max = MEMLIB_MAX_HEAP;
    (void)heap;
    if (asked == 0 && lab_asked > max - mem_heapsize()) {
        snprintf(why, sizeof why, "the request (%zu bytes) is more than MEMLIB_MAX_HEAP (%zu %s) leaves with %zu "
                 "bytes in the heap, and mm.c refused it before mem_sbrk hit the cap; rebuild with "
                 "CFLAGS=-DMEMLIB_MAX_HEAP=bytes", lab_asked, max % (1 << 20) ? max : max >> 20,
                 max % (1 << 20) ? "bytes" : "MiB", mem_heapsize());
        return why;
    }
    if (asked == 0)
        return NULL;
    snprintf(why, sizeof why, "mem_sbrk(%zu) hit MEMLIB_MAX_HEAP (%zu %s) with %zu bytes in the heap; rebuild "
             "with CFLAGS=-DMEMLIB_MAX_HEAP=bytes", asked, max % (1 << 20) ? max : max >> 20,
             max % (1 << 20) ? "bytes" : "MiB", mem_heapsize());
    return why;
}

#ifdef MM_API_CHECKED
static void *lab_calloc(void *heap, size_t n, size_t size)
{
    (void)heap;
    lab_asked = size && n > SIZE_MAX / size ? 0 : n * size; /* an overflow is refused by any mm.c */
    return mm_calloc(n, size);
}

/* mm_checkheap prints its own diagnosis; the harness gets the verdict. */
static int lab_check(void *heap, char *msg, size_t msg_len)
{
    (void)heap;
    if (mm_checkheap(__LINE__))
        return 0;
    snprintf(msg, msg_len, "mm_checkheap returned false (its own output, above, says why)");
    return 1;
}
#endif

const struct fuzz_allocator fuzz_allocator = {
#ifdef MM_API_CHECKED
    .name = "malloc lab mm.c (checked interface)",
#else
    .name = "malloc lab mm.c",
#endif
    .alignment = MM_ALIGNMENT,
    .caps = FUZZ_CAN_GROW | FUZZ_HAS_BOUNDS | FUZZ_REALLOC_ZERO_FREES | (MM_EXTRA_CAPS),
    .create = lab_create,
    .destroy = lab_destroy,
    .malloc = lab_malloc,
    .free = lab_free,
    .realloc = lab_realloc,
    .contains = lab_contains,
    .high_water = lab_high_water,
    .why_refused = lab_why_refused,
#ifdef MM_API_CHECKED
    .calloc = lab_calloc,
    .check = lab_check,
#endif
};
