/*
 * hardening-fuzz.c - libFuzzer target for halloc's hardening claims
 * (README "Hardening: what is detected"): a program with a heap bug - a
 * write past the end of a block, a write into a freed one - may damage
 * halloc's headers, links and footers, and halloc must then either carry on
 * correctly or refuse with ENOTRECOVERABLE; it must never crash, never write
 * into another live block, never hand out memory that overlaps one.
 *
 * The heap is a buffer heap between two PROT_NONE pages, so it never grows
 * or unmaps and every stray write stays inside it (halloc writing past it
 * faults). A shadow copy of the buffer holds what every live block must
 * contain, including the stray bytes the program wrote into it. Input: a
 * config byte (cache depth), then records of HF_RECORD bytes:
 *
 *   byte 0    op, modulo HF_OP_COUNT (enum hf_op)
 *   byte 1    slot, modulo HF_SLOTS
 *   byte 2-3  size (little-endian), or an alignment's log2 in byte 2
 *   byte 4    distance: how far past the block's end (or into the freed
 *             block) the stray write starts
 *   byte 5    length of the stray write, 1 + (byte % 16)
 *   byte 6-7  the stray bytes' seed
 *
 * Built without ASan (it would stop the stray write itself): libFuzzer and
 * UBSan only (fuzz/hardening/build.mk: make fuzz-hardening).
 */
#include "halloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HF_RECORD    8
#define HF_SLOTS     32
#define HF_HEAP      (256 * 1024)
#define HF_MAX_OPS   400
#define HF_HISTORY   12

enum hf_op { HF_MALLOC, HF_CALLOC, HF_REALLOC, HF_ALIGNED, HF_FREE, HF_OVERFLOW, HF_WRITE_FREED, HF_CHECK, HF_OP_COUNT };
static const char *const hf_op_name[HF_OP_COUNT] = {"malloc", "calloc", "realloc", "aligned_alloc",
                                                    "free", "overflow", "write-after-free", "check"};

struct hf_slot {
    unsigned char *p;     /* live block, or NULL */
    size_t usable;
    unsigned char *stale; /* the last block freed from this slot: a dangling pointer */
    size_t stale_usable;
};

static struct {
    unsigned char *base;   /* the heap's buffer */
    unsigned char *expect; /* per buffer byte: what a live block must hold there */
    unsigned char *live;   /* per buffer byte: 1 inside a live block */
    halloc_heap *heap;
    struct hf_slot slot[HF_SLOTS];
    char history[HF_HISTORY][96];
    unsigned ops;
    int damaged; /* a stray write changed a byte outside every live block */
} hf;

/* The one-screen report (the harness's format, so make fuzz-hardening
 * re-prints it at the end of the run): what broke, why, the last ops. */
static void hf_fail(const char *what, const char *cause)
{
    fprintf(stderr, "halloc-fuzz: ORACLE hardening: %s\n  likely cause: %s\n  last ops (oldest first):\n", what, cause);
    for (unsigned i = hf.ops > HF_HISTORY ? hf.ops - HF_HISTORY : 0; i < hf.ops; i++)
        fprintf(stderr, "    #%u %s\n", i, hf.history[i % HF_HISTORY]);
    fprintf(stderr, "  halloc_last_error: %s\n", halloc_last_error(hf.heap));
    abort();
}

#define HF_FOLLOWED "halloc followed a damaged header, footer or list link instead of refusing it"

static void hf_setup(void)
{
    long page = sysconf(_SC_PAGESIZE);
    unsigned char *map = mmap(NULL, HF_HEAP + 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                              -1, 0);
    if (map == MAP_FAILED || mprotect(map, (size_t)page, PROT_NONE) != 0 ||
        mprotect(map + page + HF_HEAP, (size_t)page, PROT_NONE) != 0) {
        perror("hardening-fuzz: mmap");
        exit(2);
    }
    hf.base = map + page;
    hf.expect = malloc(HF_HEAP);
    hf.live = malloc(HF_HEAP);
    if (!hf.expect || !hf.live)
        exit(2);
}

