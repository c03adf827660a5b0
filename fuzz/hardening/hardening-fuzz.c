/*
 * hardening-fuzz.c - libFuzzer target for halloc's hardening claims
 * (allocator/README.md "Hardening: what is detected"): a program with a heap bug - a
 * write past the end of a block, a write into a freed one - may damage
 * halloc's headers, links and footers, and halloc must then either carry on
 * correctly or refuse with ENOTRECOVERABLE; it must never crash, never write
 * into another live block, never hand out memory that overlaps one.
 *
 * Each live block has a shadow of what it must contain, including the stray
 * bytes the program wrote into it. The config byte picks the heap: a buffer
 * heap between two PROT_NONE pages (halloc writing past it faults), or an
 * mmap'd heap that grows past its 64 KiB and, by default, unmaps a region
 * that becomes wholly free - so a stray write lands only on memory the heap
 * still has (the program's bug, not a fault of its own). Input:
 *
 *   byte 0    config: bit 0 mmap'd heap, bit 1 it never trims, bits 2-4 a
 *             cache depth (0: none)
 *   then records of HF_RECORD bytes:
 *   byte 0    op, modulo HF_OP_COUNT (enum hf_op)
 *   byte 1    slot, modulo HF_SLOTS
 *   byte 2-3  size (little-endian), or an alignment's log2 in byte 2
 *   byte 4    distance: how far past the block's end (or into the freed
 *             block, from its header on) the stray write starts
 *   byte 5    length of the stray write, 1 + (byte % 16)
 *   byte 6-7  the stray bytes' seed
 *
 * Built without ASan (it would stop the stray write itself): libFuzzer and
 * UBSan only (fuzz/hardening/build.mk: make fuzz-hardening).
 */
#include "hl_switch.h"
#include "internal.h" /* the chunk layout: which free bytes are bookkeeping */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HF_RECORD    8
#define HF_SLOTS     32
#define HF_BUFFER    (256 * 1024)
#define HF_MAX_SIZE  (32 * 1024) /* largest request */
#define HF_SHADOW    (64 * 1024) /* a block's usable size may pass its request by a little */
#define HF_MAX_OPS   400
#define HF_HISTORY   12

enum hf_op {
    HF_MALLOC, HF_CALLOC, HF_REALLOC, HF_ALIGNED, HF_FREE, HF_OVERFLOW, HF_WRITE_FREED, HF_CHECK, HF_OP_COUNT
};
static const char *const hf_op_name[HF_OP_COUNT] = {"malloc", "calloc", "realloc", "aligned_alloc",
                                                    "free", "overflow", "write-after-free", "check"};

struct hf_slot {
    unsigned char *p;      /* live block, or NULL */
    size_t usable;
    unsigned char *expect; /* HF_SHADOW bytes: what p[0, usable) must hold */
    unsigned char *stale;  /* the last block freed from this slot: a dangling pointer */
    size_t stale_usable;
};

static struct {
    unsigned char *buffer; /* the buffer heap's memory, between PROT_NONE pages */
    uintptr_t page;
    halloc_heap *heap;
    int in_buffer;
    struct hf_slot slot[HF_SLOTS];
    char history[HF_HISTORY][128];
    unsigned ops;
    int damaged; /* a stray write changed a byte of halloc's bookkeeping */
    int trace;   /* HALLOC_HARDENING_TRACE set: every op printed (make fuzz-hardening CRASH=) */
    char refusal[320]; /* why halloc refused, when it did: its message taken at the refusal */
} hf;

/* The one-screen report (the harness's format, so make fuzz-hardening
 * re-prints it at the end of the run): what broke, why, the last ops, and
 * halloc's refusal as it was said. Not halloc_last_error now: that may be
 * an allocation's ENOMEM, which is no refusal (tests/test_hardening_report.c),
 * or on a damaged heap the harness's own walk's (hf_is_bookkeeping); and
 * halloc_check's report is no last error at all. */
