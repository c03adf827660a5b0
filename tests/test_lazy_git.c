/* test_lazy_git.c - tests/lazy_git.c: libgit2 not started with each test,
 * and Criterion's diff still works. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <git2.h>
#include <string.h>

typedef int git_call(void);

static git_call *libgit2_own(const char *name)
{
    git_call *fn;
    *(void **)&fn = dlsym(RTLD_NEXT, name);
    cr_assert_not_null(fn, "libgit2's %s not found: %s", name, dlerror());
    return fn;
}

/* libgit2's own start returns how many starts it holds: 1 here means that
 * Criterion's start of this test process did not reach it. */
Test(lazy_git, criterion_no_longer_starts_libgit2_in_each_test)
{
    cr_assert_eq(libgit2_own("git_libgit2_init")(), 1,
                 "libgit2 was already started: Criterion's git_libgit2_init reached libgit2's, "
                 "so every test loads the CA bundle again (tests/lazy_git.c)");
    cr_assert_eq(libgit2_own("git_libgit2_shutdown")(), 0);
}

struct diff_lines {
    char removed[8], added[8];
};

static int count_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
                      const git_diff_line *line, void *payload)
{
    (void)delta, (void)hunk;
    struct diff_lines *seen = payload;
    char *into = line->origin == GIT_DIFF_LINE_DELETION ? seen->removed
               : line->origin == GIT_DIFF_LINE_ADDITION ? seen->added : NULL;
    if (into && strlen(into) + line->content_len < sizeof seen->added)
        strncat(into, line->content, line->content_len);
    return 0;
}

/* The diff a failed string comparison prints starts libgit2 first. */
Test(lazy_git, the_diff_starts_libgit2_when_first_needed)
{
    struct diff_lines seen = { "", "" };
    int rc = git_diff_buffers("a\nb\n", 4, NULL, "a\nc\n", 4, NULL, NULL,
                              NULL, NULL, NULL, count_line, &seen);
    cr_assert_eq(rc, 0, "git_diff_buffers failed (%d)", rc);
    cr_assert_str_eq(seen.removed, "b\n");
    cr_assert_str_eq(seen.added, "c\n");
}
