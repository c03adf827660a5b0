/*
 * artifact.h - the file that holds the input a libFuzzer driver is running,
 * for the replay line of an oracle's report (run.h, fuzz_set_saved_as), and
 * libFuzzer's flags that say where it goes. Included by the two libFuzzer
 * drivers alone (fuzz/libfuzzer.c, fuzz/threads-libfuzzer.c), which read
 * those flags here, once; header-only, as input-kind.h is, so no build rule
 * gains a source file.
 *
 * An oracle's report ends in the replay command, but libFuzzer names the
 * input's file only after the abort. Run on files (every argument that is
 * no flag a file), it saves nothing: the input is the file it is running,
 * found here by its bytes. Fuzzing, it saves <artifact_prefix>crash-<SHA-1
 * of the input>, or -exact_artifact_path: worked out the same way.
 */
#ifndef FUZZ_ARTIFACT_H
#define FUZZ_ARTIFACT_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char *artifact_prefix = "", *exact_artifact_path;
static char **given_files; /* libFuzzer's arguments when all are files, else NULL */
static const uint8_t *running_data;
static size_t running_size;

static inline uint32_t rotl(uint32_t x, int n) { return x << n | x >> (32 - n); }

/* One 64-byte block into the SHA-1 state h (FIPS 180-4). */
static inline void sha1_block(uint32_t h[5], const uint8_t *p)
{
    uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    for (int i = 0; i < 80; i++) {
        uint32_t f = i < 20 ? (b & c) | (~b & d) : i < 40 || i >= 60 ? b ^ c ^ d : (b & c) | (b & d) | (c & d);
        uint32_t k = i < 20 ? 0x5a827999u : i < 40 ? 0x6ed9eba1u : i < 60 ? 0x8f1bbcdcu : 0xca62c1d6u;
        uint32_t t = rotl(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rotl(b, 30);
        b = a;
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

/* The SHA-1 of data as 40 hex digits, as libFuzzer names its files. */
static inline void sha1_hex(const uint8_t *data, size_t size, char out[41])
{
    uint32_t h[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u};
    uint8_t tail[128] = {0};
    size_t whole = size / 64 * 64, rest = size - whole, len = rest + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)size * 8;
    for (size_t i = 0; i < whole; i += 64)
        sha1_block(h, data + i);
    if (rest)
        memcpy(tail, data + whole, rest);
    tail[rest] = 0x80;
    for (int i = 0; i < 8; i++)
        tail[len - 1 - (size_t)i] = (uint8_t)(bits >> (8 * i));
    for (size_t i = 0; i < len; i += 64)
        sha1_block(h, tail + i);
    for (int i = 0; i < 5; i++)
        snprintf(out + 8 * i, 9, "%08" PRIx32, h[i]);
}

/* 1 if the file at path holds exactly the running input's bytes. */
static inline int holds_running_input(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t at = 0, got;
    uint8_t buf[4096];
    int same = f != NULL;
    while (same && (got = fread(buf, 1, sizeof buf, f)) > 0) {
        same = got <= running_size - at && memcmp(buf, running_data + at, got) == 0;
        at += got;
    }
    if (f)
        fclose(f);
    return same && at == running_size;
}

/* The driver's saved_as (run.h): the file that holds the running input. */
static inline const char *artifact_saved_as(char *out, size_t len)
{
    static const char saves[] = " (the file libFuzzer saves this input as)";
    char hex[41];
    if (given_files) {
        for (char **f = given_files; *f; f++)
            if (**f != '-' && holds_running_input(*f)) {
                snprintf(out, len, "%s", *f);
                return "";
            }
        return "";
    }
    if (exact_artifact_path) {
        snprintf(out, len, "%s", exact_artifact_path);
        return saves;
    }
    sha1_hex(running_data, running_size, hex);
    snprintf(out, len, "%scrash-%s", artifact_prefix, hex);
    return saves;
}

/* Called with each input before it runs. */
static inline void artifact_running(const uint8_t *data, size_t size)
{
    running_data = data;
    running_size = size;
}

/* libFuzzer's own flags, as it reads them (-name=value, one dash), and
 * whether it will run the files it is given rather than fuzz. */
static inline void artifact_read_flags(int argc, char **argv)
{
    int inputs = 0, files = 0;
    struct stat st;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "-artifact_prefix=", 17) == 0)
            artifact_prefix = argv[i] + 17;
        else if (strncmp(argv[i], "-exact_artifact_path=", 21) == 0)
            exact_artifact_path = argv[i] + 21;
        else if (argv[i][0] != '-') {
            inputs++;
            files += stat(argv[i], &st) == 0 && S_ISREG(st.st_mode);
        }
    }
    given_files = inputs > 0 && files == inputs ? argv + 1 : NULL;
}

#endif /* FUZZ_ARTIFACT_H */
