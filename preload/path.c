/*
 * path.c - the escapes of HALLOC_PRELOAD_TRACE's and HALLOC_PRELOAD_LOG's
 * paths (record.h): "%p" the process id, "%%" a "%".
 */
#include "record.h"

#include <stdio.h>
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
 * Empty if the directory cannot be named: paths then stay relative. */
static char load_dir[4096];
static int load_dir_read;

/* "trace.%p.rep" -> "/dir/trace.4242.rep"; 0, or -1 if it does not fit. */
int rec_expand_path(const char *pattern, char *out, size_t len)
{
    size_t n = 0;
    if (!load_dir_read) {
        load_dir_read = 1;
        if (!getcwd(load_dir, sizeof load_dir))
            load_dir[0] = '\0';
    }
    if (pattern[0] != '/' && load_dir[0]) {
        int w = snprintf(out, len, "%s/", load_dir);
        if (w < 0 || (size_t)w >= len)
            return -1;
        n = (size_t)w;
    }
    for (const char *s = pattern; *s; s += rec_escape(s) ? 2 : 1) {
        int w = rec_escape(s) == 'p' ? snprintf(out + n, len - n, "%d", (int)getpid())
                                     : snprintf(out + n, len - n, "%c", *s);
        if (w < 0 || (size_t)w >= len - n)
            return -1;
        n += (size_t)w;
    }
    return 0;
}
