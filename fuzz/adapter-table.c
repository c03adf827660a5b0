/*
 * adapter-table.c - the adapter's table (fuzz_allocator, fuzz/adapter.h),
 * checked once before the first run, and what it leaves unjudged: the line
 * a clean run ends with, naming each claim or function the adapter lacks.
 */
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

size_t fuzz_block_alignment(const struct fuzz_allocator *a, size_t requested, size_t asked)
{
    size_t need = a->alignment;
    if ((a->caps & FUZZ_SMALL_ALIGNED_TO_SIZE) && requested < need)
        for (need = 1; need * 2 <= requested; need *= 2)
            ;
    return asked > need ? asked : need;
}

/* The first thing wrong with the table, or NULL. Without this a missing
 * function would be called through NULL and look like a bug in the allocator. */
static const char *adapter_problem(const struct fuzz_allocator *a)
{
    if (!a->create || !a->destroy || !a->malloc || !(a->free || a->free_sized))
        return "create, destroy, malloc, and free or free_sized are required";
    if (a->alignment == 0 || (a->alignment & (a->alignment - 1)))
        return "alignment must be a power of two (the alignment every returned pointer has)";
    if (a->caps & ~(unsigned)FUZZ_KNOWN_CAPS)
        return "caps has bits that are not FUZZ_* flags of this fuzz/adapter.h";
    if ((a->caps & FUZZ_DETECTS_BAD_FREE) && !a->bad_free_errno)
        return "FUZZ_DETECTS_BAD_FREE needs bad_free_errno (the errno a bad free returns)";
    if ((a->caps & FUZZ_DETECTS_DOUBLE_FREE) && !a->double_free_errno)
        return "FUZZ_DETECTS_DOUBLE_FREE needs double_free_errno (the errno a double free returns)";
    if ((a->caps & FUZZ_HAS_BOUNDS) && !a->contains)
        return "FUZZ_HAS_BOUNDS needs contains()";
    if ((a->caps & FUZZ_EXACT_STATS) && !a->stats)
        return "FUZZ_EXACT_STATS needs stats()";
    if ((a->caps & FUZZ_ANY_START) && !a->create_in)
        return "FUZZ_ANY_START needs create_in (the flag says where the buffer create_in is given may start)";
    if ((a->caps & FUZZ_NO_HEAP_LIMIT) && !(a->caps & FUZZ_CAN_GROW))
        return "FUZZ_NO_HEAP_LIMIT needs FUZZ_CAN_GROW (a heap that never grows has the limit create() gave it)";
    /* A heap that grows serves every probe by growing: the promise would pass whatever the heap kept. */
    if ((a->caps & FUZZ_PRISTINE_AFTER_FREE_ALL) && (a->caps & FUZZ_CAN_GROW) && !a->stats && !a->high_water)
        return "FUZZ_PRISTINE_AFTER_FREE_ALL with FUZZ_CAN_GROW needs stats() (largest_free) or high_water(), "
               "else a heap that grows serves every request and nothing is judged";
    return NULL;
}

void fuzz_require_valid_adapter(void)
{
    static int checked;
    if (checked)
        return;
    const char *problem = adapter_problem(&fuzz_allocator);
    if (problem) {
        fprintf(stderr, "halloc-fuzz: adapter '%s' is invalid: %s; fix its fuzz_allocator table (see fuzz/adapter.h)\n",
                fuzz_allocator.name ? fuzz_allocator.name : "(no name)", problem);
        exit(2);
    }
    /* The switches too, before any run: libFuzzer would take an exit inside
     * a run for a crash of that input. */
    (void)fuzz_options_default();
    checked = 1;
}

void fuzz_print_unjudged_also(const char *while_threads)
{
    char out[1024];
    size_t len = sizeof out;
    const struct fuzz_allocator *a = &fuzz_allocator;
    const struct {
        int missing;
        const char *what;
    } parts[] = {
        {!(a->caps & FUZZ_DETECTS_BAD_FREE), "bad frees (FUZZ_DETECTS_BAD_FREE)"},
        {!(a->caps & FUZZ_DETECTS_DOUBLE_FREE), "double frees (FUZZ_DETECTS_DOUBLE_FREE)"},
        {!(a->caps & FUZZ_REPORTS_ENOMEM), "errno of a failed allocation (FUZZ_REPORTS_ENOMEM)"},
        {!(a->caps & FUZZ_HAS_BOUNDS), "blocks inside the heap (FUZZ_HAS_BOUNDS)"},
        {!(a->caps & FUZZ_PRISTINE_AFTER_FREE_ALL), "reuse after a free-all (FUZZ_PRISTINE_AFTER_FREE_ALL)"},
        {!(a->caps & FUZZ_UNMAPS_ON_DESTROY), "mappings left after destroy() (FUZZ_UNMAPS_ON_DESTROY)"},
        {(a->caps & FUZZ_CAN_GROW) && !(a->caps & FUZZ_NO_HEAP_LIMIT),
         "a refusal mid-run past what stats' largest_free vouches for (FUZZ_NO_HEAP_LIMIT)"},
        {!(a->caps & FUZZ_REALLOC_ZERO_FREES), "realloc to 0 (FUZZ_REALLOC_ZERO_FREES)"},
        {!a->check, "its own checker (check)"},
        {!a->stats, "its stats (stats)"},
        {a->stats && !(a->caps & FUZZ_EXACT_STATS), "bytes in use (FUZZ_EXACT_STATS)"},
        {!a->realloc, "its realloc (realloc: emulated)"},
        {!a->calloc, "its calloc (calloc: emulated)"},
        {!a->aligned_alloc, "aligned allocation (aligned_alloc)"},
        {!a->usable_size, "usable sizes (usable_size)"},
    };
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!parts[i].missing || used >= len)
            continue;
        int n = snprintf(out + used, len - used, "%s%s", used ? ", " : "", parts[i].what);
        used += n > 0 ? (size_t)n : 0;
    }
    if (!used && !while_threads)
        return;
    if (used)
        fprintf(stderr, "halloc-fuzz: clean only on what the adapter claims; not judged, each for want of the flag or "
                "function named: %s (fuzz/ADAPTERS.md, \"The adapter contract\")", out);
    else
        fprintf(stderr, "halloc-fuzz: clean only on what was judged");
    if (while_threads)
        fprintf(stderr, "; not judged while threads ran at once, each changing the heap under the others' models "
                "(fuzz/THREADS.md): %s", while_threads);
    fputc('\n', stderr);
}

void fuzz_print_unjudged(void)
{
    fuzz_print_unjudged_also(NULL);
    fuzz_einval_print();
}
