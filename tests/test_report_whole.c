/* test_report_whole.c - every report the public API can provoke fits its
 * buffer whole (tests/report_drive.c drives them with the longest arguments
 * each allows), and one that does not fit ends in report.c's cut mark.
 *
 * Not reached here: the corruption reports (corrupt header, footer, list,
 * cache, heap, region) need a damaged heap; test_hardening, test_seals and
 * test_forgery provoke them, with short ops and region 0. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>

#include "helpers.h"
#include "internal.h" /* HL_MAX_REQUEST, hl_report_create_failed */
#include "report_drive.h"

static void assert_whole(const char *what, int refused, const char *msg, const char *tail)
{
    cr_assert(refused, "%s: the call did not fail as it should (last error: '%s')", what, msg);
    const char *problem = report_cut_problem(msg, tail);
    cr_assert_null(problem, "%s: the report is %s ('%s'): '%s' (%zu bytes)", what, problem, tail, msg,
                   strlen(msg));
}

Test(report_whole, a_message_too_long_ends_in_the_cut_mark)
{
    char longer[400];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    errno = 0;
    cr_assert_eq(hl_report_create_failed(EINVAL, "halloc: %s", longer), -1);
    cr_assert_eq(errno, EINVAL);
    const char *msg = halloc_last_error(NULL);
    cr_assert_str_eq(report_cut_problem(msg, longer), "cut at its buffer", "'%s'", msg);
    cr_assert(strncmp(msg, "halloc: xxx", 11) == 0, "'%s'", msg);
}

Test(report_whole, no_heap_and_create_refusals) { report_drive_no_heap(assert_whole); }
Test(report_whole, runtime_refusals) { report_drive_refusals(assert_whole); }
Test(report_whole, out_of_memory_reasons) { report_drive_no_memory(assert_whole); }
Test(report_whole, bad_pointers) { report_drive_pointers(assert_whole); }

/* The system's refusal, made certain by an address-space limit (Criterion
 * runs each test in its own process). Not under ASan: it reserves
 * terabytes of shadow at start, so a limit would stop it, not us. */
Test(report_whole, out_of_memory_when_the_system_refuses)
{
    if (TEST_ASAN)
        return;
    struct rlimit lim;
    cr_assert_eq(getrlimit(RLIMIT_AS, &lim), 0);
    lim.rlim_cur = (rlim_t)1 << 30;
    cr_assert_eq(setrlimit(RLIMIT_AS, &lim), 0);
    halloc_heap *h = halloc_create(64 * KIB);
    cr_assert_not_null(h);
    int refused = halloc_aligned_alloc(h, 16, HL_MAX_REQUEST - 1) == NULL; /* before its message is read */
    assert_whole("malloc past the limit", refused, halloc_last_error(h),
                 "a memory limit (ulimit -v, cgroup) or a full address space");
    halloc_destroy(h);

    halloc_config cfg = halloc_default_config();
    cfg.initial_size = HL_MAX_REQUEST - 1;
    assert_whole("create past the limit", halloc_create_ex(&cfg) == NULL, halloc_last_error(NULL), " bytes");
}
