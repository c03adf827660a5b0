/*
 * maps.c - the memory the allocator maps and unmaps. mmap, mremap and
 * munmap are defined here, over the system calls, so every call the
 * allocator (or a library it links) makes passes through the harness,
 * which keeps each mapping. An munmap that reaches past one (a length off
 * by a page, a wrong address) unmaps memory that is not that block's -
 * another of its mappings, or the sanitizer's own - and the
 * program fails much later, somewhere else, and differently in a replay,
 * where other mappings lie next to it. Judged here, it fires at the call:
 * oracle unmap_foreign; and one that takes a live block with it (a region
 * given back while it still held one) fires unmap_live, where the block's
 * next read would fault with nothing to say which call unmapped it. glibc's
 * own malloc calls its internal __mmap and is not seen, which is fine: it
 * unmaps only what it mapped. madvise is watched too, for the advice that
 * drops a page's contents (MADV_DONTNEED, MADV_FREE, MADV_REMOVE: the pages
 * may read back as zero, after MADV_DONTNEED always): one over a live
 * block's byte fires discard_live, and the run's last one is named in a
 * crash's context, as a header or link in the pages a range rounded out too
 * far reads 0 afterwards. mprotect is watched as well: a guard page or a
 * protected quarantine over a byte of a live block fires protect_live at the
 * call, or when the block is handed out, rather than a fault at the program's
 * next write that names no call.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harness.h"
#include "map-table.h"

static struct map_table table; /* guarded by table_lock */
static int lost_said; /* the line saying table.lost is printed once */
static unsigned run_number; /* runs since the process started */

/* This run's latest unmaps: an munmap that meets a gap is often the second
 * one of that memory, and the first (a page freed out of the middle of a
 * chunk still in use, a block unmapped twice) is where the bug is. */
#define RECENT_UNMAPS 32
static struct unmapped {
    uintptr_t start, end;
    size_t len, op;       /* the call's length; the op running (nops: a phase) */
    const char *phase;
    int freeing;          /* 1 + the slot being freed, else 0 */
    uintptr_t addr;       /* the call's address (an mremap's old one)... */
    uintptr_t moved_to;   /* ...an mremap's: where it moved the memory (0: shrank it in place); else 0... */
    size_t new_len;       /* ...and its new length; 0: an munmap */
} recent[RECENT_UNMAPS];
static size_t nrecent; /* ever recorded in this run; recent[] keeps the last */
static struct discarded {
    uintptr_t start, end;
    size_t len, op; /* the call's length; the op running (nops: a phase) */
    const char *phase, *advice;
    unsigned run; /* 0: none yet */
} last_discard;
/* This run's latest mprotect calls that took read or write access away. */
#define RECENT_PROTECTS 64
static struct protected {
    uintptr_t start, end;
    size_t len, op; /* the call's length; the op running (nops: a phase) */
    const char *phase;
    int prot;
} protects[RECENT_PROTECTS];
static size_t nprotects; /* ever recorded in this run; protects[] keeps the last */
static uintptr_t first_break; /* the program break the first run found: an sbrk heap lies above it */
static size_t shift_next; /* fuzz_maps_shift: how far up the next anonymous mapping goes */
static volatile int table_lock; /* a library's thread may map at the same time */
static size_t mapped_ever; /* bytes mmap and growing mremap calls mapped: fuzz_maps_mapped */

static void lock(void)
{
    while (__atomic_test_and_set(&table_lock, __ATOMIC_ACQUIRE))
        continue;
}
static void unlock(void) { __atomic_clear(&table_lock, __ATOMIC_RELEASE); }

static uintptr_t page_end(uintptr_t start, size_t len)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    return start + ((len + page - 1) & ~(page - 1));
}

/* A threaded run has no fuzz_running() (no one run's blocks to judge a
 * call against), but what its threads map is its own, to be judged after
 * destroy(): each thread, and the main thread in the phase it runs for one,
 * names its context here (threads.c). */
