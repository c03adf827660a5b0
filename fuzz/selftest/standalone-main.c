/*
 * standalone-main.c - a fuzzing engine that is only a main(): it calls
 * LLVMFuzzerInitialize when the target has one, then LLVMFuzzerTestOneInput
 * once on each file named, as OSS-Fuzz's standalone reproducers and AFL's
 * driver do (neither is libFuzzer: no -fsanitize=fuzzer at the link, no
 * libFuzzer flags or symbols). make fuzz-oss-check links
 * fuzz/oss-fuzz-build.sh's targets with it (LIB_FUZZING_ENGINE=its object),
 * so a target that needs libFuzzer to link or to run fails there.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The whole of file path, malloc'd (one byte more, so an empty file is
 * not NULL); exits with status 2 and a line naming it if it cannot be
 * opened or read, in the tools' form ("cannot open PATH: REASON (what to
 * do)", bench/text-input.h's text_cannot_open and text_cannot_read). That
 * header is not included: OSS-Fuzz compiles this file as plain C11, without
 * the POSIX names the header's other helpers need. */
static uint8_t *read_whole(const char *path, size_t *size)
{
    errno = 0;
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (data = malloc((size_t)n + 1)) && fread(data, 1, (size_t)n, f) == (size_t)n) {
        fclose(f);
        *size = (size_t)n;
        return data;
    }
    int e = errno ? errno : EIO; /* a file cut short under fread sets none */
    if (f && (rewind(f), fgetc(f) == EOF && ferror(f))) /* a directory: its end is no size, its read says so */
        e = errno;
    if (!f)
        fprintf(stderr, "standalone-main: cannot open %s: %s (%s)\n", path, strerror(e),
                e == EACCES || e == EPERM ? "check its permissions: ls -l" : "check the path");
    else
        fprintf(stderr, "standalone-main: cannot read %s: %s (give input files, not directories or flags)\n", path,
                strerror(e));
    exit(2);
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        size_t size;
        uint8_t *data = read_whole(argv[i], &size);
        LLVMFuzzerTestOneInput(data, size);
        free(data);
    }
    fprintf(stderr, "standalone-main: ran %d inputs\n", argc - 1);
    return 0;
}
