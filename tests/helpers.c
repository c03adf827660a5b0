/* helpers.c - see helpers.h. */
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

static int collect_one(const halloc_chunk_info *chunk, void *ctx)
{
    chunk_list *list = ctx;
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 64;
        halloc_chunk_info *grown = realloc(list->items, cap * sizeof *grown);
        cr_assert_not_null(grown, "test helper ran out of system memory");
        list->items = grown;
        list->capacity = cap;
    }
    list->items[list->count++] = *chunk;
    return 0;
}

int collect_chunks(halloc_heap *heap, chunk_list *out)
{
    memset(out, 0, sizeof *out);
    return halloc_walk(heap, collect_one, out);
}

void chunk_list_free(chunk_list *list)
{
    free(list->items);
    memset(list, 0, sizeof *list);
}

const halloc_chunk_info *find_chunk(const chunk_list *list, const void *payload)
{
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].payload == payload)
            return &list->items[i];
    return NULL;
}

size_t count_free_chunks(const chunk_list *list)
{
    size_t n = 0;
    for (size_t i = 0; i < list->count; i++)
        n += list->items[i].is_free != 0;
    return n;
}

void snapshot_take(halloc_heap *heap, heap_snapshot *snap)
{
    memset(snap, 0, sizeof *snap);
    cr_assert_eq(halloc_get_stats(heap, &snap->stats), 0, "halloc_get_stats failed");
    cr_assert_eq(collect_chunks(heap, &snap->chunks), 0, "halloc_walk failed on a healthy heap");
}

void snapshot_assert_same(halloc_heap *heap, heap_snapshot *snap)
{
    heap_snapshot now;
    snapshot_take(heap, &now);
    cr_assert_eq(memcmp(&now.stats, &snap->stats, sizeof now.stats), 0,
                 "stats changed: in_use %zu -> %zu, free %zu -> %zu, chunks used %zu -> %zu",
                 snap->stats.bytes_in_use, now.stats.bytes_in_use, snap->stats.bytes_free,
                 now.stats.bytes_free, snap->stats.chunks_used, now.stats.chunks_used);
    cr_assert_eq(now.chunks.count, snap->chunks.count, "chunk count changed: %zu -> %zu",
                 snap->chunks.count, now.chunks.count);
    for (size_t i = 0; i < now.chunks.count; i++) {
        const halloc_chunk_info *a = &snap->chunks.items[i], *b = &now.chunks.items[i];
        cr_assert(a->region == b->region && a->offset == b->offset && a->size == b->size &&
                      a->payload == b->payload && a->usable == b->usable &&
                      a->is_free == b->is_free,
                  "chunk %zu changed: offset %zu size %zu free %d -> offset %zu size %zu free %d",
                  i, a->offset, a->size, a->is_free, b->offset, b->size, b->is_free);
    }
    chunk_list_free(&now.chunks);
    chunk_list_free(&snap->chunks);
}

halloc_heap *heap_from(halloc_config c)
{
    halloc_heap *h = halloc_create_ex(&c);
    cr_assert_not_null(h, "halloc_create_ex(initial %zu, max %zu, grow %d, trim %d, cache %d) failed, errno %d",
                       c.initial_size, c.max_size, c.grow, c.trim, c.cache_depth, errno);
    return h;
}

halloc_config fixed_config(size_t size)
{
    halloc_config c = halloc_default_config();
    c.initial_size = size;
    c.grow = 0;
    c.thread_safe = 0;
    return c;
}

halloc_heap *fixed_heap(size_t size) { return heap_from(fixed_config(size)); }

halloc_stats stats_of(halloc_heap *heap)
{
    halloc_stats st;
    cr_assert_eq(halloc_get_stats(heap, &st), 0, "halloc_get_stats failed, errno %d", errno);
    return st;
}

void assert_heap_ok(halloc_heap *heap)
{
    halloc_report report;
    memset(&report, 0, sizeof report);
    int rc = halloc_check(heap, &report);
    cr_assert_eq(rc, 0, "halloc_check failed: %s (region %zu offset %zu): %s",
                 halloc_invariant_name(report.invariant), report.region, report.offset,
                 report.message);
    cr_assert_eq(report.invariant, HALLOC_INV_NONE, "a passing check must report NONE");
}

