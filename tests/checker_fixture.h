/*
 * checker_fixture.h - the healthy heap the checker proofs corrupt, and the
 * run of one proof: test_checker.c proves the header, chunk-walk, accounting
 * and stats invariants, test_checker_lists.c the free-list, bitmap and cache
 * ones (checker_lists_proves says which).
 *
 * Region 0: b0 b1 b2 b3 b4 b5 b6 b7 b8 k0 k1 [free remainder] [fence]
 *           b1, b3 free (same class: list b3 -> b1), b5 free (another class),
 *           k0, k1 cached (cache list k1 -> k0).
 * Region 1: big (used), then a free remainder.
 */
#ifndef HALLOC_TESTS_CHECKER_FIXTURE_H
#define HALLOC_TESTS_CHECKER_FIXTURE_H

#include "helpers.h"
#include "internal.h"

struct fixture {
    hl_heap *h;
    void *b[9];
    void *k[2];
    void *big;
    hl_region *r1;
    unsigned cache_list; /* the cache list holding k1 -> k0 */
};

/* Where the report must point; any = 1 when the invariant has no one chunk. */
struct where {
    int any;
    size_t region;
    size_t offset;
};

static const struct where anywhere = {1, 0, 0};

struct proof {
    const char *name;
    halloc_invariant expect;
    struct where (*corrupt)(struct fixture *f);
};

hl_chunk *chunk(const struct fixture *f, size_t i);
struct where at(const hl_region *r, const void *c);
struct where at0(const struct fixture *f, size_t i);
void build_fixture(struct fixture *f);

/* Builds the fixture, applies p's corruption and asserts that halloc_check
 * fails with p's invariant, pointing where the corruption says. */
void run_proof(const struct proof *p);

/* 1 for the invariants test_checker_lists.c proves, 0 for test_checker.c's:
 * between them every invariant is proved. */
int checker_lists_proves(halloc_invariant inv);

#endif /* HALLOC_TESTS_CHECKER_FIXTURE_H */
