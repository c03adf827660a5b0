/* test_trim.c - halloc_trim: regions kept by HALLOC_TRIM_NEVER are unmapped,
 * free pages go back to the kernel (seen with mincore), buffer heaps only
 * merge their cache, and bad heaps or damaged lists are refused. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers.h"
#include "internal.h" /* hl_set_link_next, for the damaged-list test */

static halloc_heap *heap_with(size_t initial, int trim, int cache_depth)
{
    halloc_config c = halloc_default_config();
    c.initial_size = initial;
    c.trim = trim;
    c.cache_depth = cache_depth;
    c.thread_safe = 0;
    return heap_from(c);
}

Test(trim, unmaps_the_regions_trim_never_kept)
{
    halloc_heap *h = heap_with(64 * KIB, HALLOC_TRIM_NEVER, 0);
    halloc_stats first = stats_of(h);
    void *big[3];
    for (size_t i = 0; i < 3; i++) /* each larger than a region so far: one region each */
        cr_assert_not_null(big[i] = halloc_malloc(h, (256 << i) * KIB));
    cr_assert_eq(stats_of(h).regions, 4);
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(halloc_free(h, big[i]), 0);
    halloc_stats kept = stats_of(h);
    cr_assert_eq(kept.regions, 4, "HALLOC_TRIM_NEVER keeps them until asked");
    size_t released = 0;
    cr_assert_eq(halloc_trim(h, &released), 0, "errno %d", errno);
    halloc_stats st = stats_of(h);
    cr_assert_eq(st.regions, 1);
    /* What stays: the free-list table, moved out when the heap first grew. */
    cr_assert_eq(st.mapped, first.mapped + hl_table_mapping());
    cr_assert_geq(released, kept.mapped - st.mapped, "released %zu < the %zu bytes unmapped", released,
                  kept.mapped - st.mapped);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    void *again = halloc_malloc(h, 512 * KIB); /* the heap still grows afterwards */
    cr_assert_not_null(again);
    memset(again, 7, 512 * KIB);
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(trim, free_pages_go_back_to_the_kernel)
{
    halloc_heap *h = heap_with(4096 * KIB, HALLOC_TRIM_EAGER, 0);
    size_t len = 896 * KIB; /* below HL_RELEASE_MIN: its free keeps the pages */
    char *p = halloc_malloc(h, len);
    cr_assert_not_null(p);
    memset(p, 1, len);
    size_t before = resident_pages(p, len);
    cr_assert_gt(before, 200, "the test needs the block's pages resident (%zu are)", before);
    char *keep = halloc_malloc(h, 100); /* a used chunk after p: p's pages stay in region 0 */
    cr_assert_not_null(keep);
    cr_assert_eq(halloc_free(h, p), 0);
    size_t released = 0;
    cr_assert_eq(halloc_trim(h, &released), 0, "errno %d", errno);
    cr_assert_geq(released, len - 2 * (size_t)sysconf(_SC_PAGESIZE), "released only %zu bytes", released);
    size_t after = resident_pages(p + 64, len - 128);
    cr_assert_lt(after, 4, "%zu of %zu pages are still resident after trim", after, before);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    /* The released space is ordinary free space again. */
    char *q = halloc_calloc(h, 1, len);
    cr_assert_not_null(q);
    for (size_t i = 0; i < len; i += 4096)
        cr_assert_eq(q[i], 0);
    memset(q, 2, len);
    cr_assert_eq(halloc_free(h, q), 0);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* Freeing a block of HL_RELEASE_MIN bytes or more gives its pages back at
 * once (eager policy, mapped memory), as glibc's munmap of such a block
 * does: a program's resident size falls when it frees a big buffer, even
 * when a small block keeps the region. */
Test(trim, a_big_freed_block_gives_its_pages_back_at_once)
{
    halloc_heap *h = heap_with(8192 * KIB, HALLOC_TRIM_EAGER, 0);
    size_t len = 3 * 1024 * KIB;
    char *p = halloc_malloc(h, len), *keep = halloc_malloc(h, 100);
    cr_assert(p && keep);
    memset(p, 1, len);
    size_t before = resident_pages(p, len);
    cr_assert_gt(before, 700, "the test needs the block's pages resident (%zu are)", before);
    cr_assert_eq(halloc_free(h, p), 0);
    size_t after = resident_pages(p + 64, len - 128);
    cr_assert_lt(after, 4, "%zu of %zu pages are still resident after free", after, before);
    assert_heap_ok(h);
    char *q = halloc_malloc(h, len); /* the same space, usable again */
    cr_assert_eq(q, p);
    memset(q, 2, len);
    cr_assert_eq(q[len - 1] + q[len / 2], 4);
    cr_assert_eq(halloc_free(h, q), 0);
    assert_heap_ok(h);
    halloc_destroy(h);
}

/* Frees a block of len bytes that a used block after it keeps in its region,
 * after writing every page; how many of its pages are resident after (not
 * counting its edge pages); *before gets the count before the free. */
static size_t free_written_block(halloc_heap *h, size_t len, size_t *before)
{
    char *p = halloc_malloc(h, len), *keep = halloc_malloc(h, 100);
    cr_assert(p && keep, "malloc(%zu): errno %d", len, errno);
    memset(p, 1, len);
    *before = resident_pages(p, len);
    cr_assert_gt(*before, len / 4096 / 2, "the test needs the block's pages resident");
    cr_assert_eq(halloc_free(h, p), 0);
    assert_heap_ok(h);
    return resident_pages(p + 64, len - 128);
}

static size_t resident_after_free(halloc_heap *h, size_t len)
{
    size_t before;
    return free_written_block(h, len, &before);
}

/* Each release raises the threshold past the block's size, as glibc raises
 * its mmap threshold: a program that frees and takes a buffer of one size
 * over and over (libmagic's 7 MiB per file) faulted it in anew each time.
 * Larger blocks are still handed back, and from HL_RELEASE_MAX on always. */
Test(trim, a_released_size_keeps_its_pages_the_next_time)
{
    halloc_heap *h = heap_with(64 * 1024 * KIB, HALLOC_TRIM_EAGER, 0);
    size_t mib = 1024 * KIB, pages = 3 * mib / 4096;
    cr_assert_lt(resident_after_free(h, 3 * mib), 4, "the first 3 MiB block freed was not handed back");
    cr_assert_geq(resident_after_free(h, 3 * mib) + 4, pages,
                  "a second 3 MiB block was handed back: the threshold did not rise");
    cr_assert_geq(resident_after_free(h, 2 * mib) + 4, pages * 2 / 3,
                  "a 2 MiB block, below the risen threshold, was handed back");
    cr_assert_lt(resident_after_free(h, 5 * mib), 4, "a larger 5 MiB block was not handed back");
    cr_assert_lt(resident_after_free(h, 40 * mib), 4, "the first 40 MiB block was not handed back");
    cr_assert_lt(resident_after_free(h, 40 * mib), 4,
                 "a second 40 MiB block (above HL_RELEASE_MAX) was not handed back");
    halloc_destroy(h);
}

/* Below HL_RELEASE_MIN, under HALLOC_TRIM_NEVER, and in a caller's buffer,
 * a freed block keeps its pages (reused without a fault each). */
static void freed_block_keeps_its_pages(halloc_heap *h, size_t len, const char *what)
{
    size_t before, after = free_written_block(h, len, &before);
    /* + 4: the count after the free skips the block's two edge pages */
    cr_assert_geq(after + 4, before, "%s: the freed block's pages were handed back", what);
    halloc_destroy(h);
}

Test(trim, other_freed_blocks_keep_their_pages)
{
    static _Alignas(4096) char buffer[4096 * KIB];
    freed_block_keeps_its_pages(heap_with(4096 * KIB, HALLOC_TRIM_EAGER, 0), 1000 * KIB, "below the threshold");
    freed_block_keeps_its_pages(heap_with(4096 * KIB, HALLOC_TRIM_NEVER, 0), 3 * 1024 * KIB, "trim policy never");
    freed_block_keeps_its_pages(halloc_create_in(buffer, sizeof buffer, 0), 3 * 1024 * KIB, "a buffer heap");
}

/* *released counts the pages that were resident: a fresh heap's untouched
 * pages are not "handed back", nor pages a first trim already released. */
Test(trim, counts_only_resident_pages)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), len = 768 * KIB, released = 0; /* below HL_RELEASE_MIN */
    halloc_heap *h = heap_with(4096 * KIB, HALLOC_TRIM_EAGER, 0);
    cr_assert_eq(halloc_trim(h, &released), 0, "errno %d", errno);
    cr_assert_lt(released, 4 * page, "a fresh heap handed back %zu bytes it never touched", released);
    char *p = halloc_malloc(h, len), *keep = halloc_malloc(h, 100);
    cr_assert(p && keep);
    memset(p, 1, len / 2); /* half of the block's pages become resident */
    /* Measured, not assumed: with transparent huge pages set to "always" a
     * write makes a whole 2 MiB page resident. */
    size_t resident = resident_pages(p, len) * page;
    cr_assert_geq(resident, len / 2 - page, "the test needs the written half resident (%zu bytes are)", resident);
    cr_assert_eq(halloc_free(h, p), 0);
    cr_assert_eq(halloc_trim(h, &released), 0, "errno %d", errno);
    cr_assert(released + 2 * page >= resident && released <= resident + 2 * page,
              "released %zu bytes; %zu of the block's were resident", released, resident);
    cr_assert_eq(halloc_trim(h, &released), 0, "errno %d", errno);
    cr_assert_eq(released, 0, "a second trim counted %zu bytes the first one had released", released);
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(trim, merges_the_cache_and_leaves_a_buffer_heap_alone)
{
    static unsigned char buf[128 * 1024];
    halloc_config c = halloc_default_config();
    c.cache_depth = 8;
    halloc_heap *h = halloc_create_in_ex(buf, sizeof buf, &c);
    cr_assert_not_null(h);
    void *a = halloc_malloc(h, 64), *b = halloc_malloc(h, 64);
    cr_assert(a && b);
    cr_assert_eq(halloc_free(h, a), 0);
    halloc_stats st = stats_of(h);
    cr_assert_eq(st.chunks_cached, 1);
    size_t released = 99;
    cr_assert_eq(halloc_trim(h, &released), 0);
    cr_assert_eq(released, 0, "a buffer heap's memory is the caller's");
    halloc_stats after = stats_of(h);
    cr_assert_eq(after.chunks_cached, 0, "trim must merge the cache");
    cr_assert_eq(after.mapped, st.mapped);
    assert_heap_ok(h);
    halloc_destroy(h);
}

#define UNMAPPED_SAYS "was inside a region this heap unmapped (trim): likely a double free"

/* free(p) is refused with EINVAL, and the message says whether p was in a
 * region the heap unmapped. */
static void assert_free_refused(halloc_heap *h, void *p, int unmapped, const char *what)
{
    errno = 0;
    cr_assert_eq(halloc_free(h, p), -1, "%s: freed", what);
    cr_assert_eq(errno, EINVAL, "%s: errno %d", what, errno);
    const char *says = unmapped ? UNMAPPED_SAYS : "is not inside this heap";
    cr_assert(strstr(halloc_last_error(h), says), "%s: no '%s' in: %s", what, says, halloc_last_error(h));
}

/* A block freed again once its region is unmapped - by the free itself under
 * HALLOC_TRIM_EAGER, or by halloc_trim - lies in no region: the process
 * remembers the last HL_UNMAPPED_KEPT regions its heaps unmapped, so the
 * refusal names the likely double free. Each block is larger than any region
 * so far, so that each has its own region, all mapped at once (none can
 * reuse another's addresses). */
Test(trim, a_block_freed_again_after_its_region_went_is_named)
{
    for (int eager = 0; eager <= 1; eager++) {
        halloc_heap *h = heap_with(64 * KIB, eager ? HALLOC_TRIM_EAGER : HALLOC_TRIM_NEVER, 0);
        void *big[HL_UNMAPPED_KEPT + 1];
        for (size_t i = 0; i <= HL_UNMAPPED_KEPT; i++)
            cr_assert_not_null(big[i] = halloc_malloc(h, (128 << i) * KIB));
        for (size_t i = 0; i <= HL_UNMAPPED_KEPT; i++)
            cr_assert_eq(halloc_free(h, big[i]), 0);
        if (!eager)
            cr_assert_eq(halloc_trim(h, NULL), 0, "errno %d", errno);
        cr_assert_eq(stats_of(h).regions, 1);
        assert_free_refused(h, big[0], 0, "the block of the region unmapped first, forgotten since");
        for (size_t i = 1; i <= HL_UNMAPPED_KEPT; i++)
            assert_free_refused(h, big[i], 1, "a block of a region unmapped since");
        int local;
        assert_free_refused(h, &local, 0, "a pointer never in this heap");
        halloc_heap *other = heap_with(64 * KIB, HALLOC_TRIM_NEVER, 0);
        assert_free_refused(other, big[HL_UNMAPPED_KEPT], 0, "a block of a region another heap unmapped");
        halloc_destroy(other);
        assert_heap_ok(h);
        halloc_destroy(h);
    }
}

static void *free_in_a_thread(void *arg)
{
    void **heap_and_block = arg;
    return (void *)(intptr_t)halloc_free(heap_and_block[0], heap_and_block[1]);
}

/* The double free comes from another thread than the free that unmapped
 * the region (a program on the preload shim, whose threads share one heap):
 * it is named all the same. */
Test(trim, a_block_another_thread_unmapped_is_named)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 64 * KIB;
    halloc_heap *h = heap_from(c); /* HALLOC_TRIM_EAGER, thread-safe */
    void *heap_and_block[2] = {h, halloc_malloc(h, 256 * KIB)};
    cr_assert_not_null(heap_and_block[1]);
    pthread_t t;
    void *freed;
    cr_assert_eq(pthread_create(&t, NULL, free_in_a_thread, heap_and_block), 0);
    cr_assert_eq(pthread_join(t, &freed), 0);
    cr_assert_eq((intptr_t)freed, 0, "the first free failed");
    cr_assert_eq(stats_of(h).regions, 1, "the eager free must have unmapped the block's region");
    assert_free_refused(h, heap_and_block[1], 1, "a block of a region another thread's free unmapped");
    halloc_destroy(h);
}

