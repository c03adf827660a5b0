/*
 * helpers.h - shared test helpers: heap snapshots (stats + walk), walk
 * collection, byte patterns and a deterministic PRNG.
 *
 * Only the public API (halloc.h) is used here, so every test file can link
 * these helpers whichever library variant it runs against.
 */
#ifndef HALLOC_TESTS_HELPERS_H
#define HALLOC_TESTS_HELPERS_H

#include <criterion/criterion.h>
#include <criterion/redirect.h> /* DAMAGE_ENDS */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "halloc.h"

#define KIB ((size_t)1024)

/* Whether this test binary is built with AddressSanitizer (gcc or clang). */
#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifndef TEST_ASAN
#define TEST_ASAN 0
#endif

/* Every chunk a walk visited, in visiting order. */
typedef struct chunk_list {
    halloc_chunk_info *items;
    size_t count;
    size_t capacity;
} chunk_list;

/* Collects every chunk of `heap` into `out` (system malloc, free with
 * chunk_list_free). Returns halloc_walk's result. */
int collect_chunks(halloc_heap *heap, chunk_list *out);
void chunk_list_free(chunk_list *list);

/* The chunk whose payload is `payload`, or NULL. */
const halloc_chunk_info *find_chunk(const chunk_list *list, const void *payload);
/* A copy of the chunk whose payload is `payload`; the test fails if there is none. */
halloc_chunk_info chunk_of(halloc_heap *heap, const void *payload);
size_t count_free_chunks(const chunk_list *list);

/* Stats plus every chunk: what "the heap is unchanged" is compared against. */
typedef struct heap_snapshot {
    halloc_stats stats;
    chunk_list chunks;
} heap_snapshot;

void snapshot_take(halloc_heap *heap, heap_snapshot *snap);
/* Asserts (Criterion) that the heap still matches `snap`, then frees it. */
void snapshot_assert_same(halloc_heap *heap, heap_snapshot *snap);

/* halloc_create_ex(&c); the test fails (naming the config) if it could not. */
halloc_heap *heap_from(halloc_config c);

/* A heap of `size` bytes that never grows, without a mutex; asserts it was made.
 * fixed_config: its config, for a test to change one field of first. */
halloc_config fixed_config(size_t size);
halloc_heap *fixed_heap(size_t size);

/* The stats of `heap`; the test fails if halloc_get_stats does. */
halloc_stats stats_of(halloc_heap *heap);

/* Criterion options of a test that damages a heap on purpose. The debug
 * library checks the whole heap after every call and aborts at the first
 * damage (debug_death.c), so there the test must end in SIGABRT at the call
 * that meets it; the plain and ASan builds must report it as an error. */
#if defined(HALLOC_TEST_DEBUG_LIB)
#define DAMAGE_ENDS .signal = SIGABRT, .init = cr_redirect_stderr
#else
#define DAMAGE_ENDS .signal = 0
#endif

/* halloc_dump's whole text for `heap` (system malloc: free it). When `err` is
 * not NULL it gets the errno the dump left (0 if it set none). The test fails
 * if the memory stream cannot be opened or closed. */
char *dump_to_string(halloc_heap *heap, int *err);

/* What fn(arg) writes to stderr, by stdio or by write() on fd 2, in buf (cut
 * at len - 1 bytes): the fuzz harness's lines a test checks. */
void stderr_of(void (*fn)(const void *arg), const void *arg, char *buf, size_t len);

/* Asserts halloc_check passes, printing the report when it does not. */
void assert_heap_ok(halloc_heap *heap);

/* Asserts the stats agree with a fresh walk: counts, byte sums, largest_free
 * and the accounting identity. */
void assert_stats_match_walk(halloc_heap *heap);

/* Fills / verifies `len` bytes with a pattern derived from `seed`. */
void pattern_fill(void *p, size_t len, uint32_t seed);
int pattern_ok(const void *p, size_t len, uint32_t seed);

/* Resident pages (mincore) among the whole pages of [p, p+len). */
size_t resident_pages(const void *p, size_t len);

/* Limits the process's address space (RLIMIT_AS) to what it maps now plus
 * `room` bytes, so a mapping larger than that is refused. Criterion runs
 * each test in a process of its own, which the limit does not outlive. */
void limit_address_space(size_t room);
/* Lifts that limit again (it lowers only the soft limit): a tight one leaves
 * no room for what a sanitizer maps to report, or to end the process. */
void unlimit_address_space(void);

/* xorshift32: deterministic, per-test seeds. `state` must be nonzero. */
uint32_t rng_next(uint32_t *state);
size_t rng_below(uint32_t *state, size_t bound);

#endif /* HALLOC_TESTS_HELPERS_H */
