#!/bin/sh
# preload/check.sh SHIM PROBE WORKDIR - make check-preload.
# 1. the probe's semantic checks pass under the shim;
# 2. a double free and an interior free abort with halloc's diagnosis;
# 3. real programs give byte-identical output on halloc and on glibc, and
#    halloc's checker finds each one's heap consistent at exit.
set -u
shim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
probe=$2
work=$3
fail=0
mkdir -p "$work"

say_fail() { echo "check-preload: FAIL: $*"; fail=1; }

out=$(LD_PRELOAD="$shim" "$probe" 2>&1)
[ "$out" = "probe: ok" ] || say_fail "probe under the shim: $out"

for mode in double-free bad-free; do
    LD_PRELOAD="$shim" "$probe" "$mode" >"$work/$mode.out" 2>&1
    rc=$?
    [ "$rc" -eq 134 ] || say_fail "probe $mode exited $rc, not 134 (SIGABRT): $(cat "$work/$mode.out")"
    grep -q "^halloc-preload: free(0x[0-9a-f]*) failed: halloc: free" "$work/$mode.out" ||
        say_fail "probe $mode: no diagnosis line: $(cat "$work/$mode.out")"
done
grep -q "double free" "$work/double-free.out" || say_fail "the double free was not named: $(cat "$work/double-free.out")"
grep -q "inside a block" "$work/bad-free.out" || say_fail "the interior free was not named: $(cat "$work/bad-free.out")"

# Input for the programs: 200k lines of mixed numbers and words.
seq 1 200000 | awk '{ printf "%d %s%x line-%d\n", ($1 * 7919) % 100003, "w", $1 * 31, $1 }' >"$work/input.txt"

run_both() { # name, then a shell command reading $work/input.txt
    name=$1
    shift
    sh -c "$*" >"$work/$name.glibc" 2>&1
    HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$shim" sh -c "$*" >"$work/$name.halloc" 2>"$work/$name.err"
    rc=$?
    [ "$rc" -eq 0 ] || say_fail "$name exited $rc on halloc: $(tail -3 "$work/$name.err")"
    cmp -s "$work/$name.glibc" "$work/$name.halloc" || say_fail "$name: output differs between glibc and halloc"
    if grep -v "^halloc-preload: pid [0-9]*: heap consistent at exit;" "$work/$name.err" | grep -q .; then
        say_fail "$name: $(grep -v 'heap consistent' "$work/$name.err" | head -3)"
    fi
    grep -q "heap consistent at exit" "$work/$name.err" || say_fail "$name: the shim was not loaded"
    echo "check-preload: $name: same output, $(grep -c 'heap consistent' "$work/$name.err") heaps consistent at exit"
}

run_both sort     "sort -k2 $work/input.txt | sort -n | md5sum"
run_both awk      "awk '{ n[\$2] += \$1; c++ } END { for (k in n) s += n[k]; print s, c, length(n) }' $work/input.txt"
run_both sed-grep "sed -e 's/line-\\([0-9]*\\)/L\\1L/' $work/input.txt | grep -c 'L1[0-9]*7L'"
run_both gzip     "gzip -c $work/input.txt | gzip -dc | cmp - $work/input.txt && echo same"
run_both ls-find  "ls -laR /usr/include | wc -l; find /usr/include /usr/lib -name '*.h' | sort | head -500"
run_both bash     "bash -c 's=; for i in \$(seq 1 3000); do s=\"\$s\$i,\"; a[\$i]=\$s; done; echo \${#s} \${#a[@]}'"
run_both tar      "tar -cf - -C /usr/include . 2>/dev/null | tar -tf - | sort | md5sum"

[ "$fail" -eq 0 ] && echo "check-preload: shim probe, 2 planted bad frees and 7 programs: all passed"
exit "$fail"
