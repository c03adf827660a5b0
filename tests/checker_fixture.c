/* checker_fixture.c - see checker_fixture.h. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "../fuzz/adapters/halloc-check-message.h"
#include "../fuzz/oracles.h" /* fuzz_print_checker_cause, fuzz_checker_cause_row */
#include "checker_fixture.h"

hl_chunk *chunk(const struct fixture *f, size_t i)
{
    return hl_chunk_from_payload(f->b[i]);
}

struct where at(const hl_region *r, const void *c)
{
    return (struct where){0, r->index, hl_region_offset(r, c)};
}

struct where at0(const struct fixture *f, size_t i)
{
    return at(&f->h->region0, chunk(f, i));
}

void build_fixture(struct fixture *f)
{
    static const size_t sizes[9] = {100, 100, 100, 100, 100, 1000, 100, 1000, 100};
    halloc_config c = halloc_default_config();
    c.initial_size = 256 * KIB;
    c.thread_safe = 0;
    c.cache_depth = 2;
    f->h = halloc_create_ex(&c);
    f->h->config.cache_depth = 0; /* b1, b3, b5 below go to the free lists */
    cr_assert_not_null(f->h);
    for (size_t i = 0; i < 9; i++) {
        f->b[i] = halloc_malloc(f->h, sizes[i]);
        cr_assert_not_null(f->b[i]);
    }
    for (size_t i = 0; i < 2; i++)
        cr_assert_not_null(f->k[i] = halloc_malloc(f->h, 200));
    f->big = halloc_malloc(f->h, 300 * KIB);
    cr_assert_not_null(f->big);
    cr_assert_eq(halloc_free(f->h, f->b[1]), 0);
    cr_assert_eq(halloc_free(f->h, f->b[3]), 0);
    cr_assert_eq(halloc_free(f->h, f->b[5]), 0);
    /* Only now the cache: b1, b3, b5 above went to the free lists. */
    f->h->config.cache_depth = 2;
    cr_assert_eq(halloc_free(f->h, f->k[0]), 0);
    cr_assert_eq(halloc_free(f->h, f->k[1]), 0);
    f->cache_list = hl_cache_index(hl_chunk_size(hl_chunk_from_payload(f->k[0])));
    hl_books_open(f->h);
    cr_assert_eq(f->h->cache->head[f->cache_list], hl_chunk_from_payload(f->k[1]), "expected the cache list k1 -> k0");
    cr_assert_eq(hl_cache_link(f->h, hl_chunk_from_payload(f->k[1])), hl_chunk_from_payload(f->k[0]));
    f->r1 = f->h->region0.next;
    cr_assert_not_null(f->r1, "the big block must have mapped region 1");
    cr_assert_eq(hl_region_of(f->h, f->big), f->r1);
    unsigned fl, sl;
    hl_size_class(hl_chunk_size(chunk(f, 1)), &fl, &sl);
    cr_assert_eq(f->h->heads[fl][sl], chunk(f, 3), "expected the list b3 -> b1");
    cr_assert_eq(hl_link_next(chunk(f, 3)), chunk(f, 1));
    cr_assert_null(hl_link_next(chunk(f, 1)));
    assert_heap_ok(f->h);
}

/* The cause line of a fuzz report whose halloc_check failed with *report. */
static void print_checker_cause(const void *report)
{
    char msg[sizeof ((const halloc_report *)report)->message + 64];
    halloc_check_message(report, msg, sizeof msg);
    fuzz_print_checker_cause(msg, NULL);
}

static void assert_cause(const struct proof *p, const halloc_report *report)
{
    char line[1024];
    stderr_of(print_checker_cause, report, line, sizeof line);
    static const char lead[] = "  cause: likely ";
    cr_assert(strncmp(line, lead, strlen(lead)) == 0 && strncmp(line + strlen(lead), p->cause, strlen(p->cause)) == 0,
              "[%s] the fuzz report of '%s' gives the cause line '%s', expected '%s%s...'", p->name,
              report->message, line, lead, p->cause);
}

