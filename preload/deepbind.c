/*
 * deepbind.c - make check-preload: a library opened with RTLD_DEEPBIND, as
 * PHP opens its extensions, shares blocks with the program. Built three ways
 * (check.sh): the program; with -DDEEPBIND_LIB, the library it opens, whose
 * RUNPATH is $ORIGIN/sub; with -DDEEPBIND_LEAF, a library in sub/ that the
 * first opens by its bare name. With the flag the library's malloc and free
 * were glibc's (its own dependency, libc, came first): the program's block
 * freed there crashed in glibc's free. The shim's dlopen drops the flag
 * (preload/dlopen.c); opening the leaf shows it kept the library as the
 * caller, whose RUNPATH is searched. Prints "deepbind: ok", or what failed.
 *
 * With a second argument, "dlmopen" or "dlmopen-cross", the program opens the
 * library by its bare name, found through the program's own RUNPATH, into a
 * namespace of its own with dlmopen, whose malloc is that namespace's libc's
 * (preload/dlopen.c): the library's blocks freed by the library run clean
 * ("dlmopen: ok"); "dlmopen-cross" then frees one in the program, which the
 * shim refuses, naming dlmopen.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(DEEPBIND_LEAF)
int deepbind_leaf(void)
{
    return 42;
}
#elif defined(DEEPBIND_LIB)
void deepbind_free(void *p)
{
    free(p);
}

char *deepbind_copy(const char *s)
{
    char *p = malloc(strlen(s) + 1);
    return p ? strcpy(p, s) : NULL;
}

/* Found only through this library's RUNPATH: dlopen must see it as the caller. */
const char *deepbind_open_leaf(void)
{
    void *leaf = dlopen("libdeepbind-leaf.so", RTLD_NOW);
    if (!leaf)
        return dlerror();
    int (*f)(void) = (int (*)(void))dlsym(leaf, "deepbind_leaf");
    const char *what = f && f() == 42 ? NULL : "deepbind_leaf missing or wrong";
    dlclose(leaf);
    return what;
}
#else
static int in_a_namespace(int cross)
{
    void *lib = dlmopen(LM_ID_NEWLM, "libdeepbind.so", RTLD_NOW);
    if (!lib) {
        printf("dlmopen: cannot open the library by its bare name: %s\n", dlerror());
        return 2;
    }
    void (*lib_free)(void *) = (void (*)(void *))dlsym(lib, "deepbind_free");
    char *(*lib_copy)(const char *) = (char *(*)(const char *))dlsym(lib, "deepbind_copy");
    if (!lib_free || !lib_copy) {
        printf("dlmopen: the library lacks a function\n");
        return 2;
    }
    for (int i = 0; i < 100; i++)
        lib_free(lib_copy("in a namespace of its own"));
    printf("dlmopen: ok\n");
    fflush(stdout);
    if (cross)
        free(lib_copy("freed in the program's namespace"));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 2)
        return in_a_namespace(strcmp(argv[2], "dlmopen-cross") == 0);
    void *lib = argc > 1 ? dlopen(argv[1], RTLD_NOW | RTLD_DEEPBIND) : NULL;
    if (!lib) {
        printf("deepbind: cannot open the library: %s\n", argc > 1 ? dlerror() : "no path given");
        return 2;
    }
    void (*lib_free)(void *) = (void (*)(void *))dlsym(lib, "deepbind_free");
    char *(*lib_copy)(const char *) = (char *(*)(const char *))dlsym(lib, "deepbind_copy");
    const char *(*open_leaf)(void) = (const char *(*)(void))dlsym(lib, "deepbind_open_leaf");
    if (!lib_free || !lib_copy || !open_leaf) {
        printf("deepbind: the library lacks a function\n");
        return 2;
    }
    for (int i = 0; i < 100; i++) {
        lib_free(malloc(24 + (size_t)i * 40)); /* the program's block freed in the library */
        char *s = lib_copy("from the library");
        char *t = s ? realloc(s, 4000) : NULL; /* the library's block grown and freed here */
        if (!t || strcmp(t, "from the library") != 0) {
            printf("deepbind: the library's block came back wrong\n");
            return 1;
        }
        free(t);
    }
    const char *leaf = open_leaf();
    if (leaf) {
        printf("deepbind: the library could not open its RUNPATH's leaf: %s\n", leaf);
        return 1;
    }
    dlclose(lib);
    printf("deepbind: ok\n");
    return 0;
}
#endif
