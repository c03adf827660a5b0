/*
 * heap-place.c - the heap a run is given: the adapter's create(), or, for an
 * adapter with create_in (an allocator over a caller's buffer), a buffer the
 * harness allocates and places. A buffer from malloc starts aligned far past
 * any block or line (ASan's put 64 KiB on a 2 KiB boundary), so the code that
 * rounds a buffer's start up had nothing to do and a bug in it was never
 * found (fuzz/ADAPTER-ROUNDS.md, round 7). Here the start is the input's
 * LEAD bytes past a page (op heap, fuzz/ops.h). Under ASan the lead is
 * poisoned (to ASan's 8-byte granule) and the buffer's end is the
 * allocation's, so an allocator that writes before its start or past its end
 * is reported at the write; a block handed out past the end, or before the
 * start, fires past_mapping when it is returned (exec-judge.c), with ASan
 * or without. The buffer is malloc's, not
 * an mmap, so maps.c records none of it as the allocator's.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "maps.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

#if defined(__SANITIZE_ADDRESS__)
#define PLACE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PLACE_ASAN 1
#endif
#endif
#if defined(PLACE_ASAN)
#include <sanitizer/asan_interface.h>
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#endif

/* The buffer's lead is counted from a page, so it is off every line too. */
#define PLACE_BOUNDARY 4096

/* One heap at a time: every caller destroys before it creates (run.c, threads.c). */
static struct {
    void *block; /* posix_memalign's; NULL: create() made the heap */
    size_t lead, alignment; /* alignment: the adapter's, which the allocator rounds the start up to */
    uintptr_t start, end;
} placed;

size_t fuzz_heap_lead(const struct fuzz_allocator *a, size_t asked)
{
    if (!a->create_in)
        return 0;
    return a->caps & FUZZ_ANY_START ? asked : asked & ~(_Alignof(max_align_t) - 1);
}

void *fuzz_heap_create(const struct fuzz_allocator *a, size_t bytes, size_t lead)
{
    void *block;
    if (!a->create_in)
        return a->create(bytes);
    if (placed.block) {
        fprintf(stderr, "halloc-fuzz: HARNESS ERROR: a heap was created before the last was destroyed\n");
        abort();
    }
    if (posix_memalign(&block, PLACE_BOUNDARY, lead + bytes) != 0)
        return NULL;
    ASAN_POISON_MEMORY_REGION(block, lead);
    placed.block = block;
    placed.lead = lead;
    placed.alignment = a->alignment;
    placed.start = (uintptr_t)block + lead;
    placed.end = placed.start + bytes;
    void *heap = a->create_in((unsigned char *)block + lead, bytes);
    if (!heap)
        fuzz_heap_destroy(a, NULL);
    return heap;
}

void fuzz_heap_destroy(const struct fuzz_allocator *a, void *heap)
{
    if (heap)
        a->destroy(heap);
    if (!placed.block)
        return;
    ASAN_UNPOISON_MEMORY_REGION(placed.block, placed.lead);
    free(placed.block);
    placed.block = NULL;
    placed.start = placed.end = 0;
}

/* A forked child that runs the input again (recheck.c) creates a heap of
 * its own while the parent's, copied into it, is still live: the child
 * leaves that buffer to the parent (its copy goes when the child exits).
 * Without this every create_in adapter's recheck child stopped at the
 * check above, and its report said the second run crashed. */
void fuzz_heap_disown(void)
{
    placed.block = NULL;
    placed.start = placed.end = 0;
}

size_t fuzz_heap_past_buffer(const void *p, size_t n, uintptr_t *start, uintptr_t *end)
{
    uintptr_t at = (uintptr_t)p;
    if (!placed.block || at < placed.start || at >= placed.end)
        return 0;
    *start = placed.start;
    *end = placed.end;
    return n > placed.end - at ? n - (placed.end - at) : 0;
}

int fuzz_heap_in_buffer(const void *p, size_t n)
{
    uintptr_t start = 0, end = 0;
    return fuzz_heap_past_buffer(p, n, &start, &end) == 0 && start != 0;
}

