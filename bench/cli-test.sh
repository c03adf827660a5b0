#!/bin/sh
# cli-test.sh BENCH TESTDATA_DIR: the bench program itself rejects a malformed
# trace before running anything, with exit status 2 and exactly one line
# "bench: <file>:<line>: ..." on stderr for each (bench/README.md "Trace format and
# feeding third-party traces").
set -u
bench=$1 dir=$2
bad=$dir/bad-size-negative.rep
out=$("$bench" -n -r 1 "$bad" 2>&1 >/dev/null)
rc=$?
fail() { echo "FAIL cli-test: $*" >&2; exit 1; }
# -h, --help and a wrong option, on bench and gentraces (built beside it).
"$(dirname "$0")"/../fuzz/scripts/check-help.sh "$bench" "$(dirname "$bench")"/gentraces || exit 1
[ "$rc" -eq 2 ] || fail "exit status $rc for a malformed trace, expected 2"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "stderr is not one line: $out"
case $out in
    "bench: $bad:5: "*) ;;
    *) fail "stderr does not start with 'bench: $bad:5: ': $out" ;;
esac
# Each malformed trace of several is named in the same run, and nothing runs.
bad2=$dir/bad-id-range.rep
out=$("$bench" -n -r 1 "$bad" "$dir/good-basic.rep" "$bad2" 2>&1)
rc=$?
{ [ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] &&
    printf '%s\n' "$out" | grep -q "^bench: $bad:5: " && printf '%s\n' "$out" | grep -q "^bench: $bad2:5: "; } ||
    fail "two malformed traces beside a good one: exit $rc, expected 2 and one line for each, nothing else: $out"
# The goal lines say on how many workloads each goal holds, and name the others
# ("NOT MET, 4 of 45; below on: ..." read as 4 failing). good-basic's
# utilization is fixed by its trace; its speed is the clock's.
out=$("$bench" -n -r 1 "$dir/good-basic.rep" 2>&1) || fail "good-basic.rep failed: $out"
case $out in
    *"goal 'halloc utilization > 85% on every workload': NOT MET: above 85% on 0 of 1; at or below on: good-basic ("*) ;;
    *) fail "the utilization goal line does not count the workloads above 85% and name the rest: $out" ;;
esac
case $out in
    *"goal 'halloc faster than glibc on every workload': MET: faster on 1 of 1"* | \
        *"goal 'halloc faster than glibc on every workload': NOT MET: faster on 0 of 1; slower on: good-basic ("*) ;;
    *) fail "the speed goal line does not count the workloads halloc is faster on and name the rest: $out" ;;
esac
"$bench" -r 0 >/dev/null 2>&1 && fail "-r 0 was accepted"
out=$("$bench" -C 65 2>&1 >/dev/null)
[ $? -eq 2 ] || fail "-C 65 (above the maximum cache depth) was not refused with exit 2"
case $out in
    *"-C needs a cache depth"*) ;;
    *) fail "-C 65: the message does not name the option: $out" ;;
esac
"$bench" -n -r 1 -C 8 "$dir/../traces/short-lived.rep" >/dev/null || fail "-C 8 on a good trace failed"
out=$("$bench" -t 1m 2>&1 >/dev/null)
rc=$?
case $rc:$out in
    2:*"-t needs a number of seconds"*) ;;
    *) fail "-t 1m (not a number of seconds) was not refused naming -t (exit $rc): $out" ;;
esac
# A count takes no byte suffix: -t 1K was 1024 seconds (-H's parser).
out=$("$bench" -t 1K 2>&1 >/dev/null)
rc=$?
case $rc:$out in
    2:*"-t needs a number of seconds (0: no limit) from 0 to 86400, not '1K'"*) ;;
    *) fail "-t 1K (a byte size, not a number of seconds) was not refused naming -t (exit $rc): $out" ;;