static _Thread_local const struct fuzz_ctx *thread_ctx;
void fuzz_maps_thread(const struct fuzz_ctx *c) { thread_ctx = c; }

/* A mapping made while c runs (NULL: none is), kept as a span of its own. */
static void add_span(uintptr_t start, uintptr_t end, const struct fuzz_ctx *c)
{
    c = c ? c : thread_ctx;
    map_table_add(&table, &(struct map_span){start, end, c ? run_number : 0, c ? c->cur : 0, c ? c->phase : NULL, c});
}

/* After a change to the table: once the kernel refused it memory, one line
 * saying what the harness judges no more. Called without the lock held. */
static void say_if_lost(const struct fuzz_ctx *c)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48];
    lock();
    int say = table.lost && !lost_said;
    lost_said |= say;
    size_t held = table.count;
    unlock();
    if (say)
        fprintf(stderr, "halloc-fuzz: the kernel refused memory for the harness's table of the allocator's mappings "
                "(%zu held, %s): from here on no munmap is judged against them (unmap_foreign) and no block against "
                "its mapping's end (past_mapping), so a wrong unmap goes unseen; free memory or raise the "
                "address-space limit (ulimit -v) and run again\n", held,
                c ? fuzz_call_when(c, c->phase, c->cur, when, sizeof when) : "between runs");
}

int fuzz_maps_lost(void)
{
    lock();
    int lost = table.lost;
    unlock();
    return lost;
}

void fuzz_stop_if_half_blind(const char *engine, void (*also)(const char *line))
{
    char line[640];
    if (!fuzz_maps_lost())
        return;
    snprintf(line, sizeof line, "halloc-fuzz: HARNESS ERROR: the kernel refused memory for the harness's table of the "
             "allocator's mappings (the line above says when), so no input from here on would have its munmap calls "
             "judged: %s stops rather than fuzz on half-blind; no finding in the allocator, no input saved; free "
             "memory or raise the address-space limit (ulimit -v) and fuzz again", engine);
    fprintf(stderr, "%s\n", line);
    if (also)
        also(line);
    /* _exit: libFuzzer's atexit handler would take an exit for a crash of
     * this input and save it; a sanitizer's leak check has nothing to say. */
    _exit(FUZZ_EXIT_HARNESS);
}

/* [start, end) is accessible again (mprotect'd back, unmapped, mapped anew):
 * a protected range it covers is forgotten, one it touches cut down to the
 * rest (a hole in the middle keeps the whole range: rare, and judged no worse). */
static void unprotect(uintptr_t start, uintptr_t end)
{
    for (size_t i = 0; i < nprotects && i < RECENT_PROTECTS; i++) {
        struct protected *p = &protects[i];
        if (p->end <= start || p->start >= end)
            continue;
        if (p->start >= start && p->end <= end)
            p->end = p->start; /* empty: never met again */
        else if (p->start >= start)
            p->start = end;
        else if (p->end <= end)
            p->end = start;
    }
}

/* An munmap of [start, end) that touches a mapping made here must lie in
 * that one mapping, or consist of whole mappings with no gap: returns the
 * first byte that breaks this (a gap, or a mapping it cuts), else 0. A
 * range that touches none is someone else's (libc, the sanitizer). */