/* A buffer that starts off the alignment, and an end past it by no more
 * than rounding that start up skips: an allocator that rounded the start
 * up and kept the length whole (round 10: a heap_4-style heap whose
 * end marker, 16 bytes written at the rounded start plus the length, ran
 * 7 bytes past a buffer 41 bytes past a page; ASan named only the write).
 * Whether `past` bytes past the buffer's end lie within what rounding its
 * start up skips: then appends the words FUZZ_BUFFER_LENGTH_KEPT marks. */
static int heap_rounding_overran(size_t past, char *out, size_t len)
{
    size_t off = placed.block && placed.alignment ? placed.start % placed.alignment : 0;
    if (!off || !past || past > placed.alignment - off)
        return 0;
    size_t used = strlen(out);
    snprintf(out + used, len > used ? len - used : 0, "; the buffer starts %zu byte%s past a multiple of %zu (the "
             "adapter's alignment), and this lies within the %zu byte%s %s", off, hl_plural_s(off), placed.alignment,
             placed.alignment - off, hl_plural_s(placed.alignment - off), FUZZ_BUFFER_LENGTH_KEPT);
    return 1;
}

/* Why a block or write (what: "the block starts", "this lies") lies `before`
 * bytes before the buffer, appended to out: within what rounding its start
 * down to the alignment takes in, an allocator that masked the start's low
 * bits off where it meant to round up (round 10b's heap_5-style pools, which
 * only ASan's poisoned lead caught), or further down, where no rounding
 * reaches (a pointer computed below the buffer). */
static void before_buffer_why(size_t before, const char *what, char *out, size_t len)
{
    size_t off = placed.start % placed.alignment, used = strlen(out);
    char starts[96];
    if (off)
        snprintf(starts, sizeof starts, "starts %zu byte%s past a multiple of %zu", off, hl_plural_s(off),
                 placed.alignment);
    else
        snprintf(starts, sizeof starts, "starts on a multiple of %zu", placed.alignment);
    /* Exactly at the start rounded down is also the start rounded up less
     * one alignment: a header of that size subtracted where it was meant to
     * be added (line-adapter.c -DHEADER=64 -DHEADER_SUBTRACTED). No address
     * tells the two apart; off it, in the rounding, a subtraction would be
     * of less than an alignment, and a block so placed misaligned. */
    char or_less[160] = "";
    if (off && before == off)
        snprintf(or_less, sizeof or_less, "; it is also the start rounded up less %zu bytes, %s", placed.alignment,
                 FUZZ_BUFFER_ONE_ALIGNMENT_BELOW);
    if (off && before <= off)
        snprintf(out + used, len > used ? len - used : 0, "; the buffer %s (the adapter's alignment), and %s within "
                 "the %zu byte%s %s%s", starts, what, off, hl_plural_s(off), FUZZ_BUFFER_START_ROUNDED_DOWN, or_less);
    else
        snprintf(out + used, len > used ? len - used : 0, "; the buffer %s (the adapter's alignment), and %s %zu "
                 "byte%s %s", starts, what, before - off, hl_plural_s(before - off), FUZZ_BUFFER_BELOW_ROUNDING);
}

/* fuzz_heap_outside_buffer's and fuzz_heap_place_disowned's: a block starting
 * up to `reach` bytes below the buffer's lead is placed too. */
static size_t outside_buffer(const void *p, size_t n, size_t reach, size_t *before, char *area, size_t len)
{
    uintptr_t at = (uintptr_t)p, start, end, low = (uintptr_t)placed.block;
    size_t past = fuzz_heap_past_buffer(p, n, &start, &end);
    *before = 0;
    if (placed.block && at < placed.start && (at >= low || low - at <= reach || n > low - at))
        *before = placed.start - at;
    if (!past && !*before)
        return 0;
    snprintf(area, len, FUZZ_BUFFER_GIVEN ", [%#jx, +%zu)", (uintmax_t)placed.start,
             (size_t)(placed.end - placed.start));
    if (past) {
        heap_rounding_overran(past, area, len);
        return past;
    }
    size_t used = strlen(area);
    if (placed.lead)
        snprintf(area + used, len > used ? len - used : 0, ", which starts %zu byte%s past a page (op heap's lead)",
                 placed.lead, hl_plural_s(placed.lead));
    before_buffer_why(*before, "the block starts", area, len);
    return 0;
}