static void hf_fail(const char *what, const char *cause)
{
    fprintf(stderr, "halloc-fuzz: ORACLE hardening: %s\n  likely cause: %s\n  heap: %s\n  last ops (oldest first):\n",
            what, cause, hf.in_buffer ? "buffer" : "mmap'd, grows");
    for (unsigned i = hf.ops > HF_HISTORY ? hf.ops - HF_HISTORY : 0; i < hf.ops; i++)
        fprintf(stderr, "    #%u %s\n", i, hf.history[i % HF_HISTORY]);
    fprintf(stderr, "  halloc refused: %s\n", hf.refusal[0] ? hf.refusal
                                                         : "nothing (every call above succeeded, or an allocation "
                                                           "failed with ENOMEM, which it may)");
    abort();
}

/* Keeps the message of the refusal just made; heap NULL: a create's. */
static void hf_take_refusal(const halloc_heap *heap)
{
    int err = errno;
    snprintf(hf.refusal, sizeof hf.refusal, "%s", halloc_last_error(heap));
    errno = err;
}

#define HF_FOLLOWED "halloc followed a damaged header, footer or list link instead of refusing it"

static void hf_setup(void)
{
    const char *trace = hl_env("HALLOC_HARDENING_TRACE");
    int on = hl_switch_value(trace); /* read as every HALLOC_* switch is */
    if (on == HL_SWITCH_BAD) {
        fprintf(stderr, "hardening-fuzz: " HL_SWITCH_REFUSED, "HALLOC_HARDENING_TRACE", trace);
        exit(2);
    }
    hf.trace = on == HL_SWITCH_ON;
    hf.page = (uintptr_t)sysconf(_SC_PAGESIZE);
    unsigned char *map = mmap(NULL, HF_BUFFER + 2 * hf.page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                              -1, 0);
    if (map == MAP_FAILED || mprotect(map, hf.page, PROT_NONE) != 0 ||
        mprotect(map + hf.page + HF_BUFFER, hf.page, PROT_NONE) != 0) {
        perror("hardening-fuzz: mmap");
        exit(2);
    }
    hf.buffer = map + hf.page;
    for (unsigned i = 0; i < HF_SLOTS; i++)
        if (!(hf.slot[i].expect = malloc(HF_SHADOW)))
            exit(2);
}

static halloc_heap *hf_create(uint8_t config)
{
    halloc_config c = halloc_default_config();
    c.thread_safe = 0;
    c.cache_depth = config >> 2 & 7;
    hf.in_buffer = !(config & 1);
    if (hf.in_buffer)
        return halloc_create_in_ex(hf.buffer, HF_BUFFER, &c);
    c.initial_size = 64 * 1024;
    c.max_size = 1024 * 1024;
    c.grow = 1;
    c.trim = config & 2 ? HALLOC_TRIM_NEVER : HALLOC_TRIM_EAGER;
    return halloc_create_ex(&c);
}

static int hf_overlaps(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
    return a < b + bn && b < a + an;
}

/* A block returned by halloc: big enough, aligned, over no live block,
 * inside the buffer of a buffer heap. Fills it and its shadow. */
static void hf_claim(unsigned slot, unsigned char *p, size_t want, size_t align, int zeroed)
{
    size_t usable = halloc_usable_size(hf.heap, p);
    if (usable < want || usable > HF_SHADOW)
        hf_fail("a block handed out is smaller than asked, or implausibly large", HF_FOLLOWED);
    if (hf.in_buffer && (p < hf.buffer || (size_t)(p - hf.buffer) > HF_BUFFER - usable))
        hf_fail("a block handed out lies outside the heap's buffer", HF_FOLLOWED);
    if ((uintptr_t)p % align)
        hf_fail("a block handed out is misaligned", HF_FOLLOWED);
    for (unsigned i = 0; i < HF_SLOTS; i++)
        if (i != slot && hf.slot[i].p && hf_overlaps(p, usable, hf.slot[i].p, hf.slot[i].usable))
            hf_fail("a block handed out overlaps a live block", HF_FOLLOWED);
    for (size_t i = 0; zeroed && i < want; i++)
        if (p[i])
            hf_fail("calloc returned a block that is not zeroed", "calloc's zeroing, or a damaged size it trusted");
    struct hf_slot *s = &hf.slot[slot];
    for (size_t i = 0; i < usable; i++)
        p[i] = s->expect[i] = (unsigned char)(slot * 37 + i * 7 + hf.ops);
    s->p = p;
    s->usable = usable;
}

