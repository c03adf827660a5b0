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
 * next write that names no call. What reports ask of these records (when a
 * call was made, what destroy() left mapped, a block at a mapping's edge) is
 * answered in maps-report.c, of the madvise calls in maps-discards.c;
 * maps-state.h is what the three share. A shared file mapping's span keeps
 * its file and offset, and an mmap MAP_FIXED notes the file pages it takes
 * its pages off, for maps-shared.c's reports on a page shown at two addresses.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harness.h"
#include "maps.h"
#include "map-table.h"
#include "maps-state.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

struct map_table fuzz_maps_table;
volatile int fuzz_maps_table_lock;
unsigned fuzz_maps_run;
uintptr_t fuzz_maps_first_break;
struct unmapped fuzz_maps_recent[RECENT_UNMAPS];
size_t fuzz_maps_nrecent;
static int lost_said; /* the line saying fuzz_maps_table.lost is printed once */

struct discarded fuzz_maps_discards[RECENT_DISCARDS];
size_t fuzz_maps_ndiscards;
struct left_file fuzz_maps_left[RECENT_LEFT];
size_t fuzz_maps_nleft;
/* This run's latest mprotect calls that took read or write access away. */
#define RECENT_PROTECTS 64
static struct protected {
    uintptr_t start, end;
    size_t len, op; /* the call's length; the op running (nops: a phase) */
    const char *phase;
    int prot;
} protects[RECENT_PROTECTS];
static size_t nprotects; /* ever recorded in this run; protects[] keeps the last */
static size_t mapped_ever; /* bytes mmap and growing mremap calls mapped: fuzz_maps_mapped */

static uintptr_t page_end(uintptr_t start, size_t len)
{
    uintptr_t page = fuzz_page_size();
    return start + ((len + page - 1) & ~(page - 1));
}

/* A threaded run has no fuzz_running() (no one run's blocks to judge a
 * call against), but what its threads map is its own, to be judged after
 * destroy(): each thread, and the main thread in the phase it runs for one,
 * names its context here (threads.c). */
static _Thread_local const struct fuzz_ctx *thread_ctx;
void fuzz_maps_thread(const struct fuzz_ctx *c) { thread_ctx = c; }

/* A mapping made while c runs (NULL: none is), kept as a span of its own; moved: by mremap; fd and offset:
 * the shared file it shows (fd -1: none). */
static void add_span(uintptr_t start, uintptr_t end, const struct fuzz_ctx *c, int reserved, int moved, int fd,
                     uint64_t offset)
{
    c = c ? c : thread_ctx;
    map_table_add(&fuzz_maps_table, &(struct map_span){start, end, c ? fuzz_maps_run : 0, c ? c->cur : 0,
                                                       c ? c->phase : NULL, c, reserved, mapped_ever, moved, fd,
                                                       offset});
}

/* A mapping about to land on [start, end): the pages of it that showed a shared file, kept in
 * fuzz_maps_left with c's op or phase. Under the table's lock; only MAP_FIXED lands on a mapping. */
static void note_file_left(const struct fuzz_ctx *c, uintptr_t start, uintptr_t end)
{
    const struct map_table *t = &fuzz_maps_table;
    for (size_t i = map_table_first_after(t, start); c && i < t->count && t->span[i].start < end; i++) {
        const struct map_span *s = &t->span[i];
        uintptr_t from = s->start > start ? s->start : start;
        if (s->fd >= 0 && s->run == fuzz_maps_run)
            fuzz_maps_left[fuzz_maps_nleft++ % RECENT_LEFT] = (struct left_file){
                from, s->end < end ? s->end : end, s->fd, s->offset + (from - s->start), c->cur, c->phase};
    }
}

/* After a change to the table: once the kernel refused it memory, one line
 * saying what the harness judges no more. Called without the lock held. */
static void say_if_lost(const struct fuzz_ctx *c)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 48];
    fuzz_maps_lock();
    int say = fuzz_maps_table.lost && !lost_said;
    lost_said |= say;
    size_t held = fuzz_maps_table.count;
    fuzz_maps_unlock();
    if (say)
        fprintf(stderr, "halloc-fuzz: the kernel refused memory for the harness's table of the allocator's mappings "
                "(%zu held, %s): from here on no munmap is judged against them (unmap_foreign) and no block against "
                "its mapping's end (past_mapping), so a wrong unmap goes unseen; free memory or raise the "
                "address-space limit (ulimit -v) and run again\n", held,
                c ? fuzz_call_when(c, c->phase, c->cur, when, sizeof when) : "between runs");
}

