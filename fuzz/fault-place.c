/*
 * fault-place.c - where a fault's address lies, for a crash's context
 * (crash.c): in memory this run unmapped or mprotect'ed (maps.c keeps those
 * calls), and relative to the model's blocks - inside or just beside a live
 * block, or inside one freed lately. Called from the fault's handler: it
 * reads only the harness's own records, never the faulting address.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* ---- the addresses in UBSan's report ---- */

/* UBSan's runtime calls __ubsan_on_report as it makes each report (a hook
 * for a debugger, weak in the runtime), and __ubsan_get_current_report_data
 * gives its words there. A finding such as "load of misaligned address
 * 0x..." or "pointer index expression with base 0x..." carries the address
 * the allocator computed, which no signal hands the harness: kept here, the
 * crash's context places it among the blocks (a wild one among their bytes). */
void __ubsan_on_report(void);
extern void __ubsan_get_current_report_data(const char **kind, const char **message, const char **file,
                                            unsigned *line, unsigned *column, char **address)
    __attribute__((weak));

#define REPORT_ADDRESSES 2
static uintptr_t report_address[REPORT_ADDRESSES];
/* Its numbers: the decimal ones ("signed integer overflow: -16711423 *
 * 65536", "index 300 out of bounds"), and the offset between its two
 * addresses ("with base 0x... overflowed to 0x..."), which may be bytes the
 * allocator read from a live block, or a block's size, taken for its own. */
#define REPORT_VALUES 4
static uint64_t report_value[REPORT_VALUES];
static int report_negative[REPORT_VALUES]; /* printed with its sign, as UBSan did */
static size_t report_values;

static void keep_values(const char *message)
{
    for (const char *p = message; *p && report_values < REPORT_VALUES; p++) {
        char *end;
        if ((p != message && p[-1] != ' ') || !(isdigit((unsigned char)*p) ||
                                                (*p == '-' && isdigit((unsigned char)p[1]))))
            continue;
        uint64_t v = *p == '-' ? (uint64_t)strtoll(p, &end, 10) : strtoull(p, &end, 10);
        if (*end == ' ' || *end == ',' || *end == '\0') { /* a word of its own: not 0x..., nor a type's [16] */
            report_negative[report_values] = *p == '-';
            report_value[report_values++] = v;
        }
        p = end - 1;
    }
}

/* ---- reports the run went on past ---- */

/* A sanitizer built to recover (UBSan without -fno-sanitize-recover, ASan
 * with -fsanitize-recover=address and halt_on_error=0) prints its report and
 * returns: the run went on and ended "ok" or "ops clean", exit 0, a finding
 * above it. Each report is counted here, with where the first came; the
 * drivers that judge a run (replay, verify-traces, the sweep, the threaded
 * replay) fail one with any, and the engines' inputs abort (fuzz_findings_stop). */
struct fuzz_findings fuzz_findings;
static const size_t *tracked_op; /* a driver without a fuzz_ctx: its op counter */
static void (*where_now)(char *out, size_t len); /* a threaded run's: the reporting thread's op */

void fuzz_findings_track(const size_t *op) { tracked_op = op; }
void fuzz_findings_where(void (*describe)(char *out, size_t len)) { where_now = describe; }
void fuzz_findings_reset(void) { memset(&fuzz_findings, 0, sizeof fuzz_findings); }

/* Called from the sanitizer's report, which holds the sanitizer's report
 * lock: two threads' reports do not count at once. */
static void count_finding(int by_ubsan)
{
    struct fuzz_findings *f = &fuzz_findings;
    if (f->ubsan + f->asan == 0) {
        const struct fuzz_ctx *c = fuzz_running();
        f->phase = c ? c->phase : NULL;
        f->in_op = c ? !c->phase : tracked_op != NULL;
        f->op = c ? c->cur : tracked_op ? *tracked_op : 0;
        if (!c && !tracked_op && where_now)
            where_now(f->where, sizeof f->where);
    }
    if (by_ubsan)
        f->ubsan++;
    else
        f->asan++;
}