/* The live block in `slot` still holds what it must. */
static void hf_verify(unsigned slot)
{
    const struct hf_slot *s = &hf.slot[slot];
    if (memcmp(s->p, s->expect, s->usable) != 0)
        hf_fail("a live block's contents changed: halloc wrote into it", HF_FOLLOWED);
}

/* A failed call is fine only as ENOTRECOVERABLE (damage seen: the run
 * ends) or ENOMEM for an allocation; anything else is a wrong answer. */
static int hf_refused(int allocation)
{
    if (allocation && errno == ENOMEM)
        return 0;
    hf_take_refusal(hf.heap);
    if (errno == ENOTRECOVERABLE && !hf.damaged)
        hf_fail("halloc reported damage, but no byte of its bookkeeping was changed",
                "a false alarm: a validation that rejects an intact heap");
    if (errno == ENOTRECOVERABLE)
        return 1;
    hf_fail("a call on a live block failed with an errno other than ENOTRECOVERABLE",
            "damage blamed on the caller's pointer (EINVAL, EALREADY) instead of reported as damage");
    return 1;
}

/* Where a byte outside every live block lies: in halloc's bookkeeping (a
 * header, a free chunk's links or footer, a cached chunk's link, the fence,
 * region and heap headers), or in the unused payload of a free chunk, which
 * halloc never reads (a write there is harmless, and must not be refused). */
struct hf_where {
    const unsigned char *x;
    int harmless;
};

static int hf_locate(const halloc_chunk_info *c, void *ctx)
{
    struct hf_where *w = ctx;
    const unsigned char *payload = c->payload, *start = payload - HL_HEADER, *end = start + c->size;
    if (w->x < start || w->x >= end)
        return 0;
    /* internal.h: a cached chunk's one link, a free chunk's two, start its payload */
    const unsigned char *links_end = start + (c->is_cached ? HL_OFF_NEXT : HL_OFF_PREV) + 8; /* 8-byte words */
    if (c->is_cached)
        w->harmless = w->x >= links_end;
    else if (c->is_free)
        w->harmless = c->size > HL_MIN_CHUNK && w->x >= links_end && w->x < end - HL_FOOTER;
    return 1;
}

/* Nonzero if changing the byte at x (in no live block) damages halloc's
 * bookkeeping; a heap too damaged to walk counts as damaged. */
static int hf_is_bookkeeping(const unsigned char *x)
{
    struct hf_where w = {x, 0};
    if (halloc_walk(hf.heap, hf_locate, &w) < 0)
        return 1;
    return !w.harmless;
}

/* The program's bug: n bytes written at q (clipped to the buffer of a
 * buffer heap; in an mmap'd heap only where halloc_owns says the heap has
 * memory: a freed block's region may be unmapped, its addresses reused by
 * another mapping). A live block they land in now holds them; a changed byte
 * of halloc's bookkeeping is damage. */
static void hf_stray_write(unsigned char *q, size_t n, unsigned seed)
{
    if (hf.in_buffer) {
        if (q < hf.buffer || q >= hf.buffer + HF_BUFFER)
            return;
        if (n > (size_t)(hf.buffer + HF_BUFFER - q))
            n = (size_t)(hf.buffer + HF_BUFFER - q);
    } else if (!halloc_owns(hf.heap, q, n))
        return;
    for (size_t i = 0; i < n; i++) {
        unsigned char v = (unsigned char)(seed >> (i % 2 * 8));
        int in_live = 0;
        for (unsigned k = 0; k < HF_SLOTS; k++) {
            struct hf_slot *s = &hf.slot[k];
            if (s->p && hf_overlaps(q + i, 1, s->p, s->usable)) {
                s->expect[q + i - s->p] = v;
                in_live = 1;
            }
        }
        if (!in_live && q[i] != v && !hf.damaged && (hf.damaged = hf_is_bookkeeping(q + i)) && hf.trace)
            fprintf(stderr, "      (this write changed halloc's bookkeeping: from here a refusal is allowed)\n");
        q[i] = v;
    }
}

