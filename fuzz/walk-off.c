/*
 * walk-off.c - a register's or UBSan's address that is a place by the heap's
 * end plus a word of one byte repeated: a walk over the blocks that went on
 * past the last one (fault-place.c and report-places.c ask). Called from the
 * fault's handler, so the adapter's contains(), which alone knows where the
 * heap ends, is asked in a child process (walk_shape_apart).
 */
#define _GNU_SOURCE /* syscall */
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define HEAP_END_NEAR 32 /* bytes either side of the heap's end a walk's pointer may stand on: a header or two */

/* The heap's end (one past its last byte, by the adapter's contains():
 * FUZZ_HAS_BOUNDS) within HEAP_END_NEAR bytes of `at`; 0 if none. */
static uint64_t heap_end_near(const struct fuzz_ctx *c, uint64_t at)
{
    if (at >> 47 || at <= HEAP_END_NEAR)
        return 0;
    for (uint64_t end = at - HEAP_END_NEAR; end <= at + HEAP_END_NEAR; end++)
        if (c->a->contains(c->heap, (const void *)(uintptr_t)(end - 1), 1) &&
            !c->a->contains(c->heap, (const void *)(uintptr_t)end, 1))
            return end;
    return 0;
}

/* The distance between two addresses, either way. */
static uint64_t apart(uint64_t a, uint64_t b) { return a > b ? a - b : b - a; }

/* Whether value less some word of one byte repeated is a user-space address
 * heap_end_near would look by: no contains() asked for any other value. */
static int plausible_walk(uint64_t value)
{
    for (uint64_t byte = 1; byte <= 0xff; byte++) {
        uint64_t at = value - byte * 0x0101010101010101u;
        if (!(at >> 47) && at > HEAP_END_NEAR)
            return 1;
    }
    return 0;
}

/* A value that is a place by the heap's end plus a word of one byte
 * repeated (byte 0: none), found by walk_shape. */
struct walk_shape {
    uint64_t byte, end;
};

static void walk_shape(const struct fuzz_ctx *c, uint64_t value, struct walk_shape *out)
{
    *out = (struct walk_shape){0, 0};
    for (uint64_t byte = 1; byte <= 0xff && !out->end; byte++)
        *out = (struct walk_shape){byte, heap_end_near(c, value - byte * 0x0101010101010101u)};
}

/* Most ms the child of walk_shape_apart may take: far above the few
 * thousand contains() calls of a scan, far below a replay's -t. */
#define WALK_SHAPE_MS 1000

/* walk_shape asks the adapter's contains(), the allocator's own code, and
 * this runs in the fault's handler, on a heap that just faulted: a
 * contains() that reads the heap could fault again (SIGSEGV is blocked
 * here: the kernel ends the process, the report cut off) or wait for a lock
 * the faulting call holds. The harness's own records cannot stand in: the
 * heap this serves, a malloc-lab memlib's, ends at a break inside one
 * reserved mapping, which only the adapter knows. So it runs in a child,
 * forked by the raw system call (no atfork handler, no sanitizer's fork
 * interceptor taking its allocator's locks), which writes its answer to a
 * pipe; one that faults, or has not answered in WALK_SHAPE_MS, says nothing. */
static void walk_shape_apart(const struct fuzz_ctx *c, uint64_t value, struct walk_shape *out)
{
    int fds[2];
    *out = (struct walk_shape){0, 0};
    if (pipe(fds) != 0)
        return;
    long pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) {
        struct walk_shape found;
        walk_shape(c, value, &found);
        (void)!write(fds[1], &found, sizeof found);
        syscall(SYS_exit_group, 0);
    }
    close(fds[1]);
    struct pollfd answer = {.fd = fds[0], .events = POLLIN};
    struct walk_shape got;
    if (pid > 0 && poll(&answer, 1, WALK_SHAPE_MS) == 1 && read(fds[0], &got, sizeof got) == (ssize_t)sizeof got)
        *out = got;
    close(fds[0]);
    if (pid > 0) {
        kill((pid_t)pid, SIGKILL);
        waitpid((pid_t)pid, NULL, 0);
    }
}

/* `what` ("register rbx held"), a place by the heap's end plus a word of
 * one byte repeated, its flag bits perhaps cleared: a walk over the blocks
 * went on past the last one, read the bytes past the heap's last block as
 * a size and stepped by it (a malloc-lab mm.c whose heap grows with no new
 * epilogue header, memlib's 0xa5 junk past it: make fuzz-lab-batch's row
 * said only "wild pointer", there being no block yet to place it by). Asks
 * contains() only for a value of that shape, and apart. 1 if said. */
int fuzz_print_walk_off_heap(const struct fuzz_ctx *c, const char *what, uint64_t value)
{
    static const uint64_t flag_bits[] = {7, 15}; /* a size's low bits, cleared as it is read */
    struct walk_shape shape;
    if (!(c->a->caps & FUZZ_HAS_BOUNDS) || !c->a->contains || !c->heap || !plausible_walk(value))
        return 0;
    walk_shape_apart(c, value, &shape);
    if (shape.end) {
        uint64_t byte = shape.byte, fill = byte * 0x0101010101010101u, size = fill, end = shape.end;
        for (size_t i = 0; i < sizeof flag_bits / sizeof flag_bits[0]; i++)
            if (apart(value - (fill & ~flag_bits[i]), end) < apart(value - size, end))
                size = fill & ~flag_bits[i];
        uint64_t base = value - size;
        char place[48] = "on the heap's end";
        if (base != end)
            snprintf(place, sizeof place, "%ju bytes %s the heap's end", (uintmax_t)apart(base, end),
                     base > end ? "past" : "before");
        /* ends in its short form for make fuzz-lab-batch's row, then examples (report-why.sh) */
        fprintf(stderr, "  %s %#jx, %#jx (%s, %#jx by the adapter's contains()) plus %#jx, the byte %#jx repeated%s: "
                        "the allocator walked past its last block and off the heap, taking the bytes past its end for "
                        "a size: likely a missing end marker or epilogue (a header of size 0 marked in use after the "
                        "last block, written again each time the heap grows)\n",
                what, (uintmax_t)value, (uintmax_t)base, place, (uintmax_t)end, (uintmax_t)size, (uintmax_t)byte,
                size != fill ? " and its flag bits cleared" : "");
        return 1;
    }
    return 0;
}
