#!/bin/sh
# check-alone.sh: alone.sh's search for the inputs a crash needs run before
# it, with a stand-in for the engine (no build): the input
# fails only after both "a-7" and "b-23" of 41, so the search must end on
# those two in few runs, and out of runs keep inputs that still fail;
# with b-23 gone from the corpus it must say no replay rebuilds the
# state; with an empty corpus, that there is nothing to run.
set -u
fail() { echo "fuzz-check-alone FAILED: $*"; exit 1; }
# shellcheck source=fuzz/scripts/alone.sh
. "$(dirname "$0")"/alone.sh
dir=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/corpus" "$dir/empty"
for i in $(seq 1 20); do : >"$dir/corpus/a-$i"; : >"$dir/corpus/b-$i"; done
: >"$dir/crash"

# Fails (exit 1) when its last argument, the crash, follows a-7 and b-23.
runs_like_an_engine() {
    seen=""
    for f; do
        case $f in */a-7) seen="$seen a" ;; */b-23) seen="$seen b" ;; */crash) ;; esac
    done
    case $seen in *a*b* | *b*a*) return 1 ;; esac
    return 0
}
passes_alone() { :; }
alone_in_one_process=runs_like_an_engine

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
runs_like_an_engine "$@" && fail "the inputs kept when the runs ran out no longer fail: $alone_before"

rm "$dir/corpus/b-23"
explain "$dir/corpus"
grep -q "^check: run after all 40 of them in one process, it still passes: the state came from inputs" "$dir/out" ||
    { cat "$dir/out"; fail "a crash the corpus cannot make fail was not said to be one (above)"; }
[ -z "$alone_before" ] || fail "alone_before is \"$alone_before\" though nothing reproduced it"

explain "$dir/empty"
grep -q "^check: the corpus $dir/empty holds no inputs to run before it" "$dir/out" ||
    { cat "$dir/out"; fail "an empty corpus was not said to be one (above)"; }
echo "fuzz-check-alone: a crash that needs two of 41 inputs before it gets those two in at most 15 runs," \
    "inputs that still fail when the runs run out; one that none reproduces, or an empty corpus, is said to" \
    "have no replay"
