/*
 * gentraces.c - writes our own traces (allocator-lab format) into a folder:
 *
 *   gentraces DIR
 *
 * Each generator aims at one allocator weakness (bench/README.md
 * "Workloads"). Fixed seeds: the output is byte-for-byte reproducible, so the
 * committed files can be regenerated and diffed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "text-input.h" /* text_help_asked */
#include "trace.h"

/* Exits on out-of-memory: a generator has no sensible partial result. */
static void push(trace *t, enum trace_op_kind kind, size_t id, size_t size)
{
    if (trace_push(t, kind, id, size) != 0) {
        fprintf(stderr, "gentraces: out of memory while building %s\n", t->name);
        _Exit(1);
    }
}

/*
 * Small and big blocks alternate; the big ones are freed and slightly bigger
 * ones requested: the holes cannot take them, so a non-moving allocator must
 * grow (the classic "binary" pattern).
 */
static void gen_binary_pattern(trace *t)
{
    enum { PAIRS = 2000, ROUNDS = 4 };
    rng r = { 0xb1a7 };
    trace_init(t, "binary-pattern", 3 * PAIRS);
    for (int round = 0; round < ROUNDS; round++) {
        size_t small = rng_range(&r, 16, 64), big = rng_range(&r, 384, 512);
        for (size_t i = 0; i < PAIRS; i++) {
            push(t, OP_ALLOC, 2 * i, small);
            push(t, OP_ALLOC, 2 * i + 1, big);
        }
        for (size_t i = 0; i < PAIRS; i++)
            push(t, OP_FREE, 2 * i + 1, 0);
        for (size_t i = 0; i < PAIRS; i++)
            push(t, OP_ALLOC, 2 * PAIRS + i, big + 64);
        for (size_t i = 0; i < PAIRS; i++) {
            push(t, OP_FREE, 2 * i, 0);
            push(t, OP_FREE, 2 * PAIRS + i, 0);
        }
    }
}

/*
 * A few buffers grow (and now and then shrink) by realloc while short-lived
 * small blocks are allocated between them, so growing in place is only
 * sometimes possible.
 */
static void gen_realloc_heavy(trace *t)
{
    enum { BUFFERS = 16, STEPS = 12000, SMALL_IDS = 64 };
    rng r = { 0x4ea110c };
    size_t size[BUFFERS];
    int small_live[SMALL_IDS] = { 0 };
    trace_init(t, "realloc-heavy", BUFFERS + SMALL_IDS);
    for (size_t b = 0; b < BUFFERS; b++) {
        size[b] = rng_range(&r, 32, 256);
        push(t, OP_ALLOC, b, size[b]);
    }
    for (size_t step = 0; step < STEPS; step++) {
        size_t b = rng_range(&r, 0, BUFFERS - 1);
        if (rng_chance(&r, 10) || size[b] > 64 * 1024)
            size[b] = size[b] / 2 + 1;
        else
            size[b] += rng_range(&r, 16, 512);
        push(t, OP_REALLOC, b, size[b]);
        size_t s = rng_range(&r, 0, SMALL_IDS - 1);
        if (small_live[s])
            push(t, OP_FREE, BUFFERS + s, 0);
        else
            push(t, OP_ALLOC, BUFFERS + s, rng_range(&r, 8, 96));
        small_live[s] = !small_live[s];
    }
    for (size_t b = 0; b < BUFFERS; b++)
        push(t, OP_FREE, b, 0);
    for (size_t s = 0; s < SMALL_IDS; s++)
        if (small_live[s])
            push(t, OP_FREE, BUFFERS + s, 0);
}

/*
 * Runs of adjacent blocks are freed every other one, then the rest, so each
 * second free merges with both neighbours; then one block about the size of
 * the whole run is requested, which only fits if everything coalesced.
 */
