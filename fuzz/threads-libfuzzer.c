/*
 * threads-libfuzzer.c - the libFuzzer entry point of threaded runs
 * (fuzz/threads.c; make fuzz-threads).
 */
#include <stdlib.h>

#include "threads.h"


/* libFuzzer's coverage counters (clang's inline 8-bit counters, in section
 * __sancov_cntrs) are bumped by every thread without a lock, by design: a
 * lost count costs nothing. ThreadSanitizer sees those writes and would stop
 * every run on them, so the range is declared a benign race (its dynamic
 * annotation; absent without TSan, where the weak symbol stays NULL). This
 * file must stay out of coverage (fuzz/coverage.ignore says why). */
extern char __start___sancov_cntrs[] __attribute__((weak));
extern char __stop___sancov_cntrs[] __attribute__((weak));
void AnnotateBenignRaceSized(const char *file, int line, const volatile void *addr, size_t size, const char *desc)
    __attribute__((weak));

static void counters_are_benign(void)
{
    if (AnnotateBenignRaceSized && __start___sancov_cntrs && __stop___sancov_cntrs > __start___sancov_cntrs)
        AnnotateBenignRaceSized(__FILE__, __LINE__, __start___sancov_cntrs,
                                (size_t)(__stop___sancov_cntrs - __start___sancov_cntrs), "libFuzzer's counters");
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_require_thread_safe_adapter();
    counters_are_benign();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz_options opt;
    static int have_opt;
    if (!have_opt) {
        opt = fuzz_options_default();
        have_opt = 1;
    }
    if (fuzz_run_threads(data, size, &opt, 0) != 0) {
        fuzz_report_create_failure("halloc-fuzz");
        abort();
    }
    return 0;
}
