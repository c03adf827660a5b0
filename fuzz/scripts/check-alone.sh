#!/bin/sh
# check-alone.sh: alone.sh's search for the inputs a crash needs run before
# it, with a stand-in for the engine (no build): the input
# fails only after both "a-7" and "b-23" of 41, so the search must end on
# those two in few runs, and out of runs keep inputs that still fail;
# an input of the corpus that fails on its own, or the crash's input failing
# with another oracle than the crash, must not count as the crash again;
# with b-23 gone from the corpus it must say no replay rebuilds the
# state; with an empty corpus, that there is nothing to run.
set -u
fail() { echo "fuzz-check-alone FAILED: $*"; exit 1; }
# shellcheck source=fuzz/scripts/alone.sh
. "$(dirname "$0")"/alone.sh
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh # name_read, name_quoted, name_shown
dir=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/corpus" "$dir/empty"
for i in $(seq 1 20); do : >"$dir/corpus/a-$i"; : >"$dir/corpus/b-$i"; done
: >"$dir/crash"

# Names each input before it runs it, as libFuzzer does. The crash, its
# last argument, fails with $crash_oracle when it follows a-7 and b-23; an
# input named in $fails_alone fails on its own, with another oracle.
crash_oracle=overlap fails_alone=""
runs_like_an_engine() {
    seen=""
    for f; do
        echo "Running: $f"
        case " $fails_alone " in *" $f "*) echo "halloc-fuzz: ORACLE free_rejected fired at op #2" && return 1 ;; esac
        case $f in */a-7) seen="$seen a" ;; */b-23) seen="$seen b" ;; esac
    done
    case $seen in *a*b* | *b*a*) echo "halloc-fuzz: ORACLE $crash_oracle fired at op #5: free slot 3" && return 1 ;; esac
    return 0
}
passes_alone() { :; }
alone_in_one_process=runs_like_an_engine

# The crash's report names its oracle; a sanitizer's names its kind.
alone_failure=$(printf 'halloc-fuzz: ORACLE overlap fired at op #5: free slot 3\n  what: ...\n' | failure_kind)
[ "$alone_failure" = "halloc-fuzz: ORACLE overlap fired" ] || fail "failure_kind of an oracle's report: '$alone_failure'"
kind=$(printf '==1==ERROR: AddressSanitizer: heap-use-after-free on address\nSUMMARY: AddressSanitizer: heap-use-after-free a.c:3 in f\n' |
    failure_kind)
[ "$kind" = "SUMMARY: AddressSanitizer: heap-use-after-free" ] || fail "failure_kind of ASan's report: '$kind'"
# UBSan's checks are told apart (its SUMMARY says undefined-behavior for all),
# and so are bare signals, by the name the harness gives them.
kind_is() {
    # shellcheck disable=SC2059 # the report, \n for its line breaks
    kind=$(printf "$1\n" | failure_kind)
    [ "$kind" = "$2" ] || fail "failure_kind of '$1': '$kind', not '$2'"
}
ub="SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior a.c:3:5 in"
kind_is "a.c:3:5: runtime error: load of misaligned address 0x6020 for type 'int', which requires 4 byte alignment\n$ub" \
    "runtime error: load of misaligned address"
kind_is "a.c:3:5: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'\n$ub" \
    "runtime error: signed integer overflow"
kind_is "a.c:3:5: runtime error: index 6 out of bounds for type 'int[4]'\n$ub" "runtime error: index"
lf="SUMMARY: libFuzzer: deadly signal"
kind_is "halloc-fuzz: CRASH (SIGABRT: the allocator called abort()) at op #3: free 1\n$lf" "halloc-fuzz: CRASH (SIGABRT"
kind_is "halloc-fuzz: CRASH (SIGILL: the allocator trapped) at op #3: free 1\n$lf" "halloc-fuzz: CRASH (SIGILL"
kind_is "halloc-fuzz: CRASH (signal 7, SIGBUS) at op #1: malloc 1 8" "halloc-fuzz: CRASH (signal 7, SIGBUS)"
kind_is "halloc-fuzz: sanitizer report above was raised\nSUMMARY: AddressSanitizer: SEGV on unknown address" \
    "SUMMARY: AddressSanitizer: SEGV"
kind_is "AddressSanitizer: CHECK failed: asan_mapping.h:359 \"((AddrIsInMem(p))) != (0)\"" \
    "AddressSanitizer: CHECK failed"

# explain_alone CORPUS: its output; alone_before as it left it.
explain() {
    alone_corpus=$1 alone_before=""
    explain_alone check 0 drop passes_alone "$dir/crash" >"$dir/out"
}

: >"$dir/corpus/b-23"
explain "$dir/corpus"
grep -q "^check: run in one process after 2 of the corpus's 41 inputs, it fails again" "$dir/out" ||
    { cat "$dir/out"; fail "the search did not end on 2 of 41 inputs (above)"; }
[ "$alone_before" = " BEFORE='$dir/corpus/a-7 $dir/corpus/b-23'" ] ||
    fail "alone_before is \"$alone_before\", not a-7 and b-23"

grep -Eq "it fails again \(([0-9]|1[0-5]) runs to find them\)" "$dir/out" ||
    { cat "$dir/out"; fail "the search took over 15 runs for 2 of 41 inputs (above)"; }

# Out of runs: what it keeps must still fail, and it must say it stopped.
ALONE_SHRINK_RUNS=3
explain "$dir/corpus"
ALONE_SHRINK_RUNS=40
grep -q "when the search reached its limit: fewer may do" "$dir/out" ||
    { cat "$dir/out"; fail "a search out of runs did not say so (above)"; }