Test(trim, bad_heap_is_einval)
{
    errno = 0;
    cr_assert_eq(halloc_trim(NULL, NULL), -1);
    cr_assert_eq(errno, EINVAL);
}

Test(trim, damaged_free_list_is_refused, DAMAGE_ENDS)
{
    halloc_heap *h = heap_with(256 * KIB, HALLOC_TRIM_EAGER, 0);
    char *a = halloc_malloc(h, 300), *guard = halloc_malloc(h, 300);
    cr_assert(a && guard);
    cr_assert_eq(halloc_free(h, a), 0);
    hl_set_link_next(hl_chunk_from_payload(a), (hl_chunk *)(uintptr_t)0x1000); /* a write after free */
    errno = 0;
    cr_assert_eq(halloc_trim(h, NULL), -1, "trim followed a damaged link");
    cr_assert_eq(errno, ENOTRECOVERABLE);
    cr_assert_not_null(strstr(halloc_last_error(h), "trim"), "message: %s", halloc_last_error(h));
    halloc_destroy(h);
}

/* HALLOC_TRIM_KEEP_ONE, regions 0 to 3 holding one block each: emptying
 * region 2 keeps it mapped, one listed free chunk; emptying region 3 then
 * unmaps the smaller of the two, region 2, taking its chunk out of its list,
 * whose links a write after free has damaged. The free is refused before
 * anything changes, naming the list; it used to unmap region 3 instead,
 * saying nothing (trim.c, hl_emptying_plan). */
