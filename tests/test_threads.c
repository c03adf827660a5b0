/* test_threads.c - four threads hammering one thread-safe heap. */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "helpers.h"

#define THREADS 4
#define OPS 50000
#define SLOTS 64

struct worker {
    halloc_heap *heap;
    uint32_t seed;
    unsigned id;
    const char *failure; /* first thing that went wrong, or NULL */
    int err;             /* errno when it went wrong */
};

struct slot {
    unsigned char *p;
    size_t size;
    uint32_t tag;
};

/* Every block carries a tag pattern unique to (thread, slot, generation). */
static int slot_intact(const struct slot *s)
{
    return pattern_ok(s->p, s->size, s->tag);
}

static const char *one_op(struct worker *w, struct slot *s, uint32_t *gen)
{
    uint32_t r = rng_next(&w->seed);
    size_t size = 1 + rng_below(&w->seed, (r & 8) ? 4096 : 128);
    uint32_t tag = w->id * 1000003u + (*gen)++;
    if (s->p && !slot_intact(s))
        return "a block's contents changed under another thread";
    if (!s->p) {
        s->p = halloc_malloc(w->heap, size);
        if (!s->p)
            return "malloc failed";
    } else if (r % 3 == 0) {
        if (halloc_free(w->heap, s->p) != 0)
            return "free failed";
        s->p = NULL;
        return NULL;
    } else {
        unsigned char *q = halloc_realloc(w->heap, s->p, size);
        if (!q)
            return "realloc failed";
        if (!pattern_ok(q, size < s->size ? size : s->size, s->tag))
            return "realloc lost the contents";
        s->p = q;
    }
    s->size = size;
    s->tag = tag;
    pattern_fill(s->p, size, tag);
    return NULL;
}

static void *hammer(void *arg)
{
    struct worker *w = arg;
    struct slot slots[SLOTS];
    memset(slots, 0, sizeof slots);
    uint32_t gen = 0;
    for (int i = 0; i < OPS && !w->failure; i++)
        w->failure = one_op(w, &slots[rng_below(&w->seed, SLOTS)], &gen);
    if (w->failure)
        w->err = errno;
    for (int i = 0; i < SLOTS && !w->failure; i++)
        if (slots[i].p) {
            if (!slot_intact(&slots[i]))
                w->failure = "a block's contents changed before the final free";
            else if (halloc_free(w->heap, slots[i].p) != 0)
                w->failure = "final free failed";
        }
    if (w->failure && !w->err)
        w->err = errno;
    return NULL;
}

Test(threads, four_threads_on_one_heap)
{
    halloc_config c = halloc_default_config();
    c.initial_size = 256 * 1024;
    c.thread_safe = 1;
    halloc_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h);
    pthread_t tid[THREADS];
    struct worker w[THREADS];
    for (unsigned i = 0; i < THREADS; i++) {
        w[i] = (struct worker){h, 0x9e3779b9u * (i + 1), i, NULL, 0};
        cr_assert_eq(pthread_create(&tid[i], NULL, hammer, &w[i]), 0);
    }
    for (unsigned i = 0; i < THREADS; i++)
        cr_assert_eq(pthread_join(tid[i], NULL), 0);
    for (unsigned i = 0; i < THREADS; i++)
        cr_assert_null(w[i].failure, "thread %u: %s (errno %d)", i, w[i].failure, w[i].err);
    assert_heap_ok(h);
    assert_stats_match_walk(h);
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(h, &st), 0);
    cr_assert_eq(st.chunks_used, 0, "every block was freed");
    cr_assert_eq(st.bytes_in_use, 0);
    cr_assert_eq(st.bytes_free + st.overhead, st.mapped);
    halloc_destroy(h);
}
