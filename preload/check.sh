#!/bin/sh
# preload/check.sh SHIM DEBUG_SHIM PROBE WORKDIR - make check-preload.
# 1. the probe's semantic checks pass under both shims;
# 2. planted heap bugs (double free, interior free, realloc and usable size of
#    an interior pointer, overflow into the next header) abort with halloc's
#    diagnosis, the debug shim at the first call after an overflow;
# 3. real programs give byte-identical output on halloc and on glibc, and
#    halloc's checker finds each one's heap consistent at exit.
set -u
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
shim=$(abspath "$1")
debug_shim=$(abspath "$2")
probe=$3
work=$4
fail=0
mkdir -p "$work"

say_fail() { echo "check-preload: FAIL: $*"; fail=1; }

for so in "$shim" "$debug_shim"; do
    out=$(LD_PRELOAD="$so" "$probe" 2>&1)
    [ "$out" = "probe: ok" ] || say_fail "probe under $(basename "$so"): $out"
done
out=$(HALLOC_PRELOAD_CACHE=8 LD_PRELOAD="$shim" "$probe" 2>&1)
[ "$out" = "probe: ok" ] || say_fail "probe with HALLOC_PRELOAD_CACHE=8: $out"
for bad in abc 65 -1 ''; do
    # The probe runs in a waiting subshell, so the shell's "Aborted" notice is captured too.
    out=$({ HALLOC_PRELOAD_CACHE=$bad LD_PRELOAD="$shim" "$probe"; echo "exit $?"; } 2>&1)
    echo "$out" | grep -q "^exit 134$" &&
        echo "$out" | grep -q "^halloc-preload: HALLOC_PRELOAD_CACHE='$bad' is not a cache depth; use 0..64" ||
        say_fail "HALLOC_PRELOAD_CACHE='$bad' was not refused with SIGABRT and a message: $out"
done
out=$(HALLOC_CHECK_EVERY=100 LD_PRELOAD="$debug_shim" "$probe" 2>&1)
[ "$out" = "probe: ok" ] || say_fail "probe under the debug shim with HALLOC_CHECK_EVERY=100: $out"
out=$({ HALLOC_CHECK_EVERY=abc LD_PRELOAD="$debug_shim" "$probe"; echo "exit $?"; } 2>&1)
echo "$out" | grep -q "^exit 134$" &&
    echo "$out" | grep -q "^halloc: HALLOC_CHECK_EVERY='abc' is not a whole number >= 1" ||
    say_fail "HALLOC_CHECK_EVERY='abc' was not refused with SIGABRT and a message: $out"

# planted MODE SHIM PATTERN: the probe's planted bug must abort (SIGABRT)
# with a line matching PATTERN (grep -E).
planted() {
    log="$work/$1-$(basename "$2" .so).out"
    LD_PRELOAD="$2" "$probe" "$1" >"$log" 2>&1
    rc=$?
    [ "$rc" -eq 134 ] || say_fail "probe $1 under $(basename "$2") exited $rc, not 134 (SIGABRT): $(cat "$log")"
    grep -Eq "$3" "$log" || say_fail "probe $1 under $(basename "$2"): no line matching '$3' in: $(cat "$log")"
}
planted double-free "$shim" '^halloc-preload: free\(0x[0-9a-f]+\) failed: halloc: free.* already free: likely a double free'
planted bad-free "$shim" '^halloc-preload: free\(0x[0-9a-f]+\) failed: halloc: free.* points inside a block'
planted bad-realloc "$shim" '^halloc-preload: realloc\(0x[0-9a-f]+\) failed: halloc: realloc.* points inside a block'
planted bad-usable-size "$shim" '^halloc-preload: malloc_usable_size\(0x[0-9a-f]+\) failed: halloc: usable_size.* points inside a block'
planted overflow "$shim" '^halloc-preload: free\(0x[0-9a-f]+\) failed: .*header check failed.*likely a buffer overflow'
planted double-free "$debug_shim" '^halloc: free.* already free: likely a double free'
planted bad-free "$debug_shim" '^halloc: free.* points inside a block'
planted overflow "$debug_shim" '^halloc: heap check after malloc failed: header-check'

# Input for the programs: 200k lines of mixed numbers and words.
seq 1 200000 | awk '{ printf "%d %s%x line-%d\n", ($1 * 7919) % 100003, "w", $1 * 31, $1 }' >"$work/input.txt"

run_both() { # name, shim, then a shell command reading $work/input.txt
    name=$1
    so=$2
    shift 2
    sh -c "$*" >"$work/$name.glibc" 2>&1
    HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$so" sh -c "$*" >"$work/$name.halloc" 2>"$work/$name.err"
    rc=$?
    [ "$rc" -eq 0 ] || say_fail "$name exited $rc on halloc: $(tail -3 "$work/$name.err")"
    cmp -s "$work/$name.glibc" "$work/$name.halloc" || say_fail "$name: output differs between glibc and halloc"
    if grep -v "^halloc-preload: pid [0-9]*: heap consistent at exit;" "$work/$name.err" | grep -q .; then
        say_fail "$name: $(grep -v 'heap consistent' "$work/$name.err" | head -3)"
    fi
    grep -q "heap consistent at exit" "$work/$name.err" || say_fail "$name: the shim was not loaded"
    echo "check-preload: $name: same output, $(grep -c 'heap consistent' "$work/$name.err") heaps consistent at exit"
}

run_both sort     "$shim" "sort -k2 $work/input.txt | sort -n | md5sum"
run_both awk      "$shim" "awk '{ n[\$2] += \$1; c++ } END { for (k in n) s += n[k]; print s, c, length(n) }' $work/input.txt"
run_both sed-grep "$shim" "sed -e 's/line-\\([0-9]*\\)/L\\1L/' $work/input.txt | grep -c 'L1[0-9]*7L'"
run_both gzip     "$shim" "gzip -c $work/input.txt | gzip -dc | cmp - $work/input.txt && echo same"
run_both ls-find  "$shim" "ls -laR /usr/include | wc -l; find /usr/include /usr/lib -name '*.h' | sort | head -500"
run_both bash     "$shim" "bash -c 's=; for i in \$(seq 1 3000); do s=\"\$s\$i,\"; a[\$i]=\$s; done; echo \${#s} \${#a[@]}'"
run_both tar      "$shim" "tar -cf - -C /usr/include . 2>/dev/null | tar -tf - | sort | md5sum"

run_both cache-sort "$shim" "HALLOC_PRELOAD_CACHE=8 sort -k2 $work/input.txt | md5sum"

# The debug shim checks the whole heap after every call: small inputs.
head -3000 "$work/input.txt" >"$work/small.txt"
run_both debug-sort "$debug_shim" "sort -k2 $work/small.txt | sort -n | md5sum"
run_both debug-awk  "$debug_shim" "awk '{ n[\$2] += \$1 } END { for (k in n) s += n[k]; print s, length(n) }' $work/small.txt"

[ "$fail" -eq 0 ] && echo "check-preload: probe under both shims and with the cache, 5 bad settings, HALLOC_CHECK_EVERY, 8 planted heap bugs, 10 program runs: all passed"
exit "$fail"
