/*
 * ub-recover-lib.c - one signed overflow in code built to recover from
 * UBSan's report (-fsanitize=undefined without -fno-sanitize-recover), for
 * slow-op-adapter.c -DUB_FIRST (fuzz/scripts/check-verify-traces.sh): a
 * real report the run goes on past. Compiled by the check and linked as a
 * library (LDLIBS=), so that build links the harness objects every other
 * replay-gcc build shares: a SAN built to recover compiled the whole harness
 * again for it (49 compiles under ASan+UBSan, 40 s of CPU).
 */
void ub_recover_overflow(volatile int *count);

void ub_recover_overflow(volatile int *count)
{
    *count = *count + 1; /* at INT_MAX: UBSan reports it and returns */
}
