/* test_inspect.c - halloc_walk, halloc_dump and halloc_owns. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A heap with used and free chunks mixed: 40 blocks, every third freed. */
static halloc_heap *mixed_heap(void *blocks[40])
{
    halloc_heap *h = halloc_create(256 * KIB);
    cr_assert_not_null(h);
    for (size_t i = 0; i < 40; i++) {
        blocks[i] = halloc_malloc(h, 32 + 24 * i);
        cr_assert_not_null(blocks[i]);
    }
    for (size_t i = 0; i < 40; i += 3) {
        cr_assert_eq(halloc_free(h, blocks[i]), 0);
        blocks[i] = NULL;
    }
    assert_heap_ok(h);
    return h;
}

Test(walk, visits_every_chunk_in_address_order_without_gaps)
{
    void *blocks[40];
    halloc_heap *h = mixed_heap(blocks);
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    cr_assert_gt(list.count, 40 - 14);
    for (size_t i = 1; i < list.count; i++) {
        const halloc_chunk_info *a = &list.items[i - 1], *b = &list.items[i];
        cr_assert_eq(a->region, b->region, "one region expected");
        cr_assert_eq(b->offset, a->offset + a->size,
                     "chunk %zu at %zu does not start where chunk %zu ends (%zu + %zu)", i,
                     b->offset, i - 1, a->offset, a->size);
        cr_assert_gt((char *)b->payload, (char *)a->payload, "payloads out of address order");
        cr_assert(!(a->is_free && b->is_free), "two adjacent free chunks at %zu and %zu",
                  a->offset, b->offset);
    }
    for (size_t i = 0; i < list.count; i++) {
        const halloc_chunk_info *c = &list.items[i];
        cr_assert_lt(c->usable, c->size, "usable includes no header");
        cr_assert_eq(c->region, 0);
    }
    for (size_t i = 0; i < 40; i++) {
        if (!blocks[i])
            continue;
        const halloc_chunk_info *c = find_chunk(&list, blocks[i]);
        cr_assert_not_null(c, "live block %zu was not visited", i);
        cr_assert_eq(c->is_free, 0);
        cr_assert_eq(c->usable, halloc_usable_size(h, blocks[i]));
    }
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(list.count, st.chunks_used + st.chunks_free);
    chunk_list_free(&list);
    halloc_destroy(h);
}

struct stop_ctx {
    size_t calls;
    size_t stop_at;
};

static int stop_early(const halloc_chunk_info *chunk, void *ctx)
{
    (void)chunk;
    struct stop_ctx *s = ctx;
    return ++s->calls == s->stop_at ? 77 : 0;
}

Test(walk, early_stop_returns_the_callbacks_value)
{
    void *blocks[40];
    halloc_heap *h = mixed_heap(blocks);
    struct stop_ctx s = {0, 5};
    cr_assert_eq(halloc_walk(h, stop_early, &s), 77);
    cr_assert_eq(s.calls, 5, "the walk went on after the callback asked it to stop");
    s = (struct stop_ctx){0, 100000};
    cr_assert_eq(halloc_walk(h, stop_early, &s), 0);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(s.calls, st.chunks_used + st.chunks_free);
    halloc_destroy(h);
}

/* A callback that stops with -1, C's usual "failed", and its own errno. */
static int fail_at_third(const halloc_chunk_info *chunk, void *ctx)
{
    (void)chunk;
    if (++*(size_t *)ctx < 3)
        return 0;
    errno = EDOM;
    return -1;
}

/* The callback's -1 is its value, not damage: errno stays as it set it
 * (it was ENOTRECOVERABLE, which said the heap was broken). */
Test(walk, a_callbacks_minus_one_is_not_reported_as_damage)
{
    void *blocks[40];
    halloc_heap *h = mixed_heap(blocks);
    size_t calls = 0;
    errno = 0;
    cr_assert_eq(halloc_walk(h, fail_at_third, &calls), -1);
    cr_assert_eq(calls, 3);
    cr_assert_eq(errno, EDOM, "errno %d (%s): the callback's -1 was taken for damage", errno, strerror(errno));
    assert_heap_ok(h);
    halloc_destroy(h);
}

Test(walk, bad_arguments_are_einval)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    errno = 0;
    cr_assert_eq(halloc_walk(h, NULL, NULL), -1);
    cr_assert_eq(errno, EINVAL);
    errno = 0;
    cr_assert_eq(halloc_walk(NULL, stop_early, NULL), -1);
    cr_assert_eq(errno, EINVAL);
    halloc_destroy(h);
}

/* Whether `line` names `c`: its offset and its size as decimal numbers. */
static int line_names_chunk(const char *line, const halloc_chunk_info *c)
{
    char off[32], size[32];
    snprintf(off, sizeof off, "%zu", c->offset);
    snprintf(size, sizeof size, "%zu", c->size);
    return strstr(line, off) && strstr(line, size) &&
           strstr(line, c->is_free ? "free" : "used");
}

Test(dump, prints_one_line_per_chunk)
{
    void *blocks[40];
    halloc_heap *h = mixed_heap(blocks);
    char *text = dump_to_string(h, NULL);
    cr_assert_gt(strlen(text), 0);
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    /* The chunks appear in address order, each on its own line. */
    size_t next = 0;
    for (char *line = strtok(text, "\n"); line && next < list.count; line = strtok(NULL, "\n"))
        if (line_names_chunk(line, &list.items[next]))
            next++;
    cr_assert_eq(next, list.count, "the dump has no line for chunk %zu (offset %zu size %zu)",
                 next, next < list.count ? list.items[next].offset : 0,
                 next < list.count ? list.items[next].size : 0);
    chunk_list_free(&list);
    free(text);
    halloc_destroy(h);
}