static uintptr_t first_foreign(uintptr_t start, uintptr_t end, int *cuts)
{
    size_t i = map_table_first_after(&table, start);
    *cuts = 0;
    if (i == table.count || table.span[i].start >= end)
        return 0;
    if (table.span[i].start <= start && table.span[i].end >= end)
        return 0;
    if (table.span[i].start < start) { /* it starts inside a mapping that it does not end in */
        *cuts = 1;
        return start;
    }
    for (uintptr_t at = start; at < end; at = table.span[i++].end) {
        if (i == table.count || table.span[i].start > at)
            return at; /* a gap: never mapped, or unmapped before */
        if (table.span[i].end > end) {
            *cuts = 1;
            return table.span[i].start;
        }
    }
    return 0;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
    lock();
    size_t lead = !addr && (flags & MAP_ANONYMOUS) && !(flags & MAP_FIXED) ? shift_next : 0;
    shift_next = lead ? 0 : shift_next;
    unlock();
    long got = map_table_sys_mmap(addr, len + lead, prot, flags, fd, offset);
    if (got == -1)
        return MAP_FAILED;
    if (lead) /* placed top-down: its start moved down by the tail given back (fuzz_maps_shift) */
        syscall(SYS_munmap, (void *)((uintptr_t)got + page_end(0, len)), lead);
    const struct fuzz_ctx *c = fuzz_running();
    lock();
    add_span((uintptr_t)got, page_end((uintptr_t)got, len), c);
    unprotect((uintptr_t)got, page_end((uintptr_t)got, len));
    mapped_ever += len;
    unlock();
    say_if_lost(c);
    return (void *)got;
}

size_t fuzz_maps_mapped(void)
{
    lock();
    size_t n = mapped_ever;
    unlock();
    return n;
}

/* Where the heap lands: an allocator that aligns a block by its offset in
 * the heap, not by its address, is right only while the heap's start is
 * aligned that much, and one process maps every input's heap at one address
 * (aligned to a megabyte and more under ASan), so a run never shows that or
 * always does. Each input moves the heap's first anonymous mapping 0 to
 * FUZZ_SHIFT_PAGES - 1 pages, chosen by its ops (the same in a replay):
 * mmap maps that much more and gives the tail back (fuzz_maps_shift). */
#define FUZZ_SHIFT_PAGES 8

size_t fuzz_maps_shift_wanted(const struct fuzz_op *ops, size_t count)
{
    uint32_t h = 2166136261u; /* FNV-1a over the ops' bytes; its low bits mix poorly: the top ones */
    for (size_t i = 0; i < count; i++) {
        const uint8_t b[4] = {ops[i].kind, ops[i].slot, (uint8_t)ops[i].arg, (uint8_t)(ops[i].arg >> 8)};
        for (int k = 0; k < 4; k++)
            h = (h ^ b[k]) * 16777619u;
    }
    return (h >> 24) % FUZZ_SHIFT_PAGES * (size_t)sysconf(_SC_PAGESIZE);
}

void fuzz_maps_shift(size_t bytes)
{
    lock();
    shift_next = bytes;
    unlock();
}

void fuzz_maps_new_run(void)
{
    lock();
    nrecent = 0;
    nprotects = 0;
    run_number++;
    if (!first_break)
        first_break = (uintptr_t)sbrk(0);
    unlock();
}

const char *fuzz_call_when(const struct fuzz_ctx *c, const char *phase, size_t op, char *when, size_t len)
{
    char text[FUZZ_OP_DESCRIPTION_MAX];
    if (phase) {
        snprintf(when, len, "in %s", phase);
    } else {
        fuzz_describe_op(c, op, text, sizeof text);
        snprintf(when, len, "at op #%zu: %s", op, text);
    }
    return when;
}

/* Memory a heap maps and destroy() leaves mapped adds up over libFuzzer's
 * inputs until it stops on out-of-memory, with an input that passes alone:
 * the first such mapping says which op made it, and an unmap of this run
 * that ended where it begins, or began where it ends (an munmap a page
 * short), which call that was: the bug is in that call's length, not in
 * the op that mapped the memory. A heap that promises to leave none
 * (FUZZ_UNMAPS_ON_DESTROY) fails here, at the input that left it. */