esac
# -a runs only the allocators it names: one row, and goals that compare two
# not judged; a name that is no allocator, or yours with none linked, is refused.
out=$("$bench" -n -r 1 -a halloc "$dir/good-basic.rep" 2>&1) || fail "-a halloc on good-basic.rep failed: $out"
printf '%s\n' "$out" | grep -q '^good-basic  *glibc ' && fail "-a halloc printed a glibc row: $out"
case $out in
    *"good-basic         halloc "*"goals not judged: -a left glibc out"*) ;;
    *) fail "-a halloc: no halloc row, or no line saying the goals are not judged: $out" ;;
esac
for arg in x yours; do
    out=$("$bench" -n -a $arg "$dir/good-basic.rep" 2>&1 >/dev/null)
    rc=$?
    case $rc:$out in
        "2:bench: -a names 'x', which is no allocator; "* | "2:bench: -a yours: no allocator of yours is linked; "*) ;;
        *) fail "-a $arg was not refused with exit 2 and one line naming it: $out" ;;
    esac
done
# -p replays each workload once per allocator, its timed calls (and nothing
# else) inside replay_steady_state: callgrind, counting only there, sees
# good-basic's 3 mallocs, 1 realloc and 2 frees once each (README.md
# "Counting one allocator"; without -p, a sample repeats them to 1M calls).
command -v valgrind >/dev/null || fail "valgrind is not installed (tools/ensure-deps check installs it)"
tmp=$(mktemp -d) || fail "mktemp -d failed"
valgrind -q --tool=callgrind --compress-strings=no --toggle-collect=replay_steady_state \
    --callgrind-out-file="$tmp/cg.%p" "$bench" -p -a halloc -n "$dir/good-basic.rep" >"$tmp/table" 2>&1 ||
    fail "bench -p under callgrind failed: $(cat "$tmp/table")"
calls=$(cat "$tmp"/cg.* | awk '/^cfn=halloc_(malloc|realloc|free)$/ { f = $1; sub(/^cfn=/, "", f); getline; sub(/^calls=/, "", $1); n[f] += $1 }
    END { printf "%d %d %d", n["halloc_malloc"], n["halloc_realloc"], n["halloc_free"] }')
table=$(cat "$tmp/table")
rm -rf "$tmp"
case $table in
    *"good-basic         halloc        6 "*" -           -           -       -"*"goals not judged: -p replays each workload once"*) ;;
    *) fail "bench -p: the row does not show '-' for the utilization it did not measure, or the goals are judged: $table" ;;
esac
[ "$calls" = "3 1 2" ] ||
    fail "bench -p under callgrind --toggle-collect=replay_steady_state: halloc's malloc, realloc and free were counted $calls times, not 3 1 2 (good-basic.rep's calls, each once)"
# A value with a blank or a sign before its digits is refused, not read as
# strtoull reads it (" -1" was SIZE_MAX, "+2" 2).
for arg in "-H  -1" "-r +2" "-C  8"; do
    out=$("$bench" -n "${arg%% *}" "${arg#* }" "$dir/good-basic.rep" 2>&1 >/dev/null)
    rc=$?
    case $rc:$out in
        "2:bench: ${arg%% *} needs "*"not '${arg#* }'") ;;
        *) fail "$arg (a blank or a sign before the digits) was not refused naming it (exit $rc): $out" ;;
    esac
done
# '-' with standard input closed (a cron job, <&-) says so and what to do, not "check the path".
out=$("$bench" -n -r 1 - 2>&1 >/dev/null <&-)
rc=$?
case $rc:$out in
    "2:bench: cannot open -: "*"(standard input is closed: give the file's path in place of -, or redirect it in: - < FILE)") ;;
    *) fail "bench - with standard input closed: exit $rc, expected 2 and 'standard input is closed': $out" ;;
esac
# '-' given twice is refused before any trace is read: the second read found
# standard input empty and said "file ends after 0 header lines" of a good trace.
out=$("$bench" -n -r 1 - "$dir/good-basic.rep" - <"$dir/good-crlf.rep" 2>&1 >/dev/null)
rc=$?
[ "$rc:$out" = "2:bench: '-' (standard input) is given more than once, and it can be read only once; give it once" ] ||
    fail "bench - good-basic.rep -: exit $rc, expected 2 and one line saying '-' is given twice: $out"