size_t fuzz_findings_text(const struct fuzz_findings *f, const size_t *lines, char *buf, size_t len)
{
    size_t n = f->ubsan + f->asan;
    char where[256];
    if (n == 0)
        return 0;
    const char *first = n > 1 ? "the first " : "";
    if (f->phase)
        snprintf(where, sizeof where, "%sin %s", first, f->phase);
    else if (f->in_op && lines)
        snprintf(where, sizeof where, "%s%sop #%zu, line %zu", first, n > 1 ? "at " : "", f->op, lines[f->op]);
    else if (f->in_op)
        snprintf(where, sizeof where, "%s%sop #%zu", first, n > 1 ? "at " : "", f->op);
    else if (f->where[0])
        snprintf(where, sizeof where, "%s%s", first, f->where);
    else
        snprintf(where, sizeof where, "%soutside the ops", first);
    snprintf(buf, len, "%s reported %zu finding%s above (%s): not clean (the sanitizer, built to recover, "
             "went on past it: fix what its report names)",
             f->ubsan && f->asan ? "UBSan and ASan" : f->ubsan ? "UBSan" : "ASan", n, n > 1 ? "s" : "", where);
    return n;
}

void fuzz_findings_stop(const struct fuzz_ctx *c)
{
    char found[512];
    if (fuzz_findings_text(&fuzz_findings, NULL, found, sizeof found) == 0)
        return;
    fuzz_oracle_reports(); /* a threaded run's other reports wait */
    fprintf(stderr, "halloc-fuzz: RECOVERED REPORT: the input ran to its end past a sanitizer's report, no crash: "
                    "%s; so the input fails as a crash does (the abort below: the engine saves it)\n", found);
    if (c)
        fuzz_print_reproduce(c);
    fuzz_oracle_aborts(); /* the abort is no allocator's: the crash context stays unprinted */
    abort();
}

void __ubsan_on_report(void)
{
    const char *kind, *message = NULL, *file;
    unsigned line, column;
    char *address;
    fuzz_report_begins(); /* called before the report's text is printed */
    count_finding(1);
    if (!__ubsan_get_current_report_data || report_address[0]) /* the first report is the one that stops */
        return;
    __ubsan_get_current_report_data(&kind, &message, &file, &line, &column, &address);
    if (message)
        keep_values(message);
    for (size_t n = 0; message && n < REPORT_ADDRESSES && (message = strstr(message, "0x")) != NULL; message += 2)
        if ((report_address[n] = (uintptr_t)strtoull(message, NULL, 16)) != 0)
            n++;
}

/* ---- the address in ASan's report ---- */

/* ASan calls this as it starts a report, before its text (weak in the
 * runtime; a plain build never calls it): the report is marked as printing,
 * and counted. */
void __asan_on_error(void);
void __asan_on_error(void)
{
    fuzz_report_begins();
    count_finding(0); /* a report that returns (halt_on_error=0) fails the run later */
}

/* ASan's report of a bad access (a heap-buffer-overflow in a memcpy's
 * interceptor, a use-after-poison) comes with no signal either: its runtime
 * keeps the address, and these hand it over while the report is being made
 * (its death callback, the error summary hook), where the crash's context is
 * printed. Weak, as in a build without ASan there are none. */
extern void *__asan_get_report_address(void) __attribute__((weak));
extern int __asan_get_report_access_type(void) __attribute__((weak));
extern size_t __asan_get_report_access_size(void) __attribute__((weak));
extern const char *__asan_get_report_description(void) __attribute__((weak));
extern int __asan_address_is_poisoned(void const volatile *addr) __attribute__((weak));
extern const char *__asan_locate_address(void *addr, char *name, size_t name_size, void **region_address,
                                         size_t *region_size) __attribute__((weak));

/* ASan's report of a copy between overlapping ranges (memcpy-param-overlap)
 * keeps no address for __asan_get_report_address: its two ranges are read
 * from the report's text, which ASan hands this callback before it dies
 * (and so before the crash's context is printed). */
