/* lazy_git.c - Criterion's libgit2 started only when a failure needs a diff.
 *
 * Criterion 2.4 calls git_libgit2_init() in every process it starts, one per
 * test, yet uses libgit2 only for git_diff_buffers(), the diff a failed
 * string comparison of its new assert API prints. libgit2's start loads the
 * system CA bundle through mbedtls (its path is built in: no variable moves
 * it), a fifth of each test process's CPU; under ASan more, as the strstr
 * interceptor measures the rest of the 200 KB bundle at every certificate.
 * These definitions, linked into each unit test binary, come before
 * libgit2's for libcriterion's calls: the start waits for the first diff,
 * and the shutdown happens only after a start (tests/test_lazy_git.c). */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>

typedef int git_call(void);
typedef int git_diff_call(const void *, size_t, const char *, const void *, size_t, const char *,
                          const git_diff_options *, git_diff_file_cb, git_diff_binary_cb,
                          git_diff_hunk_cb, git_diff_line_cb, void *);

static int git_started;

/* libgit2's own definition of name, the one this file hides. */
static void *libgit2_own(const char *name)
{
    void *fn = dlsym(RTLD_NEXT, name);
    if (!fn) {
        fprintf(stderr, "tests/lazy_git.c: libgit2's %s not found (%s); link the test "
                        "with -lcriterion, which brings libgit2\n", name, dlerror());
        abort();
    }
    return fn;
}

/* Criterion's start: the count above 0 that libgit2 returns. */
int git_libgit2_init(void)
{
    return 1;
}

int git_libgit2_shutdown(void)
{
    if (!git_started)
        return 0;
    git_started = 0;
    git_call *own;
    *(void **)&own = libgit2_own("git_libgit2_shutdown");
    return own();
}

int git_diff_buffers(const void *old_buffer, size_t old_len, const char *old_as_path,
                     const void *new_buffer, size_t new_len, const char *new_as_path,
                     const git_diff_options *options, git_diff_file_cb file_cb,
                     git_diff_binary_cb binary_cb, git_diff_hunk_cb hunk_cb,
                     git_diff_line_cb line_cb, void *payload)
{
    if (!git_started) {
        git_call *init;
        *(void **)&init = libgit2_own("git_libgit2_init");
        if (init() < 0)
            return -1;
        git_started = 1;
    }
    git_diff_call *own;
    *(void **)&own = libgit2_own("git_diff_buffers");
    return own(old_buffer, old_len, old_as_path, new_buffer, new_len, new_as_path,
               options, file_cb, binary_cb, hunk_cb, line_cb, payload);
}
