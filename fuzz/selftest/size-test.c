/*
 * size-test.c - symbolic sizes are capped at FUZZ_SYMBOL_SIZE_MAX, and the
 * symbols below the cap keep their exact values (make fuzz-check-trace).
 */
#include <stdio.h>
#include <string.h>

#include "ops.h"

static int failures;

/* The value of the symbol named `name` in env. */
static size_t eval_named(const char *name, const struct fuzz_size_env *env)
{
    uint16_t arg;
    if (fuzz_size_parse(name, &arg) != 0 || !fuzz_size_is_symbol(arg)) {
        printf("size-test: '%s' is not a symbol\n", name);
        failures++;
        return 0;
    }
    return fuzz_size_eval(arg, env);
}

static void expect(const char *name, const struct fuzz_size_env *env, size_t want)
{
    size_t got = eval_named(name, env);
    if (got != want) {
        printf("size-test: %s evaluated to %zu, expected %zu\n", name, got, want);
        failures++;
    }
}

int main(void)
{
    struct fuzz_size_env small = {16, 65536, 4096, 1000, 5000};
    expect("usable*2", &small, 2000);
    expect("room-align", &small, 4984);
    expect("largest_free+1", &small, 4097);
    /* A block that chained symbols made big: its successors stop at the cap. */
    struct fuzz_size_env big = {16, 65536, 65536, FUZZ_SYMBOL_SIZE_MAX, (size_t)1 << 30};
    expect("usable*2", &big, FUZZ_SYMBOL_SIZE_MAX);
    expect("usable+1", &big, FUZZ_SYMBOL_SIZE_MAX);
    expect("usable-1", &big, FUZZ_SYMBOL_SIZE_MAX - 1);
    expect("room", &big, FUZZ_SYMBOL_SIZE_MAX);
    expect("room-align", &big, FUZZ_SYMBOL_SIZE_MAX);
    if (failures)
        return 1;
    printf("size-test: symbols exact below the cap, capped at %zu above it\n", (size_t)FUZZ_SYMBOL_SIZE_MAX);
    return 0;
}