extern void __asan_set_error_report_callback(void (*callback)(const char *)) __attribute__((weak));
static struct {
    char call[32];        /* "memcpy", "strcpy"... */
    uintptr_t to, from;   /* the destination's start (0: no such report) and the source's */
    size_t length;
} overlap;

int fuzz_overlap_text_follows(void) { return __asan_set_error_report_callback != NULL; }

static void parse_overlap(const char *report);
static void keep_overlap(const char *report)
{
    parse_overlap(report);
    fuzz_overlap_text_kept();
}

static void parse_overlap(const char *report)
{
    static const char mark[] = "-param-overlap: memory ranges [";
    const char *at = strstr(report, mark), *name = at;
    unsigned long long to, to_end, from, from_end;
    while (name && name > report && (isalnum((unsigned char)name[-1]) || name[-1] == '_'))
        name--;
    if (!at || overlap.to || sscanf(at + strlen(mark), "%llx,%llx) and [%llx, %llx)", &to, &to_end, &from,
                                    &from_end) != 4)
        return;
    snprintf(overlap.call, sizeof overlap.call, "%.*s", (int)(at - name), name);
    overlap.to = (uintptr_t)to, overlap.from = (uintptr_t)from, overlap.length = (size_t)(to_end - to);
}

__attribute__((constructor)) static void watch_asan_reports(void)
{
    if (__asan_set_error_report_callback)
        __asan_set_error_report_callback(keep_overlap);
}

const void *fuzz_asan_report_address(char *named, size_t len)
{
    void *at = __asan_get_report_address ? __asan_get_report_address() : NULL;
    size_t size = at && __asan_get_report_access_size ? __asan_get_report_access_size() : 0;
    const char *bug = at && __asan_get_report_description ? __asan_get_report_description() : NULL;
    if (!at && overlap.to) { /* the source is placed with the UBSan addresses (fuzz_print_report_places) */
        snprintf(named, len, "ASan's %s-param-overlap: the copy's destination", overlap.call);
        return (const void *)overlap.to;
    }
    if (!at)
        return NULL;
    /* The address is not always where the access began: an interceptor's range
     * (a memcpy's) is reported at its first poisoned byte, an instrumented
     * access at its start, poisoned or not (one that straddles a block's end). */
    const char *verb = __asan_get_report_access_type && __asan_get_report_access_type() ? "write" : "read";
    int bad = __asan_address_is_poisoned && __asan_address_is_poisoned(at);
    if (bug && size) /* none: no access of its own (a double free) */
        snprintf(named, len, "ASan's %s in a %s of %zu bytes: its %s byte", bug, verb, size,
                 bad ? "first bad" : "first");
    else
        snprintf(named, len, "ASan's address");
    return at;
}

/* A fault this close to a live block's edge is placed by it: a header or
 * footer, a link beside the block, a word copied or cleared past its end.
 * Farther (a guard page a page's rest away) the nearest block says little. */
#define NEAR_BLOCK_BYTES 256

/* ASan's address beside a heap region of ASan's own malloc that holds no
 * live block, in an op that allocates and has not handed its block over:
 * the block the call is making, whose fill, zeroing or copy ran past it (a
 * calloc's memset rounded up). Placed by the nearest live block instead,
 * it read as that block's fault. 1 if it placed it. */
