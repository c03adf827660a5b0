/*
 * report.c - one function per kind of error. Each sets errno, records a
 * one-line message naming the likely cause in the heap (halloc_last_error)
 * and returns -1. Plain builds stay silent. HALLOC_DEBUG builds print misuse
 * and corruption reports (bad pointer, double free, damaged heap) to stderr,
 * or a host's log (hl_debug_print), and abort; set HALLOC_NOABORT=1 in the
 * environment to only print, e.g. in tests that provoke them (0 or empty:
 * abort; any other value is refused).
 * Runtime conditions (ENOMEM, size 0, bad alignment) are only recorded: a
 * program may handle them.
 */
#include "cut.h"
#include "errno_names.h"
#include "hl_switch.h"
#include "internal.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* For errors without a usable heap (NULL or destroyed). */
static _Thread_local char hl_orphan_error[200];

/* This thread's last failure on a heap: the heap's serial (0: none) and its
 * message. A thread-safe heap's last_error is whichever thread failed last;
 * halloc_last_error gives a thread its own, as errno does. The serial, not
 * the address: a heap destroyed and another created where it was must not
 * be given the first one's message. */
static _Thread_local uint64_t hl_own_serial;
static _Thread_local char hl_own_error[sizeof ((hl_heap *)0)->last_error];

/* The heap's message as this thread last read it: copied under the heap's
 * lock, since another thread's failing call may be rewriting it (read in
 * place, a reader saw the ends of two messages spliced: a data race). */
static _Thread_local char hl_read_error[sizeof ((hl_heap *)0)->last_error];

enum hl_severity { HL_RUNTIME, HL_MISUSE };

/* 1 when this thread's last report was printed (HALLOC_DEBUG prints misuse
 * reports), so whoever passes it on need not print it again. */
static _Thread_local int hl_last_report_printed;

