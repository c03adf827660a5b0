#!/bin/sh
# seed.sh TOOL WORK DIR...: every seed in DIRs (text traces or binary inputs;
# *.note and *.md skipped) converted to binary into WORK/seeds (AFL++ input)
# and copied into WORK/corpus (libFuzzer's growing corpus).
set -eu
tool=$1 work=$2
shift 2
mkdir -p "$work/seeds" "$work/corpus"
for dir in "$@"; do
    [ -d "$dir" ] || continue
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        case "$f" in *.note|*.md) continue ;; esac
        name=$(printf '%s' "$dir" | tr '/' '_')-$(basename "$f" .txt)
        "$tool" to-bin "$f" "$work/seeds/$name"
        cp "$work/seeds/$name" "$work/corpus/seed-$name"
    done
done