static void gen_coalescing_heavy(trace *t)
{
    enum { ROUNDS = 40, MAX_RUN = 400 };
    rng r = { 0xc0a1e5ce };
    trace_init(t, "coalescing-heavy", MAX_RUN + 1);
    for (int round = 0; round < ROUNDS; round++) {
        size_t run = rng_range(&r, MAX_RUN / 2, MAX_RUN), total = 0;
        for (size_t i = 0; i < run; i++) {
            size_t s = rng_range(&r, 16, 256);
            total += s;
            push(t, OP_ALLOC, i, s);
        }
        for (size_t i = 0; i < run; i += 2)
            push(t, OP_FREE, i, 0);
        for (size_t i = 1; i < run; i += 2)
            push(t, OP_FREE, i, 0);
        push(t, OP_ALLOC, MAX_RUN, total);
        push(t, OP_FREE, MAX_RUN, 0);
    }
}

/*
 * Many small objects that die young: a window of recent blocks, each step
 * allocating one and freeing either the oldest or a random recent one,
 * beside a few long-lived blocks that stay put.
 */
static void gen_short_lived(trace *t)
{
    enum { WINDOW = 64, STEPS = 30000, LONG_LIVED = 32 };
    rng r = { 0x5407711fe };
    size_t ring[WINDOW], spare[WINDOW]; /* live ids oldest first; unused ids */
    size_t head = 0, count = 0, n_spare = WINDOW;
    trace_init(t, "short-lived", WINDOW + LONG_LIVED);
    for (size_t i = 0; i < WINDOW; i++)
        spare[i] = i;
    for (size_t i = 0; i < LONG_LIVED; i++)
        push(t, OP_ALLOC, WINDOW + i, rng_range(&r, 64, 2048));
    for (size_t step = 0; step < STEPS; step++) {
        if (count == WINDOW || (count > 0 && rng_chance(&r, 45))) {
            /* the oldest dies, or a random recent one swapped into its place */
            size_t victim = rng_chance(&r, 50) ? head : (head + rng_range(&r, 0, count - 1)) % WINDOW;
            size_t id = ring[victim];
            ring[victim] = ring[head];
            push(t, OP_FREE, id, 0);
            spare[n_spare++] = id;
            head = (head + 1) % WINDOW;
            count--;
        } else {
            size_t id = spare[--n_spare];
            ring[(head + count) % WINDOW] = id;
            push(t, OP_ALLOC, id, rng_range(&r, 8, 128));
            count++;
        }
    }
    for (; count > 0; count--, head = (head + 1) % WINDOW)
        push(t, OP_FREE, ring[head], 0);
    for (size_t i = 0; i < LONG_LIVED; i++)
        push(t, OP_FREE, WINDOW + i, 0);
}

static int write_trace(const char *dir, trace *t)
{
    char err[TRACE_ERROR_LEN], path[4096], tmp[4096 + 8];
    int rc = trace_finish(t, err, sizeof err);
    if (rc == TRACE_NO_MEMORY)
        fprintf(stderr, "gentraces: out of memory checking %s: %s\n", t->name, err);
    else if (rc != 0)
        fprintf(stderr, "gentraces: internal error, %s\n", err);
    if (rc != 0)
        return -1;
    t->heap_hint = (t->peak_live + 4095) / 4096 * 4096;
    t->weight = 1;
    snprintf(path, sizeof path, "%s/%s.rep", dir, t->name);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        fprintf(stderr, "gentraces: cannot create %s: %s; does the folder exist?\n", tmp,
                strerror(errno));
        return -1;
    }
    int bad = trace_write(t, f) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        fprintf(stderr, "gentraces: cannot write %s: %s\n", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    printf("wrote %s: %zu ops, %zu ids, peak live %zu bytes\n", path, t->n_ops, t->num_ids,
           t->peak_live);
    return 0;
}

int main(int argc, char **argv)
{
    static void (*const generators[])(trace *) = {
        gen_binary_pattern, gen_realloc_heavy, gen_coalescing_heavy, gen_short_lived
    };
    int help = text_help_asked(argc, argv);
    if (argc != 2 || help || argv[1][0] == '-') { /* no options: a "-x" is a mistyped one, not a DIR */
        fprintf(help ? stdout : stderr, "usage: gentraces DIR  (writes the generated .rep traces into DIR)\n");
        return help ? 0 : 2;
    }
    for (size_t i = 0; i < sizeof generators / sizeof generators[0]; i++) {
        trace t;
        generators[i](&t);
        int rc = write_trace(argv[1], &t);
        trace_free(&t);
        if (rc != 0)
            return 1;
    }
    return 0;
}