# A path holding a newline is named with it as \n: each error stays one line
# (it was printed raw, a line break in the middle of the error).
out=$("$bench" -n -r 1 "$dir/no
such.rep" 2>&1 >/dev/null)
rc=$?
[ "$rc:$out" = "2:bench: cannot open $dir/no\\nsuch.rep: No such file or directory (check the path)" ] ||
    fail "bench of a missing trace named with a newline: exit $rc, expected 2 and one line naming it escaped: $out"
# A table that cannot be written (a full disk) fails, named, not exit 0.
out=$("$bench" -n -r 1 "$dir/good-basic.rep" 2>&1 >/dev/full)
rc=$?
case $rc:$out in
    "2:bench: cannot write the table to standard output"*) ;;
    *) fail "bench >/dev/full: exit $rc, expected 2 and 'cannot write the table': $out" ;;
esac
# A trace with no operations (a recorded process that allocated nothing
# through malloc) is left out with a note, not failed; alone, nothing runs.
out=$("$bench" -n -r 1 "$dir/good-no-ops.rep" "$dir/good-basic.rep" 2>&1) || fail "a trace without operations beside a good one made bench fail: $out"
case $out in
    *"note: good-no-ops has no operations to time"*"left out"*) ;;
    *) fail "a trace without operations was not named as left out: $out" ;;
esac
case $out in *FAILED*) fail "a trace without operations got a FAILED row: $out" ;; esac
out=$("$bench" -n -r 1 "$dir/good-no-ops.rep" 2>&1 >/dev/null)
[ $? -eq 2 ] || fail "bench on only a trace without operations did not exit 2 (nothing to run)"
case $out in
    "bench: nothing to run: no trace given has an operation"*) ;;
    *) fail "bench on only a trace without operations did not say no trace has one: $out" ;;
esac
# A trace left unfinished by a killed process (a recorded multiprocessing
# Pool's worker, a crash) replays the operations it has, with one warning
# line saying so; a last line cut short is left out, and named.
out=$("$bench" -n -r 1 "$dir/good-basic.rep" "$dir/good-unfinished-cut.rep" 2>&1 >/dev/null) ||
    fail "an unfinished trace beside a good one did not replay: $out"
[ "$out" = "bench: warning: $dir/good-unfinished-cut.rep: unfinished (its process was killed or crashed before writing the header, or the recorder stopped and said why on its stderr): replaying the 4 complete operations it recorded; its last line (9), cut short, left out; the calls after them are lost" ] ||
    fail "the unfinished trace's warning is not the one line expected: $out"
# One that no recorded call reached is said to be so once: not also "its
# process allocated nothing through malloc", which its warning contradicts
# (verify-traces said only the warning).
tmp=$(mktemp -d) || fail "mktemp -d failed"
printf 'unfinished\n\n\n\n' >"$tmp/no-calls.rep"
out=$("$bench" -n -r 1 "$tmp/no-calls.rep" 2>&1)
rm -rf "$tmp"
case $out in
    *"allocated nothing"*) fail "an unfinished trace that no call reached got the note of a process that allocated nothing too: $out" ;;
    *"bench: warning: $tmp/no-calls.rep: unfinished "*"and no recorded call reached the file"*) ;;
    *) fail "an unfinished trace that no call reached was not said to be so: $out" ;;
esac
# A failed call names the trace's line and the call sent, not the op's
# index: size-0 lines are left out and "r" on an id live at size 0 is
# replayed as malloc (README "Size 0"). A 1 GiB address-space limit makes
# malloc(4 GiB) fail, and halloc's first region (2 x 4 GiB) too, which says
# how to size it (prlimit, from util-linux: POSIX sh has no ulimit -v).
tmp=$(mktemp -d) || fail "mktemp -d failed"
printf '0\n2\n3\n1\na 1 0\na 0 0\nr 0 4294967296\n' >"$tmp/fails.rep"
out=$(prlimit --as=1073741824 "$bench" -n -r 1 "$tmp/fails.rep" 2>&1)
rc=$?
# Both allocators failed its one workload: the goal lines say none ran, not
# "NOT MET: faster on 0 of 0", and the run still fails.
case $rc:$out in
    *" of 0"*) fail "with every workload failed, a goal line counts 0 of 0: $out" ;;
    1:*"goal 'halloc faster than glibc on every workload': NOT JUDGED: no workload ran (all 1 FAILED: fails (halloc and glibc))"*) ;;
    *) fail "with every workload failed, the goal line does not say none ran, or the exit is not 1 ($rc): $out" ;;