Test(trim, keep_one_refuses_unmapping_a_kept_region_whose_list_is_damaged, DAMAGE_ENDS)
{
    halloc_heap *h = heap_with(64 * KIB, HALLOC_TRIM_KEEP_ONE, 0);
    const size_t sizes[4] = {100, 100 * KIB, 300 * KIB, 700 * KIB};
    void *in[4];
    for (int i = 0; i < 4; i++) {
        cr_assert_not_null(in[i] = halloc_malloc(h, sizes[i]));
        cr_assert_eq(chunk_of(h, in[i]).region, (size_t)i, "block %d is not in region %d", i, i);
    }
    cr_assert_eq(halloc_free(h, in[2]), 0, "%s", halloc_last_error(h));
    cr_assert_eq(stats_of(h).regions, 4, "region 2 should be kept");
    hl_chunk *kept = hl_chunk_from_payload(in[2]);
    hl_set_link_next(kept, (hl_chunk *)(uintptr_t)0x1000); /* a write after free */
    errno = 0;
    cr_assert_eq(halloc_free(h, in[3]), -1, "the free unmapped a region past a damaged list");
    cr_assert_eq(errno, ENOTRECOVERABLE, "errno %d: %s", errno, halloc_last_error(h));
    cr_assert_not_null(strstr(halloc_last_error(h), "free list damaged"), "%s", halloc_last_error(h));
    hl_books_open(h); /* get_stats refuses now: its largest list is the damaged one */
    cr_assert_eq(h->stats.regions, 4, "a region was unmapped");
    cr_assert_gt(halloc_usable_size(h, in[3]), 0, "the refused free's block is no longer live: %s",
                 halloc_last_error(h));
    halloc_report rep;
    cr_assert_eq(halloc_check(h, &rep), -1, "halloc_check passed a damaged list");
    cr_assert_eq(rep.invariant, HALLOC_INV_LIST_LINKS, "%s: %s", halloc_invariant_name(rep.invariant), rep.message);
    halloc_destroy(h);
}