int fuzz_print_asan_region(const struct fuzz_ctx *c, const void *at, const char *named)
{
    static const unsigned char allocating[] = {FUZZ_OP_MALLOC, FUZZ_OP_CALLOC, FUZZ_OP_ALIGNED, FUZZ_OP_REALLOC,
                                               FUZZ_OP_REFILL};
    void *start = NULL;
    size_t size = 0;
    unsigned kind = c->phase || c->cur >= c->nops ? FUZZ_OP_COUNT : c->ops[c->cur].kind;
    if (!at || !__asan_locate_address || c->touch.verb || !memchr(allocating, (int)kind, sizeof allocating))
        return 0;
    const char *where = __asan_locate_address((void *)at, NULL, 0, &start, &size);
    uintptr_t from = (uintptr_t)start, to = from + size, a = (uintptr_t)at;
    if (!where || strcmp(where, "heap") != 0 || a < to || a - to >= NEAR_BLOCK_BYTES)
        return 0;
    for (int k = 0; k < (int)fuzz_table_end(c); k++)
        if (c->slot[k].ptr && (uintptr_t)c->slot[k].ptr < to && (uintptr_t)c->slot[k].ptr + c->slot[k].usable > from)
            return 0; /* an arena of the allocator's own, from ASan's malloc: the live blocks place it */
    char past[48]; /* worded as a live block's place is */
    snprintf(past, sizeof past, a > to ? "%zu bytes past" : "on the first byte past", (size_t)(a - to));
    fprintf(stderr, "  %s %p lies %s the end of a %zu-byte heap region at %p that holds no live block: likely the "
                    "block this op's call is making, which it filled, zeroed or copied past the size asked (a length "
                    "rounded up, or another size than the request)\n", named, at, past, size, start);
    return 1;
}


int fuzz_print_fault_place(const struct fuzz_ctx *c, const void *at)
{
    char call[FUZZ_OP_DESCRIPTION_MAX + 160];
    if (!at || c->freeing_again) /* a double free's unmapped block: crash.c's own line says it */
        return 0;
    if (fuzz_maps_unmapped_before(c, at, call, sizeof call))
        fprintf(stderr, "  the fault's address %p lies in memory this run had unmapped, by %s: the allocator kept "
                        "a pointer into memory it gave back (a block left on a list, or in a quarantine, after its "
                        "mapping went; or a mapping unmapped too soon)\n", at, call);
    else if (fuzz_maps_protected(c, at, 1, call, sizeof call))
        fprintf(stderr, "  the fault's address %p lies in pages the allocator made inaccessible, by %s: a guard "
                        "page or a protected freed block, met by the allocator or by the harness\n", at, call);
    else
        return 0;
    return 1;
}

volatile int *fuzz_usable_hint_offered; /* crash.c sets it, replay.c reads it */

void fuzz_note_freed(struct fuzz_ctx *c, unsigned slot)
{
    const struct fuzz_block *b = &c->slot[slot];
    c->freed[c->nfreed++ % FUZZ_RECENT_FREED] =
        (struct fuzz_freed){b->ptr, b->usable, b->requested, b->asked, b->made_at, c->cur, c->phase, (int)slot,
                            b->seed, b->shrunk};
}

/* The live block nearest `at`, within NEAR_BLOCK_BYTES of it or holding it
 * (*inside 1); *where gets how it lies there ("8 bytes past the end of").
 * -1 if none. */
static int nearest_live(const struct fuzz_ctx *c, uintptr_t at, int *inside, char *where, size_t len)
{
    int prev, next, in = fuzz_index_find(&c->index, (const void *)at);
    *inside = in >= 0;
    if (in >= 0) {
        snprintf(where, len, "at byte %zu of", (size_t)(at - (uintptr_t)c->slot[in].ptr));
        return in;
    }
    fuzz_index_around(&c->index, (const void *)at, &prev, &next);
    uintptr_t past = prev >= 0 ? at - ((uintptr_t)c->slot[prev].ptr + c->slot[prev].usable) : UINTPTR_MAX;
    uintptr_t before = next >= 0 ? (uintptr_t)c->slot[next].ptr - at : UINTPTR_MAX;
    if (past <= before && past < NEAR_BLOCK_BYTES) {
        snprintf(where, len, past ? "%zu bytes past the end of" : "on the first byte past the end of", (size_t)past);
        return prev;
    }
    if (before < NEAR_BLOCK_BYTES) {
        snprintf(where, len, "%zu bytes before", (size_t)before);
        return next;
    }
    return -1;
}

