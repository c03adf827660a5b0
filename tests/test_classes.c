/*
 * test_classes.c - the size classes the free lists are cut into (bins.h).
 * hl_bin_find_at's good fit starts from the first class whose every chunk
 * holds the request (hl_class_fitting, worked out from the request's own
 * class); a class too early hands out a chunk too small, one too late skips
 * chunks that fit and can report a spurious out-of-memory. Checked here
 * against the classes' definition, each class's smallest member.
 */
#include <criterion/criterion.h>

#include "internal.h"

/* The smallest chunk size in class (fl, sl), from the definition in bins.h. */
static size_t class_min(unsigned fl, unsigned sl)
{
    if (fl == 0)
        return (size_t)sl * HL_ALIGN;
    return ((size_t)HL_SL_COUNT + sl) << (fl + HL_FL_SHIFT - HL_SL_LOG2);
}

static void assert_fitting(size_t size)
{
    unsigned fl, sl, own_fl, own_sl;
    hl_size_class(size, &own_fl, &own_sl);
    fl = own_fl;
    sl = own_sl;
    hl_class_fitting(size, &fl, &sl);
    cr_assert(sl < HL_SL_COUNT, "size %zu: second level %u", size, sl);
    cr_assert_geq(class_min(fl, sl), size, "size %zu: class (%u, %u) starts below it", size, fl, sl);
    int own = fl == own_fl && sl == own_sl;
    /* A later class is right only if size's own holds a smaller chunk. */
    cr_assert(own || class_min(own_fl, own_sl) < size, "size %zu: skipped its own class (%u, %u)", size, own_fl,
              own_sl);
    cr_assert(own || (fl == own_fl ? sl == own_sl + 1 : fl == own_fl + 1 && sl == 0 && own_sl == HL_SL_COUNT - 1),
              "size %zu: (%u, %u) is not the class after (%u, %u)", size, fl, sl, own_fl, own_sl);
}

Test(classes, fitting_class_is_the_first_whose_chunks_all_fit)
{
    for (size_t size = HL_MIN_CHUNK; size <= ((size_t)1 << 20); size += HL_ALIGN)
        assert_fitting(size);
    for (unsigned log2 = 20; log2 < HL_FL_COUNT + HL_FL_SHIFT; log2++)
        for (size_t size = (size_t)1 << log2; size < ((size_t)2 << log2) && size < HL_MAX_REGION;
             size += (size_t)1 << (log2 - 6))
            for (int d = -16; d <= 16; d += 16)
                if (size + (size_t)d >= HL_MIN_CHUNK)
                    assert_fitting(size + (size_t)d);
}

/* A size's own class is the one whose range holds it, by the definition: a
 * slip in hl_size_class's bit arithmetic (chunk.h) - at the small/large
 * boundary or in a level's shift - would land sizes in the wrong list. Every
 * size to 2^20, then each level's ends and a spread between. */
static void assert_own_class(size_t size)
{
    unsigned fl, sl;
    hl_size_class(size, &fl, &sl);
    cr_assert(fl < HL_FL_COUNT && sl < HL_SL_COUNT, "size %zu: class (%u, %u)", size, fl, sl);
    size_t next = sl + 1 < HL_SL_COUNT ? class_min(fl, sl + 1) : class_min(fl + 1, 0);
    cr_assert(class_min(fl, sl) <= size && size < next, "size %zu: class (%u, %u) holds [%zu, %zu)", size, fl, sl,
              class_min(fl, sl), next);
}

Test(classes, own_class_holds_the_size)
{
    for (size_t size = 0; size <= ((size_t)1 << 20); size++)
        assert_own_class(size);
    for (unsigned log2 = 20; log2 < HL_FL_COUNT + HL_FL_SHIFT; log2++)
        for (size_t size = (size_t)1 << log2; size < ((size_t)2 << log2) && size < HL_MAX_REGION;
             size += (size_t)1 << (log2 - 6))
            for (int d = -1; d <= 1; d++)
                assert_own_class(size + (size_t)d);
}

/* hl_same_class (bins.h), the insert's test of a list head's class, agrees
 * with hl_size_class: for chunk sizes a and b (multiples of 16), a's class
 * is b's exactly when it says so. Each a to 4 KiB against every b near it
 * and across the small/large boundary, then a spread of the larger levels
 * against their class's ends and the sizes just outside. */
static void assert_same_class(size_t a, size_t b)
{
    unsigned afl, asl, bfl, bsl;
    hl_size_class(a, &afl, &asl);
    hl_size_class(b, &bfl, &bsl);
    int same = afl == bfl && asl == bsl;
    cr_assert_eq(hl_same_class(a, b, afl) != 0, same, "sizes %zu (%u,%u) and %zu (%u,%u): hl_same_class says %s", a,
                 afl, asl, b, bfl, bsl, same ? "not" : "same");
}

Test(classes, same_class_agrees_with_the_classes)
{
    for (size_t a = HL_MIN_CHUNK; a <= 4096; a += HL_ALIGN)
        for (size_t b = HL_MIN_CHUNK; b <= 8192; b += HL_ALIGN)
            assert_same_class(a, b);
    for (unsigned fl = 1; fl < HL_FL_COUNT && class_min(fl, 0) < HL_MAX_REGION / 2; fl++)
        for (unsigned sl = 0; sl < HL_SL_COUNT; sl++) {
            size_t lo = class_min(fl, sl), hi = (sl + 1 < HL_SL_COUNT ? class_min(fl, sl + 1) : class_min(fl + 1, 0));
            const size_t probes[] = {lo - HL_ALIGN, lo, lo + HL_ALIGN, hi - HL_ALIGN, hi, hi + HL_ALIGN, 2 * lo};
            for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
                assert_same_class(lo, probes[i]);
                assert_same_class(hi - HL_ALIGN, probes[i]);
            }
        }
}