/*
 * Trim must never touch a live block: random churn of pattern-filled blocks
 * (small to a few pages, so free chunks hold whole pages), a trim every 50
 * operations, every live block verified after each trim.
 */
Test(trim, never_touches_live_blocks)
{
    enum { SLOTS = 96, OPS = 3000 };
    halloc_heap *h = heap_with(256 * KIB, HALLOC_TRIM_NEVER, 4);
    unsigned char *block[SLOTS] = {0};
    size_t len[SLOTS] = {0};
    uint32_t rng = 0x7219u, released_total = 0;
    for (int op = 1; op <= OPS; op++) {
        size_t k = rng_below(&rng, SLOTS);
        if (block[k]) {
            cr_assert(pattern_ok(block[k], len[k], (uint32_t)k), "block %zu changed before op %d", k, op);
            cr_assert_eq(halloc_free(h, block[k]), 0);
            block[k] = NULL;
        } else {
            len[k] = 1 + rng_below(&rng, rng_below(&rng, 4) ? 600 : 5 * 4096);
            cr_assert_not_null(block[k] = halloc_malloc(h, len[k]), "op %d, errno %d", op, errno);
            pattern_fill(block[k], len[k], (uint32_t)k);
        }
        if (op % 50 == 0) {
            size_t released = 0;
            cr_assert_eq(halloc_trim(h, &released), 0, "op %d, errno %d", op, errno);
            released_total += released != 0;
            for (size_t i = 0; i < SLOTS; i++)
                cr_assert(!block[i] || pattern_ok(block[i], len[i], (uint32_t)i), "trim at op %d changed block %zu",
                          op, i);
        }
    }
    cr_assert_gt(released_total, OPS / 50 / 2, "only %u of %d trims released anything: the test lost its bite",
                 released_total, OPS / 50);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_destroy(h);
}
