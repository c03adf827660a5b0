/*
 * afl.c - the AFL++ target: persistent mode with a shared-memory test case
 * when built with afl-clang-fast; otherwise a plain driver that runs the
 * file named on the command line (or stdin) once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"
#include "trace.h" /* FUZZ_ERROR_MAX */
#include "../bench/text-input.h" /* text_cannot_open, text_cannot_read */
#include "../allocator/hl_switch.h" /* hl_env; by path: built without -Iallocator too */

#define AFL_MAX_INPUT (1u << 20)
/* Under afl-fuzz: at most this many inputs saved in reported/, and this
 * many bytes of reports in the log (a run that fuzzes on past its crashes
 * meets thousands). */
#define AFL_MAX_REPORTED 100
#define AFL_MAX_LOG (1L << 20)

static const char *input_path;     /* the file named on the command line, if any */
static const unsigned char *input; /* the input running under afl-fuzz, and its length */
static size_t input_len;

/* Entries of DIR whose name starts with PREFIX (0 if it cannot be read). */
static unsigned count_entries(const char *dir, const char *prefix)
{
    unsigned count = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        count += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return count;
}

/* Under afl-fuzz: the input, saved by the harness itself as
 * DIR/reported/input-HASH, its path in OUT. AFL++ saves a crash only when
 * it is new to it, under a name (id:N,...) this process cannot know: a
 * name guessed from the crashes there so far named the next new crash, a
 * different input, when this one was not new. 0 if not saved. */
static int save_input(const char *dir, char *out, size_t len)
{
    char reported[4096];
    uint64_t hash = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < input_len; i++)
        hash = (hash ^ input[i]) * 1099511628211u;
    snprintf(reported, sizeof reported, "%s/reported", dir);
    if ((mkdir(reported, 0755) != 0 && access(reported, W_OK) != 0) ||
        count_entries(reported, "input-") >= AFL_MAX_REPORTED)
        return 0;
    snprintf(out, len, "%s/input-%016llx", reported, (unsigned long long)hash);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return 0;
    ssize_t n = write(fd, input, input_len);
    close(fd);
    return n == (ssize_t)input_len;
}

/* The file a report names in its replay line (run.h's saved_as). Under
 * afl-fuzz (which exports its instance's output directory as
 * __AFL_OUT_DIR): the copy save_input makes; past AFL_MAX_REPORTED of
 * them, the crashes/ entry AFL++ may save it as, a glob of any signal (it
 * said sig:06, an oracle's abort, also for a fault's report: sig:11). Run
 * by hand: the file named, or the one stdin reads. The glob's * is left
 * out of the name, which is quoted: the shell expands it. */
static const char *saved_as(char *out, size_t len)
{
    const char *dir = getenv("__AFL_OUT_DIR");
    char in[4096];
    struct stat st;
    ssize_t n;
    if (dir && *dir) {
        if (input && save_input(dir, out, len))
            return "";
        snprintf(out, len, "%s/crashes/", dir);
        return "id:* (one of the files AFL++ saves crashes as, if it found this one new; "
               "make fuzz-afl copies them to crashes/NAME/)";
    }
    if (input_path) {
        snprintf(out, len, "%s", input_path);
    } else if (fstat(0, &st) == 0 && S_ISREG(st.st_mode) &&
               (n = readlink("/proc/self/fd/0", in, sizeof in - 1)) > 0) {
        in[n] = '\0';
        snprintf(out, len, "%s", in);
    }
    return "";
}

/* The harness's HARNESS ERROR line, also into HALLOC_FUZZ_AFL_LOG/harness-error
 * when make fuzz-afl set it: afl-fuzz takes an exit for the end of an input
 * and forks the next, so afl.sh polls for this file to stop both instances
 * and say why. */
static void tell_afl_sh(const char *line)
{
    const char *dir = hl_env("HALLOC_FUZZ_AFL_LOG");
    char path[4096];
    if (!dir)
        return;
    snprintf(path, sizeof path, "%s/harness-error", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fprintf(f, "%s\n", line);
        fclose(f);
    }
}

