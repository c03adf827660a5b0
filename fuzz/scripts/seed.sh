#!/bin/sh
# seed.sh TOOL WORK DIR...: every seed in DIRs (text traces or binary inputs;
# *.note and *.md skipped) converted to binary into WORK/seeds (AFL++ input)
# and copied into WORK/corpus (libFuzzer's growing corpus).
# Two runs of one allocator may seed the same WORK at once (two make fuzz,
# make fuzz beside make fuzz-afl), and libFuzzer may be reading it: every file
# is written in a private directory and renamed into place, so no run sees a
# half-written seed or fails on a file the other just created.
set -eu
tool=$1 work=$2
shift 2
mkdir -p "$work/seeds" "$work/corpus"
private=$(mktemp -d "$work/.seeding.XXXXXX")
trap 'rm -rf "$private"' EXIT
mkdir "$private/seeds" "$private/corpus"
# Each file is converted twice, once under each name, and all are renamed in
# two mv runs: a tr, a basename, a cp and two mv besides made seven processes
# a seed, and make check seeds some 35 corpora (one per lab-batch row).
for dir in "$@"; do
    [ -d "$dir" ] || continue
    prefix=$(printf '%s' "$dir" | tr '/' '_')
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        case "$f" in *.note|*.md) continue ;; esac
        name=${f##*/}
        name=$prefix-${name%.txt}
        "$tool" to-bin "$f" "$private/seeds/$name"
        "$tool" to-bin "$f" "$private/corpus/seed-$name"
    done
done
# mv renames each file on its own: no run sees a half-written one.
for to in seeds corpus; do
    [ -z "$(ls -A "$private/$to")" ] || mv -f "$private/$to"/* "$work/$to/"
done
