#!/bin/sh
# merge.sh LIBFUZZER WORK [DIR...]: libFuzzer -merge=1 of WORK/corpus, the
# AFL++ queues under WORK/afl-out and any DIRs, keeping only inputs that add
# coverage; the result replaces WORK/corpus. Its log's tail and the paths
# it names are printed escaped (quote.sh): a control character reaches no terminal.
set -eu
# shellcheck source=fuzz/scripts/quote.sh
. "$(dirname "$0")"/quote.sh
bin=$1 work=$2
shift 2
merged=$work/corpus.merging
rm -rf "$merged"
mkdir -p "$merged"
queues=$(ls -d "$work"/afl-out/*/queue 2>/dev/null || true)
# shellcheck disable=SC2086
"$bin" -merge=1 "$merged" "$work/corpus" $queues "$@" >"$work/merge.log" 2>&1 ||
    { tail -n 20 "$work/merge.log" | lines_shown; say "corpus-merge: libFuzzer failed (log $(name_shown "$work/merge.log"))"; exit 1; }
# shellcheck disable=SC2012 # counting libFuzzer's <sha1>-named inputs
before=$(ls "$work/corpus" | wc -l)
rm -rf "$work/corpus"
mv "$merged" "$work/corpus"
# shellcheck disable=SC2012 # counting libFuzzer's <sha1>-named inputs
say "corpus-merge: $before -> $(ls "$work/corpus" | wc -l) inputs in $(name_shown "$work/corpus")"