int fuzz_maps_lost(void)
{
    fuzz_maps_lock();
    int lost = fuzz_maps_table.lost;
    fuzz_maps_unlock();
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
    size_t i = map_table_first_after(&fuzz_maps_table, start);
    *cuts = 0;
    if (i == fuzz_maps_table.count || fuzz_maps_table.span[i].start >= end)
        return 0;
    if (fuzz_maps_table.span[i].start <= start && fuzz_maps_table.span[i].end >= end)
        return 0;
    if (fuzz_maps_table.span[i].start < start) { /* it starts inside a mapping that it does not end in */
        *cuts = 1;
        return start;
    }
    for (uintptr_t at = start; at < end; at = fuzz_maps_table.span[i++].end) {
        if (i == fuzz_maps_table.count || fuzz_maps_table.span[i].start > at)
            return at; /* a gap: never mapped, or unmapped before */
        if (fuzz_maps_table.span[i].end > end) {
            *cuts = 1;
            return fuzz_maps_table.span[i].start;
        }
    }
    return 0;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
    long got = fuzz_maps_shift_map(addr, len, prot, flags); /* create()'s, moved */
    if (got == -1)
        got = map_table_sys_mmap(addr, len, prot, flags, fd, offset);
    if (got == -1)
        return MAP_FAILED;
    const struct fuzz_ctx *c = fuzz_running();
    int shared = fd >= 0 && (flags & MAP_TYPE) != MAP_PRIVATE; /* MAP_SHARED, or MAP_SHARED_VALIDATE */
    fuzz_maps_lock();
    if (flags & MAP_FIXED)
        note_file_left(c, (uintptr_t)got, page_end((uintptr_t)got, len));
    add_span((uintptr_t)got, page_end((uintptr_t)got, len), c, prot == PROT_NONE, 0, shared ? fd : -1,
             (uint64_t)offset);
    unprotect((uintptr_t)got, page_end((uintptr_t)got, len));
    mapped_ever += len;
    fuzz_maps_unlock();
    say_if_lost(c);
    return (void *)got;
}

size_t fuzz_maps_mapped(void)
{
    fuzz_maps_lock();
    size_t n = mapped_ever;
    fuzz_maps_unlock();
    return n;
}

int fuzz_maps_held_before(const void *p, size_t n, size_t mapped)
{
    fuzz_maps_lock();
    size_t i = map_table_first_after(&fuzz_maps_table, (uintptr_t)p);
    const struct map_span *s = i < fuzz_maps_table.count ? &fuzz_maps_table.span[i] : NULL;
    int held = !fuzz_maps_table.lost && s && s->start <= (uintptr_t)p && s->run == fuzz_maps_run &&
               n <= s->end - (uintptr_t)p && s->mapped_at < mapped;
    fuzz_maps_unlock();
    return held;
}

/* What the run before this one unmapped in its destroy(): a fault there now
 * is a pointer the allocator kept past destroy() (round 21: a thread's cached
 * owner, looked up by the heap's address, which the next heap shared). */
static struct { uintptr_t start, end; } destroyed[RECENT_UNMAPS];
static size_t ndestroyed;

static void keep_destroyed(void)
{
    ndestroyed = 0;
    size_t first = fuzz_maps_nrecent > RECENT_UNMAPS ? fuzz_maps_nrecent - RECENT_UNMAPS : 0;
    for (size_t i = first; i < fuzz_maps_nrecent; i++) {
        const struct unmapped *u = &fuzz_maps_recent[i % RECENT_UNMAPS];
        if (u->phase && strncmp(u->phase, "destroy", 7) == 0)
            destroyed[ndestroyed].start = u->start, destroyed[ndestroyed++].end = u->end;
    }
}

int fuzz_maps_destroyed_before(const void *at, uintptr_t *start, uintptr_t *end)
{
    for (size_t i = 0; i < ndestroyed; i++)
        if ((uintptr_t)at >= destroyed[i].start && (uintptr_t)at < destroyed[i].end) {
            *start = destroyed[i].start, *end = destroyed[i].end;
            return 1;
        }
    return 0;
}

void fuzz_maps_new_run(void)
{
    fuzz_maps_lock();
    keep_destroyed();
    fuzz_maps_nrecent = 0;
    nprotects = 0;
    fuzz_maps_ndiscards = 0;
    fuzz_maps_nleft = 0;
    fuzz_maps_run++;
    if (!fuzz_maps_first_break)
        fuzz_maps_first_break = (uintptr_t)sbrk(0);
    fuzz_maps_unlock();
}