/* The newest block freed lately whose bytes hold `at`, or NULL. */
static const struct fuzz_freed *freed_holding(const struct fuzz_ctx *c, uintptr_t at)
{
    for (size_t i = c->nfreed; i > 0 && i + FUZZ_FREED_NEAR > c->nfreed; i--) {
        const struct fuzz_freed *f = &c->freed[(i - 1) % FUZZ_RECENT_FREED];
        if (at >= (uintptr_t)f->ptr && at < (uintptr_t)f->ptr + (f->usable ? f->usable : 1))
            return f;
    }
    return NULL;
}

int fuzz_print_block_place(const struct fuzz_ctx *c, const void *fault, const char *named)
{
    char where[64], made[FUZZ_OP_DESCRIPTION_MAX + 16], freed[FUZZ_OP_DESCRIPTION_MAX + 16];
    uintptr_t at = (uintptr_t)fault;
    if (!fault || c->freeing_again)
        return 0;
    int inside, k = nearest_live(c, at, &inside, where, sizeof where);
    const struct fuzz_freed *f = inside ? NULL : freed_holding(c, at);
    if (f) {
        fprintf(stderr, "  %s %p lies at byte %zu of block %s%d freed %s, [%p, +%zu) (placed "
                        "%s): the allocator read or wrote a freed block's memory (a stale link, a block left on a "
                        "list)\n", named, fault, (size_t)(at - (uintptr_t)f->ptr), FUZZ_BLOCK_NO(f->slot),
                fuzz_call_when(c, f->phase, f->freed_at, freed, sizeof freed), (void *)f->ptr, f->usable,
                fuzz_call_when(c, NULL, f->made_at, made, sizeof made));
    } else if (k >= 0 && !(inside && c->touch.verb && c->touch.key == k)) { /* fuzz_print_touch names it */
        const struct fuzz_block *b = &c->slot[k];
        const char *role = c->freeing == k + 1 ? ", the block being freed" : c->reallocating == k + 1
                               ? ", the block being reallocated" : "";
        fprintf(stderr, "  %s %p lies %s live block %s%d%s, [%p, +%zu) (%zu requested; placed %s)\n",
                named, fault, where, FUZZ_BLOCK_NO(k), role, (void *)b->ptr, b->usable, b->requested,
                fuzz_call_when(c, NULL, b->made_at, made, sizeof made));
        return inside && !*role ? 3 : 2; /* the block in the call's hands may hold its own link */
    }
    return f || k >= 0; /* 1, or 0: not placed */
}

/* " N below" or " N above": where the pattern's word lies from UBSan's
 * address, which a header read a little off it (empty when they are equal). */
static void describe_word_offset(char *off, size_t size, uint64_t word, uintptr_t at)
{
    if (word != at)
        snprintf(off, size, " %ju %s", (uintmax_t)(word > at ? word - at : at - word), word > at ? "below" : "above");
}

/* A word read from past a block's request was written on usable_size()'s
 * word alone: where that overstates (a realloc that shrank the block in
 * place and kept the old size), the allocator's own header or link lay
 * there, and the harness's fill is what it read back. A line of its own,
 * so the explanation above keeps its short form (report-why.sh); the replay
 * then tries HALLOC_FUZZ_USABLE=off (fuzz_usable_hint_offered). */
static int past_request_said; /* fuzz_print_report_places' answer */

