/*
 * quirks-adapter.c - for fuzz/scripts/check-quirks.sh: a correct allocator
 * whose legal habits a harness may mistake for bugs. A block of 8 bytes or
 * fewer is aligned to 8 only (FUZZ_SMALL_ALIGNED_TO_SIZE), so two of them
 * lie 8 bytes apart, one at a "misaligned" offset of the other; larger
 * blocks are aligned to 16. Blocks are carved from a static area and never
 * reused; a table of the live ones lets free refuse any other pointer
 * (EINVAL, bad and double frees alike), so the harness issues bad frees.
 * No usable_size: a block's usable bytes are the ones asked.
 * -DACCEPTS_ANY_FREE: free returns 0 for a pointer that is no live block
 * (and frees nothing), so a bad free the harness makes is bad_free_accepted.
 * -DALIGNED_UP_TO=N: an aligned_alloc that serves alignments up to N (a
 * 16-aligned block) and refuses the others with EINVAL, as C allows: the
 * sweep and make fuzz name those refusals in their closing lines
 * (fuzz/scripts/check-sweep.sh).
 * -DCALLOC_UNCHECKED: calloc multiplies n * size without testing it and, as
 * memkind 1.14's, refuses a product of 0 with errno untouched: the
 * alloc_wrong_errno of an overflow that wraps to 0 must name the unchecked
 * product, not only the claim to take out.
 * It includes adapter.h as an adapter of dmalloc does, after dmalloc.h, whose
 * malloc(size) and free(ptr) are macros of one argument: adapter.h must call
 * an adapter's free without expanding them (it failed to compile).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#define malloc(size) (malloc)(size)
#define free(ptr) (free)(ptr)
#include "adapter.h"

#define MAX_LIVE 512

static _Alignas(16) unsigned char area[1 << 16];
static size_t used;
static unsigned char *live[MAX_LIVE];
static size_t nlive;

static void *q_create(size_t bytes)
{
    (void)bytes; /* the static area: fuzzed within its own size */
    used = 0, nlive = 0;
    return area;
}

static void q_destroy(void *heap) { (void)heap; }

static size_t room(size_t n) { return n <= 8 ? 8 : (n + 15) & ~(size_t)15; }

static void *q_malloc(void *heap, size_t n)
{
    (void)heap;
    size_t at = n <= 8 ? (used + 7) & ~(size_t)7 : (used + 15) & ~(size_t)15;
    if (n > sizeof area || at > sizeof area - room(n) || nlive == MAX_LIVE) {
        errno = ENOMEM;
        return NULL;
    }
    used = at + room(n);
    return live[nlive++] = area + at;
}

static int q_free(void *heap, void *p)
{
    (void)heap;
    if (!p)
        return 0;
    for (size_t i = 0; i < nlive; i++)
        if (live[i] == p) {
            live[i] = live[--nlive];
            return 0;
        }
#ifdef ACCEPTS_ANY_FREE
    return 0; /* the planted bug: a pointer that is no block is taken */
#else
    return EINVAL; /* no live block of ours: bad or freed already */
#endif
}

#ifdef ALIGNED_UP_TO
static void *q_aligned(void *heap, size_t align, size_t n)
{
    if (align > ALIGNED_UP_TO || align > 16) {
        errno = EINVAL;
        return NULL;
    }
    return q_malloc(heap, n > 8 ? n : 9); /* over 8 bytes: 16-aligned */
}
#endif

#ifdef CALLOC_UNCHECKED
static void *q_calloc(void *heap, size_t n, size_t size)
{
    size_t bytes = n * size; /* the planted bug: no overflow test */
    if (bytes == 0)
        return NULL;
    void *p = q_malloc(heap, bytes);
    return p ? memset(p, 0, bytes) : NULL;
}
#endif

const struct fuzz_allocator fuzz_allocator = {
    .name = "quirks",
    .alignment = 16,
    .caps = FUZZ_SMALL_ALIGNED_TO_SIZE | FUZZ_DETECTS_BAD_FREE | FUZZ_DETECTS_DOUBLE_FREE | FUZZ_REPORTS_ENOMEM,
    .bad_free_errno = EINVAL,
    .double_free_errno = EINVAL,
    .create = q_create,
    .destroy = q_destroy,
    .malloc = q_malloc,
    .free = q_free,
#ifdef CALLOC_UNCHECKED
    .calloc = q_calloc,
#endif
#ifdef ALIGNED_UP_TO
    .aligned_alloc = q_aligned,
#endif
};
