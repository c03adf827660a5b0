/*
 * afl.c - the AFL++ target: persistent mode with a shared-memory test case
 * when built with afl-clang-fast; otherwise a plain driver that runs the
 * file named on the command line (or stdin) once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "run.h"

#define MAX_INPUT (1u << 20)

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();

int main(void)
{
    fuzz_require_valid_adapter(); /* before the fork server: AFL++ shows the message */
    __AFL_INIT();
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(10000))
        fuzz_run_bytes(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
    return 0;
}
#else
int main(int argc, char **argv)
{
    static unsigned char buf[MAX_INPUT];
    fuzz_require_valid_adapter();
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!f) {
        fprintf(stderr, "afl: %s: cannot read; check the path\n", argv[1]);
        return 2;
    }
    size_t n = fread(buf, 1, sizeof buf, f);
    if (f != stdin)
        fclose(f);
    fuzz_run_bytes(buf, n);
    return 0;
}
#endif