void run_proof(const struct proof *p)
{
    struct fixture f;
    build_fixture(&f);
    hl_books_open(f.h); /* the corruption is written as a test, not as a stray write ASan would stop */
    struct where w = p->corrupt(&f);
    halloc_report report;
    memset(&report, 0xa5, sizeof report);
    errno = 0;
    int rc = halloc_check(f.h, &report);
    cr_assert_eq(rc, -1, "[%s] halloc_check passed a heap with %s damaged", p->name,
                 halloc_invariant_name(p->expect));
    cr_assert_eq(errno, ENOTRECOVERABLE, "[%s] errno %d", p->name, errno);
    cr_assert_eq(report.invariant, p->expect, "[%s] expected %s, got %s: %s", p->name,
                 halloc_invariant_name(p->expect), halloc_invariant_name(report.invariant),
                 report.message);
    cr_assert(memchr(report.message, '\0', sizeof report.message) && report.message[0],
              "[%s] the report needs a one-line message", p->name);
    cr_assert_null(strchr(report.message, '\n'), "[%s] message is more than one line", p->name);
    if (!w.any) {
        cr_assert_eq(report.region, w.region, "[%s] region %zu, expected %zu", p->name,
                     report.region, w.region);
        cr_assert_eq(report.offset, w.offset, "[%s] offset %zu, expected %zu: %s", p->name,
                     report.offset, w.offset, report.message);
    }
    assert_cause(p, &report);
    errno = 0;
    cr_assert_eq(halloc_check(f.h, NULL), -1, "[%s] a NULL report changes the verdict", p->name);
    cr_assert_eq(errno, ENOTRECOVERABLE);
    halloc_destroy(f.h);
}

int checker_lists_proves(halloc_invariant inv)
{
    switch (inv) {
    case HALLOC_INV_FREE_UNLISTED:
    case HALLOC_INV_WRONG_LIST:
    case HALLOC_INV_USED_IN_LIST:
    case HALLOC_INV_LIST_LINKS:
    case HALLOC_INV_LIST_CYCLE:
    case HALLOC_INV_BITMAP:
    case HALLOC_INV_CACHE_ENTRY:
    case HALLOC_INV_CACHE_COUNT:
    case HALLOC_INV_CACHE_UNLISTED:
        return 1;
    default:
        return 0;
    }
}

/* Each row of causes-checker.c's table for this file's invariants begins
 * some proof's cause, and no proof's cause begins two rows (which would pin
 * neither). */
static void assert_rows_pinned(const struct proof *table, size_t n, int lists)
{
    for (size_t i = 0; i < n; i++) {
        const char *invariant, *cause;
        size_t begun = 0;
        for (size_t r = 0; (cause = fuzz_checker_cause_row(r, &invariant)) != NULL; r++)
            begun += strncmp(cause, table[i].cause, strlen(table[i].cause)) == 0;
        cr_assert_leq(begun, 1, "[%s] its cause '%s' begins %zu rows of fuzz/causes-checker.c: say more of one",
                      table[i].name, table[i].cause, begun);
    }
    const char *invariant, *cause;
    for (size_t r = 0; (cause = fuzz_checker_cause_row(r, &invariant)) != NULL; r++) {
        halloc_invariant inv = HALLOC_INV_NONE + 1;
        while (inv < HALLOC_INV_COUNT && strcmp(halloc_invariant_name(inv), invariant) != 0)
            inv++;
        cr_assert_lt(inv, HALLOC_INV_COUNT, "fuzz/causes-checker.c has a row for '%s', no invariant", invariant);
        if (checker_lists_proves(inv) != lists)
            continue;
        size_t pins = 0;
        for (size_t i = 0; i < n; i++)
            pins += table[i].expect == inv && strncmp(cause, table[i].cause, strlen(table[i].cause)) == 0;
        cr_assert_gt(pins, 0, "no proof damages a heap the way fuzz/causes-checker.c's %s row says: '%.70s...'",
                     invariant, cause);
    }
}

void assert_proofs_cover(const struct proof *table, size_t n, int lists, const char *other)
{
    for (int inv = HALLOC_INV_NONE + 1; inv < HALLOC_INV_COUNT; inv++) {
        size_t proved = 0;
        for (size_t i = 0; i < n; i++)
            proved += table[i].expect == (halloc_invariant)inv;
        const char *name = halloc_invariant_name((halloc_invariant)inv);
        if (checker_lists_proves((halloc_invariant)inv) == lists)
            cr_assert_gt(proved, 0, "no corruption proves the checker finds %s", name);
        else
            cr_assert_eq(proved, 0, "%s is for %s to prove", name, other);
    }
    assert_rows_pinned(table, n, lists);
}