static int hl_report(hl_heap *h, int err, enum hl_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
int hl_debug_host_aborts;

/* HALLOC_NOABORT, a switch (hl_switch.h): on only prints misuse reports;
 * off, unset or empty aborts. Any other value is said and aborts: a typo
 * must not let a program run on after the double free it was meant to stop
 * at. Read at each report, not once: tests switch it between cases. Said
 * where the report is (hl_debug_print), from inside the misused call: in the
 * preload shim its log, written without stdio, which may allocate there from
 * this very heap or wait for a stream's lock the program holds. A host that
 * aborts itself (hl_debug_host_aborts) gets every good value's report back. */
static int hl_misuse_aborts(void)
{
    const char *text = hl_env("HALLOC_NOABORT");
    int noabort = hl_switch_value(text);
    if (noabort == HL_SWITCH_BAD)
        hl_debug_print("halloc: " HL_SWITCH_REFUSED, "HALLOC_NOABORT", text);
    else if (hl_debug_host_aborts)
        return 0;
    return noabort != HL_SWITCH_ON;
}
#endif

/* Formats into buf; a message longer than len - 1 ends in HL_CUT_MARK
 * (cut.h), and a debug build says so on stderr (the message is too long for
 * its buffer: shorten it, or grow the buffer). */
static void hl_format(char *buf, size_t len, const char *fmt, va_list ap)
{
    if (!hl_vsay(buf, len, fmt, ap))
        return;
#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
    hl_debug_print("halloc: a report was cut to %zu bytes (it ends in \"" HL_CUT_MARK "\"): "
                   "shorten it or grow its buffer\n", len - 1);
#endif
}

static int hl_vreport(hl_heap *h, int err, enum hl_severity sev, const char *fmt, va_list ap)
{
    char *buf = h ? h->last_error : hl_orphan_error;
    size_t len = h ? sizeof h->last_error : sizeof hl_orphan_error;
    hl_format(buf, len, fmt, ap);
    if (h) {
        memcpy(hl_own_error, buf, sizeof hl_own_error);
        hl_own_serial = h->serial;
    }
    hl_last_report_printed = 0;
#if defined(HALLOC_DEBUG) && HALLOC_DEBUG
    if (sev == HL_MISUSE) {
        hl_debug_print("%s\n", buf); /* stderr, or the host's log (internal.h) */
        hl_last_report_printed = 1;
        if (hl_misuse_aborts())
            abort();
    }
#else
    (void)sev;
#endif
    errno = err;
    return -1;
}

static int hl_report(hl_heap *h, int err, enum hl_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = hl_vreport(h, err, sev, fmt, ap);
    va_end(ap);
    return rc;
}

/* No heap came of it, so the message is the thread's, as for a NULL heap:
 * a config has several fields that EINVAL could be about. */
int hl_report_create_failed(int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = hl_vreport(NULL, err, HL_RUNTIME, fmt, ap);
    va_end(ap);
    return rc;
}

/* The region whose whole span [start, end) holds addr - its fence and
 * bookkeeping too, which hl_region_of leaves out - or NULL. Only sealed
 * links are followed: the region list may be what is damaged. */
static const hl_region *hl_region_spanning(const hl_heap *h, const void *addr)
{
    const hl_region *r = &h->region0;
    if ((uintptr_t)addr - (uintptr_t)r < r->size)
        return r;
    for (r = hl_region_intact(h, r) ? r->next : NULL; r && hl_region_intact(h, r); r = r->next)
        if ((uintptr_t)addr - (uintptr_t)r < r->size)
            return r;
    return NULL;
}

/* The first region on the list whose header does not match its seal, or NULL. */
static const hl_region *hl_first_unsealed(const hl_heap *h)
{
    for (const hl_region *r = &h->region0; r; r = r->next)
        if (!hl_region_intact(h, r))
            return r;
    return NULL;
}

/* Room for hl_where's longest text: two 20-digit numbers, or a pointer. */
#define HL_WHERE_LEN 64

/* Where addr is, for messages: "region I offset O", or, for a wild link or
 * pointer that no region spans, the address itself (an index and offset
 * would point at region 0's start, which is not where the damage is). */
static const char *hl_where(const hl_heap *h, const void *addr, char *text, size_t len)
{
    const hl_region *r = addr ? hl_region_spanning(h, addr) : NULL;
    if (r)
        hl_say(text, len, "region %zu offset %zu", r->index, hl_region_offset(r, addr));
    else
        hl_say(text, len, "%p, outside every region", addr);
    return text;
}

int hl_report_bad_heap(const char *op)
{
    return hl_report(NULL, EINVAL, HL_MISUSE,
                     "halloc: %s: the heap is NULL or destroyed: pass a heap from halloc_create*", op);
}

int hl_report_no_default_heap(const void *p)
{
    return hl_report(NULL, EINVAL, HL_MISUSE,
                     "halloc: hfree(%p): there is no default heap (not made yet, or hfini ended it): pass hfree "
                     "only what halloc, hcalloc or hrealloc returned", p);
}

int hl_report_bad_size(hl_heap *h, const char *op)
{
    return hl_report(h, EINVAL, HL_RUNTIME, "halloc: %s(0): size 0 is not allowed: ask for at least 1 byte", op);
}

int hl_report_bad_alignment(hl_heap *h, const char *op, size_t alignment)
{
    return hl_report(h, EINVAL, HL_RUNTIME, "halloc: %s: alignment %zu is not a power of two: use 1, 2, 4, 8, 16, ...",
                     op, alignment);
}

int hl_report_too_large(hl_heap *h, const char *op, size_t size)
{
    return hl_report(h, ENOMEM, HL_RUNTIME,
                     "halloc: %s(%zu): request too large (limit below %zu bytes, or n*size overflows)", op, size,
                     HL_MAX_REQUEST);
}

int hl_report_alignment_too_large(hl_heap *h, size_t alignment)
{
    return hl_report(h, ENOMEM, HL_RUNTIME,
                     "halloc: aligned_alloc: alignment %zu is too large (limit below %zu bytes): no block can be "
                     "placed that far apart", alignment, HL_MAX_REQUEST);
}

int hl_report_calloc_overflow(hl_heap *h, size_t n, size_t size)
{
    return hl_report(h, ENOMEM, HL_RUNTIME, "halloc: calloc(%zu, %zu): n * size overflows size_t: no block can be "
                     "that large", n, size);
}

/* errno's text from a table rather than strerror: reports run with the
 * heap's lock held, and strerror in a locale other than C mallocs (gettext
 * loads the catalogue) - in the preload shim from this very heap, whose lock
 * it then waited for for ever (perl out of memory under `ulimit -v` with
 * LANG=C.UTF-8). Plain snprintf, no cut mark: the text is a word of a
 * message, and every text the table holds fits the HL_ERRNO_TEXT_LEN bytes
 * each caller gives (tests/test_errno.c checks). */
const char *hl_errno_text(int err, char *text, size_t len)
{
    const struct hl_errno_name *known = hl_errno_lookup(err);
    if (known)
        snprintf(text, len, "%s", known->text);
    else
        snprintf(text, len, "errno %d", err);
    return text;
}

/* refused: the bytes of a mapping the system refused (hl_grow), or 0 if the
 * heap may not grow: which of its limits says no. needed: what growing
 * would map (hl_grow), which max_size is set against: with the free-list
 * table's own mapping in it, "4096 mapped" of a 12288-byte cap refusing a
 * 4096-byte malloc is no longer a riddle. */
int hl_report_out_of_memory(hl_heap *h, const char *op, size_t size, size_t refused, size_t needed)
{
    char why[200], map_error[HL_ERRNO_TEXT_LEN];
    hl_errno_text(errno, map_error, sizeof map_error);
    if (h->in_buffer)
        hl_say(why, sizeof why, "a heap over a caller's buffer never grows: give it a larger buffer");
    else if (!h->config.grow)
        hl_say(why, sizeof why, "this heap may not grow (config.grow is 0)");
    else if (refused)
        hl_say(why, sizeof why, "the system refused to map %zu bytes more (%s): a memory limit (ulimit -v, "
                 "cgroup) or a full address space", refused, map_error);
    else if (h->config.max_size)
        hl_say(why, sizeof why,
               "growing would pass max_size (%zu bytes, %zu mapped, %zu more needed): raise max_size (0: no cap)",
               h->config.max_size, h->mapped, needed);
    else
        hl_say(why, sizeof why, "the region it needs would pass the largest, %zu bytes", (size_t)HL_MAX_REGION);
    return hl_report(h, ENOMEM, HL_RUNTIME, "halloc: %s(%zu): out of memory: no free chunk fits, and %s", op, size,
                     why);
}

int hl_report_invalid_pointer(hl_heap *h, const char *op, const void *p, const char *why)
{
    return hl_report(h, EINVAL, HL_MISUSE, "halloc: %s(%p): the pointer %s: pass only pointers this heap returned",
                     op, p, why);
}

int hl_report_double_free(hl_heap *h, const char *op, const void *p)
{
    char where[HL_WHERE_LEN];
    return hl_report(h, EALREADY, HL_MISUSE, "halloc: %s(%p): memory at %s is already free: likely a double free",
                     op, p, hl_where(h, p, where, sizeof where));
}

int hl_report_corrupt_header(hl_heap *h, const char *op, const void *p, const hl_chunk *bad)
{
    char where[HL_WHERE_LEN], call[64];
    if (p)
        hl_say(call, sizeof call, "%s(%p)", op, p);
    else
        hl_say(call, sizeof call, "%s", op);
    return hl_report(h, ENOTRECOVERABLE, HL_MISUSE,
                     "halloc: %s: header check failed at %s: likely an overflow from the block before it "
                     "or a stale pointer's write; the heap is broken",
                     call, hl_where(h, bad, where, sizeof where));
}

int hl_report_corrupt_footer(hl_heap *h, const char *op, const void *p, const hl_chunk *c)
{
    char where[HL_WHERE_LEN];
    return hl_report(h, ENOTRECOVERABLE, HL_MISUSE,
                     "halloc: %s(%p): the free chunk before %s has a damaged footer or header: "
                     "likely a write after free; the heap is broken",
                     op, p, hl_where(h, c, where, sizeof where));
}

/* A link in a list of freed chunks (free list or cache) led somewhere wrong,
 * or seemed to: a link is placed by a lookup (hl_region_holding) that a
 * damaged region header stops, so a sound link into that region looks wild.
 * Then that header is the fault, and the one named. */
static int hl_report_damaged_links(hl_heap *h, const char *op, const hl_chunk *bad, const char *what)
{
    char where[HL_WHERE_LEN];
    if (hl_report_unsealed_region(h, op))
        return -1;
    return hl_report(h, ENOTRECOVERABLE, HL_MISUSE,
                     "halloc: %s: %s damaged near %s: likely a write after free, or a "
                     "buffer overflow from the block before it; the heap is broken",
                     op, what, hl_where(h, bad, where, sizeof where));
}

int hl_report_corrupt_list(hl_heap *h, const char *op, const hl_chunk *bad)
{
    return hl_report_damaged_links(h, op, bad, "free list");
}

int hl_report_corrupt_cache(hl_heap *h, const char *op, const hl_chunk *bad)
{
    return hl_report_damaged_links(h, op, bad, "cache of freed blocks");
}

int hl_report_corrupt_heap(hl_heap *h, const char *op)
{
    return hl_report(h, ENOTRECOVERABLE, HL_MISUSE,
                     "halloc: %s: the heap bookkeeping before its first block (free lists, cache, region links) "
                     "was overwritten: likely an underflow of that block or a stale pointer's write; the heap is "
                     "broken",
                     op);
}

/* The fields named are those the seal covers (seal.h), as the checker
 * names them. */
int hl_report_corrupt_region(hl_heap *h, const char *op, const hl_region *r)
{
    if (r == &h->region0)
        return hl_report(h, ENOTRECOVERABLE, HL_MISUSE,
                         "halloc: %s: region 0's " HL_REGION0_SEALED " was overwritten; the heap is broken", op);
    return hl_report(h, ENOTRECOVERABLE, HL_MISUSE,
                     "halloc: %s: the header of the region at %p was overwritten (its " HL_REGION_SEALED
                     "): likely an underflow of its first block; the heap is broken",
                     op, (const void *)r);
}

int hl_report_unsealed_region(hl_heap *h, const char *op)
{
    const hl_region *bad = hl_first_unsealed(h);
    return bad ? hl_report_corrupt_region(h, op, bad) : 0;
}

/* What hl_note_unmapped keeps: the heap by its serial (a heap created where
 * a destroyed one was is not it), and the region's span. One ring for the
 * process, written by the threads of many heaps at once and read without a
 * lock (a lock here would be one more to hold across fork): each slot is a
 * seqlock whose stamp is odd while it is written, so a reader skips a slot
 * it saw change. Every access is atomic, so the sanitizers see no race.
 * Slot i is index i of each array (an array of structs would have 8-byte
 * atomic fields, whose alignment gcc -m32 notes at every build). */
static _Atomic uint64_t hl_unmapped_stamp[HL_UNMAPPED_KEPT]; /* 2n+1 while the n-th note is written, 2n+2 once done */
static _Atomic uint64_t hl_unmapped_serial[HL_UNMAPPED_KEPT];
static _Atomic uintptr_t hl_unmapped_start[HL_UNMAPPED_KEPT];
static _Atomic size_t hl_unmapped_size[HL_UNMAPPED_KEPT];
static _Atomic uint64_t hl_unmapped_notes;

void hl_note_unmapped(const hl_heap *h, uintptr_t start, size_t size)
{
    uint64_t n = atomic_fetch_add_explicit(&hl_unmapped_notes, 1, memory_order_relaxed);
    size_t i = n % HL_UNMAPPED_KEPT;
    atomic_store_explicit(&hl_unmapped_stamp[i], 2 * n + 1, memory_order_relaxed);
    /* release: a reader that sees any of these sees the odd stamp after it */
    atomic_store_explicit(&hl_unmapped_serial[i], h->serial, memory_order_release);
    atomic_store_explicit(&hl_unmapped_start[i], start, memory_order_release);
    atomic_store_explicit(&hl_unmapped_size[i], size, memory_order_release);
    atomic_store_explicit(&hl_unmapped_stamp[i], 2 * n + 2, memory_order_release);
}

/* Nonzero if addr lay in a region of h the ring remembers unmapping. */
static int hl_was_unmapped(const hl_heap *h, const void *addr)
{
    for (size_t i = 0; i < HL_UNMAPPED_KEPT; i++) {
        uint64_t before = atomic_load_explicit(&hl_unmapped_stamp[i], memory_order_acquire);
        uint64_t serial = atomic_load_explicit(&hl_unmapped_serial[i], memory_order_acquire);
        uintptr_t start = atomic_load_explicit(&hl_unmapped_start[i], memory_order_acquire);
        size_t size = atomic_load_explicit(&hl_unmapped_size[i], memory_order_acquire);
        int whole = before % 2 == 0 && atomic_load_explicit(&hl_unmapped_stamp[i], memory_order_relaxed) == before;
        if (whole && serial == h->serial && (uintptr_t)addr - start < size)
            return 1;
    }
    return 0;
}

/* hl_region_of found no region for p: p is not ours, was in a region since
 * unmapped, or a damaged region header stopped the search. */
int hl_report_not_in_heap(hl_heap *h, const char *op, const void *p)
{
    if (hl_report_unsealed_region(h, op))
        return -1;
    if (hl_was_unmapped(h, p))
        return hl_report_invalid_pointer(h, op, p,
                                         "was inside a region this heap unmapped (trim): likely a double free "
                                         "or a use after free");
    return hl_report_invalid_pointer(h, op, p, "is not inside this heap");
}

int hl_report_was_printed(void)
{
    return hl_last_report_printed;
}

const char *halloc_last_error(const halloc_heap *h)
{
    if (!hl_heap_ok(h))
        return hl_orphan_error;
    if (h->serial == hl_own_serial)
        return hl_own_error;
    hl_heap *locked = (hl_heap *)(uintptr_t)h; /* only its lock is written */
    hl_lock(locked);
    memcpy(hl_read_error, h->last_error, sizeof hl_read_error);
    hl_unlock(locked);
    return hl_read_error;
}
