#!/bin/sh
# seed.sh TOOL WORK DIR... [-- SEED...]: every seed in DIRs (text traces or
# binary inputs; *.note and *.md skipped) converted to binary into WORK/seeds
# (AFL++ input) and copied into WORK/corpus (libFuzzer's growing corpus).
# After --, a user's own seeds (make fuzz SEEDS=...): each a file, a folder
# (its files, as a DIR's) or a glob pattern, which this script expands (make
# splits SEEDS at blanks, but a file a pattern matches may hold one). A text
# trace is converted, a binary input re-encoded (to-bin: the program it
# decodes to). One that names nothing, or that the reader refuses (a
# malformed trace, at its file:line), stops the seeding: nothing is seeded,
# and make fuzz does not start.
# Two runs of one allocator may seed the same WORK at once (two make fuzz,
# make fuzz beside make fuzz-afl), and libFuzzer may be reading it: every file
# is written in a private directory and renamed into place, so no run sees a
# half-written seed or fails on a file the other just created.
set -eu
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh # name_shown, say
tool=$1 work=$2
shift 2
mkdir -p "$work/seeds" "$work/corpus"
private=$(mktemp -d "$work/.seeding.XXXXXX")
trap 'rm -rf "$private"' EXIT
mkdir "$private/seeds" "$private/corpus"
# Each file is converted twice, once under each name, and all are renamed in
# two mv runs: a tr, a basename, a cp and two mv besides made seven processes
# a seed, and make check seeds some 35 corpora (one per lab-batch row).
# seed_one FILE NAME: FILE converted under NAME, 1 when the reader refuses it.
seed_one() {
    case "$1" in *.note | *.md) return 0 ;; esac
    "$tool" to-bin "$1" "$private/seeds/$2" && "$tool" to-bin "$1" "$private/corpus/seed-$2"
}
# seed_dir DIR: its files, each named after DIR and itself.
seed_dir() {
    prefix=$(printf '%s' "$1" | tr '/' '_')
    for f in "$1"/*; do
        [ -f "$f" ] || continue
        name=${f##*/}
        seed_one "$f" "$prefix-${name%.txt}" || return 1
    done
}
# seed_own SEED: a user's file, folder or pattern, refused by name when it
# names nothing or the reader refuses one of its files (its line above).
seed_own() {
    # shellcheck disable=SC2086 # SEED is a glob pattern, expanded here, not split (IFS empty)
    IFS= && set -- $1 && unset IFS
    for own; do
        if [ -d "$own" ]; then
            seed_dir "$own" && continue
        elif [ -f "$own" ]; then
            name=$(printf '%s' "$own" | tr '/' '_')
            seed_one "$own" "${name%.txt}" && continue
        else
            say "fuzz: SEEDS names $(name_shown "$own"), which is no file, folder or pattern matching one;" \
                "give text traces, binary inputs or folders of them"
            exit 2
        fi
        say "fuzz: SEEDS: $(name_shown "$own") refused (above); fix it or leave it out of SEEDS: nothing was" \
            "seeded, and the run does not start"
        exit 2
    done
}
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    [ ! -d "$1" ] || seed_dir "$1"
    shift
done
[ $# = 0 ] || shift
for own; do seed_own "$own"; done
# mv renames each file on its own: no run sees a half-written one.
for to in seeds corpus; do
    [ -z "$(ls -A "$private/$to")" ] || mv -f "$private/$to"/* "$work/$to/"
done