/* An munmap's range (new_len 0), or the part an mremap took from where it
 * was: all of it, moved to moved_to, or the tail a shrink in place cut. */
/* Whose an unmap is: a threaded run's are its threads' (thread_ctx), as
 * its mappings are; not a sanitizer's while it reports. */
static const struct fuzz_ctx *unmap_ctx(const struct fuzz_ctx *c)
{
    return c || fuzz_report_printing() ? c : thread_ctx;
}

static void remember_unmap(const struct fuzz_ctx *c, uintptr_t start, uintptr_t end, uintptr_t addr, size_t len,
                           uintptr_t moved_to, size_t new_len, const struct map_span *own)
{
    c = unmap_ctx(c);
    if (!c || start >= end)
        return;
    fuzz_maps_lock();
    fuzz_maps_recent[fuzz_maps_nrecent++ % RECENT_UNMAPS] =
        (struct unmapped){start, end, len, c->cur, c->phase, c->freeing, addr, moved_to, new_len, c,
                          own ? own->start : 0, own ? own->end - own->start : 0};
    fuzz_maps_unlock();
}

/* The largest piece of [start, end) that c's op under way mapped itself
 * (*own's length 0: none, or c in a phase), for the unmap about to drop it
 * from the table. Under the table's lock. */
static void mapped_by_op(const struct fuzz_ctx *c, uintptr_t start, uintptr_t end, struct map_span *own)
{
    *own = (struct map_span){0};
    if (!c || c->phase || fuzz_maps_table.lost)
        return;
    for (size_t i = map_table_first_after(&fuzz_maps_table, start);
         i < fuzz_maps_table.count && fuzz_maps_table.span[i].start < end; i++) {
        const struct map_span *s = &fuzz_maps_table.span[i];
        uintptr_t lo = s->start > start ? s->start : start, hi = s->end < end ? s->end : end;
        if (s->run == fuzz_maps_run && s->by == c && !s->phase && s->op == c->cur &&
            hi - lo > own->end - own->start)
            own->start = lo, own->end = hi;
    }
}


/* Whether the running op may give slot's block back to the system now: it is
 * being freed, or reallocated (moved: the old block goes after the copy).
 * Declared in maps-state.h. */