/* Like every call given no heap: EINVAL, and the dump says why. A destroyed
 * buffer heap's memory is still there to be (mis)passed. */
Test(dump, null_or_destroyed_heap_is_einval)
{
    static unsigned char buffer[16 * KIB];
    halloc_heap *gone = halloc_create_in(buffer, sizeof buffer, 0);
    cr_assert_not_null(gone);
    halloc_destroy(gone);
    halloc_heap *bad[] = {NULL, gone};
    for (size_t i = 0; i < 2; i++) {
        int err;
        char *text = dump_to_string(bad[i], &err);
        cr_assert_eq(err, EINVAL, "dump of a %s heap: errno %d", i ? "destroyed" : "NULL", err);
        cr_assert(strstr(text, "dump: the heap is NULL or destroyed"), "the dump said: %s", text);
        free(text);
    }
}

/* A heap grown into a second region, blocks of 1 KiB in both. */
static halloc_heap *two_region_heap(void *blocks[64])
{
    halloc_config c = halloc_default_config();
    c.initial_size = 32 * KIB;
    c.grow = 1;
    halloc_heap *h = heap_from(c);
    for (size_t i = 0; i < 64; i++) {
        blocks[i] = halloc_malloc(h, 1024);
        cr_assert_not_null(blocks[i]);
    }
    cr_assert_eq(stats_of(h).regions, 2, "64 KiB of blocks must not fit a 32 KiB region");
    return h;
}

Test(owns, every_chunk_of_every_region_and_not_a_byte_beyond)
{
    void *blocks[64];
    halloc_heap *h = two_region_heap(blocks);
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    for (size_t i = 0; i < list.count; i++) {
        const halloc_chunk_info *c = &list.items[i];
        const char *start = (const char *)c->payload - (c->size - c->usable); /* the header */
        cr_assert(halloc_owns(h, start, c->size), "chunk at region %zu offset %zu not owned", c->region,
                  c->offset);
        int first = i == 0 || list.items[i - 1].region != c->region;
        int last = i + 1 == list.count || list.items[i + 1].region != c->region;
        /* Before the first chunk is the region's bookkeeping; after the last, its fence. */
        cr_assert_eq(halloc_owns(h, start - 1, 1), !first, "byte before chunk %zu", i);
        cr_assert_eq(halloc_owns(h, start, c->size + 1), !last, "byte after chunk %zu", i);
    }
    chunk_list_free(&list);
    cr_assert_eq(halloc_owns(h, blocks[0], 0), 1, "n 0 counts as one byte");
    cr_assert_eq(halloc_owns(h, blocks[0], SIZE_MAX), 0);
    cr_assert_eq(halloc_owns(h, h, 1), 0, "the heap's own struct is not chunk memory");
    halloc_destroy(h);
}

Test(owns, memory_from_elsewhere_is_not_owned)
{
    void *blocks[64];
    halloc_heap *h = two_region_heap(blocks);
    halloc_heap *other = halloc_create(64 * KIB);
    cr_assert_not_null(other);
    void *theirs = halloc_malloc(other, 100), *from_libc = malloc(100);
    int on_stack;
    cr_assert_not_null(theirs);
    cr_assert_not_null(from_libc);
    cr_assert_eq(halloc_owns(h, theirs, 1), 0, "another heap's block");
    cr_assert_eq(halloc_owns(other, theirs, 100), 1);
    cr_assert_eq(halloc_owns(h, from_libc, 1), 0, "a malloc'd block");
    cr_assert_eq(halloc_owns(h, &on_stack, 1), 0, "a stack variable");
    cr_assert_eq(halloc_owns(h, NULL, 1), 0);
    free(from_libc);
    halloc_destroy(other);
    halloc_destroy(h);
}

Test(owns, an_unmapped_region_is_no_longer_owned)
{
    void *blocks[64];
    halloc_heap *h = two_region_heap(blocks);
    void *late = blocks[63]; /* served from the second region */
    cr_assert_eq(chunk_of(h, late).region, 1);
    for (size_t i = 0; i < 64; i++)
        if (chunk_of(h, blocks[i]).region == 1)
            cr_assert_eq(halloc_free(h, blocks[i]), 0);
    cr_assert_eq(stats_of(h).regions, 1, "the eager trim policy unmaps a wholly free region");
    cr_assert_eq(halloc_owns(h, late, 1), 0, "the address lies in no region any more");
    halloc_destroy(h);
}

Test(owns, buffer_heap_and_bad_heap)
{
    static _Alignas(16) unsigned char buffer[16 * KIB];
    halloc_heap *h = halloc_create_in(buffer, sizeof buffer, 0);
    cr_assert_not_null(h);
    void *p = halloc_malloc(h, 100);
    cr_assert_not_null(p);
    cr_assert_eq(halloc_owns(h, p, halloc_usable_size(h, p)), 1);
    cr_assert_eq(halloc_owns(h, buffer, 1), 0, "the buffer's start holds the heap's struct");
    cr_assert_eq(halloc_owns(h, buffer + sizeof buffer - 1, 1), 0, "the last bytes are the fence");
    errno = 0;
    cr_assert_eq(halloc_owns(NULL, p, 1), 0);
    cr_assert_eq(errno, EINVAL);
    halloc_destroy(h);
}