esac
# One failed beside one that ran: each goal line counts only those that ran,
# and names the failed one and which allocator failed it ("faster on 0 of 1"
# alone read as every workload run).
out=$(prlimit --as=1073741824 "$bench" -n -r 1 "$tmp/fails.rep" "$dir/good-basic.rep" 2>&1)
rc=$?
for goal in "halloc faster than glibc on every workload': NOT MET: faster on [01] of 1 that ran; 1 FAILED: fails (halloc and glibc)" \
    "halloc utilization > 85% on every workload': NOT MET: above 85% on 0 of 1 that ran; 1 FAILED: fails (halloc and glibc); at or below on: good-basic ("; do
    { [ "$rc" = 1 ] && printf '%s\n' "$out" | grep -q "^goal '$goal"; } ||
        fail "one workload failed beside one that ran: exit $rc (expected 1), or no line \"goal '$goal\": $out"
done
# Line 3 announcing 0 operations with operations below it: the note says the
# header is why nothing is timed, not that the process allocated nothing.
printf '0\n2\n0\n1\na 0 16\nf 0\n' >"$tmp/count-zero.rep"
# Two traces joined with cat: the lines not read are the second trace, whose
# header the note's old advice (make line 3 larger) had read as operations.
printf '0\n1\n2\n1\na 0 16\nf 0\n0\n1\n2\n1\na 0 8\nf 0\n' >"$tmp/joined.rep"
note=$("$bench" -n -r 1 "$tmp/count-zero.rep" "$tmp/joined.rep" 2>/dev/null)
# Two traces with one name, or one named like a built-in workload, get rows
# named by their paths: one name for two rows mixed them up, and a trace
# named scale-100.rep stood in for the built-in one in the scaling ratio.
# (-w: the built-in "mixed" and the four traces, by a name and patterns.) One
# path given twice, as its name, gets its rows in the order given: x, then x#2
# (was x#2 first).
# A header declaring 67108864 ids for ids 0 and 4: the id table ends at the
# highest id used (trace.h), so 256 MiB of address space is room enough; a
# table of the declared count took 512 MiB.
printf '0\n67108864\n4\n1\na 4 16\nf -1\na 0 8\nf 4\n' >"$tmp/declared.rep"
declared=$(prlimit --as=268435456 "$bench" -n -r 1 "$tmp/declared.rep" 2>&1)
rc=$?
{ [ "$rc" -eq 0 ] && ! printf '%s\n' "$declared" | grep -q FAILED; } ||
    fail "a trace declaring 67108864 ids and using 2 failed in 256 MiB of address space (exit $rc): $declared"
# Using id 67108863 needs that table: refused in one line that says how big
# and what to do, not only "Cannot allocate memory".
printf '0\n67108864\n2\n1\na 67108863 16\nf 67108863\n' >"$tmp/sparse.rep"
sparse=$(prlimit --as=268435456 "$bench" -n -r 1 "$tmp/sparse.rep" 2>&1)
printf '%s\n' "$sparse" | grep -q "no memory for the id table ([0-9]* MiB, a slot for each id from 0 to 67108864.*number the trace's ids densely" ||
    fail "a trace using id 67108863 in 256 MiB of address space did not name the id table's size and the fix: $sparse"
# -w builds only the built-in workloads it names: bench -w scale-100 made
# all three op arrays (some 80 MiB, seconds under valgrind) to time one, and
# in 64 MiB of address space stopped, exit 2, before timing it.
one=$(prlimit --as=67108864 "$bench" -r 1 -a glibc -w scale-100 2>&1)
rc=$?
{ [ "$rc" -eq 0 ] && printf '%s\n' "$one" | grep -q '^scale-100 \+glibc '; } ||
    fail "-w scale-100 in 64 MiB of address space did not time scale-100 alone (exit $rc): $one"
