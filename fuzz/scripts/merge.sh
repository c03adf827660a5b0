#!/bin/sh
# merge.sh LIBFUZZER WORK [DIR...]: libFuzzer -merge=1 of WORK/corpus, the
# AFL++ queues under WORK/afl-out and any DIRs, keeping only inputs that add
# coverage; the result replaces WORK/corpus.
set -eu
bin=$1 work=$2
shift 2
merged=$work/corpus.merging
rm -rf "$merged"
mkdir -p "$merged"
queues=$(ls -d "$work"/afl-out/*/queue 2>/dev/null || true)
# shellcheck disable=SC2086
"$bin" -merge=1 "$merged" "$work/corpus" $queues "$@" >"$work/merge.log" 2>&1 ||
    { tail -n 20 "$work/merge.log"; echo "corpus-merge: libFuzzer failed (log $work/merge.log)"; exit 1; }
# shellcheck disable=SC2012 # counting libFuzzer's <sha1>-named inputs
before=$(ls "$work/corpus" | wc -l)
rm -rf "$work/corpus"
mv "$merged" "$work/corpus"
# shellcheck disable=SC2012 # counting libFuzzer's <sha1>-named inputs
echo "corpus-merge: $before -> $(ls "$work/corpus" | wc -l) inputs in $work/corpus"
