/*
 * peak-rss.c - runs a command and writes its peak resident set, in KiB, to
 * a file (make fuzz-check-verify): how a check asserts that a tool does not
 * touch memory in proportion to a number a header merely declares. The
 * command's own output and exit status pass through.
 * usage: peak-rss OUT-FILE COMMAND [ARG...]
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: peak-rss OUT-FILE COMMAND [ARG...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    FILE *out = fopen(argv[1], "w");
    if (pid < 0 || !out || wait4(pid, &status, 0, &ru) != pid) {
        perror("peak-rss");
        return 2;
    }
    fprintf(out, "%ld\n", ru.ru_maxrss);
    fclose(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
