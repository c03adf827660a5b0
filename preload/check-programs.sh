#!/bin/sh
# preload/check-programs.sh SHIM DEBUG_SHIM WORKDIR - check-preload's real
# programs (preload/check.sh runs it, beside its other checks): each gives
# byte-identical output on halloc (SHIM, and DEBUG_SHIM on small inputs) and
# on glibc, and halloc's checker finds each of its heaps consistent at exit.
# WORKDIR/input.txt, which check.sh writes, is their input. Exit 0 if all
# passed, else 1, each failure said in a FAIL line.
set -u
# By hand too, none of the caller's variables make drops for a check goal.
# shellcheck source=tools/caller-env.sh
. tools/caller-env.sh
# shellcheck disable=SC2119 # none of its inputs is among the names dropped
drop_caller_env
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
shim=$(abspath "$1")
debug_shim=$(abspath "$2")
work=$3
# shellcheck source=preload/check-common.sh
. "$(dirname "$0")/check-common.sh" # say_fail

run_both() { # name, shim, then a shell command reading $work/input.txt
    name=$1
    so=$2
    shift 2
    sh -c "$*" >"$work/$name.glibc" 2>&1
    HALLOC_PRELOAD_CHECK=1 LD_PRELOAD="$so" sh -c "$*" >"$work/$name.halloc" 2>"$work/$name.err"
    rc=$?
    [ "$rc" -eq 0 ] || say_fail "$name exited $rc on halloc: $(tail -3 "$work/$name.err")"
    cmp -s "$work/$name.glibc" "$work/$name.halloc" || say_fail "$name: output differs between glibc and halloc"
    if grep -v "^halloc-preload: pid [0-9]* (.*): heap consistent at exit;" "$work/$name.err" | grep -q .; then
        say_fail "$name: $(grep -v 'heap consistent' "$work/$name.err" | head -3)"
    fi
    grep -q "heap consistent at exit" "$work/$name.err" || say_fail "$name: the shim was not loaded"
    heaps=$(grep -c 'heap consistent' "$work/$name.err")
    echo "check-preload: $name: same output, $heaps heap$([ "$heaps" -eq 1 ] || echo s) consistent at exit"
}

run_both sort     "$shim" "sort -k2 $work/input.txt | sort -n | md5sum"
run_both awk      "$shim" "awk '{ n[\$2] += \$1; c++ } END { for (k in n) s += n[k]; print s, c, length(n) }' $work/input.txt"
run_both sed-grep "$shim" "sed -e 's/line-\\([0-9]*\\)/L\\1L/' $work/input.txt | grep -c 'L1[0-9]*7L'"
run_both gzip     "$shim" "gzip -c $work/input.txt | gzip -dc | cmp - $work/input.txt && echo same"
run_both ls-find  "$shim" "ls -laR /usr/include | wc -l; find /usr/include /usr/lib -name '*.h' | sort | head -500"
run_both bash     "$shim" "bash -c 's=; for i in \$(seq 1 3000); do s=\"\$s\$i,\"; a[\$i]=\$s; done; echo \${#s} \${#a[@]}'"
run_both tar      "$shim" "tar -cf - -C /usr/include . 2>/dev/null | tar -tf - | sort | md5sum"
# Threads (sort's parallel merge with a small buffer: many temporary files),
# fork+exec from a parallel make, and perl's hashes (perl-base is Essential).
run_both sort-parallel "$shim" "sort --parallel=2 -S 1M -k3 $work/input.txt | md5sum"
mkdir -p "$work/make"
{
    # shellcheck disable=SC2016 # a Makefile's text: $(...) is make's
    printf 'T := $(addprefix t,$(shell seq 1 40))\nall: $(T)\n'
    printf 't%%:\n\t@echo $@ | tr a-z A-Z | sed s/T/target-/ >$@\n'
} >"$work/make/Makefile"
# Its own make, not a sub-make of the one running this check: under make -j2
# check-preload it inherited the jobserver and warned ("-j2 forced in
# submake"), into glibc's output and the shim's stderr: both runs failed.
run_both make-j2 "$shim" "rm -f $work/make/t*; env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -j2 -C $work/make && cat $work/make/t* | sort | md5sum"
cat >"$work/hash.pl" <<'EOF'
my %h;
$h{$_ % 5000} .= "x" x ($_ % 7) for 1 .. 100000;
my @k = sort { $h{$a} cmp $h{$b} || $a <=> $b } keys %h;
print scalar(@k), " ", length(join("", values %h)), " $k[0] $k[-1]\n";
EOF
run_both perl "$shim" "perl $work/hash.pl"

run_both cache-sort "$shim" "HALLOC_PRELOAD_CACHE=8 sort -k2 $work/input.txt | md5sum"
# xz's worker threads (small blocks, so both compress and decompress run two)
# hand multi-MiB buffers between threads; the compressed bytes must match
# too. sqlite3's page cache and b-trees (100k rows, two indexes). iconv to
# and from Shift-JIS: glibc dlopens the gconv module, which mallocs in it.
run_both xz-threads "$shim" "xz -T2 -1 --block-size=256KiB -c $work/input.txt >$work/input.xz &&
    xz -T2 -dc $work/input.xz | cmp - $work/input.txt && md5sum <$work/input.xz"
cat >"$work/rows.sql" <<'EOF'
create table t(id integer primary key, a text, b integer);
with recursive c(x) as (select 1 union all select x + 1 from c where x < 100000)
  insert into t(a, b) select printf('%08x', (x * 2654435761) % 4294967296) || 'k' || x, (x * 7919) % 1000 from c;
create index tb on t(b);
create index ta on t(a);
select count(*), sum(b), max(a) from t where b between 100 and 300;
select b, count(*) from t group by b order by 2 desc, 1 limit 3;
select length(group_concat(a)) from t;
EOF
run_both sqlite3 "$shim" "sqlite3 :memory: <$work/rows.sql"
run_both iconv "$shim" "iconv -f UTF-8 -t SHIFT_JIS $work/input.txt | iconv -f SHIFT_JIS -t UTF-16 | md5sum"

# The debug shim checks the whole heap after every call: small inputs.
head -3000 "$work/input.txt" >"$work/small.txt"
run_both debug-sort "$debug_shim" "sort -k2 $work/small.txt | sort -n | md5sum"
run_both debug-awk  "$debug_shim" "awk '{ n[\$2] += \$1 } END { for (k in n) s += n[k]; print s, length(n) }' $work/small.txt"
exit "$fail"