# shellcheck disable=SC2046 # the inputs, one a word
set -- $(printf '%s\n' "$alone_before" | sed "s/^ BEFORE='//; s/'\$//") "$dir/crash"
runs_like_an_engine "$@" >/dev/null && fail "the inputs kept when the runs ran out no longer fail: $alone_before"

# An input that fails on its own, run before the crash, ends the process
# before the crash runs: it is left out, not taken for the crash failing.
fails_alone="$dir/corpus/a-13"
explain "$dir/corpus"
fails_alone=""
grep -q "it fails again (.* (less 1 that failed before it ran))" "$dir/out" ||
    { cat "$dir/out"; fail "an input that fails on its own was not left out of the search (above)"; }
[ "$alone_before" = " BEFORE='$dir/corpus/a-7 $dir/corpus/b-23'" ] ||
    fail "with an input that fails on its own, alone_before is \"$alone_before\", not a-7 and b-23"

# The crash's input failing with another oracle is not the crash again.
crash_oracle=pattern_corrupted
explain "$dir/corpus"
crash_oracle=overlap
grep -q "it still passes (or fails otherwise than the crash did)" "$dir/out" ||
    { cat "$dir/out"; fail "a failure with another oracle was taken for the crash (above)"; }
[ -z "$alone_before" ] || fail "alone_before is \"$alone_before\" though only another oracle fired"

# One that passes alone every time names allocator state first, but a finding
# about where a block lies among mappings names their placement first (round
# 14b's SLOB, which keeps no state, handed out a block past its page).
grep -q "Likely cause: allocator state that outlives destroy() and create()" "$dir/out" ||
    { cat "$dir/out"; fail "an overlap that passes alone did not name allocator state first (above)"; }
kept_failure=$alone_failure alone_failure="halloc-fuzz: ORACLE out_of_heap fired" crash_oracle=out_of_heap
explain "$dir/corpus"
alone_failure=$kept_failure crash_oracle=overlap
grep -q "Likely cause: a bug that depends on where memory is mapped (this finding places a block among the \
allocator's mappings.*; else allocator state that outlives" "$dir/out" ||
    { cat "$dir/out"; fail "an out_of_heap that passes alone did not name mapping placement first (above)"; }

rm "$dir/corpus/b-23"
explain "$dir/corpus"
grep -q "^check: run after all 40 of them in one process, it still passes (or fails otherwise than the crash did):" "$dir/out" ||
    { cat "$dir/out"; fail "a crash the corpus cannot make fail was not said to be one (above)"; }
[ -z "$alone_before" ] || fail "alone_before is \"$alone_before\" though nothing reproduced it"

# A name with a space and a quote: BEFORE= reads back in sh as that name
# (it was put between single quotes bare, and the quote ended them).
alone_who=check alone_input="$dir/it's x"
report_after_itself >/dev/null
got=$(sh -c "set -- $alone_before"' && printf "%s:%s" "$#" "$1"' 2>&1)
[ "$got" = "1:BEFORE=$dir/it's x" ] || fail "alone_before for a name with a quote reads back in sh as '$got': $alone_before"
# One with a control character: $'...' (quote.sh's name_quoted, as CRASH=
# beside it), one line with no raw control character, read back as that
# name (it was '...' around the raw escape).
alone_input="$dir/it's $(printf '\033[31mx')"
report_after_itself >/dev/null
name_read "${alone_before# BEFORE=}"
case $alone_before in *[[:cntrl:]]*) got="a raw control character" ;; *) got=$name_read ;; esac
{ [ "$got" = "$alone_input" ] && [ "$alone_before" = " BEFORE=$(name_quoted "$alone_input")" ]; } ||
    fail "alone_before for a name with an escape is not name_quoted's \$'...' word, or reads back as $(name_shown "$got"):" \
        "$(name_shown "$alone_before")"

# A finding about mappings that passed once alone, then failed: the kernel's
# placement of mappings is named beside random choices (round 10b's fence,
# whose protect past its mapping met a live block only in some processes).
fails_second() {
    [ -e "$dir/ran" ] || { : >"$dir/ran"; return 0; }
    echo "halloc-fuzz: ORACLE protect_live fired at op #2: free 1"
    return 1
}
explain_alone check 0 drop fails_second "$dir/crash" >"$dir/out"
if ! grep -q "^check: run again alone in fresh processes, this input passed 1 time, then failed" "$dir/out" ||
    ! grep -q "the likelier cause is where the kernel places them, which differs between processes" "$dir/out"; then
    cat "$dir/out"
    fail "a mapping finding that failed on its second run alone was not told of mapping placement (above)"
fi

explain "$dir/empty"
grep -q "^check: the corpus $dir/empty holds no inputs to run before it" "$dir/out" ||
    { cat "$dir/out"; fail "an empty corpus was not said to be one (above)"; }
echo "fuzz-check-alone: a crash that needs two of 41 inputs before it gets those two in at most 15 runs," \
    "inputs that still fail when the runs run out, and the same two past an input that fails on its own;" \
    "one that none reproduces, or that fails only with another oracle, or an empty corpus, is said to have" \
    "no replay; a BEFORE= naming a file with a quote reads back in sh as that name, one with an escape as" \
    "\$'...'; a mapping finding that passed alone before it failed told of where the kernel places mappings," \
    "and one that passes alone every time names that placement before allocator state"
