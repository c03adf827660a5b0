/*
 * slow-fill-adapter.c - libc malloc behind an adapter with two planted
 * behaviours, for fuzz/scripts/check-reports.sh:
 * a request of 777 bytes hands out a 128 MiB mapping (usable_size says so)
 * whose fill by the harness outlasts the replay's -t limit by construction,
 * not by a race of the limit's clock with the CPU the fill gets (under load
 * the limit landed in the allocator instead): with a limit armed, create
 * holds SIGALRM back (limit-held.h), the block is mapped without access,
 * and the harness's first write to it waits there, SIGALRM let through,
 * until the limit hits.
 * The report must blame the time, not the block.
 * -DWAITS_FOR_LIBFUZZER: the block is closed under libFuzzer too (whose
 * ticking timer limit_hold leaves alone), the fill waiting for its tick:
 * libFuzzer's timeout lands in the harness's own pass at any load.
 * -DHIDDEN_BY_CHECK: the big block, of 1 MiB, is mapped open and filled; the first
 * check() after that closes it and waits there as above, so the limit lands
 * in the harness's pass over every live block after the op (run.c's
 * after_op), which the report must name as the harness's own.
 * -DFREE_SCRIBBLES: a free zeroes the first 8 bytes of the block handed out
 * last (damage the harness finds at its samples in a small-budget build).
 * Its realloc is libc's, without FUZZ_REALLOC_ZERO_FREES: replay -n -v notes
 * which realloc to 0 is not run.
 */
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "adapter.h"
#include "limit-held.h"

#ifdef HIDDEN_BY_CHECK
#define HIDES 1
#define BIG_BYTES ((size_t)1 << 20) /* its fill takes little CPU: the limit's report comes at once */
#else
#define HIDES 0
#define BIG_BYTES ((size_t)128 << 20)
#endif
#define SLOW_SIZE 777

static char token;
static void *big, *newest;

static struct sigaction fault_before; /* the harness's SIGSEGV handler, while ours waits for the big block's fill */

static void *slow_create(size_t bytes)
{
    (void)bytes;
    limit_hold();
    return &token;
}

static void slow_destroy(void *heap)
{
    (void)heap;
    limit_let_through();
}

/* A fault in the big block is the harness's touch of it starting (its fill,
 * or its check after check() closed it): the block is opened, and the
 * harness waits there for the limit, which the harness's
 * SIGALRM handler reports (it ends the process). Any other fault goes to the
 * harness's handler, as it would have. */
static void touch_waits_for_the_limit(int sig, siginfo_t *info, void *uctx)
{
    (void)sig;
    (void)uctx;
    sigaction(SIGSEGV, &fault_before, NULL);
    uintptr_t at = (uintptr_t)info->si_addr, start = (uintptr_t)big;
    if (!big || at < start || at - start >= BIG_BYTES)
        return;
    mprotect(big, BIG_BYTES, PROT_READ | PROT_WRITE);
    limit_let_through();
    for (;;)
        pause();
}

/* With a limit armed, the big block made inaccessible: the harness's next
 * touch of it waits for the limit. By the system call, which the harness does
 * not see: its mprotect would rightly fire protect_live on a live block. */
#ifdef WAITS_FOR_LIBFUZZER
#define CLOSES 1
#else
#define CLOSES limit_held
#endif
static void close_big(void)
{
    if (!CLOSES)
        return;
    syscall(SYS_mprotect, big, BIG_BYTES, PROT_NONE);
    struct sigaction wait;
    memset(&wait, 0, sizeof wait);
    wait.sa_sigaction = touch_waits_for_the_limit;
    wait.sa_flags = SA_SIGINFO;
    sigemptyset(&wait.sa_mask);
    sigaction(SIGSEGV, &wait, &fault_before);
}

static void *slow_malloc(void *heap, size_t size)
{
    (void)heap;
    if (size == SLOW_SIZE && !big) {
        void *p = mmap(NULL, BIG_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        newest = big = p == MAP_FAILED ? NULL : p;
        if (big && !HIDES)
            close_big();
        return big;
    }
    return newest = malloc(size);
}

#ifdef HIDDEN_BY_CHECK
static int slow_check(void *heap, char *msg, size_t len)
{
    (void)heap, (void)msg, (void)len;
    static int closed;
    if (big && !closed) {
        closed = 1;
        close_big();
    }
    return 0;
}
#define SLOW_CHECK slow_check
#else
#define SLOW_CHECK NULL
#endif

static int slow_free(void *heap, void *ptr)
{
    (void)heap;
#ifdef FREE_SCRIBBLES
    if (newest && newest != ptr)
        memset(newest, 0, 8);
#endif
    if (ptr && ptr == big) {
        munmap(big, BIG_BYTES);
        big = NULL;
    } else {
        free(ptr);
    }
    return 0;
}

static void *slow_realloc(void *heap, void *ptr, size_t size)
{
    (void)heap;
    return ptr == big && ptr ? NULL : (newest = realloc(ptr, size));
}

static size_t slow_usable_size(void *heap, void *ptr)
{
    (void)heap;
    return ptr == big ? BIG_BYTES : malloc_usable_size(ptr);
}

const struct fuzz_allocator fuzz_allocator = {
    .name = "slow-fill: libc malloc, a request of 777 bytes slow and given a big block",
    .alignment = 16,
    .create = slow_create,
    .destroy = slow_destroy,
    .malloc = slow_malloc,
    .free = slow_free,
    .realloc = slow_realloc,
    .usable_size = slow_usable_size,
    .check = SLOW_CHECK,
};