/* Below the buffer only the lead is the harness's: a block lower down is
 * judged once it reaches that (it may be memory the allocator has elsewhere). */
size_t fuzz_heap_outside_buffer(const void *p, size_t n, size_t *before, char *area, size_t len)
{
    return outside_buffer(p, n, 0, before, area, len);
}

/* ...but one contains() already disowned is placed from a page below the
 * lead: a 1-byte block 16 bytes below a buffer that starts on a page, a
 * header subtracted twice, was told of no buffer at all. */
size_t fuzz_heap_place_disowned(const void *p, size_t n, size_t *before, char *area, size_t len)
{
    return outside_buffer(p, n, PLACE_BOUNDARY, before, area, len);
}

void fuzz_heap_print_outside(const void *fault, const char *named)
{
    uintptr_t at = (uintptr_t)fault;
    char why[320] = "";
    if (!placed.block || !fault)
        return;
    if (at >= (uintptr_t)placed.block && at < placed.start) {
        before_buffer_why(placed.start - at, "this lies", why, sizeof why);
        fprintf(stderr, "  where: %s lies %zu byte%s before the start of " FUZZ_BUFFER_GIVEN " "
                "(in its lead, which the allocator was not given: poisoned under ASan)%s\n", named,
                (size_t)(placed.start - at), hl_plural_s(placed.start - at), why);
    } else if (at >= placed.end && at - placed.end < PLACE_BOUNDARY)
        fprintf(stderr, "  where: %s lies %zu byte%s past the end of " FUZZ_BUFFER_GIVEN ", "
                "[%#jx, +%zu)%s\n", named, (size_t)(at - placed.end), hl_plural_s(at - placed.end),
                (uintmax_t)placed.start, (size_t)(placed.end - placed.start),
                heap_rounding_overran(at - placed.end + 1, why, sizeof why) ? why : "");
    if (*why)
        fuzz_print_cause("past_mapping", why);
}

/* A length no multiple of the adapter's alignment (FUZZ_HEAP=65500, or op
 * heap's cut) leaves a tail no block fills, which an allocator counting its
 * heap in units must round down: round 10's compact allocator took 65,500
 * bytes for an odd unit count that read as in use, and its report said only
 * create(65500). */
void fuzz_heap_call_text(const struct fuzz_ctx *c, char *out, size_t len)
{
    size_t align = c->a->alignment;
    char odd[80] = "";
    if (align && c->heap_bytes % align)
        snprintf(odd, sizeof odd, ", a length no multiple of %zu (the adapter's alignment)", align);
    if (c->a->create_in)
        snprintf(out, len, "create_in(%zu bytes starting %zu past a page)%s", c->heap_bytes, c->heap_lead, odd);
    else
        snprintf(out, len, "create(%zu)%s", c->heap_bytes, odd);
}

/* How far above a block's start the search for the heap's first byte goes. */
#define STARTS_BELOW_REACH 4096

/* A block contains() disowns whose bytes from a little above its start are
 * the heap's, its end too: it starts below the heap (round 16: an sbrk heap
 * whose prologue was tagged free, the first block's free merging back over
 * it, was told of room handed out past what the heap obtained). `out` is
 * left as it is when that does not hold. */
void fuzz_heap_starts_below(const struct fuzz_ctx *c, const struct fuzz_block *b, char *out, size_t len)
{
    const unsigned char *p = b->ptr;
    if (!c->a->contains || b->requested < 2 || c->a->contains(c->heap, p, 1))
        return;
    for (size_t k = 1; k < b->requested && k <= STARTS_BELOW_REACH; k++)
        if (c->a->contains(c->heap, p + k, 1)) {
            if (c->a->contains(c->heap, p + k, b->requested - k))
                snprintf(out, len, ", though its bytes from byte %zu on are: %s, by %zu byte%s, its end "
                         "inside it", k, FUZZ_STARTS_BELOW_HEAP, k, hl_plural_s(k));
            return;
        }
}