# All three there run out of room building scale-100000's ops: said in one
# line naming it and the bytes refused (bench exited 2 without a word).
all=$(prlimit --as=67108864 "$bench" -r 1 -a glibc 2>&1)
rc=$?
{ [ "$rc" -eq 2 ] && printf '%s\n' "$all" | grep -q "^bench: out of memory building the built-in workload scale-100000: [0-9]* bytes for its ops were refused after [0-9]* ops; .*-w names those to run"; } ||
    fail "the built-in workloads in 64 MiB of address space did not name the one that ran out of memory (exit $rc): $all"
mkdir "$tmp/a" "$tmp/b"
cp "$dir/good-basic.rep" "$tmp/a/x.rep" && cp "$dir/good-crlf.rep" "$tmp/b/x.rep" && cp "$dir/good-basic.rep" "$tmp/mixed.rep"
bench_path=$(realpath "$bench")
# -w takes a workload by its exact name: -w scale-100 ran scale-100000 too,
# and -w scale-10 both. Several are given with commas between; a name that
# is no workload's is refused in one line that names those there are.
mkdir "$tmp/w"
cp "$dir/good-basic.rep" "$tmp/w/scale-100.rep" && cp "$dir/good-basic.rep" "$tmp/w/scale-100000.rep"
w_rows() { "$bench_path" -n -r 1 -w "$1" "$tmp/w/scale-100.rep" "$tmp/w/scale-100000.rep" 2>&1 |
    grep -E '^[^ ]+ +halloc ' | cut -d' ' -f1 | tr '\n' ' '; }
[ "$(w_rows scale-100)" = "scale-100 " ] || fail "-w scale-100 did not run scale-100 alone: $(w_rows scale-100)"
[ "$(w_rows scale-100000,scale-100)" = "scale-100 scale-100000 " ] ||
    fail "-w scale-100000,scale-100 did not run both, in the table's order: $(w_rows scale-100000,scale-100)"
for w in scale-10 scale-100,scale-10; do
    said=$("$bench_path" -n -r 1 -w "$w" "$tmp/w/scale-100.rep" "$tmp/w/scale-100000.rep" 2>&1)
    rc=$?
    [ "$rc:$said" = "2:bench: nothing to run: -w names 'scale-10', which is no workload's name; the workloads are: \
scale-100, scale-100000; give -w names from these, commas between, or a pattern such as 'scale-*'" ] ||
        fail "-w $w (scale-10 names no workload) was not refused in one line naming the workloads (exit $rc): $said"
done
table=$(cd "$tmp/a" && "$bench_path" -r 1 -w 'mixed,*x,*/mixed,x#2' x.rep "$tmp/b/x.rep" "$tmp/mixed.rep" x.rep 2>&1)
rows=$(printf '%s\n' "$table" | grep -E '^[^ ]+ +(halloc|glibc) ' | cut -d' ' -f1)
rm -rf "$tmp"
[ "$(printf '%s\n' "$rows" | uniq | tr '\n' ' ')" = "mixed x $tmp/b/x $tmp/mixed x#2 " ] ||
    fail "traces with one name, or a built-in's, were not named by their paths in the order given: $rows"
# Those paths are longer than the built-in names: the header and every row
# must still start their second column at one place.
starts=$(printf '%s\n' "$table" | awk '/^workload +alloc / || /^[^ ]+ +(halloc|glibc) / {
    match($0, /^[^ ]+ +/); print RLENGTH }' | sort -u)
[ "$(printf '%s\n' "$starts" | wc -l)" -eq 1 ] ||
    fail "a long workload name pushed the columns out of line (second column at $(printf '%s\n' "$starts" | tr '\n' ' ')):
$table"
case $note in
    *"note: count-zero: line 3 announces 0 operations, so the 2 lines from line 5 on were not read (the lab driver reads only that many); if they belong to the trace, make line 3 2; nothing to time: left out"*) ;;
    *) fail "a trace whose line 3 announces 0 operations above 2 was not named as such: $note" ;;
