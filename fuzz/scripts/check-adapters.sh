#!/bin/sh
# check-adapters.sh CC OUT HARNESS_SOURCES...: the replay driver built over
# each broken adapter in fuzz/selftest must refuse to run: exit 2 and a
# message naming the mistake; a checker's boundary-tag failure (an allocator
# bug planted by a patch) is given its likely cause. The families of report
# cases are sourced, each printing its own summary line: crash-adapter.c's
# bugs met between calls (check-adapters-oracles.sh; the pristine probe's:
# check-adapters-pristine.sh) and inside a call
# (check-adapters-calls.sh), adapters whose heap an input lays out
# (check-adapters-heaps.sh). Run beside it: the sbrk drop-in's
# reports (check-dropin-reports.sh), the seeds' depth (check-seed-depth.sh),
# a toy's big aligned path (check-bigalign.sh), a refusal on a heap
# without a limit (check-heap-limit.sh), pages dropped by madvise
# (check-discard.sh), mappings unmapped or left (check-mappings.sh) and the
# harness's table of them (check-mappings-table.sh), the replay driver's own
# options and inputs (check-replay-options.sh), a sanitizer's finding placed
# among the blocks (check-sanitizer-places.sh), memory handed out again
# traced to the call that did it (check-reuse-reports.sh), a -t limit whose
# report hung behind a sanitizer's (check-replay-hang.sh), what reports say
# where the old words were untrue (check-reports.sh) and HALLOC_FUZZ_USABLE=off
# offered where it may matter (check-usable-hint.sh).
set -eu
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
drop_caller_env FUZZ_TIMEOUT_FLAG
cc=$1 out=$2
shift 2
harness="fuzz/replay.c fuzz/replay-run.c $*"
mkdir -p "$out"
cflags="-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O0 -Ifuzz ${FUZZ_TIMEOUT_FLAG:?set by make fuzz-check-adapters}"
# Only the adapters read the cases' switches (-DBROKEN, -DCRASH_IN_FREE...),
# so the harness is compiled once per run, side by side, and each case
# compiles its adapter alone: 60-odd builds of eleven files took most of
# this check's time.
hobj=$out/harness-o0
hobjs=
for src in $harness; do
    mkdir -p "$hobj/$(dirname "$src")"
    hobjs="$hobjs $hobj/$src.o"
done
# shellcheck disable=SC2086
printf '%s\n' $harness | xargs -P "$(nproc 2>/dev/null || echo 1)" -I{} $cc $cflags -c {} -o "$hobj/{}.o"
# build BIN ADAPTER [FLAGS...]: the replay driver over ADAPTER, built with FLAGS.
build() {
    bin=$1 adapter=$2
    shift 2
    # shellcheck disable=SC2086
    $cc $cflags "$@" -c "$adapter" -o "$bin.o" && $cc "$bin.o" $hobjs -o "$bin"
}
# Each step here is one process at a time, which left a core idle: the checks
# that need only the harness objects run beside them, one after the other
# (lanes.sh), their output printed at the end. A failure here stops them
# (none left running after make gave up). The first share no file with this
# script's steps; the others write ones they write too (free-live.txt,
# crash-*), so each writes in a folder of its own. With them here, the side
# lane ends near the steps (run after them, they were 27 s of the check's 97 in CI).
# shellcheck source=fuzz/scripts/lanes.sh
. fuzz/scripts/lanes.sh
# (In a function: the script's own arguments, the harness sources, are used below.)
start_beside() {
    set --
    for c in dropin-reports seed-depth bigalign heap-limit discard reuse-reports replay-hang; do
        set -- "$@" "$c" "fuzz/scripts/check-$c.sh \"\$cc\" \"\$out\" \$hobjs"
    done
    for c in sanitizer-places mappings mappings-table replay-options reports usable-hint; do
        mkdir -p "$out/$c"
        set -- "$@" "$c" "fuzz/scripts/check-$c.sh \"\$cc\" \"\$out/$c\" \$hobjs"
    done
    lanes_beside fuzz-check-adapters "$out/lanes" 1 "$@"
}
start_beside
n=0
while read -r num expect; do
    case "$num" in '#'* | '') continue ;; esac
    bin=$out/broken-$num
    build "$bin" fuzz/selftest/broken-adapter.c -DBROKEN="$num"
    rc=0
    "$bin" corpus/split.txt >"$bin.log" 2>&1 || rc=$?
    if [ "$rc" != 2 ] || ! grep -qF "$expect" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: broken adapter $num: exit $rc, expected 2 and \"$expect\"; it printed:"
        cat "$bin.log"
        exit 1
    fi
    n=$((n + 1))
done <fuzz/selftest/broken-adapter.cases