void fuzz_maps_note_left(const struct fuzz_ctx *c)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48], call[FUZZ_OP_DESCRIPTION_MAX + 160], cut[sizeof call + 160],
        by[32] = "", first_text[sizeof when + sizeof cut + sizeof by + 64];
    size_t bytes = 0, count = 0;
    struct map_span first = {0};
    int judged = (c->a->caps & FUZZ_UNMAPS_ON_DESTROY) && c->opt.shadow;
    if (!judged && !c->opt.maps_left)
        return;
    lock();
    for (size_t i = 0; i < table.count && !table.lost; i++) { /* lost: the spans are not what is mapped */
        if (table.span[i].run != run_number)
            continue;
        first = count++ ? first : table.span[i];
        bytes += table.span[i].end - table.span[i].start;
    }
    unlock();
    if (!count)
        return;
    size_t left = (size_t)(first.end - first.start);
    int below = fuzz_maps_unmapped_before(c, (const void *)(first.start - 1), call, sizeof call);
    cut[0] = '\0';
    if (below || fuzz_maps_unmapped_before(c, (const void *)first.end, call, sizeof call))
        snprintf(cut, sizeof cut, "; the unmap that %s, %s, %s %zu bytes %s, if both were one mapping",
                 below ? "ends where it begins" : "begins where it ends", call, below ? "fell" : "started", left,
                 below ? "short of the mapping's end" : "above the mapping's start");
    if (first.by->thread) /* its op is numbered in that thread's own program */
        snprintf(by, sizeof by, "by thread %d ", first.by->thread - 1);
    snprintf(first_text, sizeof first_text, "[%#jx, +%zu), mapped %s%s%s", (uintmax_t)first.start, left, by,
             fuzz_call_when(first.by, first.phase, first.op, when, sizeof when), cut);
    if (judged)
        oracle_left_mapped(c, bytes, count, first_text);
    fprintf(stderr, "halloc-fuzz: destroy() left %zu bytes mapped, in %zu mapping(s) this input made; the first, "
            "%s: a free or destroy() that unmaps less than was mapped, or a mapping kept after destroy()\n", bytes,
            count, first_text);
}

/* After a fault in a free or realloc: a line when the block is the first or
 * last of a mapping an op of this run made (the heap grew), where no block
 * lies before or after it: a new region's first block, whose flags or
 * prologue the growth set up, or a big block's own mapping. Called from the
 * crash handler: if the table is locked (the fault came in mmap), nothing. */
void fuzz_maps_print_edge(const struct fuzz_ctx *c, int slot)
{
    char text[FUZZ_OP_DESCRIPTION_MAX];
    uintptr_t at = (uintptr_t)c->slot[slot].ptr, end = at + c->slot[slot].usable;
    struct map_span s = {0};
    if (__atomic_test_and_set(&table_lock, __ATOMIC_ACQUIRE))
        return;
    size_t i = map_table_first_after(&table, at);
    if (!table.lost && i < table.count && table.span[i].start <= at)
        s = table.span[i];
    unlock();
    int first = s.end && at - s.start <= 64, last = s.end && end <= s.end && s.end - end <= 64;
    if (s.run != run_number || s.phase || (!first && !last))
        return;
    fuzz_describe_op(c, s.op, text, sizeof text);
    fprintf(stderr, "  block %s%d is the %s block of a mapping made at op #%zu: %s, [%#jx, +%zu), no block %s it "
            "there: a region the heap grew by (its edge flags or fence) or a big block's own mapping\n", FUZZ_BLOCK_NO(slot),
            first ? "first" : "last", s.op, text, (uintmax_t)s.start, (size_t)(s.end - s.start),
            first ? "before" : "after");
}

int fuzz_maps_ending_at(const void *p, uintptr_t *start, size_t *op, const char **phase)
{
    if (__atomic_test_and_set(&table_lock, __ATOMIC_ACQUIRE))
        return 0;
    size_t i = map_table_first_after(&table, (uintptr_t)p - 1); /* the span ending at p, if any */
    int found = !table.lost && i < table.count && table.span[i].end == (uintptr_t)p &&
                table.span[i].run == run_number && (i + 1 == table.count || table.span[i + 1].start > (uintptr_t)p);
    if (found)
        *start = table.span[i].start, *op = table.span[i].op, *phase = table.span[i].phase;
    unlock();
    return found;
}