static void print_past_request(const struct fuzz_ctx *c, int k, size_t requested, size_t usable,
                               const struct fuzz_shrink *shrunk, size_t offset)
{
    char cause[FUZZ_OP_DESCRIPTION_MAX + 160] = "a realloc that shrank it in place and kept the old size";
    if (offset < requested || usable <= requested)
        return;
    past_request_said = 1;
    if (shrunk->at && offset >= shrunk->to) { /* the harness's fill of that byte began there, over a tail split off */
        char when[FUZZ_OP_DESCRIPTION_MAX + 16];
        snprintf(cause, sizeof cause, "likely the realloc %s, which shrank it in place below that byte while "
                 "usable_size() did not shrink: it split off the tail and kept the old size",
                 fuzz_call_when(c, NULL, shrunk->at - 1, when, sizeof when));
    }
    fprintf(stderr, "  byte %zu of block %s%d lies past the %zu bytes requested, written on the word of usable_size(), "
                    "%zu: if that overstates the block (%s), the allocator's own header or link lay there; "
                    "HALLOC_FUZZ_USABLE=off replays with the requests alone\n", offset, FUZZ_BLOCK_NO(k), requested,
            usable, cause);
    if (fuzz_usable_hint_offered)
        *fuzz_usable_hint_offered = 1;
}

/* The word a freed block's pattern holds, read as a link: the block the
 * allocator merged away or handed back still lies in its memory, and a
 * header or back link left pointing at it is followed (a successor's stale
 * prev size after a merge, a block still on a list). Newest freed first. */
static void print_freed_pattern_place(const struct fuzz_ctx *c, uintptr_t at)
{
    char made[FUZZ_OP_DESCRIPTION_MAX + 16], freed[FUZZ_OP_DESCRIPTION_MAX + 16], off[48] = "";
    size_t offset;
    uint64_t word;
    const struct fuzz_freed *f = fuzz_pattern_near_freed(c, at, NEAR_BLOCK_BYTES, &offset, &word);
    if (!f)
        return;
    describe_word_offset(off, sizeof off, word, at);
    fprintf(stderr, "  UBSan's address %p is%s the 8 bytes at byte %zu of block %s%d freed %s, [%p, +%zu) (placed "
                    "%s), read as a pointer: the harness wrote them while the block was live, so the allocator "
                    "took a freed block's old bytes for a header or link of its own (a size or back link left "
                    "pointing into a block merged away, or a block still on a list after it was handed out)\n",
            (void *)at, off, offset, FUZZ_BLOCK_NO(f->slot), fuzz_call_when(c, f->phase, f->freed_at, freed, sizeof freed),
            (void *)f->ptr, f->usable, fuzz_call_when(c, NULL, f->made_at, made, sizeof made));
    print_past_request(c, f->slot, f->requested, f->usable, &f->shrunk, offset);
}

/* Bytes of live block k read while the block right above it is freed, with
 * no more than a header between them: a boundary-tag free merging with its
 * lower neighbour took k for free (an inline-header and a TLSF allocator of
 * h2's round 4: the report named only the bytes). */
#define MERGE_GAP_MAX 32 /* bytes between k's end and the freed block: its header, at most */

static void print_merge_below(const struct fuzz_ctx *c, int k)
{
    if (!c->freeing || k == c->freeing - 1)
        return;
    const struct fuzz_block *f = &c->slot[c->freeing - 1], *b = &c->slot[k];
    uintptr_t end = (uintptr_t)b->ptr + b->usable, start = (uintptr_t)f->ptr;
    if (!f->ptr || start < end || start - end > MERGE_GAP_MAX)
        return;
    fprintf(stderr, "  block %s%d ends %zu bytes below block %s%d, the one being freed: the free took the block "
                    "below for a free one to merge with, so likely the flag in the freed block's header that says the "
                    "block below is free is stale (set while that memory was free, not cleared when it was handed out "
                    "or a block grew in place over it)\n", FUZZ_BLOCK_NO(k), (size_t)(start - end),
            FUZZ_BLOCK_NO(c->freeing - 1));
}

/* An address nowhere near a block may be bytes of one: a word of a block's
 * pattern, which the allocator took for a link or a size (a header read a
 * little below it). It lies in the block, so it is found only by value. */