void assert_stats_match_walk(halloc_heap *heap)
{
    halloc_stats st;
    chunk_list list;
    cr_assert_eq(halloc_get_stats(heap, &st), 0);
    cr_assert_eq(collect_chunks(heap, &list), 0);
    size_t used = 0, freeb = 0, nused = 0, nfree = 0, largest = 0, regions = 0;
    for (size_t i = 0; i < list.count; i++) {
        const halloc_chunk_info *c = &list.items[i];
        if (c->is_free) {
            freeb += c->usable;
            nfree++;
            if (c->usable > largest)
                largest = c->usable;
        } else {
            used += c->usable;
            nused++;
        }
        if (i == 0 || c->region != list.items[i - 1].region) /* indices keep gaps where regions went */
            regions++;
    }
    chunk_list_free(&list);
    cr_assert_eq(st.bytes_in_use, used, "bytes_in_use %zu, walk says %zu", st.bytes_in_use, used);
    cr_assert_eq(st.bytes_free, freeb, "bytes_free %zu, walk says %zu", st.bytes_free, freeb);
    cr_assert_eq(st.chunks_used, nused, "chunks_used %zu, walk says %zu", st.chunks_used, nused);
    cr_assert_eq(st.chunks_free, nfree, "chunks_free %zu, walk says %zu", st.chunks_free, nfree);
    cr_assert_eq(st.largest_free, largest, "largest_free %zu, largest free chunk holds %zu",
                 st.largest_free, largest);
    cr_assert_eq(st.regions, regions, "regions %zu, walk saw %zu", st.regions, regions);
    cr_assert_eq(st.bytes_in_use + st.bytes_free + st.overhead, st.mapped,
                 "in_use %zu + free %zu + overhead %zu != mapped %zu", st.bytes_in_use,
                 st.bytes_free, st.overhead, st.mapped);
}

void pattern_fill(void *p, size_t len, uint32_t seed)
{
    unsigned char *b = p;
    for (size_t i = 0; i < len; i++)
        b[i] = (unsigned char)(seed * 31u + i * 7u + (i >> 8));
}

int pattern_ok(const void *p, size_t len, uint32_t seed)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < len; i++)
        if (b[i] != (unsigned char)(seed * 31u + i * 7u + (i >> 8)))
            return 0;
    return 1;
}

uint32_t rng_next(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

size_t rng_below(uint32_t *state, size_t bound)
{
    return bound ? rng_next(state) % bound : 0;
}

halloc_chunk_info chunk_of(halloc_heap *h, const void *payload)
{
    chunk_list list;
    cr_assert_eq(collect_chunks(h, &list), 0);
    const halloc_chunk_info *c = find_chunk(&list, payload);
    cr_assert_not_null(c, "no chunk has payload %p", payload);
    halloc_chunk_info copy = *c;
    chunk_list_free(&list);
    return copy;
}

void limit_address_space(size_t room)
{
    unsigned long pages = 0;
    FILE *statm = fopen("/proc/self/statm", "r");
    cr_assert_not_null(statm, "cannot read /proc/self/statm");
    cr_assert_eq(fscanf(statm, "%lu", &pages), 1);
    fclose(statm);
    struct rlimit lim;
    cr_assert_eq(getrlimit(RLIMIT_AS, &lim), 0, "getrlimit: %s", strerror(errno));
    lim.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (rlim_t)room;
    cr_assert_eq(setrlimit(RLIMIT_AS, &lim), 0, "setrlimit: %s", strerror(errno));
}

void unlimit_address_space(void)
{
    struct rlimit lim;
    cr_assert_eq(getrlimit(RLIMIT_AS, &lim), 0, "getrlimit: %s", strerror(errno));
    lim.rlim_cur = lim.rlim_max;
    cr_assert_eq(setrlimit(RLIMIT_AS, &lim), 0, "setrlimit: %s", strerror(errno));
}

size_t resident_pages(const void *p, size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
    uintptr_t end = ((uintptr_t)p + len) & ~(uintptr_t)(page - 1);
    unsigned char vec[1024];
    size_t n = 0;
    for (; start < end; start += sizeof vec * page) {
        size_t pages = (end - start) / page < sizeof vec ? (end - start) / page : sizeof vec;
        cr_assert_eq(mincore((void *)start, pages * page, vec), 0, "mincore failed, errno %d", errno);
        for (size_t i = 0; i < pages; i++)
            n += vec[i] & 1;
    }
    return n;
}

void stderr_of(void (*fn)(const void *arg), const void *arg, char *buf, size_t len)
{
    FILE *caught = tmpfile();
    cr_assert_not_null(caught, "tmpfile: %s", strerror(errno));
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    cr_assert(saved >= 0 && dup2(fileno(caught), STDERR_FILENO) >= 0, "dup: %s", strerror(errno));
    fn(arg);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(caught);
    size_t n = fread(buf, 1, len - 1, caught);
    buf[n] = '\0';
    fclose(caught);
}

char *dump_to_string(halloc_heap *heap, int *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cr_assert_not_null(out, "open_memstream: %s", strerror(errno));
    errno = 0;
    halloc_dump(heap, out);
    if (err)
        *err = errno;
    cr_assert_eq(fclose(out), 0, "closing the dump's memory stream: %s", strerror(errno));
    return text;
}
