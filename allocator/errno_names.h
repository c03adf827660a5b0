/*
 * errno_names.h - the errno values halloc and its fuzzing harness name, each
 * with its symbol and strerror's text in the C locale: one table for
 * halloc's reports (hl_errno_text, which must not call strerror) and for the
 * harness's, which print "22 (EINVAL: ...)" where a bare 22 sent the reader
 * to errno.h. The errors mmap and the preload shim's file calls may set,
 * and those the shipped adapters' frees and stats return.
 */
#ifndef HALLOC_ERRNO_NAMES_H
#define HALLOC_ERRNO_NAMES_H

#include <errno.h>
#include <stddef.h>

struct hl_errno_name {
    int err;
    const char *name, *text;
};

/* err's entry, or NULL for one the table does not hold. */
static inline const struct hl_errno_name *hl_errno_lookup(int err)
{
    static const struct hl_errno_name known[] = {
        {ENOMEM, "ENOMEM", "Cannot allocate memory"},
        {EAGAIN, "EAGAIN", "Resource temporarily unavailable"},
        {EPERM, "EPERM", "Operation not permitted"},
        {ENFILE, "ENFILE", "Too many open files in system"},
        {EMFILE, "EMFILE", "Too many open files"},
        {EINVAL, "EINVAL", "Invalid argument"},
        {EOVERFLOW, "EOVERFLOW", "Value too large for defined data type"},
        {ENOENT, "ENOENT", "No such file or directory"},
        {EACCES, "EACCES", "Permission denied"},
        {ENOSPC, "ENOSPC", "No space left on device"},
        {EROFS, "EROFS", "Read-only file system"},
        {EISDIR, "EISDIR", "Is a directory"},
        {ENOTDIR, "ENOTDIR", "Not a directory"},
        {ENAMETOOLONG, "ENAMETOOLONG", "File name too long"},
        {EBADF, "EBADF", "Bad file descriptor"},
        {EIO, "EIO", "Input/output error"},
        {EFBIG, "EFBIG", "File too large"},
        {EDQUOT, "EDQUOT", "Disk quota exceeded"},
        {EALREADY, "EALREADY", "Operation already in progress"},
        {EFAULT, "EFAULT", "Bad address"},
        {ENOTRECOVERABLE, "ENOTRECOVERABLE", "State not recoverable"},
        /* The shim's opens of a log or trace also meet these: a FIFO nobody
         * reads, a symlink loop, a seccomp filter's refusal (man-db runs its
         * helpers under one), an executable being run, a device node; and
         * a write to a file that cannot seek. Once said as "errno 38". */
        {ENXIO, "ENXIO", "No such device or address"},
        {ELOOP, "ELOOP", "Too many levels of symbolic links"},
        {ENOSYS, "ENOSYS", "Function not implemented"},
        {ETXTBSY, "ETXTBSY", "Text file busy"},
        {ENODEV, "ENODEV", "No such device"},
        {ESPIPE, "ESPIPE", "Illegal seek"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].err == err)
            return &known[i];
    return NULL;
}

#endif
