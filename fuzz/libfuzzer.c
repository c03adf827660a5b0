/*
 * libfuzzer.c - the libFuzzer entry point over the shared run function.
 * HALLOC_FUZZ_STATS=on (or 1, yes) prints programs and ops per second at exit (bench-fuzz).
 * At exit, fuzz_print_unjudged names what the adapter's claims left unjudged,
 * and the aligned_alloc calls refused with EINVAL, its -fork or -jobs
 * workers' too (einval.c): they print none of their own.
 * Once the harness has lost track of the allocator's mappings, it stops the
 * fuzzer (fuzz_stop_if_half_blind), saving nothing.
 */
#include <stdio.h>
#include <stdlib.h> /* atexit */
#include <time.h>

#include "artifact.h"
#include "run.h"

static struct timespec started;

static void print_totals(void)
{
    struct timespec now;
    struct fuzz_totals t = fuzz_totals();
    clock_gettime(CLOCK_MONOTONIC, &now);
    double s = (double)(now.tv_sec - started.tv_sec) + (double)(now.tv_nsec - started.tv_nsec) / 1e9;
    fprintf(stderr, "halloc-fuzz: totals: %llu programs, %llu ops in %.3f s: %.0f exec/s, %.0f ops/s; "
            "in the harness %.3f s: %.0f programs/s, %.0f ops/s\n",
            t.programs, t.ops, s, s > 0 ? (double)t.programs / s : 0.0, s > 0 ? (double)t.ops / s : 0.0,
            t.seconds, t.seconds > 0 ? (double)t.programs / t.seconds : 0.0,
            t.seconds > 0 ? (double)t.ops / t.seconds : 0.0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    artifact_read_flags(*argc, *argv);
    fuzz_set_saved_as(artifact_saved_as);
    fuzz_require_valid_adapter();
    clock_gettime(CLOCK_MONOTONIC, &started);
    if (fuzz_env_switch("HALLOC_FUZZ_STATS") > 0)
        atexit(print_totals);
    fuzz_einval_share(); /* -fork and -jobs workers add their refusals to this process's count */
    atexit(fuzz_print_unjudged);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int handlers_chained; /* libFuzzer installs its own after LLVMFuzzerInitialize */
    if (!handlers_chained) {
        fuzz_explain_allocator_stops();
        handlers_chained = 1;
    }
    artifact_running(data, size);
    int skipped = fuzz_run_bytes(data, size) == 1;
    fuzz_stop_if_half_blind("libFuzzer", NULL);
    return skipped ? -1 : 0; /* -1: libFuzzer keeps it out of the corpus */
}