static void hf_forget(struct hf_slot *s)
{
    s->stale = s->p;
    s->stale_usable = s->usable;
    s->p = NULL;
}

static int hf_free(unsigned slot)
{
    struct hf_slot *s = &hf.slot[slot];
    hf_verify(slot);
    if (halloc_free(hf.heap, s->p) != 0)
        return hf_refused(0);
    hf_forget(s);
    return 0;
}

static int hf_realloc(unsigned slot, size_t size)
{
    struct hf_slot *s = &hf.slot[slot];
    hf_verify(slot);
    unsigned char *old = s->p, *q = halloc_realloc(hf.heap, old, size);
    if (!q)
        return hf_refused(1);
    size_t keep = size < s->usable ? size : s->usable;
    if (memcmp(q, s->expect, keep) != 0)
        hf_fail("realloc did not keep the block's contents", HF_FOLLOWED);
    hf_forget(s);
    if (q == old) /* not freed: no dangling pointer */
        s->stale = NULL;
    hf_claim(slot, q, size, 16, 0);
    return 0;
}

static int hf_check(void);

/* A record, decoded (the layout is in the head comment). */
struct hf_record {
    unsigned op, slot, len, seed;
    size_t size, align, at; /* at: the stray write's start, past the block's end or from the freed header */
};

static struct hf_record hf_decode(const uint8_t *r)
{
    struct hf_record d = {r[0] % HF_OP_COUNT, r[1] % HF_SLOTS, 1 + r[5] % 16, (unsigned)r[6] | (unsigned)r[7] << 8,
                          1 + ((size_t)r[2] | (size_t)r[3] << 8) % HF_MAX_SIZE, 16, r[4]};
    if (d.op == HF_ALIGNED)
        d.align = (size_t)1 << (r[2] % 13);
    if (d.op == HF_WRITE_FREED && hf.slot[d.slot].stale)
        d.at = r[4] % (hf.slot[d.slot].stale_usable + HL_HEADER);
    return d;
}

/* The op as a line of the history (and of the trace a replay prints). */
static void hf_describe(const struct hf_record *d, char *out, size_t len)
{
    const struct hf_slot *s = &hf.slot[d->slot];
    const char *name = hf_op_name[d->op];
    if (d->op == HF_ALIGNED)
        snprintf(out, len, "%s slot %u alignment %zu size %zu", name, d->slot, d->align, d->size);
    else if (d->op <= HF_ALIGNED)
        snprintf(out, len, "%s slot %u size %zu%s", name, d->slot, d->size,
                 d->op == HF_REALLOC && !s->p ? " (slot empty: nothing done)" : "");
    else if (d->op == HF_FREE)
        snprintf(out, len, "free slot %u%s", d->slot, s->p ? "" : " (slot empty: nothing done)");
    else if (d->op == HF_OVERFLOW)
        snprintf(out, len, "overflow slot %u: %u bytes %zu past its usable end%s", d->slot, d->len, d->at,
                 s->p ? "" : " (slot empty: nothing done)");
    else if (d->op == HF_WRITE_FREED)
        snprintf(out, len, "write-after-free slot %u: %u bytes %zu from its freed block's header%s", d->slot, d->len,
                 d->at, s->stale ? "" : " (nothing freed from it yet: nothing done)");
    else
        snprintf(out, len, "check");
}

