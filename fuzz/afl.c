/*
 * afl.c - the AFL++ target: persistent mode with a shared-memory test case
 * when built with afl-clang-fast; otherwise a plain driver that runs the
 * file named on the command line (or stdin) once.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"

#define AFL_MAX_INPUT (1u << 20)

static const char *input_path; /* the file named on the command line, if any */

/* The file an oracle's report names in its replay line (run.h's saved_as).
 * Under afl-fuzz (which exports its instance's output directory as
 * __AFL_OUT_DIR) the crash is saved after this process dies, as
 * crashes/id:N,sig:S,...: N is the count of crashes saved there so far, S
 * the abort that follows the report, the rest unknown here, so a shell
 * glob stands for it. Run by hand: the file named, or the one stdin reads. */
static void saved_as(char *out, size_t len)
{
    const char *dir = getenv("__AFL_OUT_DIR");
    char crashes[4096], in[4096];
    struct stat st;
    ssize_t n;
    if (dir && *dir) {
        unsigned count = 0;
        snprintf(crashes, sizeof crashes, "%s/crashes", dir);
        DIR *d = opendir(crashes);
        for (struct dirent *e; d && (e = readdir(d)) != NULL;)
            count += strncmp(e->d_name, "id:", 3) == 0;
        if (d)
            closedir(d);
        snprintf(out, len, "%s/id:%06u,sig:%02d,* (the file AFL++ saves this input as, when the crash is new "
                 "to it; make fuzz-afl copies it to crashes/NAME/)", crashes, count, SIGABRT);
    } else if (input_path) {
        snprintf(out, len, "%s", input_path);
    } else if (fstat(0, &st) == 0 && S_ISREG(st.st_mode) &&
               (n = readlink("/proc/self/fd/0", in, sizeof in - 1)) > 0) {
        in[n] = '\0';
        snprintf(out, len, "%s", in);
    }
}

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();

int main(void)
{
    fuzz_require_valid_adapter(); /* before the fork server: AFL++ shows the message */
    fuzz_set_saved_as(saved_as);
    __AFL_INIT();
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(10000))
        fuzz_run_bytes(buf, (size_t)__AFL_FUZZ_TESTCASE_LEN);
    return 0;
}
#else
int main(int argc, char **argv)
{
    static unsigned char buf[AFL_MAX_INPUT];
    fuzz_require_valid_adapter();
    fuzz_set_saved_as(saved_as);
    input_path = argc > 1 ? argv[1] : NULL;
    FILE *f = input_path ? fopen(input_path, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "afl: %s: cannot read; check the path\n", input_path);
        return 2;
    }
    size_t n = fread(buf, 1, sizeof buf, f);
    if (f != stdin)
        fclose(f);
    fuzz_run_bytes(buf, n);
    return 0;
}
#endif