/* A block returned by halloc: inside the buffer, aligned, over no live byte. */
static void hf_claim(unsigned slot, unsigned char *p, size_t want, size_t align, int zeroed)
{
    size_t usable = halloc_usable_size(hf.heap, p);
    if (p < hf.base || usable < want || usable > HF_HEAP || (size_t)(p - hf.base) > HF_HEAP - usable)
        hf_fail("a block handed out lies outside the heap's buffer, or is smaller than asked", HF_FOLLOWED);
    if ((uintptr_t)p % align)
        hf_fail("a block handed out is misaligned", HF_FOLLOWED);
    size_t at = (size_t)(p - hf.base);
    for (size_t i = 0; i < usable; i++)
        if (hf.live[at + i])
            hf_fail("a block handed out overlaps a live block", HF_FOLLOWED);
    for (size_t i = 0; zeroed && i < want; i++)
        if (p[i])
            hf_fail("calloc returned a block that is not zeroed", "calloc's zeroing, or a damaged size it trusted");
    for (size_t i = 0; i < usable; i++) {
        p[i] = hf.expect[at + i] = (unsigned char)(slot * 37 + i * 7 + hf.ops);
        hf.live[at + i] = 1;
    }
    hf.slot[slot].p = p;
    hf.slot[slot].usable = usable;
}

/* The live block in `slot` still holds what it must. */
static void hf_verify(unsigned slot)
{
    const struct hf_slot *s = &hf.slot[slot];
    if (memcmp(s->p, hf.expect + (s->p - hf.base), s->usable) != 0)
        hf_fail("a live block's contents changed: halloc wrote into it", HF_FOLLOWED);
}

/* A failed call is fine only as ENOTRECOVERABLE (damage seen: the run
 * ends) or ENOMEM for an allocation; anything else is a wrong answer. */
static int hf_refused(int allocation)
{
    if (errno == ENOTRECOVERABLE && !hf.damaged)
        hf_fail("halloc reported damage, but no byte outside a live block was changed", "a false alarm: a validation that rejects an intact heap");
    if (errno == ENOTRECOVERABLE)
        return 1;
    if (allocation && errno == ENOMEM)
        return 0;
    hf_fail("a call on a live block failed with an errno other than ENOTRECOVERABLE", "damage blamed on the caller's pointer (EINVAL, EALREADY) instead of reported as damage");
    return 1;
}

/* The program's bug: n bytes written at q, inside the buffer. A live block
 * they land in now holds them. */
static void hf_stray_write(unsigned char *q, size_t n, unsigned seed)
{
    if (q < hf.base || q >= hf.base + HF_HEAP)
        return;
    if (n > (size_t)(hf.base + HF_HEAP - q))
        n = (size_t)(hf.base + HF_HEAP - q);
    for (size_t i = 0; i < n; i++) {
        unsigned char v = (unsigned char)(seed >> (i % 2 * 8));
        if (hf.live[q - hf.base + i])
            hf.expect[q - hf.base + i] = v;
        else
            hf.damaged |= q[i] != v;
        q[i] = v;
    }
}

static int hf_free(unsigned slot)
{
    struct hf_slot *s = &hf.slot[slot];
    hf_verify(slot);
    if (halloc_free(hf.heap, s->p) != 0)
        return hf_refused(0);
    memset(hf.live + (s->p - hf.base), 0, s->usable);
    s->stale = s->p;
    s->stale_usable = s->usable;
    s->p = NULL;
    return 0;
}

static int hf_realloc(unsigned slot, size_t size)
{
    struct hf_slot *s = &hf.slot[slot];
    hf_verify(slot);
    unsigned char *q = halloc_realloc(hf.heap, s->p, size);
    if (!q)
        return hf_refused(1);
    size_t at = (size_t)(s->p - hf.base), keep = size < s->usable ? size : s->usable;
    unsigned char kept[HF_HEAP / 4];
    memcpy(kept, hf.expect + at, keep);
    memset(hf.live + at, 0, s->usable);
    if (memcmp(q, kept, keep) != 0)
        hf_fail("realloc did not keep the block's contents", HF_FOLLOWED);
    if (q != s->p) { /* the old block is freed: a dangling pointer now */
        s->stale = s->p;
        s->stale_usable = s->usable;
    }
    hf_claim(slot, q, size, 16, 0);
    return 0;
}

