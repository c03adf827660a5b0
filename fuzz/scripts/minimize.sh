#!/bin/sh
# minimize.sh LIBFUZZER TOOL CRASH SECONDS LOG: shrink a crashing input with
# libFuzzer's -minimize_crash, save it as CRASH.min (binary) next to the
# original and print it as a text trace. libFuzzer's output goes to LOG.
set -eu
bin=$1 tool=$2 crash=$3 secs=$4 log=$5
mkdir -p "$(dirname "$log")"
[ -f "$crash" ] || { echo "minimize: $crash: no such file; give a crash file"; exit 2; }
input=$crash
base=${crash%.txt}
if case "$crash" in *.txt) true ;; *) head -c 64 "$crash" | grep -q '^ *version' ;; esac; then
    input=$log.input
    "$tool" to-bin "$crash" "$input"
fi
"$bin" -minimize_crash=1 -runs=100000 -max_total_time="$secs" -exact_artifact_path="$base.min" "$input" \
    >"$log" 2>&1 || { tail -n 20 "$log"; echo "minimize: libFuzzer failed (does the input still crash? log: $log)"; exit 1; }
[ "$input" = "$crash" ] || rm -f "$input"
echo "minimize: saved $base.min ($(wc -c <"$base.min") bytes, log $log); as a trace:"
"$tool" to-text "$base.min"