esac
case $note in
    *"note: joined: line 3 announces 2 operations, so the 6 lines from line 7 on were not read (the lab driver reads only that many); line 7 starts a trace (its header's first line): two traces joined, as cat a.rep b.rep joins them? give each as a file of its own"*) ;;
    *) fail "two traces joined with cat: the note on the second's lines does not name the join: $note" ;;
esac
case $out in
    *"glibc failed at line 7 (malloc(4294967296) for id 0): "*) ;;
    *) fail "a failed malloc was not named by its line (7) and call: $out" ;;
esac
case $out in
    *"halloc_create_ex of a 8589934592-byte first region (2 x the trace's peak live payload) failed: "*"glibc's replay failed too (its row): the trace's peak live payload (4294967296 bytes) cannot be mapped here"*"so no -H helps"*) ;;
    *) fail "a first region halloc could not create, for a trace glibc failed too, was not named by its size with 'no -H helps': $out" ;;
esac
# A 300 MiB block under a 512 MiB limit: glibc replays it, halloc's first
# region (2 x 300 MiB) cannot be made. The advice is -H 0, which runs; half of
# the region, the advice once, still needs the block's room beside it and failed again.
tmp=$(mktemp -d) || fail "mktemp -d failed"
printf '0\n1\n2\n1\na 0 314572800\nf 0\n' >"$tmp/big-block.rep"
out=$(prlimit --as=536870912 "$bench" -n -r 1 "$tmp/big-block.rep" 2>&1)
case $out in
    *"halloc_create_ex of a 629145600-byte first region (2 x the trace's peak live payload) failed: "*"give a smaller first region with -H (BENCH_ARGS=\"-H 0\""*) ;;
    *) fail "a first region halloc could not create, for a trace glibc replayed, did not advise -H 0: $out" ;;
esac
prlimit --as=536870912 "$bench" -n -r 1 -H 0 "$tmp/big-block.rep" >"$tmp/out" 2>&1 || fail "the advised -H 0 did not run the trace: $(cat "$tmp/out")"
rm -rf "$tmp"
# A trace of huge blocks: glibc maps and unmaps each (20-200 us per call
# here), so 1M calls would keep a sample busy for minutes. The sample stops
# at its time bound instead and the row says so (bench/README.md "How the
# timing is done"); the output is checked, not the time taken.
tmp=$(mktemp -d) || fail "mktemp -d failed"
printf '0\n1\n2\n1\na 0 134217728\nf 0\n' >"$tmp/huge-pair.rep"
out=$("$bench" -n -r 1 "$tmp/huge-pair.rep" 2>&1)
rc=$?
rm -rf "$tmp"
[ "$rc" -eq 0 ] || fail "a trace of one 128 MiB block failed (status $rc): $out"
case $out in
    *"note: huge-pair: its calls are so slow that a sample stopped after 1 s, short of 1000000 calls"*"glibc "[0-9]*" calls"*) ;;
    *) fail "a trace of slow calls (128 MiB blocks) got no note that its glibc sample was cut: $out" ;;
esac
# A file that is not text is refused at its first bytes, not read to its
# end: /dev/zero never ends, and read whole it filled memory (the 256 MiB
# limit keeps the old code from taking the machine's).
out=$(prlimit --as=268435456 "$bench" -n -r 1 /dev/zero 2>&1)
rc=$?
[ "$rc:$out" = "2:bench: /dev/zero:1: not a text trace (byte 0x00 at offset 0): the file is damaged or not a trace; a lab trace is ASCII lines such as 'a 0 16'" ] ||
    fail "/dev/zero given as a trace was not refused at its first byte (exit $rc): $out"