static void print_pattern_place(const struct fuzz_ctx *c, uintptr_t at)
{
    char made[FUZZ_OP_DESCRIPTION_MAX + 16], off[48] = "";
    size_t offset;
    uint64_t word;
    int k = fuzz_pattern_near(c, at, NEAR_BLOCK_BYTES, &offset, &word);
    if (k < 0) {
        print_freed_pattern_place(c, at);
        return;
    }
    const struct fuzz_block *b = &c->slot[k];
    describe_word_offset(off, sizeof off, word, at);
    fprintf(stderr, "  UBSan's address %p is%s the 8 bytes at byte %zu of live block %s%d read as a pointer, [%p, +%zu) "
                    "(placed %s), "
                    "which the harness wrote there: the allocator took a live block's bytes for a pointer or size of "
                    "its own (a block handed out while still on a free list, or a header or link placed inside "
                    "another block)\n", (void *)at, off, offset, FUZZ_BLOCK_NO(k), (void *)b->ptr, b->usable,
            fuzz_call_when(c, NULL, b->made_at, made, sizeof made));
    print_merge_below(c, k);
    print_past_request(c, k, b->requested, b->usable, &b->shrunk, offset);
}

/* A number of UBSan's report that a live block's pattern holds (the
 * harness wrote it: the allocator read it as a link, size or offset), or
 * that is a live block's size. 1 if it placed it. `named` says which. */
static int print_value_place(const struct fuzz_ctx *c, uint64_t v, const char *named)
{
    char made[FUZZ_OP_DESCRIPTION_MAX + 16];
    size_t offset;
    unsigned width;
    int k = fuzz_pattern_value(c, v, &offset, &width);
    if (k >= 0) {
        const struct fuzz_block *b = &c->slot[k];
        fprintf(stderr, "  %s is the %u bytes at byte %zu of live block %s%d read as a number, [%p, +%zu) (placed %s), "
                        "which the harness wrote there: the allocator took a live block's bytes for a pointer or "
                        "size of its own (a block handed out while still on a free list, or a header or link placed "
                        "inside another block)\n", named, width, offset, FUZZ_BLOCK_NO(k), (void *)b->ptr, b->usable,
                fuzz_call_when(c, NULL, b->made_at, made, sizeof made));
        print_merge_below(c, k);
        print_past_request(c, k, b->requested, b->usable, &b->shrunk, offset);
        return 1;
    }
    for (k = 0; v >= 256 && k < (int)fuzz_table_end(c); k++) /* smaller numbers are too often constants */
        if (c->slot[k].ptr && (c->slot[k].requested == v || c->slot[k].usable == v)) {
            fprintf(stderr, "  %s is the size of live block %s%d, [%p, +%zu) (%zu requested; placed %s): the "
                            "allocator may have taken a live block's size for an offset or count of its own (a "
                            "size field read for another block's, or where a link was meant)\n", named, FUZZ_BLOCK_NO(k),
                    (void *)c->slot[k].ptr, c->slot[k].usable, c->slot[k].requested,
                    fuzz_call_when(c, NULL, c->slot[k].made_at, made, sizeof made));
            return 1;
        }
    return 0;
}

/* UBSan's two addresses a few bytes apart: the offset that wrapped was a
 * small number below zero (added, or one above zero subtracted), no address
 * nor a word of the harness's: a difference of two sizes, the one taken away
 * the bigger (TLSFs of h2's round 4: a fit search without rounding up, an
 * aligned block's lead gap kept as a block; the report named no cause). */
#define SIZE_BELOW_ZERO_MAX ((uint64_t)1 << 20)

static void print_size_below_zero(const struct fuzz_ctx *c)
{
    uint64_t apart = report_address[0] > report_address[1] ? report_address[0] - report_address[1]
                                                            : report_address[1] - report_address[0];
    if (!apart || apart >= SIZE_BELOW_ZERO_MAX)
        return;
    int aligned = !c->phase && c->cur < c->nops && c->ops[c->cur].kind == FUZZ_OP_ALIGNED;
    fprintf(stderr, "  UBSan's offset, -%ju, is a size that went below zero: a difference of two sizes whose second "
                    "was the bigger, such as a block's size less the size cut from it: likely a block cut to more "
                    "than it holds, as a fit search hands out when it takes a block smaller than the request (a "
                    "segregated fit must round the request up to the next list's floor before taking a list's first "
                    "block, or check its size)%s\n", (uintmax_t)apart,
            aligned ? ", or, in this aligned allocation, a gap cut off below the aligned block too small for a "
                      "block's header and links, kept as a block of its own" : "");
}

