/*
 * walk-off.c - a register's or UBSan's address that is a place by the heap's
 * end plus a word of one byte repeated: a walk over the blocks that went on
 * past the last one (fault-place.c and report-places.c ask); and a fault's
 * address that a freed block's first words hold: a link the allocator wrote
 * there, followed (crash.c asks). Called from the fault's handler, so the
 * adapter's contains(), which alone knows where the heap ends, and the reads
 * of freed blocks' words, which may be unmapped, run in a child process
 * (fuzz_ask_apart, which free_rejected's report asks usable_size() by too).
 */
#define _GNU_SOURCE /* syscall */
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
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

/* Most ms the child of fuzz_ask_apart may take: far above the few thousand
 * contains() calls of a scan, far below a replay's -t. */
#define ASK_APART_MS 1000

/* ask(c, value, answer) in a child: it asks the adapter's contains(), the
 * allocator's own code, or reads freed blocks' memory, and this runs in the
 * fault's handler, on a heap that just faulted: a contains() that reads the
 * heap, or a read of a block the allocator unmapped, could fault again or
 * wait for a lock the faulting call holds. The harness's own records cannot
 * stand in: the heap walk_shape serves, a malloc-lab memlib's, ends at a
 * break inside one reserved mapping, which only the adapter knows. So it
 * runs in a child, forked by the raw system call (no atfork handler, no
 * sanitizer's fork interceptor taking its allocator's locks), with SIGSEGV
 * and SIGBUS blocked (a fault then ends it, no handler run), which writes
 * its answer (size bytes) to a pipe; one that faults, or has not answered in
 * ASK_APART_MS, leaves *answer zeroed. */
void fuzz_ask_apart(void (*ask)(const struct fuzz_ctx *, uint64_t, void *), const struct fuzz_ctx *c, uint64_t value,
                    void *answer, size_t size)
{
    int fds[2];
    memset(answer, 0, size);
    if (pipe(fds) != 0)
        return;
    long pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) {
        sigset_t faults;
        sigemptyset(&faults);
        sigaddset(&faults, SIGSEGV);
        sigaddset(&faults, SIGBUS);
        sigprocmask(SIG_BLOCK, &faults, NULL);
        ask(c, value, answer);
        (void)!write(fds[1], answer, size);
        syscall(SYS_exit_group, 0);
    }
    close(fds[1]);
    struct pollfd ready = {.fd = fds[0], .events = POLLIN};
    if (pid > 0 && poll(&ready, 1, ASK_APART_MS) == 1 && read(fds[0], answer, size) != (ssize_t)size)
        memset(answer, 0, size);
    close(fds[0]);
    if (pid > 0) {
        kill((pid_t)pid, SIGKILL);
        waitpid((pid_t)pid, NULL, 0);
    }
}

static void ask_walk_shape(const struct fuzz_ctx *c, uint64_t value, void *answer) { walk_shape(c, value, answer); }

/* `what` ("register rbx held"), a place by the heap's end plus a word of
 * one byte repeated, its flag bits perhaps cleared: a walk over the blocks
 * went on past the last one, read the bytes past the heap's last block as
 * a size and stepped by it (a malloc-lab mm.c whose heap grows with no new
 * epilogue header, memlib's 0xa5 junk past it: make fuzz-lab-batch's row
 * said only "wild pointer", there being no block yet to place it by). Asks
 * contains() only for a value of that shape, and apart (fuzz_ask_apart). 1 if said. */
int fuzz_print_walk_off_heap(const struct fuzz_ctx *c, const char *what, uint64_t value)
{
    static const uint64_t flag_bits[] = {7, 15}; /* a size's low bits, cleared as it is read */
    struct walk_shape shape;
    if (!(c->a->caps & FUZZ_HAS_BOUNDS) || !c->a->contains || !c->heap || !plausible_walk(value))
        return 0;
    fuzz_ask_apart(ask_walk_shape, c, value, &shape, sizeof shape);
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

/* ---- a link followed out of a freed block ---- */

#define LINK_WORDS 2 /* a free block's next and prev, where most lists keep them */
#define LINK_NEAR 16 /* bytes either side of a link a read through it may land: a header, a field */

/* Of the blocks freed lately, the newest whose first LINK_WORDS words hold a
 * value within LINK_NEAR bytes of the fault: its place in the ring plus 1 (0:
 * none), the word's byte and the value. */
struct stale_link {
    size_t newest, byte;
    uint64_t link;
};

/* One word of a freed block, read byte by byte through volatile: no
 * sanitizer's check (a malloc-backed heap's freed block is poisoned), and no
 * alignment assumed. */
__attribute__((no_sanitize_address)) static uint64_t word_at(const unsigned char *at)
{
    uint64_t word = 0;
    for (int i = 7; i >= 0; i--)
        word = word << 8 | ((const volatile unsigned char *)at)[i];
    return word;
}

static void find_stale_link(const struct fuzz_ctx *c, uint64_t fault, void *answer)
{
    struct stale_link *found = answer;
    const struct fuzz_freed *f;
    for (size_t i = 0; (f = fuzz_freed_newest(c, i)) != NULL; i++)
        for (size_t byte = 0; byte < LINK_WORDS * 8 && byte + 8 <= f->usable; byte += 8) {
            uint64_t link = word_at(f->ptr + byte);
            if (link > 4096 && apart(link, fault) <= LINK_NEAR) {
                *found = (struct stale_link){i + 1, byte, link};
                return;
            }
        }
}

void fuzz_print_stale_link(const struct fuzz_ctx *c, const void *fault)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16], off[64];
    struct stale_link found;
    if (!fault || (uintptr_t)fault <= 4096 || !fuzz_freed_newest(c, 0))
        return;
    fuzz_ask_apart(find_stale_link, c, (uintptr_t)fault, &found, sizeof found);
    const struct fuzz_freed *f = found.newest ? fuzz_freed_newest(c, found.newest - 1) : NULL;
    if (!f)
        return;
    if (found.link == (uintptr_t)fault)
        snprintf(off, sizeof off, "is");
    else
        snprintf(off, sizeof off, "lies %ju bytes %s %#jx,", (uintmax_t)apart(found.link, (uintptr_t)fault),
                 (uintptr_t)fault > found.link ? "past" : "before", (uintmax_t)found.link);
    fprintf(stderr, "  the fault's address %p %s the word at byte %zu of block %s%d freed %s, [%p, +%zu), which the "
                    "allocator wrote there after the free: it followed a link it keeps in a freed block to memory it "
                    "can no longer reach - likely a stale free-list pointer, to a block or page it gave back (munmap) "
                    "or handed out while a link to it stayed on a list\n",
            fault, off, found.byte, FUZZ_BLOCK_NO(f->slot), fuzz_call_when(c, f->phase, f->freed_at, when, sizeof when),
            (const void *)f->ptr, f->usable);
}
