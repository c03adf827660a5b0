/*
 * stats.c - glibc's statistics calls (mallinfo2, mallinfo, malloc_stats,
 * malloc_info) answered for halloc's heap, and mallopt, which says that it
 * changed nothing; glibc's own __libc_ names for them too. Left to glibc,
 * they would describe or tune glibc's unused heap: a silent wrong answer.
 */
#include "halloc.h"
#include "log.h"
#include "shim.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * glibc's statistics, answered for halloc's heap. Field by field, glibc's
 * meaning and halloc's counterpart: arena (bytes from the OS) = every mapped
 * region; smblks, fsmblks (fastbin chunks, bytes) = the cache, halloc's
 * counterpart of fastbins; ordblks (free chunks but fastbins) = listed free
 * chunks; hblks, hblkhd (blocks mmapped on their own) = 0, halloc keeps big
 * blocks in regions; fordblks (free bytes, fastbins included) = free + cached
 * usable bytes; uordblks = arena - fordblks, as in glibc (in-use bytes with
 * their overhead); keepcost (releasable top) = 0, halloc has no top chunk and
 * unmaps a wholly free region at once; usmblks = 0, as in glibc. halloc's
 * chunks_free and bytes_free count the cached ones already (halloc.h).
 */
static size_t listed_chunks(halloc_stats st) { return st.chunks_free - st.chunks_cached; }
static size_t listed_bytes(halloc_stats st) { return st.bytes_free - st.bytes_cached; }

static struct mallinfo2 info_of(halloc_stats st)
{
    struct mallinfo2 mi;
    memset(&mi, 0, sizeof mi);
    mi.arena = st.mapped;
    mi.ordblks = listed_chunks(st);
    mi.smblks = st.chunks_cached;
    mi.fsmblks = st.bytes_cached;
    mi.fordblks = st.bytes_free;
    mi.uordblks = st.mapped - mi.fordblks;
    return mi;
}

static struct mallinfo2 heap_info(void)
{
    return info_of(shim_heap_stats(shim_heap(), "mallinfo"));
}

HL_EXPORT struct mallinfo2 mallinfo2(void)
{
    return heap_info();
}

static int int_field(size_t v) { return v > INT_MAX ? INT_MAX : (int)v; }

/* The old int interface: fields beyond INT_MAX read INT_MAX, not a wrapped value. */
HL_EXPORT struct mallinfo mallinfo(void)
{
    struct mallinfo2 mi2 = heap_info();
    struct mallinfo mi = {
        int_field(mi2.arena),   int_field(mi2.ordblks), int_field(mi2.smblks),   int_field(mi2.hblks),
        int_field(mi2.hblkhd),  int_field(mi2.usmblks), int_field(mi2.fsmblks),  int_field(mi2.uordblks),
        int_field(mi2.fordblks), int_field(mi2.keepcost),
    };
    return mi;
}

/* glibc's first two lines per arena, as glibc computes them (mallinfo's
 * arena and uordblks: in use with the heap's overhead, so the three byte
 * counts add up to the system bytes), then halloc's own figures, to stderr. */
HL_EXPORT void malloc_stats(void)
{
    halloc_stats st = shim_heap_stats(shim_heap(), "malloc_stats");
    shim_say_to(STDERR_FILENO,
                "halloc heap:\nsystem bytes     = %10zu\nin use bytes     = %10zu\nfree bytes       = %10zu\n"
                "cached bytes     = %10zu\nusable in use    = %10zu\nblocks in use    = %10zu\n"
                "regions          = %10zu\nhigh-water bytes = %10zu\n",
                st.mapped, info_of(st).uordblks, listed_bytes(st), st.bytes_cached, st.bytes_in_use, st.chunks_used,
                st.regions, st.high_water);
}

/* The totals malloc_info prints for the heap, and again for all heaps. */
static void print_totals(FILE *fp, const halloc_stats *st)
{
    fprintf(fp, "<total type=\"fast\" count=\"%zu\" size=\"%zu\"/>\n", st->chunks_cached, st->bytes_cached);
    fprintf(fp, "<total type=\"rest\" count=\"%zu\" size=\"%zu\"/>\n", listed_chunks(*st), listed_bytes(*st));
    fprintf(fp, "<system type=\"current\" size=\"%zu\"/>\n", st->mapped);
    fprintf(fp, "<aspace type=\"total\" size=\"%zu\"/>\n", st->mapped);
}

/* glibc's XML shape (one heap, then the totals; no per-size histogram). As in
 * glibc, options other than 0 are refused with EINVAL. */
HL_EXPORT int malloc_info(int options, FILE *fp)
{
    if (options != 0)
        return EINVAL;
    halloc_stats st = shim_heap_stats(shim_heap(), "malloc_info");
    fprintf(fp, "<malloc version=\"1\" allocator=\"halloc\">\n<heap nr=\"0\">\n<sizes>\n</sizes>\n");
    print_totals(fp, &st);
    fprintf(fp, "</heap>\n");
    print_totals(fp, &st);
    fprintf(fp, "<total type=\"mmap\" count=\"0\" size=\"0\"/>\n</malloc>\n");
    return 0;
}

/* halloc has none of glibc's tunables: 0 tells the caller nothing changed
 * (glibc's own mallopt would return 1 and tune a heap nobody uses). */
HL_EXPORT int mallopt(int param, int value)
{
    (void)param;
    (void)value;
    return 0;
}

/* glibc's names for mallinfo and mallopt (glibc 2.36 has no __libc_mallinfo2) described and
 * tuned glibc's unused heap while the shim's answered for halloc's. Aliases are made in the
 * file that defines their target. */
#pragma GCC diagnostic push
#ifndef __clang__ /* gcc: the aliases lack the attributes malloc.h gives the calls, which only help callers optimise */
#pragma GCC diagnostic ignored "-Wmissing-attributes"
#endif
HL_EXPORT struct mallinfo __libc_mallinfo(void) __attribute__((alias("mallinfo")));
HL_EXPORT int __libc_mallopt(int param, int value) __attribute__((alias("mallopt")));
#pragma GCC diagnostic pop