int fuzz_print_report_places(const struct fuzz_ctx *c)
{
    char named[160];
    past_request_said = 0;
    /* A copy from the block being reallocated of more than it holds runs
     * into the new block when that lies close above: the length is wrong,
     * not the choice of memcpy. */
    const struct fuzz_block *moving = c->reallocating ? &c->slot[c->reallocating - 1] : NULL;
    if (overlap.to && moving && overlap.from == (uintptr_t)moving->ptr && overlap.to > overlap.from &&
        overlap.length > moving->usable) {
        snprintf(named, sizeof named, "ASan's %s-param-overlap: the copy's source", overlap.call);
        fuzz_print_block_place(c, (const void *)overlap.from, named);
        fprintf(stderr, "  likely cause: %s copied %zu bytes%s out of the block being reallocated, which holds %zu, "
                        "into the new block %zu bytes away (copy min(old size, new size)): a copy of the new size, "
                        "not of the old block's\n", overlap.call, overlap.length,
                overlap.length == c->realloc_size ? " (the new size asked)" : "", moving->usable,
                (size_t)(overlap.to - overlap.from));
    } else if (overlap.to) {
        snprintf(named, sizeof named, "ASan's %s-param-overlap: the copy's source", overlap.call);
        fuzz_print_block_place(c, (const void *)overlap.from, named);
        fprintf(stderr, "  likely cause: %s copied %zu bytes between ranges %zu bytes apart, which overlap: "
                        "memmove is needed where a block moves into memory overlapping its old place (a realloc "
                        "sliding a block down to its allocation's start or into a free neighbour, a compaction)\n",
                overlap.call, overlap.length,
                (size_t)(overlap.to > overlap.from ? overlap.to - overlap.from : overlap.from - overlap.to));
    }
    /* The numbers first: where one is a live block's bytes, that names the
     * mistake; an address the allocator computed from it only follows. */
    /* Added or subtracted ("subtraction of unsigned offset from 0x..."): either sign. */
    int offset_placed = 0;
    for (int sign = 1; report_address[0] && report_address[1] && sign >= -1 && !offset_placed; sign -= 2) {
        uint64_t offset = ((uint64_t)report_address[1] - (uint64_t)report_address[0]) * (uint64_t)(int64_t)sign;
        snprintf(named, sizeof named, "UBSan's offset %jd (from %p to %p%s)", (intmax_t)(int64_t)offset,
                 (void *)report_address[0], (void *)report_address[1], sign < 0 ? ", subtracted" : "");
        offset_placed = print_value_place(c, offset, named);
    }
    if (report_address[0] && report_address[1] && !offset_placed)
        print_size_below_zero(c);
    for (size_t i = 0; i < report_values; i++) {
        if (report_negative[i])
            snprintf(named, sizeof named, "UBSan's value %jd", (intmax_t)(int64_t)report_value[i]);
        else
            snprintf(named, sizeof named, "UBSan's value %ju", (uintmax_t)report_value[i]);
        print_value_place(c, report_value[i], named);
    }
    for (size_t n = 0; n < REPORT_ADDRESSES && report_address[n]; n++) {
        int placed = fuzz_print_block_place(c, (const void *)report_address[n], "UBSan's address");
        if (!placed)
            print_pattern_place(c, report_address[n]);
        else if (placed == 3)
            fprintf(stderr, "  the allocator computed that address from its own records, and it lies inside a live "
                            "block: a free list or header of its own reaches memory it handed out (a block on a free "
                            "list twice, or left there by a merge, or a header placed inside another block)\n");
    }
    return past_request_said;
}
