/*
 * write-line.h - a whole line to a file descriptor with write(2), for the
 * lines that must not go through stdio: the debug library's reports, printed
 * with a heap's lock held (a thread holding stderr's FILE lock while it waits
 * for that heap would deadlock an fputs), and the preload shim's, printed
 * inside the program's own malloc. Header-only and free of halloc's types.
 */
#ifndef HALLOC_WRITE_LINE_H
#define HALLOC_WRITE_LINE_H

#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* The whole line to fd, across short writes and signals: 0, or -1 with
 * errno (ENOSPC: a full disk; EBADF: a closed descriptor). */
static inline int hl_write_line(int fd, const char *line)
{
    size_t len = strlen(line), done = 0;
    while (done < len) {
        ssize_t n = write(fd, line + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

#endif