# A trace too big for the machine to hold whole (4 TiB: held, some 16 TiB)
# is warned of before it is read, which went on for minutes to an OOM kill
# without a word; the file is sparse, and in 256 MiB its read fails at once.
tmp=$(mktemp -d) || fail "mktemp -d failed"
truncate -s 4T "$tmp/huge.rep" || fail "cannot make a sparse 4 TiB file in $tmp"
out=$(prlimit --as=268435456 "$bench" -n -r 1 "$tmp/huge.rep" 2>&1)
rm -rf "$tmp"
printf '%s\n' "$out" | grep -q "^bench: warning: $tmp/huge.rep: 4398046511104 bytes of trace take some 4 times that in memory, held whole, more than this machine's [0-9]* bytes: .*give a shorter trace" ||
    fail "a 4 TiB trace was not warned of as too big to hold: $out"
# So is text with no line end (a one-line export, here endless): at its first
# MiB, not read until memory ran out ("cannot read -: Cannot allocate memory").
out=$(yes a | tr -d '\n' | prlimit --as=268435456 "$bench" -n -r 1 - 2>&1)
rc=$?
long_line="a line longer than 1 MiB (blanks aside), and a trace's lines are a few bytes long: not a trace (one line of another format?); give an allocator-lab trace, ASCII lines such as 'a 0 16'"
[ "$rc:$out" = "2:bench: -:1: $long_line" ] ||
    fail "an endless line given as a trace was not refused at its first MiB (exit $rc): $out"
# A line past 1 MiB that ends is as long: named at its line in the same
# words, with its newline and without (it said "no line end" of both).
for end in '\n' ''; do
    out=$({ printf '20\n1\n' && head -c 1100000 /dev/zero | tr '\0' a && printf %b "$end"; } | "$bench" -n -r 1 - 2>&1)
    rc=$?
    [ "$rc:$out" = "2:bench: -:3: $long_line" ] ||
        fail "a trace whose line 3 is 1100000 bytes${end:+ and a newline} was not refused at it (exit $rc): $out"
done
# Blanks are no line's content (text_line_run), yet held: an endless stream
# of them is refused past TEXT_LINE_BLANKS_MAX, as every trace reader refuses
# it ("cannot read -: Cannot allocate memory" before).
out=$(yes ' ' | tr -d '\n' | prlimit --as=268435456 "$bench" -n -r 1 - 2>&1)
rc=$?
[ "$rc:$out" = "2:bench: -:1: more than 16777216 bytes of blanks (spaces, tabs) in one line: no trace or log is padded so; give the trace or log itself, not a stream of blanks" ] ||
    fail "an endless stream of blanks given as a trace was not refused past 16 MiB of them (exit $rc): $out"
# A trace this user may not read is named so, with the fix (its
# permissions, not its path: 'check the path' before). Root reads any file,
# so as root a copy of the bench runs as user nobody, from a mktemp
# directory opened to all (the tree may lie where nobody cannot go).
tmp=$(mktemp -d) || fail "mktemp -d failed"
chmod 755 "$tmp" && cp "$bench" "$tmp/bench" && cp "$dir/good-basic.rep" "$tmp/locked.rep" && chmod 000 "$tmp/locked.rep"
as=
[ "$(id -u)" -ne 0 ] || as="setpriv --reuid=65534 --regid=65534 --clear-groups"
# shellcheck disable=SC2086 # $as is a command and its options, or nothing
out=$($as "$tmp/bench" -n -r 1 "$tmp/locked.rep" 2>&1)
rc=$?
rm -rf "$tmp"
[ "$rc:$out" = "2:bench: cannot open $tmp/locked.rep: Permission denied (check its permissions: ls -l)" ] ||
    fail "a trace this user may not read was not named so (exit $rc): $out"
# A path of 600 bytes is quoted whole (the message was cut at 511 bytes,
# mid-path, its reason lost), and a message longer than TRACE_ERROR_LEN ends
# in the cut mark, never cut unmarked.
long=$(awk 'BEGIN { while (n++ < 600) printf "d" }') huge=$(awk 'BEGIN { while (n++ < 6000) printf "e" }')
out=$("$bench" -n -r 1 "/nonexistent/$long/x.rep" 2>&1)
[ "$out" = "bench: cannot open /nonexistent/$long/x.rep: No such file or directory (check the path)" ] ||
    fail "a missing trace under a 600-byte path was not named whole: $(printf '%s' "$out" | tail -c 120)"
