/*
 * offgrid-lib.c - a pretend allocator library with two bugs that live in
 * narrow cells no seed reaches, for fuzz/scripts/check-sweep.sh: built as
 * a shared library without coverage instrumentation (as Debian's
 * libmimalloc is), so libFuzzer gets no signal from inside it. It serves
 * from the process's malloc, but
 *   - malloc of 3100..3110 bytes returns a pointer 8 bytes into its block:
 *     aligned to 8 only (the harness's misaligned oracle);
 *   - an aligned allocation at 512 of 690..710 bytes has its first byte
 *     flipped at the library's next call, as a stray write of the
 *     allocator's would (pattern_corrupted).
 * It refuses alignment 32 with EINVAL, as C allows (no bug): the sweep's
 * closing lines count the refusals beside its findings.
 * Built with -DNTH_IN_CLASS=N, its Nth malloc of 1000..1100 bytes is
 * shifted too: a bug that needs the state earlier requests left (a count
 * in a size class), so the sweep's cell that meets it runs clean alone.
 * Built with -DRUN_IN_CLASS=N, its Nth malloc of 40..48 bytes in a row (no
 * free between) is shifted: a count of live blocks, as a slab's second page
 * or a bitmap's second word is, which no program of 64 live blocks reaches.
 * Built with -DKEEPS_STARTUP_OBJECT, it mallocs 8 bytes as it loads and
 * drops the pointer, as gperftools' tcmalloc does: LeakSanitizer's report at
 * exit, which no cell's block is.
 */
#define _GNU_SOURCE /* malloc_usable_size */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

#define SHIFT 8
#define SHIFTED_MAX 64

static unsigned char *shifted[SHIFTED_MAX]; /* blocks handed out SHIFT bytes in */
static unsigned char *pending;              /* the block to damage at the next call */
#ifdef RUN_IN_CLASS
static unsigned run_in_class; /* mallocs of 40..48 bytes since the last free */
#endif

#ifdef KEEPS_STARTUP_OBJECT
static void *volatile startup_object;

__attribute__((constructor)) static void keep_startup_object(void)
{
    startup_object = malloc(8);
    startup_object = NULL; /* unreachable from here on: a leak to LeakSanitizer */
}
#endif

static void stray_write(void)
{
    if (pending)
        pending[0] ^= 0x5a;
    pending = NULL;
}

/* The entry holding p (NULL: a free entry), or -1. */
static int shifted_index(const void *p)
{
    for (int i = 0; i < SHIFTED_MAX; i++)
        if (shifted[i] == p)
            return i;
    return -1;
}

/* Whether this request gets a block shifted SHIFT bytes in. */
static int shifts(size_t size)
{
#ifdef NTH_IN_CLASS
    static unsigned in_class; /* mallocs of 1000..1100 bytes so far */
    if (size >= 1000 && size <= 1100 && ++in_class == NTH_IN_CLASS)
        return 1;
#endif
#ifdef RUN_IN_CLASS
    if (size >= 40 && size <= 48 && ++run_in_class == RUN_IN_CLASS)
        return 1;
#endif
    return size >= 3100 && size <= 3110;
}

void *offgrid_malloc(size_t size)
{
    stray_write();
    if (!shifts(size))
        return malloc(size ? size : 1);
    int i = shifted_index(NULL);
    unsigned char *base = i < 0 ? NULL : malloc(size + 2 * SHIFT);
    if (!base)
        return NULL;
    shifted[i] = base + SHIFT;
    return shifted[i];
}

void *offgrid_aligned(size_t alignment, size_t size)
{
    stray_write();
    void *p = NULL;
    if (alignment == 32) {
        errno = EINVAL;
        return NULL;
    }
    if (posix_memalign(&p, alignment < sizeof(void *) ? sizeof(void *) : alignment, size ? size : 1) != 0)
        return NULL;
    if (alignment == 512 && size >= 690 && size <= 710)
        pending = p;
    return p;
}

void offgrid_free(void *p)
{
    stray_write();
#ifdef RUN_IN_CLASS
    run_in_class = 0;
#endif
    int i = p ? shifted_index(p) : -1;
    if (i >= 0) {
        shifted[i] = NULL;
        p = (unsigned char *)p - SHIFT;
    }
    if (p == pending)
        pending = NULL;
    free(p);
}

size_t offgrid_usable(void *p)
{
    int i = p ? shifted_index(p) : -1;
    return i >= 0 ? malloc_usable_size((unsigned char *)p - SHIFT) - SHIFT : malloc_usable_size(p);
}
