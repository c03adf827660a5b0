/*
 * recovered-report.h - HALLOC_RECOVERED_AT=SIZE: a request of SIZE bytes
 * does what ASan built with -fsanitize-recover=address and run with
 * halt_on_error=0 does at a finding: it calls the hook ASan calls as a
 * report starts (__asan_on_error, which the harness defines:
 * fuzz/sanitizer-reports.c counts it), prints a line for the report, and returns.
 * The checks' own builds cannot recover (SAN has -fno-sanitize-recover=all),
 * and one that can costs a build of the harness: this stand-in lets a driver
 * they build anyway show that a run past such a report fails
 * (fuzz/scripts/check-afl.sh, check-libfuzzer-report.sh, check-threads.sh).
 * The real report's count is checked with UBSan recovering
 * (check-verify-traces.sh's slow-op-ub build). Included by crash-adapter.c
 * and clash-adapter.c, whose malloc calls it first.
 */
#ifndef RECOVERED_REPORT_H
#define RECOVERED_REPORT_H

#include <stdio.h>
#include <stdlib.h>

#include "../../allocator/hl_switch.h" /* hl_env: HALLOC_* read as every other (empty is unset) */

void __asan_on_error(void);

static inline void recovered_report_at(size_t size)
{
    const char *at = hl_env("HALLOC_RECOVERED_AT");
    if (!at || strtoull(at, NULL, 10) != size)
        return;
    __asan_on_error();
    fprintf(stderr, "recovered-report.h: a stand-in for a sanitizer's recovered report, for a request of %s bytes "
                    "(HALLOC_RECOVERED_AT); the program goes on\n", at);
}

#endif /* RECOVERED_REPORT_H */
