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

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

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

/* Asserts that the n proofs of `table` prove every invariant for which
 * checker_lists_proves(inv) == lists, and none of the others (the other
 * file's, named `other` in the message). */
void assert_proofs_cover(const struct proof *table, size_t n, int lists, const char *other);

/* A file's two proof tests over its static `proofs` table: one Criterion
 * test per proof (run_proof), and `covers`, which checks that the table
 * covers this file's half of the invariants (assert_proofs_cover). */
#define CHECKER_PROOF_TESTS(suite, lists, other)                                            \
    ParameterizedTestParameters(suite, proof)                                               \
    {                                                                                       \
        static size_t index[sizeof proofs / sizeof proofs[0]];                              \
        for (size_t i = 0; i < sizeof index / sizeof index[0]; i++)                         \
            index[i] = i;                                                                   \
        return cr_make_param_array(size_t, index, sizeof index / sizeof index[0]);          \
    }                                                                                       \
    ParameterizedTest(size_t *i, suite, proof) { run_proof(&proofs[*i]); }                  \
    Test(suite, every_invariant_of_this_file_has_a_proof)                                   \
    {                                                                                       \
        assert_proofs_cover(proofs, sizeof proofs / sizeof proofs[0], lists, other);        \
    }

#endif /* HALLOC_TESTS_CHECKER_FIXTURE_H */