/* An munmap's range (new_len 0), or the part an mremap took from where it
 * was: all of it, moved to moved_to, or the tail a shrink in place cut. */
static void remember_unmap(const struct fuzz_ctx *c, uintptr_t start, uintptr_t end, uintptr_t addr, size_t len,
                           uintptr_t moved_to, size_t new_len)
{
    if (!c || start >= end)
        return;
    lock();
    recent[nrecent++ % RECENT_UNMAPS] =
        (struct unmapped){start, end, len, c->cur, c->phase, c->freeing, addr, moved_to, new_len};
    unlock();
}

/* Where this run last unmapped `at`, as the end of a sentence; 0 if it did not (lately). */
int fuzz_maps_unmapped_before(const struct fuzz_ctx *c, const void *at, char *out, size_t len)
{
    char text[FUZZ_OP_DESCRIPTION_MAX], slot[48] = "", name[FUZZ_KEY_NAME_MAX];
    struct unmapped u = {0};
    int found = 0;
    lock();
    for (size_t i = nrecent; i > 0 && i + RECENT_UNMAPS > nrecent && !found; i--) {
        u = recent[(i - 1) % RECENT_UNMAPS];
        found = (uintptr_t)at >= u.start && (uintptr_t)at < u.end;
    }
    unlock();
    if (!found)
        return 0;
    if (u.freeing)
        snprintf(slot, sizeof slot, ", freeing %s", fuzz_key_name(u.freeing - 1, name, sizeof name));
    char call[96], moved[48] = "";
    if (u.moved_to)
        snprintf(moved, sizeof moved, " that moved it to %#jx", (uintmax_t)u.moved_to);
    if (u.new_len)
        snprintf(call, sizeof call, "mremap(%#jx, %zu, %zu)%s", (uintmax_t)u.addr, u.len, u.new_len, moved);
    else
        snprintf(call, sizeof call, "munmap(%#jx, %zu)", (uintmax_t)u.start, u.len);
    if (u.phase) {
        snprintf(out, len, "%s in %s%s", call, u.phase, slot);
    } else {
        fuzz_describe_op(c, u.op, text, sizeof text);
        snprintf(out, len, "%s at op #%zu: %s%s", call, u.op, text, slot);
    }
    return 1;
}

/* How far [p, p+n) runs past the end of the mappings made here that hold p
 * (next to each other, they count as one); 0 if it does not, or p lies in
 * none. *start and *end get those mappings' bounds. */
size_t fuzz_maps_past_end(const void *p, size_t n, uintptr_t *start, uintptr_t *end)
{
    uintptr_t at = (uintptr_t)p;
    size_t past = 0;
    lock();
    size_t i = map_table_first_after(&table, at);
    if (!table.lost && i < table.count && table.span[i].start <= at) {
        *start = table.span[i].start;
        while (i + 1 < table.count && table.span[i + 1].start == table.span[i].end)
            i++;
        *end = table.span[i].end;
        past = n > *end - at ? n - (*end - at) : 0;
    }
    unlock();
    return past;
}

size_t fuzz_maps_past_break(const void *p, size_t n, uintptr_t *now)
{
    uintptr_t at = (uintptr_t)p;
    *now = (uintptr_t)sbrk(0);
    if (!first_break || at < first_break || at >= *now)
        return 0;
    return n > *now - at ? n - (*now - at) : 0;
}

/* Whether the running op may give slot's block back to the system now: it is
 * being freed, or reallocated (moved: the old block goes after the copy). */
static int being_released(const struct fuzz_ctx *c, unsigned slot)
{
    if (c->freeing == (int)slot + 1)
        return 1;
    if (c->cur >= c->nops || c->ops[c->cur].slot != slot)
        return 0;
    return c->ops[c->cur].kind == FUZZ_OP_REALLOC || c->ops[c->cur].kind == FUZZ_OP_HUGE_REALLOC;
}

/* The first live block that [start, end) takes a byte of, other than one
 * the running op releases; -1 if none (a block of 0 usable bytes has none to
 * take). At most FUZZ_TABLE blocks, and an munmap is rare: a scan. */
