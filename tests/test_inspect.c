/* test_inspect.c - halloc_walk and halloc_dump. */
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
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cr_assert_not_null(out);
    halloc_dump(h, out);
    cr_assert_eq(fclose(out), 0);
    cr_assert_gt(len, 0);
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
