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
# libFuzzer first runs the input alone: an input that does not crash there
# is said to be one (a crash that needed earlier inputs or chance); any other
# failure is libFuzzer's own, which a second try has got past.
if ! "$bin" -minimize_crash=1 -runs=100000 -max_total_time="$secs" -exact_artifact_path="$base.min" "$input" \
    >"$log" 2>&1; then
    tail -n 20 "$log"
    if grep -q "^ERROR: the input .* did not crash" "$log"; then
        echo "minimize: the input does not crash when run alone, so there is nothing to shrink: it needed the" \
            "inputs run before it, or chance (make fuzz said which when it saved it; make replay REPEAT=20 tries" \
            "again). Log: $log"
    else
        echo "minimize: libFuzzer failed while shrinking (above; log: $log): if it died in its own code rather" \
            "than in an input's run, run make minimize again"
    fi
    exit 1
fi
[ "$input" = "$crash" ] || rm -f "$input"
echo "minimize: saved $base.min ($(wc -c <"$base.min") bytes, log $log); as a trace:"
"$tool" to-text "$base.min"