int fuzz_maps_being_released(const struct fuzz_ctx *c, unsigned slot)
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
        if (p && b->usable && p < end && p + b->usable > start && !fuzz_maps_being_released(c, i))
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
    if (start % fuzz_page_size() && c && c->opt.shadow)
        oracle_unmap_unaligned(c, addr, len);
    fuzz_maps_lock();
    int cuts;
    uintptr_t foreign = fuzz_maps_table.lost || len == 0 ? 0 : first_foreign(start, end, &cuts);
    fuzz_maps_unlock();
    if (foreign && c && c->opt.shadow)
        oracle_unmap_foreign(c, addr, len, (const void *)foreign, cuts);
    int live = c && c->opt.shadow && len ? live_block_in(c, start, end) : -1;
    if (live >= 0)
        oracle_unmap_live(c, addr, len, live);
    /* The call and the table's update at once: another thread's mmap could
     * take the range between them and have its mapping cut from the table. */
    struct map_span own;
    fuzz_maps_lock();
    int rc = (int)syscall(SYS_munmap, addr, len);
    if (rc == 0) {
        mapped_by_op(unmap_ctx(c), start, end, &own);
        map_table_remove(&fuzz_maps_table, start, end);
        unprotect(start, end);
    }
    fuzz_maps_unlock();
    if (rc == 0) {
        say_if_lost(c);
        remember_unmap(c, start, end, start, len, 0, 0, &own);
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
        fuzz_maps_lock();
        fuzz_maps_discards[fuzz_maps_ndiscards++ % RECENT_DISCARDS] =
            (struct discarded){start, end, len, c->cur, c->phase, name};
        fuzz_maps_unlock();
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

/* A range that starts in one of this run's mappings and runs past its end
 * onto live block `live`: said after the call in `text` (a page heap's free
 * that protected its mapping and one page more, over the block mapped next
 * above, round 10b's fence: the report offered only a guard over the
 * block's own bytes or a rounding out). */
static void say_past_mapping(const struct fuzz_ctx *c, uintptr_t start, uintptr_t end, int live, char *text,
                             size_t len)
{
    struct map_span s = {0};
    fuzz_maps_lock();
    size_t i = map_table_first_after(&fuzz_maps_table, start);
    if (!fuzz_maps_table.lost && i < fuzz_maps_table.count)
        s = fuzz_maps_table.span[i];
    fuzz_maps_unlock();
    const struct fuzz_block *b = &c->slot[live];
    if (!s.end || s.start > start || s.end >= end || s.run != fuzz_maps_run ||
        (uintptr_t)b->ptr + b->usable <= s.end)
        return;
    char when[FUZZ_OP_DESCRIPTION_MAX + 48];
    size_t used = strlen(text);
    snprintf(text + used, len - used, " (it starts in the mapping [%#jx, +%zu) made %s and runs %zu byte%s "
             FUZZ_PROTECT_PAST_END,
             (uintmax_t)s.start, (size_t)(s.end - s.start), fuzz_call_when(c, s.phase, s.op, when, sizeof when),
             (size_t)(end - s.end), hl_plural_s(end - s.end));
}

int mprotect(void *addr, size_t len, int prot)
{
    uintptr_t start = (uintptr_t)addr, end = page_end(start, len);
    const struct fuzz_ctx *c = fuzz_running();
    int takes = (prot & (PROT_READ | PROT_WRITE)) != (PROT_READ | PROT_WRITE);
    struct protected call = {start, end, len, c ? c->cur : 0, c ? c->phase : NULL, prot};
    char text[2 * FUZZ_OP_DESCRIPTION_MAX + 400];
    int live = takes && c && c->opt.shadow && len ? live_block_in(c, start, end) : -1;
    if (live >= 0) {
        describe_protect(c, &call, text, sizeof text);
        say_past_mapping(c, start, end, live, text, sizeof text);
        oracle_protect_live(c, live, text);
    }
    int rc = (int)syscall(SYS_mprotect, addr, len, prot);
    if (rc == 0 && c) {
        fuzz_maps_lock();
        unprotect(start, end);
        if (takes)
            protects[nprotects++ % RECENT_PROTECTS] = call;
        fuzz_maps_unlock();
    }
    return rc;
}

int fuzz_maps_made_in_op_under_way(const struct fuzz_ctx *c, const char *phase, size_t op)
{
    if (phase || c->phase)
        return phase && c->phase && strcmp(phase, c->phase) == 0;
    return op == c->cur;
}

/* Whether [p, p+n) meets memory this run made inaccessible with mprotect
 * (the requested bytes of a block just handed out, a guard page placed over
 * its last bytes): *call then names the latest such call; 2 if it was made
 * before the op under way (in another op or phase). */
int fuzz_maps_protected(const struct fuzz_ctx *c, const void *p, size_t n, char *call, size_t len)
{
    uintptr_t at = (uintptr_t)p;
    struct protected hit = {0};
    if (n == 0) /* no bytes to take: DUMA's malloc(0) points into a PROT_NONE page on purpose */
        return 0;
    fuzz_maps_lock();
    for (size_t i = nprotects; i > 0 && i + RECENT_PROTECTS > nprotects && !hit.end; i--) {
        const struct protected *q = &protects[(i - 1) % RECENT_PROTECTS];
        if (q->start < q->end && q->start < at + n && q->end > at)
            hit = *q;
    }
    fuzz_maps_unlock();
    if (!hit.end)
        return 0;
    describe_protect(c, &hit, call, len);
    return fuzz_maps_made_in_op_under_way(c, hit.phase, hit.op) ? 1 : 2;
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
    const struct fuzz_ctx *c = fuzz_running();
    fuzz_maps_lock(); /* the call and the table's update at once, as munmap's */
    long got = syscall(SYS_mremap, old, old_len, new_len, flags, want);
    if (got == -1) {
        fuzz_maps_unlock();
        return MAP_FAILED;
    }
    map_table_remove(&fuzz_maps_table, (uintptr_t)old, page_end((uintptr_t)old, old_len));
    add_span((uintptr_t)got, page_end((uintptr_t)got, new_len), c, 0, 1, -1, 0);
    if (new_len > old_len)
        mapped_ever += new_len - old_len;
    fuzz_maps_unlock();
    say_if_lost(c);
    if ((uintptr_t)got != (uintptr_t)old) /* moved: what was there is gone (a pointer kept into it faults) */
        remember_unmap(c, (uintptr_t)old, page_end((uintptr_t)old, old_len), (uintptr_t)old, old_len, (uintptr_t)got,
                       new_len, NULL);
    else /* shrank in place: its tail is gone */
        remember_unmap(c, page_end((uintptr_t)old, new_len), page_end((uintptr_t)old, old_len), (uintptr_t)old,
                       old_len, 0, new_len, NULL);
    return (void *)got;
}
