/*
 * sanitizer-reports.c - what the sanitizers' reports said, kept as each is
 * made: the reports a run went on past, counted (a sanitizer built to
 * recover), and the words of the first (UBSan's addresses and numbers,
 * ASan's bad address and overlapping ranges), which report-places.c then
 * places among the model's blocks. The sanitizers' hooks land here; each is
 * weak in its runtime, and a build without one never calls it.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

static struct fuzz_report_words words;

const struct fuzz_report_words *fuzz_report_words(void) { return &words; }

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

/* Its decimal numbers, each a word of its own (fuzz_report_words). */
static void keep_values(const char *message)
{
    for (const char *p = message; *p && words.values < FUZZ_REPORT_VALUES; p++) {
        char *end;
        if ((p != message && p[-1] != ' ') || !(isdigit((unsigned char)*p) ||
                                                (*p == '-' && isdigit((unsigned char)p[1]))))
            continue;
        uint64_t v = *p == '-' ? (uint64_t)strtoll(p, &end, 10) : strtoull(p, &end, 10);
        if (*end == ' ' || *end == ',' || *end == '\0') { /* a word of its own: not 0x..., nor a type's [16] */
            words.negative[words.values] = *p == '-';
            words.value[words.values++] = v;
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
             f->ubsan && f->asan ? "UBSan and ASan" : f->ubsan ? "UBSan" : "ASan", n, hl_plural_s(n), where);
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
    if (!__ubsan_get_current_report_data || words.address[0]) /* the first report is the one that stops */
        return;
    __ubsan_get_current_report_data(&kind, &message, &file, &line, &column, &address);
    words.null_use = kind && strstr(kind, "null-pointer-use") != NULL;
    /* "Passing zero to clz(), which is not a valid argument" (the printed line's "passing") */
    const char *zero = kind && message && strstr(kind, "invalid-builtin-use") ? strstr(message, "zero to ") : NULL;
    if (zero)
        sscanf(zero + strlen("zero to "), "%23[A-Za-z0-9_]", words.zero_to);
    if (message)
        keep_values(message);
    for (size_t n = 0; message && n < FUZZ_REPORT_ADDRESSES && (message = strstr(message, "0x")) != NULL; message += 2)
        if ((words.address[n] = (uintptr_t)strtoull(message, NULL, 16)) != 0)
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

/* ASan's report of a copy between overlapping ranges (memcpy-param-overlap)
 * keeps no address for __asan_get_report_address: its two ranges are read
 * from the report's text, which ASan hands this callback before it dies
 * (and so before the crash's context is printed). */
extern void __asan_set_error_report_callback(void (*callback)(const char *)) __attribute__((weak));

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
    if (!at || words.overlap.to || sscanf(at + strlen(mark), "%llx,%llx) and [%llx, %llx)", &to, &to_end, &from,
                                    &from_end) != 4)
        return;
    snprintf(words.overlap.call, sizeof words.overlap.call, "%.*s", (int)(at - name), name);
    words.overlap.to = (uintptr_t)to, words.overlap.from = (uintptr_t)from, words.overlap.length = (size_t)(to_end - to);
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
    if (!at && words.overlap.to) { /* the source is placed with the UBSan addresses (fuzz_print_report_places) */
        snprintf(named, len, "ASan's %s-param-overlap: the copy's destination", words.overlap.call);
        return (const void *)words.overlap.to;
    }
    if (!at)
        return NULL;
    /* The address is not always where the access began: an interceptor's range
     * (a memcpy's) is reported at its first poisoned byte, an instrumented
     * access at its start, poisoned or not (one that straddles a block's end). */
    const char *verb = __asan_get_report_access_type && __asan_get_report_access_type() ? "write" : "read";
    int bad = __asan_address_is_poisoned && __asan_address_is_poisoned(at);
    if (bug && size) /* none: no access of its own (a double free) */
        snprintf(named, len, "ASan's %s in a %s of %zu byte%s: its %s byte", bug, verb, size, hl_plural_s(size),
                 bad ? "first bad" : "first");
    else
        snprintf(named, len, "ASan's address");
    return at;
}
