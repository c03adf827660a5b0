/* unit_main.c - every unit test binary's main: a run that tests nothing fails.
 *
 * Criterion's own main exits 0 after an option it does not know (it prints
 * its usage and runs nothing) and after a --filter that matches no test: a
 * test binary run by hand with a typo (build/tests/plain/test_errno
 * --no-fork) looked like a pass. This main is Criterion's, except that a run
 * which tested nothing exits 2 with a line saying why, unless the caller
 * asked for no run: -h/--help, -v/--version, -l/--list. Linked into each
 * unit test binary (tests/build.mk, UNIT_SUPPORT), it comes before
 * libcriterion's main. */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Tests the run started (a test --filter left out never starts; one that
 * skips itself, as test_sandbox.c may, does). */
static size_t tests_run;

ReportHook(PRE_INIT)(struct criterion_test *test)
{
    (void)test;
    tests_run++;
}

/* Whether argv asks for something other than a run of the tests. */
static bool asks_no_run(int argc, char *argv[])
{
    static const char *const no_run[] = {"-h", "--help", "-v", "--version", "-l", "--list"};
    for (int i = 1; i < argc; i++)
        for (size_t j = 0; j < sizeof no_run / sizeof *no_run; j++)
            if (strcmp(argv[i], no_run[j]) == 0)
                return true;
    return false;
}

int main(int argc, char *argv[])
{
    struct criterion_test_set *tests = criterion_initialize();
    int result = 0;
    if (criterion_handle_args(argc, argv, true))
        result = !criterion_run_all_tests(tests);
    criterion_finalize(tests);
    if (result == 0 && tests_run == 0 && !asks_no_run(argc, argv)) {
        fprintf(stderr, "%s: ran no test: an option above was not understood (--help lists them), or --filter "
                        "matched no test (--list names them); exit 2, not a pass\n", argv[0]);
        return 2;
    }
    return result;
}
