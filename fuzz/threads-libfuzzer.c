/*
 * threads-libfuzzer.c - the libFuzzer entry point of threaded runs
 * (fuzz/threads.c; make fuzz-threads). At exit, as make fuzz's: what was
 * not judged, and the aligned_alloc calls refused with EINVAL, its workers'
 * too (fuzz_threads_print_unjudged); with HALLOC_FUZZ_STATS on, the totals,
 * each input one program of all its threads' ops. An input libFuzzer's
 * -timeout ends names where each thread was (timeout.c).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "adapter.h" /* FUZZ_UNDER_TSAN */
#include "artifact.h"
#include "harness.h" /* fuzz_findings */
#include "threads.h"
#include "trace.h" /* fuzz_bytes_read_as_trace */

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
    /* As addresses: the two symbols are distinct objects to C (and to gcc's -Warray-compare). */
    uintptr_t start = (uintptr_t)__start___sancov_cntrs, stop = (uintptr_t)__stop___sancov_cntrs;
    if (AnnotateBenignRaceSized && start && stop > start)
        AnnotateBenignRaceSized(__FILE__, __LINE__, __start___sancov_cntrs, (size_t)(stop - start),
                                "libFuzzer's counters");
}

/* Under ThreadSanitizer, a race that two threads hit at once is reported by
 * both: the first report's halt_on_error runs libFuzzer's death callback
 * while TSan holds the second thread's slot, and that callback (naming the
 * input by its SHA-1 through a C++ stringstream) calls pthread_once, whose
 * interceptor waits for a slot: the run hung after the report, with no input
 * saved and -max_total_time never reached. So under TSan the death callback
 * is ours: it writes the input with raw system calls, which TSan does not
 * intercept (so is the line naming the op, tsan_stop), and names it by a
 * hash of its bytes (16 hex digits: fuzz/scripts/libfuzzer.sh tells its
 * file from libFuzzer's, a 40-digit SHA-1, by that), or
 * writes it to -exact_artifact_path. */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

static void save_current(void)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    static char path[4096 + 32];
    static const char stem[] = "crash-", hex[] = "0123456789abcdef";
    size_t prefix = strlen(artifact_prefix);
    char *end = path + prefix;
    for (size_t i = 0; i < running_size; i++)
        h = (h ^ running_data[i]) * 1099511628211u;
    if (exact_artifact_path && strlen(exact_artifact_path) < sizeof path) {
        strcpy(path, exact_artifact_path);
    } else if (prefix + sizeof stem + 16 <= sizeof path) {
        memcpy(path, artifact_prefix, prefix);
        memcpy(end, stem, sizeof stem - 1);
        end += sizeof stem - 1;
        for (int i = 60; i >= 0; i -= 4)
            *end++ = hex[(h >> i) & 15];
        *end = 0;
    } else {
        strcpy(path, "(a path too long)");
    }
    /* A file not made or cut short is said so: fuzz/scripts/libfuzzer.sh
     * finds only that this run saved no input. */
    static const char said[] = "fuzz-threads: ThreadSanitizer stopped the run; input written to ",
                      failed[] = "fuzz-threads: ThreadSanitizer stopped the run, and the input could not be saved "
                                 "(is the directory of -artifact_prefix there and writable?) as ";
    long fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int ok = fd >= 0 && syscall(SYS_write, fd, running_data, running_size) == (long)running_size;
    if (fd >= 0)
        syscall(SYS_close, fd);
    (void)!syscall(SYS_write, 2, ok ? said : failed, ok ? sizeof said - 1 : sizeof failed - 1);
    (void)!syscall(SYS_write, 2, path, strlen(path));
    (void)!syscall(SYS_write, 2, "\n", 1);
}

/* TSan's report names its own thread numbers and the harness's functions,
 * not the input's ops: after the input is saved, the thread of its first
 * access or of its fault (this one) and its op are named, as make replay-threads names them
 * (fuzz/scripts/libfuzzer.sh re-prints the line at the end of the run). */
static void tsan_stop(void)
{
    int fault;
    save_current();
    fuzz_threads_write_fuzzer_stop(fuzz_tsan_stop_why(&fault), fuzz_threads_write_op);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
static unsigned timeout_seconds; /* libFuzzer's -timeout */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    timeout_seconds = fuzz_libfuzzer_timeout_flag(*argc, *argv);
    fuzz_timeouts_of_threads(fuzz_threads_progress, fuzz_threads_print_where);
    artifact_read_flags(*argc, *argv);
    fuzz_require_thread_safe_adapter();
    counters_are_benign();
    fuzz_einval_share(); /* -fork and -jobs workers (JOBS, FUZZ_KEEP_GOING) add their refusals to this count */
    fuzz_totals_at_exit();
    atexit(fuzz_threads_print_unjudged);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fuzz_options opt;
    static int have_opt;
    if (!have_opt) {
        opt = fuzz_options_default();
        opt.saved_as = artifact_saved_as; /* an oracle's report names the input's file */
        have_opt = 1;
        if (FUZZ_UNDER_TSAN && __sanitizer_set_death_callback) { /* after libFuzzer set its own, in its constructor */
            __sanitizer_set_death_callback(tsan_stop);
            fuzz_threads_fault_named_at_death();
        }
        fuzz_threads_on_crash(fuzz_threads_print_op); /* after libFuzzer's signal handlers, to hand on to them */
        fuzz_findings_where(fuzz_threads_describe_now);
        fuzz_name_libfuzzer_timeouts(timeout_seconds);
    }
    if (fuzz_bytes_read_as_trace(data, size))
        return -1; /* threads-replay would refuse its crash file as a trace */
    artifact_running(data, size);
    fuzz_findings_reset();
    double started = fuzz_seconds_now();
    fuzz_libfuzzer_input_starts();
    if (fuzz_run_threads(data, size, &opt, 1, 0) != 0) {
        fuzz_report_create_failure("halloc-fuzz");
        abort();
    }
    fuzz_libfuzzer_input_ends();
    fuzz_totals_add(fuzz_thread_ops(data, size, NULL), started);
    fuzz_findings_stop(NULL); /* past a recovered report: a crash (make fuzz-threads prints the replay line) */
    fuzz_stop_if_half_blind("libFuzzer", NULL); /* as libfuzzer.c: no input goes on unjudged */
    return 0;
}