# crash_case and report_case, for the cases below: crash-adapter.c's bugs, one build each.
# shellcheck source=fuzz/scripts/selftest-build.sh
. "$(dirname "$0")"/selftest-build.sh
# The reports of crash-adapter.c's bugs met between calls: check-adapters-oracles.sh.
# shellcheck source=fuzz/scripts/check-adapters-oracles.sh
. "$(dirname "$0")"/check-adapters-oracles.sh
# The pristine probe's reports, on an emptied heap and a fresh one: check-adapters-pristine.sh.
# shellcheck source=fuzz/scripts/check-adapters-pristine.sh
. "$(dirname "$0")"/check-adapters-pristine.sh
# The reports of bugs met inside a call: check-adapters-calls.sh.
# shellcheck source=fuzz/scripts/check-adapters-calls.sh
. "$(dirname "$0")"/check-adapters-calls.sh
# planted_cause PATCH SEED WHAT CAUSE: a planted allocator bug (mutants/PATCH.patch), applied to a
# copy of allocator/ and checks/, fails on SEED with a "what" line matching WHAT and a cause line
# matching CAUSE (grep patterns, after "what:  " and "cause: likely "). A patch built once is run again.
planted_built=
planted_cause() {
    copy=$out/$1 bin=$out/$1/replay
    case "$planted_built" in
    *"|$1|"*) ;;
    *)
        rm -rf "$copy" && mkdir -p "$copy" && cp -r allocator checks "$copy"/
        patch -p1 -s -d "$copy" <"mutants/$1.patch"
        # shellcheck disable=SC2086 # the harness objects are built once, above
        $cc $cflags -I"$copy/allocator" fuzz/adapters/halloc.c "$copy"/allocator/*.c "$copy"/checks/*.c $hobjs \
            -lpthread -o "$bin"
        planted_built="$planted_built|$1|"
        ;;
    esac
    "$bin" "corpus/$2" >"$bin.log" 2>&1 || true
    if ! grep -q "^  what:  $3" "$bin.log" || ! grep -q "^  cause: likely $4" "$bin.log"; then
        echo "fuzz-check-adapters FAILED: planted bug $1 on corpus/$2: no report '$3' with the cause '$4'; it printed:"
        cat "$bin.log"
        exit 1
    fi
}
failed="the allocator's own check failed:"
# Mutant 28 (aligned_alloc drops the leading remainder) fails a boundary tag whose "what" names the
# footer; the cause, read from the numbers the walk saw, names the header as the stale one and the
# remainder in front of a carved block as never given back.
planted_cause 28-aligned-lead-remainder-dropped aligned.txt "$failed boundary-tag: free chunk of [0-9]* bytes has footer" \
    "a stale header, not a damaged footer: .* so the [0-9]* bytes in front of them were taken out of this chunk .*an aligned allocation's leading gap"
# The other invariants' causes (fuzz/causes-checker.c), each naming the op after which a replay's
# check first failed: a free that skips the backward merge leaves a PREV_FREE flag clear after a free
# chunk; a realloc grown over its free successor leaves the next one's set; an unlink that leaves
# the successor's back link stale breaks the list's links.
planted_cause 14-no-coalesce-prev aligned.txt "$failed prev-free: prev-free flag is 0, .* the chunk before is free" \
    "a merge skipped: .* - in op #5 (free 2), the first op after which the check failed"
planted_cause 19-grow-stale-prev-free realloc-room.txt "$failed prev-free: prev-free flag is 1, .* before is used" \
    "the chunk before this one taken (handed out whole, grown over by a realloc .* - in op #[0-9]* (realloc "
planted_cause 18-unlink-back-link-stale aligned-holes.txt "$failed list-links: " \
    "an unlink or insert that fixed one direction only: .* - in op #[0-9]* ("
# A realloc grown in place that forgets the stats: the byte count is off, and halloc's own check finds
# its counters off its walk, so the counter is blamed, not usable_size() (the cause said usable_size
# overstates).
planted_cause 21-grow-forgets-stats realloc-grow-in-place.txt "stats bytes_in_use = [0-9]*, the model says [0-9]*: " \
    "a count the allocator's own check finds off too .* so stats() is wrong, not usable_size()"
# A wrong errno is given the code that likely set it (the reports named only the errno): a free that
# trusts the header in front of the pointer unchecked refuses a pointer into a block as a double free,
# and a double free of a block merged away with the damage error its stale header leads to; a fit
# search one unit short has the take refuse the chunk it picked, with ENOTRECOVERABLE for ENOMEM.
planted_cause 20-header-check-skipped bad-interior.txt \
    "free(0x[0-9a-f]*) failed with [0-9]* (EALREADY: .*: the allocator took it for a freed one" \
    "free read a header in front of the pointer without testing that one is there"
planted_cause 20-header-check-skipped bad-double-free.txt \
    "free(0x[0-9a-f]*) failed with [0-9]* (ENOTRECOVERABLE: .*), expected [0-9]* (EALREADY: " \
    "free trusted what it read in front of the pointer without testing that a block starts there"
planted_cause 22-bin-fit-off-by-one exhaustion-recovery.txt \
    "a request of [0-9]* bytes failed with errno [0-9]* (ENOTRECOVERABLE: " \
    "a refusal that set an errno of its own: .*; if the allocator's check below passes, nothing was damaged: "
# Adapters whose heap an input lays out, or with a record of their own: check-adapters-heaps.sh.
# shellcheck source=fuzz/scripts/check-adapters-heaps.sh
. "$(dirname "$0")"/check-adapters-heaps.sh
# Not tested: under set -e a failure ends the check, lanes having named it.
lanes_join
echo "fuzz-check-adapters: $n broken adapter tables each refused with a message naming the mistake;" \
    "planted bugs given their cause: a boundary tag's stale header, prev-free both ways, list links, stats a grown realloc forgot," \
    "a wrong errno of free (a header trusted) and of malloc (a refusal's own)"
