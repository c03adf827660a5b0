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
for dir in "$@"; do
    [ -d "$dir" ] || continue
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        case "$f" in *.note|*.md) continue ;; esac
        name=$(printf '%s' "$dir" | tr '/' '_')-$(basename "$f" .txt)
        "$tool" to-bin "$f" "$private/$name"
        cp "$private/$name" "$private/seed-$name"
        mv -f "$private/$name" "$work/seeds/$name"
        mv -f "$private/seed-$name" "$work/corpus/seed-$name"
    done
done
