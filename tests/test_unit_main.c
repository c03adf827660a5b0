/* test_unit_main.c - tests/unit_main.c: a unit test binary run by hand that
 * tests nothing (an option it does not know, a --filter matching no test)
 * fails; asked only for its usage or list, it does not. Each case runs this
 * binary again, its output kept in a file and read back (a whole run that
 * passes is this binary's own, in make check-unit). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* This binary run with one argument: its exit status; its output in out. */
static int run_self(const char *arg, char *out, size_t len)
{
    char path[] = "/tmp/test_unit_main.XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0, "mkstemp in /tmp failed: check that /tmp is writable");
    unlink(path);
    pid_t pid = fork();
    cr_assert_geq(pid, 0, "fork failed");
    if (pid == 0) {
        dup2(fd, 1);
        dup2(fd, 2);
        unsetenv("BXFI_MAP"); /* names Criterion's sandbox: with it the binary starts as this test's worker */
        execl("/proc/self/exe", "test_unit_main", arg, (char *)NULL);
        _exit(127);
    }
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    ssize_t got = pread(fd, out, len - 1, 0);
    out[got > 0 ? got : 0] = '\0';
    close(fd);
    cr_assert(WIFEXITED(status), "the run with '%s' did not exit (status %#x): %s", arg, status, out);
    return WEXITSTATUS(status);
}

Test(unit_main, an_unknown_option_runs_nothing_and_fails)
{
    char out[8192];
    cr_assert_eq(run_self("--no-fork", out, sizeof out), 2, "a typo'd option exited as a pass: %s", out);
    cr_assert_not_null(strstr(out, "ran no test: an option above was not understood"), "%s", out);
}

Test(unit_main, a_filter_matching_no_test_fails)
{
    char out[8192];
    cr_assert_eq(run_self("--filter=no_such_suite/*", out, sizeof out), 2, "a filter that ran nothing passed: %s", out);
}

/* Usage ends in Criterion's argument parsing, a list in its run: one of each. */
Test(unit_main, usage_and_list_pass)
{
    static const char *const asks[] = {"--help", "--list"};
    char out[8192];
    for (size_t i = 0; i < sizeof asks / sizeof *asks; i++)
        cr_assert_eq(run_self(asks[i], out, sizeof out), 0, "%s exited non-zero: %s", asks[i], out);
}