out=$("$bench" -n -r 1 "/nonexistent/$huge/x.rep" 2>&1)
case $out in
    "bench: cannot open /nonexistent/eee"*" [... message cut]") ;;
    *) fail "a message longer than its buffer does not end in '[... message cut]': $(printf '%s' "$out" | tail -c 120)" ;;
esac
# A file that opens but whose read fails (/proc/self/mem: EIO at offset 0)
# is named in the open error's form (it was "PATH: cannot read: REASON; ..."),
# its advice the path's: a kernel file, not a disk to look up in dmesg.
out=$("$bench" -n -r 1 /proc/self/mem 2>&1)
rc=$?
[ "$rc:$out" = "2:bench: cannot read /proc/self/mem: Input/output error (a kernel interface under /proc or /sys, \
not a trace on a disk: give a trace file)" ] ||
    fail "a trace whose read fails: exit $rc, expected 2 and 'cannot read PATH: REASON (...)': $out"
# '-' is standard input, as for verify-traces, replay and trace-tool (it
# was "-: cannot open", and verify-traces called it an unknown option).
out=$("$bench" -n -r 1 - <"$dir/good-basic.rep" 2>&1)
rc=$?
{ [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -Eq '^- +halloc +6 '; } ||
    fail "a trace on standard input, given as '-', was not replayed (exit $rc): $out"
# A compressed or UTF-16 trace gets a command that makes a trace of it. make
# runs TRACES through sh, which has no <(...): the command printed must work
# there, and must not write over the file it reads (the name gets a suffix
# when the file's own does not end in the packer's).
tmp=$(mktemp -d) || fail "mktemp -d failed"
gzip -nc "$dir/good-basic.rep" >"$tmp/packed.rep.gz" && cp "$dir/bad-gzip.rep" "$dir/bad-utf16.rep" "$tmp/"
# Named with a space and a quote, the names in the commands are quoted for
# sh, the one written too (they were bare: sh split or never closed them).
cp "$tmp/packed.rep.gz" "$tmp/it's packed.rep.gz" && cp "$dir/bad-dos-eof.rep" "$tmp/dos e'of.rep"
for f in packed.rep.gz bad-gzip.rep bad-utf16.rep "it's packed.rep.gz" "dos e'of.rep"; do
    out=$("$bench" -n -r 1 "$tmp/$f" 2>&1 >/dev/null)
    cmd=$(printf '%s\n' "$out" | sed -n 's/.*\(first\|delete it\) (\(.* > [^)]*\)) and give that file$/\2/p')
    made=$(sh -c "printf %s ${cmd##* > }" 2>/dev/null) # the written name as sh reads it
    { [ -n "$cmd" ] && [ "$made" != "$tmp/$f" ] && sh -c "$cmd" 2>&1 && "$bench" -n -r 1 "$made" >/dev/null 2>&1; } ||
        { rm -rf "$tmp"; fail "$f: the command in the refusal does not make a trace bench reads when sh runs it ('$cmd'): $out"; }
done
rm -rf "$tmp"
echo "bench cli-test: passed"
# Bare operations with '#' comments and no header (another course's script,
# Stanford CS107's): the refusal's command writes the header from them, and
# bench replays what it wrote (deleting the comments, as it said, had led to
# the next refusal, and the ids and operations were the user's to count).
tmp=$(mktemp -d) || fail "mktemp -d failed"
cp "$dir/bad-headerless-script.rep" "$tmp/script.rep"
out=$("$bench" -n -r 1 "$tmp/script.rep" 2>&1)
cmd=${out#*: awk } cmd=${cmd%, and give that file}
case $out in
    *": awk '"*"' $tmp/script.rep > $tmp/script-lab.rep, and give that file") ;;
    *) rm -rf "$tmp"; fail "a headerless script's refusal gives no command that writes the header: $out" ;;
esac
eval "awk $cmd" && made=$("$bench" -n -r 1 "$tmp/script-lab.rep" 2>&1)
rc=$?
rm -rf "$tmp"
[ "$rc" -eq 0 ] || fail "the file the headerless script's command wrote did not replay: $made"
