/*
 * path.c - the escapes of HALLOC_PRELOAD_TRACE's and HALLOC_PRELOAD_LOG's
 * paths (record.h): "%p" the process id, "%%" a "%"; and the descriptors the
 * shim keeps: out of the program's way, checked before each use.
 */
#define _GNU_SOURCE /* O_PATH: a descriptor that names the directory, no read access needed */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* The path's escapes: "%p" the process id, "%%" a "%" (so a name can hold a
 * literal "%p"); any other "%" is kept. The escape at s, or 0. */
static char rec_escape(const char *s)
{
    return s[0] == '%' && (s[1] == 'p' || s[1] == '%') ? s[1] : 0;
}

int rec_path_has_pid(const char *pattern)
{
    for (const char *s = pattern; *s; s += rec_escape(s) ? 2 : 1)
        if (rec_escape(s) == 'p')
            return 1;
    return 0;
}

/* The directory the first path was expanded in: the shim's load, where
 * HALLOC_PRELOAD_TRACE and _LOG are read. A relative path stays relative to
 * it: a program that changes directory and then reopens the log (daemon(3)
 * does both) or forks a child that records wrote to the same name elsewhere.
 * By name when the name fits in front of the path (a descriptor does not
 * outlive a program that closes them all, as daemon(3) may); else by a
 * descriptor (rec_open_path): from a deep directory a short relative path
 * stopped working once the directory's name was put in front of it. That
 * descriptor is taken only for such a path (keep_load_dir_fd): a program
 * that lists its own descriptors sees no more of the shim's than it must. */
static char load_dir[4096];
static int load_dir_read, load_dir_fd = -1, load_dir_fd_taken;
static struct shim_file_id load_dir_id;

/* Room for a process id longer than the one a path is expanded with at load
 * (a forked child's, for "%p"): a path that fits with it fits in every
 * process, so whether the descriptor is needed is known at load. */
#define PID_ROOM 16

static void read_load_dir(void)
{
    load_dir_read = 1;
    if (!getcwd(load_dir, sizeof load_dir))
        load_dir[0] = '\0';
}

/* At load, still in the load's directory (rec_expand_path is first called
 * from the shim's constructor, and a pattern that needed no descriptor then
 * needs none later: PID_ROOM). */
static void keep_load_dir_fd(void)
{
    load_dir_fd_taken = 1;
    int fd = shim_fd_out_of_the_way(open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (fd >= 0 && shim_file_id_of(fd, &load_dir_id) != 0) {
        close(fd);
        fd = -1;
    }
    load_dir_fd = fd;
}

/* dir (may be "") and "/" in front of pattern expanded; 0, or -1 if it does
 * not fit. */
static int expand(const char *dir, const char *pattern, char *out, size_t len)
{
    int w = snprintf(out, len, "%s%s", dir, dir[0] ? "/" : "");
    if (w < 0 || (size_t)w >= len)
        return -1;
    size_t n = (size_t)w;
    for (const char *s = pattern; *s; s += rec_escape(s) ? 2 : 1) {
        w = rec_escape(s) == 'p' ? snprintf(out + n, len - n, "%d", (int)getpid())
                                 : snprintf(out + n, len - n, "%c", *s);
        if (w < 0 || (size_t)w >= len - n)
            return -1;
        n += (size_t)w;
    }
    return 0;
}

/* "trace.%p.rep" -> "/dir/trace.4242.rep", or "trace.4242.rep" if "/dir/"
 * does not fit in front (rec_open_path opens it in the load's directory);
 * 0, or -1 if it does not fit. */
int rec_expand_path(const char *pattern, char *out, size_t len)
{
    if (!load_dir_read)
        read_load_dir();
    if (pattern[0] != '/' && !load_dir_fd_taken &&
        (!load_dir[0] || len <= PID_ROOM || expand(load_dir, pattern, out, len - PID_ROOM) != 0))
        keep_load_dir_fd();
    if (pattern[0] != '/' && load_dir[0] && expand(load_dir, pattern, out, len) == 0)
        return 0;
    return expand("", pattern, out, len);
}

/* A relative path from rec_expand_path is taken in the load's directory
 * while its descriptor is still that directory; else (the program closed it)
 * in the current one, as the path says. The directory for the *at calls. */
static int dir_of(const char *path)
{
    return path[0] != '/' && load_dir_fd >= 0 && shim_fd_still_is(load_dir_fd, &load_dir_id) ? load_dir_fd : AT_FDCWD;
}

int rec_open_path(const char *path, int flags, mode_t mode)
{
    int dir = dir_of(path);
    /* open itself where it can: a program may wrap it (log-race.c does) */
    return dir == AT_FDCWD ? open(path, flags, mode) : openat(dir, path, flags, mode);
}

int rec_unlink_path_of(const char *path, const struct shim_file_id *id)
{
    int dir = dir_of(path);
    struct stat st;
    if (fstatat(dir, path, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return -1;
    if (st.st_dev != id->dev || st.st_ino != id->ino) {
        errno = ESTALE;
        return -1;
    }
    return unlinkat(dir, path, 0);
}

int shim_file_id_of(int fd, struct shim_file_id *out)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return -1;
    out->dev = st.st_dev;
    out->ino = st.st_ino;
    return 0;
}

int shim_fd_still_is(int fd, const struct shim_file_id *id)
{
    struct shim_file_id now;
    return shim_file_id_of(fd, &now) == 0 && now.dev == id->dev && now.ino == id->ino;
}

int shim_fd_out_of_the_way(int fd)
{
    int saved = errno;
    int high = fd >= 0 && fd < SHIM_FD_FLOOR ? fcntl(fd, F_DUPFD_CLOEXEC, SHIM_FD_FLOOR) : -1;
    if (high >= 0)
        close(fd);
    errno = saved;
    return high >= 0 ? high : fd;
}