static int hf_check(void);

/* One record; nonzero ends the run (halloc refused: damage seen). */
static int hf_step(const uint8_t *r)
{
    unsigned op = r[0] % HF_OP_COUNT, slot = r[1] % HF_SLOTS;
    size_t size = 1 + ((size_t)r[2] | (size_t)r[3] << 8) % (HF_HEAP / 8);
    struct hf_slot *s = &hf.slot[slot];
    snprintf(hf.history[hf.ops % HF_HISTORY], sizeof hf.history[0], "%s slot %u size %zu distance %u len %u",
             hf_op_name[op], slot, size, r[4], 1 + r[5] % 16);
    hf.ops++;
    if (op <= HF_ALIGNED && s->p && op != HF_REALLOC && hf_free(slot))
        return 1;
    switch (op) {
    case HF_MALLOC:
    case HF_CALLOC:
    case HF_ALIGNED: {
        size_t align = op == HF_ALIGNED ? (size_t)1 << (r[2] % 13) : 16;
        unsigned char *p = op == HF_MALLOC   ? halloc_malloc(hf.heap, size)
                           : op == HF_CALLOC ? halloc_calloc(hf.heap, 1, size)
                                             : halloc_aligned_alloc(hf.heap, align, size);
        if (!p)
            return hf_refused(1);
        hf_claim(slot, p, size, align < 16 ? 16 : align, op == HF_CALLOC);
        return 0;
    }
    case HF_REALLOC:
        return s->p ? hf_realloc(slot, size) : 0;
    case HF_FREE:
        return s->p ? hf_free(slot) : 0;
    case HF_OVERFLOW:
        if (s->p)
            hf_stray_write(s->p + s->usable + r[4], 1 + r[5] % 16, (unsigned)r[6] | (unsigned)r[7] << 8);
        return 0;
    case HF_WRITE_FREED:
        if (s->stale)
            hf_stray_write(s->stale + r[4] % (s->stale_usable + 16) - 16, 1 + r[5] % 16,
                           (unsigned)r[6] | (unsigned)r[7] << 8);
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
    if (!hf.damaged)
        hf_fail("halloc_check failed, but no byte outside a live block was changed", "a false alarm: a checker invariant that an intact heap breaks");
    return 1;
}

/* A run that saw no refusal ends with a check and every block freed. */
static void hf_finish(void)
{
    if (hf_check())
        return;
    for (unsigned slot = 0; slot < HF_SLOTS; slot++)
        if (hf.slot[slot].p && hf_free(slot))
            return;
    (void)hf_check();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    if (!hf.base)
        hf_setup();
    if (len < 1)
        return 0;
    halloc_config config = halloc_default_config();
    config.thread_safe = 0;
    config.cache_depth = data[0] % 4 == 3 ? 1 + data[0] / 4 % 8 : 0;
    memset(&hf.slot, 0, sizeof hf.slot);
    memset(hf.live, 0, HF_HEAP);
    hf.ops = 0;
    hf.damaged = 0;
    hf.heap = halloc_create_in_ex(hf.base, HF_HEAP, &config);
    if (!hf.heap)
        hf_fail("halloc_create_in_ex refused the buffer", "the buffer heap's setup");
    int refused = 0;
    for (size_t at = 1; !refused && at + HF_RECORD <= len && hf.ops < HF_MAX_OPS; at += HF_RECORD)
        refused = hf_step(data + at);
    if (!refused)
        hf_finish();
    /* The bookkeeping's seals are checked on entry too: destroy may refuse
     * a damaged heap, which is what the buffer is for. */
    halloc_destroy(hf.heap);
    return 0;
}