/* One record; nonzero ends the run (halloc refused: damage seen). */
static int hf_step(const uint8_t *r)
{
    struct hf_record d = hf_decode(r);
    struct hf_slot *s = &hf.slot[d.slot];
    hf_describe(&d, hf.history[hf.ops % HF_HISTORY], sizeof hf.history[0]);
    if (hf.trace)
        fprintf(stderr, "  #%u %s\n", hf.ops, hf.history[hf.ops % HF_HISTORY]);
    hf.ops++;
    if (d.op <= HF_ALIGNED && s->p && d.op != HF_REALLOC && hf_free(d.slot))
        return 1;
    switch (d.op) {
    case HF_MALLOC:
    case HF_CALLOC:
    case HF_ALIGNED: {
        unsigned char *p = d.op == HF_MALLOC   ? halloc_malloc(hf.heap, d.size)
                           : d.op == HF_CALLOC ? halloc_calloc(hf.heap, 1, d.size)
                                               : halloc_aligned_alloc(hf.heap, d.align, d.size);
        if (!p)
            return hf_refused(1);
        hf_claim(d.slot, p, d.size, d.align < 16 ? 16 : d.align, d.op == HF_CALLOC);
        return 0;
    }
    case HF_REALLOC:
        return s->p ? hf_realloc(d.slot, d.size) : 0;
    case HF_FREE:
        return s->p ? hf_free(d.slot) : 0;
    case HF_OVERFLOW:
        if (s->p)
            hf_stray_write(s->p + s->usable + d.at, d.len, d.seed);
        return 0;
    case HF_WRITE_FREED:
        if (s->stale)
            hf_stray_write(s->stale - HL_HEADER + d.at, d.len, d.seed);
        return 0;
    default:
        return hf_check();
    }
}

/* Every live block holds what it must, and halloc_check fails only after
 * damage. */
static int hf_check(void)
{
    halloc_report report;
    for (unsigned slot = 0; slot < HF_SLOTS; slot++)
        if (hf.slot[slot].p)
            hf_verify(slot);
    if (halloc_check(hf.heap, &report) == 0)
        return 0;
    snprintf(hf.refusal, sizeof hf.refusal, "halloc_check: %s at region %zu offset %zu: %s",
             halloc_invariant_name(report.invariant), report.region, report.offset, report.message);
    if (!hf.damaged)
        hf_fail("halloc_check failed, but no byte of its bookkeeping was changed",
                "a false alarm: a checker invariant that an intact heap breaks");
    return 1;
}

/* A run that saw no refusal ends with a check and every block freed;
 * nonzero if halloc refused there (after damage). */
static int hf_finish(void)
{
    if (hf_check())
        return 1;
    for (unsigned slot = 0; slot < HF_SLOTS; slot++)
        if (hf.slot[slot].p && hf_free(slot))
            return 1;
    return hf_check();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    if (!hf.buffer)
        hf_setup();
    if (len < 1)
        return 0;
    for (unsigned i = 0; i < HF_SLOTS; i++)
        hf.slot[i].p = hf.slot[i].stale = NULL;
    hf.ops = 0;
    hf.damaged = 0;
    hf.refusal[0] = '\0';
    if (!(hf.heap = hf_create(data[0]))) {
        hf_take_refusal(NULL);
        hf_fail("the heap could not be created", "halloc_create_ex or halloc_create_in_ex refused a valid setup");
    }
    if (hf.trace)
        fprintf(stderr, "hardening: %s heap, cache depth %d\n",
                hf.in_buffer  ? "a buffer"
                : data[0] & 2 ? "an mmap'd, growing, never trimmed"
                              : "an mmap'd, growing, trimmed",
                data[0] >> 2 & 7);
    int refused = 0;
    for (size_t at = 1; !refused && at + HF_RECORD <= len && hf.ops < HF_MAX_OPS; at += HF_RECORD)
        refused = hf_step(data + at);
    int refused_at_end = !refused && hf_finish();
    if (hf.trace && (refused || refused_at_end))
        fprintf(stderr, "hardening: halloc refused %s, after damage (allowed): %s\n",
                refused ? "at the last op above" : "in the final check or free-all", hf.refusal);
    else if (hf.trace)
        fprintf(stderr, "hardening: every op ran; then halloc_check passed and every block was freed\n");
    /* A damaged heap's bookkeeping may make destroy unmap only what its
     * seals vouch for: a leak here is the price of refusing to follow it. */
    halloc_destroy(hf.heap);
    return 0;
}