static int live_block_in(const struct fuzz_ctx *c, uintptr_t start, uintptr_t end)
{
    for (unsigned i = 0; i < fuzz_table_end(c); i++) {
        const struct fuzz_block *b = &c->slot[i];
        uintptr_t p = (uintptr_t)b->ptr;
        if (p && b->usable && p < end && p + b->usable > start && !being_released(c, i))
            return (int)i;
    }
    return -1;
}

int munmap(void *addr, size_t len)
{
    uintptr_t start = (uintptr_t)addr, end = page_end(start, len);
    /* Once a report is being made (a sanitizer's, on a fault), an munmap is
     * its runtime's, not the allocator's: judged, it read as the bug. */
    const struct fuzz_ctx *c = fuzz_report_printing() ? NULL : fuzz_running();
    lock();
    int cuts;
    uintptr_t foreign = table.lost || len == 0 ? 0 : first_foreign(start, end, &cuts);
    unlock();
    if (foreign && c && c->opt.shadow)
        oracle_unmap_foreign(c, addr, len, (const void *)foreign, cuts);
    int live = c && c->opt.shadow && len ? live_block_in(c, start, end) : -1;
    if (live >= 0)
        oracle_unmap_live(c, addr, len, live);
    int rc = (int)syscall(SYS_munmap, addr, len);
    if (rc == 0) {
        lock();
        map_table_remove(&table, start, end);
        unprotect(start, end);
        unlock();
        say_if_lost(c);
        remember_unmap(c, start, end, start, len, 0, 0);
    }
    return rc;
}

/* The name of advice that drops the contents of pages, else NULL. */
static const char *discarding(int advice)
{
    switch (advice) {
    case MADV_DONTNEED: return "MADV_DONTNEED";
#ifdef MADV_FREE
    case MADV_FREE: return "MADV_FREE";
#endif
#ifdef MADV_REMOVE
    case MADV_REMOVE: return "MADV_REMOVE";
#endif
    default: return NULL;
    }
}

int madvise(void *addr, size_t len, int advice)
{
    uintptr_t start = (uintptr_t)addr, end = page_end(start, len);
    const struct fuzz_ctx *c = fuzz_running();
    const char *name = discarding(advice);
    int live = name && c && c->opt.shadow && len ? live_block_in(c, start, end) : -1;
    if (live >= 0)
        oracle_discard_live(c, addr, len, name, live);
    int rc = (int)syscall(SYS_madvise, addr, len, advice);
    if (rc == 0 && name && c) {
        lock();
        last_discard = (struct discarded){start, end, len, c->cur, c->phase, name, run_number};
        unlock();
    }
    return rc;
}

/* prot as its flags are written: PROT_NONE, PROT_READ, PROT_READ|PROT_EXEC... */
static const char *prot_text(int prot, char *out, size_t len)
{
    snprintf(out, len, "%s%s%s%s", prot & PROT_READ ? "|PROT_READ" : "", prot & PROT_WRITE ? "|PROT_WRITE" : "",
             prot & PROT_EXEC ? "|PROT_EXEC" : "", prot ? "" : "|PROT_NONE");
    return out + 1;
}

/* The call, and when it was made, as protect_live's report names it. */
static void describe_protect(const struct fuzz_ctx *c, const struct protected *p, char *out, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48], prot[48];
    snprintf(out, len, "mprotect(%#jx, %zu, %s) %s", (uintmax_t)p->start, p->len, prot_text(p->prot, prot, sizeof prot),
             fuzz_call_when(c, p->phase, p->op, when, sizeof when));
}

