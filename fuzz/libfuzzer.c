/*
 * libfuzzer.c - the libFuzzer entry point over the shared run function.
 * HALLOC_FUZZ_STATS=on (or 1, yes) prints programs and ops per second at exit (bench-fuzz).
 * At exit, fuzz_print_unjudged names what the adapter's claims left unjudged,
 * and the aligned_alloc calls refused with EINVAL, its -fork or -jobs
 * workers' too (einval.c): they print none of their own.
 * Once the harness has lost track of the allocator's mappings, it stops the
 * fuzzer (fuzz_stop_if_half_blind), saving nothing.
 * An input libFuzzer's -timeout ends is named at its op (timeout.c).
 */
#include <stdlib.h> /* atexit */

#include "artifact.h"
#include "run.h"

static unsigned timeout_seconds; /* libFuzzer's -timeout */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    timeout_seconds = fuzz_libfuzzer_timeout_flag(*argc, *argv);
    artifact_read_flags(*argc, *argv);
    fuzz_set_saved_as(artifact_saved_as);
    fuzz_require_valid_adapter();
    fuzz_totals_at_exit();
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
        fuzz_name_libfuzzer_timeouts(timeout_seconds);
        handlers_chained = 1;
    }
    artifact_running(data, size);
    fuzz_libfuzzer_input_starts();
    int skipped = fuzz_run_bytes(data, size) == 1;
    fuzz_libfuzzer_input_ends();
    fuzz_stop_if_half_blind("libFuzzer", NULL);
    return skipped ? -1 : 0; /* -1: libFuzzer keeps it out of the corpus */
}