/* The aligned_alloc calls refused with EINVAL, counted for make fuzz-afl in
 * HALLOC_FUZZ_AFL_LOG/einval: afl-fuzz's fork servers (both instances', and
 * the CMPLOG build's, whose runs count too) fork the targets, each of which
 * adds its refusals there before it can crash; afl.sh's clean end prints the
 * sum (replay --unjudged FILE), as make fuzz's end does. */
static void count_refusals_for_afl_sh(void)
{
    const char *dir = hl_env("HALLOC_FUZZ_AFL_LOG");
    char path[4096];
    if (!dir)
        return;
    snprintf(path, sizeof path, "%s/einval", dir);
    fuzz_einval_share_file(path, 0);
}

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();

/* afl-fuzz sends what its target prints to /dev/null (AFL_DEBUG_CHILD=1
 * shows it, mixed into afl-fuzz's output), and the harness's reports with
 * it. make fuzz-afl sets HALLOC_FUZZ_AFL_LOG=DIR: this binary's reports go
 * to DIR/NAME.log (NAME: its file's), which afl.sh re-prints. Before the
 * fork server starts, so every child it forks inherits the log. */
static void reports_to_log(const char *argv0)
{
    const char *dir = hl_env("HALLOC_FUZZ_AFL_LOG"); /* AFL_* and __AFL_* are afl-fuzz's, read raw */
    const char *name = strrchr(argv0, '/');
    char path[4096];
    if (!dir || getenv("AFL_DEBUG_CHILD"))
        return;
    snprintf(path, sizeof path, "%s/%s.log", dir, name ? name + 1 : argv0);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0 && fd != 2) {
        dup2(fd, 2);
        close(fd);
    }
}

/* In each child of the fork server: a log past AFL_MAX_LOG is left as it is. */
static void log_within_limit(void)
{
    struct stat st;
    if (fstat(2, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > AFL_MAX_LOG) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0 && fd != 2) {
            dup2(fd, 2);
            close(fd);
        }
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    fuzz_require_valid_adapter(); /* before the fork server: AFL++ shows the message */
    fuzz_set_saved_as(saved_as);
    fuzz_afl_on_crash();
    reports_to_log(argv[0]);
    count_refusals_for_afl_sh(); /* before the fork server: its children share the page */
    __AFL_INIT();
    log_within_limit();
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(10000)) {
        input = buf;
        input_len = (size_t)__AFL_FUZZ_TESTCASE_LEN;
        fuzz_run_bytes(buf, input_len);
        fuzz_stop_if_half_blind("AFL++", tell_afl_sh);
    }
    return 0;
}
#else
int main(int argc, char **argv)
{
    static unsigned char buf[AFL_MAX_INPUT];
    fuzz_require_valid_adapter();
    fuzz_set_saved_as(saved_as);
    fuzz_afl_on_crash();
    count_refusals_for_afl_sh();
    input_path = argc > 1 ? argv[1] : NULL;
    FILE *f = input_path ? fopen(input_path, "rb") : stdin;
    if (!f) {
        char err[FUZZ_ERROR_MAX];
        text_cannot_open(err, sizeof err, input_path, errno);
        fprintf(stderr, "afl: %s\n", err);
        return 2;
    }
    size_t n = fread(buf, 1, sizeof buf, f);
    if (ferror(f)) { /* a directory, a failing disk: ran as the bytes read so far, as if that were the input */
        char err[FUZZ_ERROR_MAX];
        text_cannot_read(err, sizeof err, input_path ? input_path : "standard input", errno);
        fprintf(stderr, "afl: %s\n", err);
        return 2;
    }
    if (f != stdin)
        fclose(f);
    input = buf;
    input_len = n;
    fuzz_run_bytes(buf, n);
    fuzz_stop_if_half_blind("the AFL++ target", tell_afl_sh);
    return 0;
}
#endif
