/* test_hardening_report.c - the hardening fuzzer's report (fuzz/hardening/
 * hardening-fuzz.c, included whole: its state and steps are static) names
 * halloc's refusal as it was made, not halloc_last_error when the oracle
 * breaks. An allocation refused with ENOMEM, which the fuzzer allows, leaves
 * its message as the heap's last error; a live block changed later must not
 * be reported as if halloc had refused that call. fuzz-check-hardening runs
 * the fuzzer itself; no clean halloc breaks its oracles, so the report's
 * last line is checked here, on a block changed by hand. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../fuzz/hardening/hardening-fuzz.c"

#define NOTHING_REFUSED "  halloc refused: nothing ("
#define NO_OOM_SEEN 3 /* the child's exit status when no allocation ran out of memory */

/* In the child: a buffer heap filled with blocks of 32 KiB until one
 * allocation fails with ENOMEM, then the first block's byte changed behind
 * the shadow's back and a check step: hf_fail's report, and abort(). */
static void fill_then_break_a_block(void)
{
    hf_setup();
    hf.heap = hf_create(0); /* config 0: the buffer heap, no cache */
    if (!hf.heap)
        _exit(2);
    /* malloc, slot i, size 1 + 0x7fff (bytes 2-3 little-endian) */
    uint8_t step[HF_RECORD] = {HF_MALLOC, 0, 0xff, 0x7f, 0, 0, 0, 0};
    for (uint8_t slot = 0; slot < HF_BUFFER / (32 * 1024) + 1; slot++) {
        step[1] = slot;
        if (hf_step(step))
            _exit(2);
    }
    if (!strstr(halloc_last_error(hf.heap), "out of memory"))
        _exit(NO_OOM_SEEN);
    hf.slot[0].p[0] ^= 1;
    const uint8_t check[HF_RECORD] = {HF_CHECK};
    hf_step(check);
    _exit(0);
}

Test(hardening_report, an_allowed_enomem_is_no_refusal)
{
    int out[2];
    cr_assert_eq(pipe(out), 0);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        dup2(out[1], STDERR_FILENO);
        close(out[0]);
        fill_then_break_a_block();
    }
    close(out[1]);
    char report[8192];
    size_t got = 0;
    ssize_t n;
    while (got < sizeof report - 1 && (n = read(out[0], report + got, sizeof report - 1 - got)) > 0)
        got += (size_t)n;
    report[got] = '\0';
    close(out[0]);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(!WIFEXITED(status) || WEXITSTATUS(status) != NO_OOM_SEEN,
              "no allocation of 32 KiB ran out of memory in a %d-byte buffer: the test needs one", HF_BUFFER);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "the child did not abort in hf_fail: %s", report);
    cr_assert(strstr(report, "halloc-fuzz: ORACLE hardening: a live block's contents changed"), "%s", report);
    const char *line = strstr(report, NOTHING_REFUSED);
    cr_assert(line, "the report's last line does not say halloc refused nothing:\n%s", report);
    cr_assert(!strstr(line, "out of memory"), "the ENOMEM allowed was reported as a refusal:\n%s", report);
}