int mprotect(void *addr, size_t len, int prot)
{
    uintptr_t start = (uintptr_t)addr, end = page_end(start, len);
    const struct fuzz_ctx *c = fuzz_running();
    int takes = (prot & (PROT_READ | PROT_WRITE)) != (PROT_READ | PROT_WRITE);
    struct protected call = {start, end, len, c ? c->cur : 0, c ? c->phase : NULL, prot};
    char text[FUZZ_OP_DESCRIPTION_MAX + 160];
    int live = takes && c && c->opt.shadow && len ? live_block_in(c, start, end) : -1;
    if (live >= 0) {
        describe_protect(c, &call, text, sizeof text);
        oracle_protect_live(c, live, text);
    }
    int rc = (int)syscall(SYS_mprotect, addr, len, prot);
    if (rc == 0 && c) {
        lock();
        unprotect(start, end);
        if (takes)
            protects[nprotects++ % RECENT_PROTECTS] = call;
        unlock();
    }
    return rc;
}

/* Whether [p, p+n) meets memory this run made inaccessible with mprotect
 * (the requested bytes of a block just handed out, a guard page placed over
 * its last bytes): *call then names the latest such call. */
int fuzz_maps_protected(const struct fuzz_ctx *c, const void *p, size_t n, char *call, size_t len)
{
    uintptr_t at = (uintptr_t)p;
    struct protected hit = {0};
    lock();
    for (size_t i = nprotects; i > 0 && i + RECENT_PROTECTS > nprotects && !hit.end; i--) {
        const struct protected *q = &protects[(i - 1) % RECENT_PROTECTS];
        if (q->start < q->end && q->start < at + n && q->end > at)
            hit = *q;
    }
    unlock();
    if (hit.end)
        describe_protect(c, &hit, call, len);
    return hit.end != 0;
}

/* The run's last discard, if any, with the op that made it: after a fault
 * any; in an oracle's report (listed_only) one an op its last ops list made
 * (the same window as print_history's), or the phase under way. */
void fuzz_maps_print_discard(const struct fuzz_ctx *c, int listed_only)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48];
    size_t end = c->phase ? c->cur : c->cur + 1, start = end > FUZZ_HISTORY ? end - FUZZ_HISTORY : 0;
    if (__atomic_test_and_set(&table_lock, __ATOMIC_ACQUIRE))
        return;
    struct discarded d = last_discard;
    unlock();
    if (d.run != run_number || (listed_only && (d.phase ? d.phase != c->phase : d.op < start || d.op >= end)))
        return;
    fprintf(stderr, "  the allocator's last madvise(%#jx, %zu, %s) %s dropped [%#jx, %#jx): those pages may read back "
            "as zero, so a header, footer or free-list link it kept there may read 0 now (a range rounded out to "
            "whole pages past its free chunk takes the neighbour's)\n", (uintmax_t)d.start, d.len, d.advice,
            fuzz_call_when(c, d.phase, d.op, when, sizeof when), (uintmax_t)d.start, (uintmax_t)d.end);
}

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
    void *want = NULL;
    if (flags & MREMAP_FIXED) {
        va_list ap;
        va_start(ap, flags);
        want = va_arg(ap, void *);
        va_end(ap);
    }
    long got = syscall(SYS_mremap, old, old_len, new_len, flags, want);
    if (got == -1)
        return MAP_FAILED;
    const struct fuzz_ctx *c = fuzz_running();
    lock();
    map_table_remove(&table, (uintptr_t)old, page_end((uintptr_t)old, old_len));
    add_span((uintptr_t)got, page_end((uintptr_t)got, new_len), c);
    if (new_len > old_len)
        mapped_ever += new_len - old_len;
    unlock();
    say_if_lost(c);
    if ((uintptr_t)got != (uintptr_t)old) /* moved: what was there is gone (a pointer kept into it faults) */
        remember_unmap(c, (uintptr_t)old, page_end((uintptr_t)old, old_len), (uintptr_t)old, old_len, (uintptr_t)got,
                       new_len);
    else /* shrank in place: its tail is gone */
        remember_unmap(c, page_end((uintptr_t)old, new_len), page_end((uintptr_t)old, old_len), (uintptr_t)old,
                       old_len, 0, new_len);
    return (void *)got;
}
