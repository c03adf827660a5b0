#!/bin/bash
# preload/bench.sh SHIM WORKDIR [REPS] - make bench-programs: real programs,
# each run REPS times on glibc and on halloc (LD_PRELOAD=SHIM), alternating;
# the best wall time of each is kept and the ratio printed. Outputs must be
# identical, or the figures mean nothing and the script fails.
set -u
shim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$2
reps=${3:-5}
mkdir -p "$work"
input=$work/input.txt
[ -s "$input" ] || seq 1 1000000 | awk '{ printf "%d %s%x line-%d\n", ($1 * 7919) % 100003, "w", $1 * 31, $1 }' >"$input"
cat >"$work/python-dicts.py" <<'PY'
import json
d = [{'a': i, 'b': str(i) * 5, 'c': [i, i + 1]} for i in range(300000)]
s = json.dumps(d)
print(len(s), len(json.loads(s)))
PY

# Best wall-clock seconds of REPS runs of a shell command, with an optional preload.
best() {
    local preload=$1 cmd=$2 out=$3 t best=
    for _ in $(seq "$reps"); do
        TIMEFORMAT=%R
        t=$({ time LD_PRELOAD="$preload" sh -c "$cmd" >"$out" 2>&1; } 2>&1) || {
            echo "bench-programs: '$cmd' failed${preload:+ on halloc}: $(tail -2 "$out")" >&2
            exit 1
        }
        best=$(echo "$t ${best:-$t}" | awk '{ print ($1 < $2) ? $1 : $2 }')
    done
    echo "$best"
}

printf '%-10s %10s %10s %8s   %s\n' program "glibc s" "halloc s" h/glibc command
row() {
    local name=$1 cmd=$2
    g=$(best "" "$cmd" "$work/$name.glibc") || exit 1
    h=$(best "$shim" "$cmd" "$work/$name.halloc") || exit 1
    cmp -s "$work/$name.glibc" "$work/$name.halloc" || { echo "bench-programs: $name: outputs differ" >&2; exit 1; }
    printf '%-10s %10s %10s %8s   %s\n' "$name" "$g" "$h" "$(echo "$h $g" | awk '{ printf "%.2f", $1 / $2 }')" "$cmd"
}
row sort "sort -k2 $input | md5sum"
row awk "awk '{ n[\$2] += \$1 } END { print length(n) }' $input"
row gzip "gzip -c $input | gzip -dc | md5sum"
if command -v python3 >/dev/null; then
    row python3 "python3 -I $work/python-dicts.py"
else
    echo "python3        (not installed: apt-get install -y python3 to include it)"
fi
echo "best of $reps runs each, glibc and halloc alternating; produced by: make bench-programs BENCH_REPS=$reps"
