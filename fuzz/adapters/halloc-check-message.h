/* halloc-check-message.h - the words halloc's adapter gives the harness for
 * a failed halloc_check: "invariant: what the walk saw (region R, offset O)",
 * which fuzz/causes-checker.c reads to pick a report's cause. Apart from
 * halloc.c so that tests/checker_fixture.c gives its proofs' reports the
 * same words. */
#ifndef FUZZ_HALLOC_CHECK_MESSAGE_H
#define FUZZ_HALLOC_CHECK_MESSAGE_H

#include <stdio.h>

#include "halloc.h"

static inline void halloc_check_message(const halloc_report *report, char *msg, size_t msg_len)
{
    snprintf(msg, msg_len, "%s: %s (region %zu, offset %zu)", halloc_invariant_name(report->invariant),
             report->message, report->region, report->offset);
}

#endif
