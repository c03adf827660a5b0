/*
 * selftest.h - the tests selftest-ops.c holds, which selftest.c's main runs.
 */
#ifndef BENCH_SELFTEST_H
#define BENCH_SELFTEST_H

void test_roundtrip(void);
void test_workloads(void);
void test_workload_out_of_memory(void);
void test_parse_out_of_memory(void);
void test_finish_rejects(void);
void test_finish_sizes_frees(void);
void test_size_zero_rewritten(void);
void test_free_null(void);
void test_tail_after_count(void);

#endif /* BENCH_SELFTEST_H */
