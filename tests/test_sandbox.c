/*
 * test_sandbox.c - the checker inside a seccomp sandbox that refuses the
 * calls it uses to test whether memory is mapped (man-db runs its helpers in
 * one that makes mincore fail with ENOSYS). A refused call must never make a
 * healthy heap look damaged, and where msync is still allowed a region link
 * to unmapped memory must still be named, not followed.
 *
 * Criterion runs each test in its own process, so each filter dies with it.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "helpers.h"
#include "internal.h"

#if defined(__x86_64__)
#define TEST_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TEST_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#define REFUSE(nr, err) \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err))

/* Installs a filter under which mincore fails with ENOSYS and, if
 * refuse_msync, msync fails with EPERM; everything else is allowed. */
static void refuse_mapping_queries(int refuse_msync)
{
#ifndef TEST_AUDIT_ARCH
    cr_skip_test("no seccomp architecture constant for this machine");
#else
    struct sock_filter both[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TEST_AUDIT_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        REFUSE(__NR_mincore, ENOSYS),
        REFUSE(refuse_msync ? __NR_msync : __NR_mincore, EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = sizeof both / sizeof both[0], .filter = both};
    cr_assert_eq(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0, "PR_SET_NO_NEW_PRIVS: errno %d", errno);
    cr_assert_eq(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog), 0, "PR_SET_SECCOMP: errno %d", errno);
    unsigned char vec[1];
    void *page = (void *)((uintptr_t)&vec & ~(uintptr_t)4095);
    cr_assert_eq(mincore(page, 1, vec), -1, "the filter did not refuse mincore");
    cr_assert_eq(errno, ENOSYS);
    if (refuse_msync)
        cr_assert(msync(page, 1, MS_ASYNC) == -1 && errno == EPERM, "the filter did not refuse msync");
#endif
}

/* A heap with a second region (so region links and the mapped free-list
 * table are checked), some blocks freed. */
static halloc_heap *grown_heap(void **big)
{
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    void *small[8];
    for (int i = 0; i < 8; i++)
        cr_assert_not_null(small[i] = halloc_malloc(h, 100 + 50 * (size_t)i));
    cr_assert_not_null(*big = halloc_malloc(h, 200 * KIB), "the big block must map a second region");
    for (int i = 0; i < 8; i += 2)
        cr_assert_eq(halloc_free(h, small[i]), 0);
    cr_assert_not_null(h->region0.next);
    return h;
}

static void assert_healthy(halloc_heap *h)
{
    halloc_report rep;
    int rc = halloc_check(h, &rep);
    cr_assert_eq(rc, 0, "a healthy heap failed its check: %s at region %zu offset %zu: %s",
                 halloc_invariant_name(rep.invariant), rep.region, rep.offset, rep.message);
}

Test(sandbox, healthy_heap_passes_when_mincore_is_refused)
{
    void *big;
    halloc_heap *h = grown_heap(&big);
    refuse_mapping_queries(0);
    assert_healthy(h);
    cr_assert_eq(halloc_free(h, big), 0);
    assert_healthy(h);
    halloc_destroy(h);
}

/* A big calloc asks mincore which pages it may leave to the kernel; refused,
 * it must clear them all by hand. */
Test(sandbox, big_calloc_of_dirty_memory_reads_zero_when_mincore_is_refused)
{
    halloc_config config = halloc_default_config();
    config.trim = HALLOC_TRIM_NEVER; /* big's region stays mapped, its pages dirty */
    halloc_heap *h = halloc_create_ex(&config);
    cr_assert_not_null(h);
    void *big = halloc_malloc(h, 200 * KIB);
    cr_assert_not_null(big);
    memset(big, 0x77, 200 * KIB);
    cr_assert_eq(halloc_free(h, big), 0);
    refuse_mapping_queries(0);
    unsigned char *p = halloc_calloc(h, 1, 150 * KIB);
    cr_assert_eq(p, big, "calloc must reuse big's dirty memory");
    for (size_t i = 0; i < 150 * KIB; i++)
        if (p[i] != 0)
            cr_assert_fail("calloc left byte %zu = %#x with mincore refused", i, p[i]);
    assert_healthy(h);
    halloc_destroy(h);
}

Test(sandbox, healthy_heap_passes_when_mincore_and_msync_are_refused)
{
    void *big;
    halloc_heap *h = grown_heap(&big);
    refuse_mapping_queries(1);
    assert_healthy(h);
    errno = 1234;
    assert_healthy(h);
    cr_assert_eq(errno, 1234, "a check that passed changed errno to %d", errno);
    halloc_destroy(h);
}

/* Region 0 links to a page that was unmapped: with mincore refused, msync
 * still tells, and the checker names the link instead of following it. */
Test(sandbox, link_to_unmapped_region_is_named_when_mincore_is_refused)
{
    void *big;
    halloc_heap *h = grown_heap(&big);
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void *gone = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(gone, MAP_FAILED);
    cr_assert_eq(munmap(gone, page), 0);
    hl_region *r1 = h->region0.next;
    refuse_mapping_queries(0);
    h->region0.next = gone;
    halloc_report rep;
    cr_assert_eq(halloc_check(h, &rep), -1, "a region link to unmapped memory passed the check");
    cr_assert_eq(rep.invariant, HALLOC_INV_HEAP_HEADER, "named %s: %s", halloc_invariant_name(rep.invariant),
                 rep.message);
    cr_assert(strstr(rep.message, "not a mapped region"), "message: %s", rep.message);
    h->region0.next = r1;
    assert_healthy(h);
    halloc_destroy(h);
}
