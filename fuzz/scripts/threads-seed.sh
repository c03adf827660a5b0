#!/bin/sh
# threads-seed.sh TOOL CORPUS DIR: every text seed DIR/*.txt converted to a
# threaded input (fuzz/threads.c): header byte 1 (3 threads), then the
# trace's binary records; written as CORPUS/seed-NAME, renamed into place so
# a fuzzer reading CORPUS never sees half a file. A seed op with an argument
# the threads ignore (double-free S between B) is refused, naming its line.
set -eu
tool=$1 corpus=$2 dir=$3
mkdir -p "$corpus"
tmp=$(mktemp "$corpus/.seeding.XXXXXX")
trap 'rm -f "$tmp" "$tmp.bin"' EXIT
for f in "$dir"/*.txt; do
    [ -f "$f" ] || continue
    "$tool" to-bin --threads "$f" "$tmp.bin"
    { printf '\001'; cat "$tmp.bin"; } >"$tmp"
    mv -f "$tmp" "$corpus/seed-$(basename "$f" .txt)"
done
