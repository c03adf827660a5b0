/*
 * workloads.c - synthetic workloads. Sizes follow a rough "typical program"
 * shape: mostly small objects, a tail of medium and large ones, and a few
 * blocks big enough for glibc to serve them with mmap.
 */
#include "workloads.h"

#include <stdio.h>

#include "rng.h"

#define MIXED_SLOTS 4096
#define MIXED_FREE_PERCENT 60  /* a picked live block is freed, else realloc'd */

static size_t mixed_size(rng *r)
{
    unsigned permille = (unsigned)(rng_next(r) % 1000);
    if (permille < 850)
        return rng_range(r, 8, 256);
    if (permille < 970)
        return rng_range(r, 257, 4096);
    if (permille < 997)
        return rng_range(r, 4097, 64 * 1024);
    return rng_range(r, 64 * 1024 + 1, 1024 * 1024);
}

/* A workload memory could not hold (a ulimit -v, a container's cap): said
 * with its name and the bytes refused, where bench exited 2 without a word,
 * or called it an internal error when its check ran out. */
static int no_memory(const trace *t, const char *doing, const char *refused)
{
    fprintf(stderr, "bench: out of memory %s the built-in workload %s: %s; give bench more memory, or leave the "
            "workload out (-w names those to run, -n all built-in ones)\n", doing, t->name, refused);
    return -1;
}

static int no_memory_for_ops(const trace *t)
{
    char refused[128];
    snprintf(refused, sizeof refused, "%zu bytes for its ops were refused after %zu ops", trace_grow_bytes(t, 0),
             t->n_ops);
    return no_memory(t, "building", refused);
}

static int finish(trace *t)
{
    char err[TRACE_ERROR_LEN];
    int rc = trace_finish(t, err, sizeof err);
    if (rc == TRACE_NO_MEMORY)
        return no_memory(t, "checking", err);
    if (rc != 0) {
        fprintf(stderr, "bench: internal error, generated workload is invalid: %s\n", err);
        return -1;
    }
    return 0;
}

int workload_mixed(trace *t, size_t n_ops, uint64_t seed)
{
    rng r = { seed };
    unsigned char live[MIXED_SLOTS] = { 0 };
    trace_init(t, WORKLOAD_MIXED_NAME, MIXED_SLOTS);
    for (size_t i = 0; i < n_ops; i++) {
        size_t id = rng_range(&r, 0, MIXED_SLOTS - 1);
        int rc;
        if (!live[id])
            rc = trace_push(t, OP_ALLOC, id, mixed_size(&r));
        else if (rng_chance(&r, MIXED_FREE_PERCENT))
            rc = trace_push(t, OP_FREE, id, 0);
        else
            rc = trace_push(t, OP_REALLOC, id, mixed_size(&r));
        if (rc != 0)
            return no_memory_for_ops(t);
        live[id] = t->ops[t->n_ops - 1].kind != OP_FREE;
    }
    return finish(t);
}

void workload_scaling_name(size_t live, char *name, size_t len) { snprintf(name, len, "scale-%zu", live); }

int workload_scaling(trace *t, size_t live, size_t n_pairs, uint64_t seed)
{
    rng r = { seed };
    char name[sizeof t->name];
    workload_scaling_name(live, name, sizeof name);
    trace_init(t, name, live);
    for (size_t id = 0; id < live; id++)
        if (trace_push(t, OP_ALLOC, id, rng_range(&r, 8, 1024)) != 0)
            return no_memory_for_ops(t);
    t->timed_from = t->n_ops;
    for (size_t i = 0; i < n_pairs; i++) {
        size_t id = rng_range(&r, 0, live - 1);
        if (trace_push(t, OP_FREE, id, 0) != 0 ||
            trace_push(t, OP_ALLOC, id, rng_range(&r, 8, 1024)) != 0)
            return no_memory_for_ops(t);
    }
    return finish(t);
}
