#!/bin/sh
# check-verify-traces-options.sh - make fuzz-check-verify's second part, on
# halloc's verify-traces alone: a malformed trace and bad option values
# refused with one line, '--' ends the options and '-' is standard input
# (given twice, refused), a create() that fails and a heap too small
# explained with the -H to give (none past the machine's memory), the full checks thinned with many blocks or
# bytes live, a block placed beside a big one read at its edges, a peak live
# payload or a trace file past the machine's memory warned of, and traces of
# size-0 ops, lines past the announced count and 64M declared ids replayed.
set -u
cd "$(dirname "$0")/../.." || exit 1
# (the caller's variables: dropped there, by drop_caller_env)
# shellcheck source=fuzz/scripts/verify-traces-check-env.sh
. fuzz/scripts/verify-traces-check-env.sh
# Built by check-verify-traces.sh before it under make: then up to date.
"$MAKE" --no-print-directory "$BUILD/fuzz/vt-halloc/verify-traces" NAME=vt-halloc TARGET=fuzz/adapters/halloc.c SRCS= \
    >"$OUT/halloc.build.log" 2>&1 || fail "halloc's verify-traces does not build ($OUT/halloc.build.log)"

printf '100\n2\n2\n1\na 0 10\nq 0\n' >"$OUT/bad.rep"
"$BUILD/fuzz/vt-halloc/verify-traces" "$OUT/bad.rep" >"$OUT/bad.log" 2>&1
rc=$?
if [ "$rc" != 2 ] || ! grep -q "^verify-traces: $OUT/bad.rep:6: unknown operation 'q'" "$OUT/bad.log"; then
    fail "a malformed trace: exit $rc, expected 2 and one line naming line 6 ($OUT/bad.log)"
fi
# Bad option values are refused before anything runs (a sign was once taken
# as a huge number).
for bad in "-H -5" "-H 0" "-H 4q" "-c -1" "-c 0" "-p -1" "-p x" "-p 1s" "-p inf"; do
    # shellcheck disable=SC2086
    "$BUILD/fuzz/vt-halloc/verify-traces" $bad bench/traces/short-lived.rep >"$OUT/bad-option.log" 2>&1
    rc=$?
    { [ "$rc" = 2 ] && grep -q "^verify-traces: -[cHp] takes a" "$OUT/bad-option.log"; } ||
        fail "option '$bad': exit $rc, expected 2 and a line naming the option ($OUT/bad-option.log)"
done
# Nor a blank or a sign before the digits (" -1" was SIZE_MAX: one check).
for bad in " -1" "+8"; do
    "$BUILD/fuzz/vt-halloc/verify-traces" -c "$bad" bench/traces/short-lived.rep >"$OUT/bad-option.log" 2>&1
    rc=$?
    { [ "$rc" = 2 ] && grep -q "^verify-traces: -c takes a" "$OUT/bad-option.log"; } ||
        fail "option -c '$bad': exit $rc, expected 2 and a line naming the option ($OUT/bad-option.log)"
done
# Verdicts that cannot be written (a full disk) fail, named, not exit 0.
"$BUILD/fuzz/vt-halloc/verify-traces" bench/traces/short-lived.rep >/dev/full 2>"$OUT/full.log"
rc=$?
if [ "$rc" != 2 ] || ! grep -q "^verify-traces: cannot write standard output" "$OUT/full.log"; then
    fail "verify-traces >/dev/full: exit $rc, expected 2 and 'cannot write standard output' ($OUT/full.log)"
fi
# An unknown option is named, also as the last argument (it was once told
# it "needs a value"), and an option given no value says which.
for bad in "-x" "-x bench/traces/short-lived.rep" "-c" "-H"; do
    # shellcheck disable=SC2086
    "$BUILD/fuzz/vt-halloc/verify-traces" $bad >"$OUT/bad-option.log" 2>&1
    rc=$?
    case "$bad" in -x*) want="unknown option '-x'" ;; *) want="$bad needs a value" ;; esac
    { [ "$rc" = 2 ] && grep -q "^verify-traces: $want\$" "$OUT/bad-option.log"; } ||
        fail "option '$bad': exit $rc, expected 2 and '$want' ($OUT/bad-option.log)"
done
# "--" ends the options, as for make bench (getopt): a trace whose name
# starts with '-' can be given.
cp bench/traces/short-lived.rep "$OUT/-dash.rep"
vt=$(realpath "$BUILD/fuzz/vt-halloc/verify-traces")
(cd "$OUT" && "$vt" -c 8 -- -dash.rep) >"$OUT/dash.log" 2>&1 ||
    fail "'-- -dash.rep': exit $?, expected 0 ($OUT/dash.log)"
grep -q "^verify-traces: -dash.rep: [0-9]* ops clean on halloc" "$OUT/dash.log" || fail "'-- -dash.rep' not replayed ($OUT/dash.log)"
# '-' is standard input (getopt's operand), not an unknown option.
"$vt" - <bench/testdata/good-basic.rep >"$OUT/stdin.log" 2>&1 || fail "'-' (standard input): exit $?, expected 0 ($OUT/stdin.log)"
grep -q "^verify-traces: -: [0-9]* ops clean on halloc" "$OUT/stdin.log" || fail "'-' not replayed from standard input ($OUT/stdin.log)"
# Given twice, it is refused before any replay: the second '-' read nothing
# and said "file ends after 0 header lines" of a good trace.
"$vt" - bench/traces/short-lived.rep - <bench/testdata/good-basic.rep >"$OUT/stdin2.log" 2>&1
rc=$?
{ [ "$rc" = 2 ] && grep -qx "verify-traces: '-' (standard input) is given more than once, and it can be read only once; give it once" "$OUT/stdin2.log"; } ||
    fail "'-' given twice: exit $rc, expected 2 and one line saying so ($OUT/stdin2.log)"
# A heap the adapter cannot create is one line with errno's text, where
# the size came from and how to give another.
"$BUILD/fuzz/vt-halloc/verify-traces" -H 18446744073709551615 bench/traces/short-lived.rep >"$OUT/create.log" 2>&1
rc=$?
{ [ "$rc" = 1 ] && [ "$(wc -l <"$OUT/create.log")" = 1 ] &&
    grep -q "^verify-traces: bench/traces/short-lived.rep: the adapter's create(18446744073709551615) failed (errno [0-9]* (E[A-Z]*: .*)); that size is -H: give another with -H (make verify-traces VERIFY_ARGS=\"-H 8796093022208M\", half," "$OUT/create.log"; } ||
    fail "a create() that fails: exit $rc, expected 1 and one line with errno's text and the -H advice ($OUT/create.log)"

# A heap too small for the trace (-H 16K; halloc grows to 4 x that): the
# refusal gives halloc's own reason (why_refused) and the way round it, -H,
# which halloc's "raise max_size" cannot name, with the size asked and the
# make variable that passes -H (it named -H alone, an option make users never type).
"$BUILD/fuzz/vt-halloc/verify-traces" -H 16K bench/traces/realloc-heavy.rep >"$OUT/no-room.log" 2>&1
rc=$?
{ [ "$rc" = 1 ] &&
    grep -q "^verify-traces: FAIL .* returned NULL with [0-9]* bytes live: halloc: .*out of memory.*raise max_size.*; out of room? create() was asked for 16384 bytes: make verify-traces VERIFY_ARGS=\"-H 64M\" asks for more" "$OUT/no-room.log"; } ||
    fail "a request refused for want of room: exit $rc, expected 1 and halloc's reason followed by the -H advice ($OUT/no-room.log)"
# The -H advised is above twice the heap and twice the request (it was 64M
# whatever -H was given: below the 100M here).
"$BUILD/fuzz/vt-halloc/verify-traces" -p 0 -H 100M "$OUT/request-2g.rep" >"$OUT/no-room-2g.log" 2>&1
mib=$(sed -n 's/.*VERIFY_ARGS="-H \([0-9]*\)M" asks for more.*/\1/p' "$OUT/no-room-2g.log")
{ [ -n "$mib" ] && [ "$mib" -gt 4096 ]; } ||
    fail "-H 100M, a 2 GiB request refused: the -H advised ('${mib}M') is not above twice the request ($OUT/no-room-2g.log)"

# With many blocks live the full checks thin out (every live/64th op), so a
# big trace stays affordable; -c 8 still checks every 8th op. 4,000 blocks,
# 12,000 ops: the fuzzer's schedule alone would be 1,557 checks.
awk 'BEGIN { srand(1); n = 4000; print 0; print n; print 3 * n; print 1
  for (i = 0; i < n; i++) print "a", i, 8 + int(rand() * 249)
  for (k = 0; k < n / 2; k++) { i = int(rand() * n); print "f", i; print "a", i, 8 + int(rand() * 249) }
  for (i = 0; i < n; i++) print "f", i }' >"$OUT/many-live.rep"
checks() { "$BUILD/fuzz/vt-halloc/verify-traces" "$@" "$OUT/many-live.rep" 2>&1 | sed -n 's/.*, \([0-9]*\) checks).*/\1/p'; }
thinned=$(checks) every8=$(checks -c 8)
{ [ -n "$thinned" ] && [ "$thinned" -lt 1000 ] && [ "$every8" = 1501 ]; } ||
    fail "check schedule with 4,000 live blocks: $thinned checks (expected < 1000), with -c 8: $every8 (expected 1501)"

# So do they with many bytes live in few blocks: 200 blocks of 64 KiB live,
# 2,000 ops, checked on the block count alone 307 times (each reading 13 MiB:
# 20,000 such ops took 64 s, a 10M-op trace hours), now every live/16 KiB-th op.
awk 'BEGIN { n = 200; print 0; print n; print 10 * n; print 1
  for (i = 0; i < n; i++) print "a", i, 65536
  for (k = 0; k < 4 * n; k++) { i = k % n; print "f", i; print "a", i, 65536 + k }
  for (i = 0; i < n; i++) print "f", i }' >"$OUT/big-blocks.rep"
big=$("$BUILD/fuzz/vt-halloc/verify-traces" "$OUT/big-blocks.rep" 2>&1 | sed -n 's/.*, \([0-9]*\) checks).*/\1/p')
{ [ -n "$big" ] && [ "$big" -lt 100 ]; } ||
    fail "check schedule with 200 blocks of 64 KiB live: ${big:-no} checks (expected < 100: every (live bytes / 16 KiB)th op)"

# A small block placed and freed 1,000 times beside a 32 MiB one reads that
# one's edges, not all of it each time (read whole, an 8 MiB one cost 2.4 ms
# of CPU an op: this trace, some 10 s); its bytes are still read at the full
# checks. Counted in CPU seconds, which a loaded machine does not stretch.
awk 'BEGIN { n = 1000; print 0; print 2; print 2 * n + 2; print 1; print "a 0 33554432"
  for (k = 0; k < n; k++) { print "a 1 16"; print "f 1" } print "f 0" }' >"$OUT/beside-big.rep"
prlimit --cpu=4 "$BUILD/fuzz/vt-halloc/verify-traces" -p 0 "$OUT/beside-big.rep" >"$OUT/beside-big.log" 2>&1
grep -q "2002 ops clean" "$OUT/beside-big.log" ||
    fail "1,000 small blocks placed beside a 32 MiB one: not clean within 4 s of CPU (killed: is the big one read whole at each op? fuzz/verify-one-trace.c place()) ($OUT/beside-big.log)"

# A peak live payload no machine here holds filled is warned of before the
# replay, which the kernel would otherwise kill without a word (given a heap
# create() makes: -H 1M, the 1 TiB block then refused)...
printf '0\n1\n2\n1\na 0 1099511627776\nf 0\n' >"$OUT/too-big.rep"
"$BUILD/fuzz/vt-halloc/verify-traces" -H 1M "$OUT/too-big.rep" >"$OUT/too-big-1m.log" 2>&1
grep -q "^verify-traces: warning: $OUT/too-big.rep: its peak live payload (1099511627776 bytes) is more than this machine's memory ([0-9]* bytes) holds" "$OUT/too-big-1m.log" ||
    fail "a 1 TiB peak live payload: no warning that the machine's memory cannot hold it ($OUT/too-big-1m.log)"
# ...and where create() of 4 x the peak fails, no -H can help (half of that,
# still past the machine's memory, was advised): said plainly, with what
# would do, in one line, not after that warning too (two lines said it).
"$BUILD/fuzz/vt-halloc/verify-traces" "$OUT/too-big.rep" >"$OUT/too-big.log" 2>&1
{ grep -q "^verify-traces: $OUT/too-big.rep: the adapter's create(4398046511104) failed (errno .*), and its peak live payload (1099511627776 bytes) is more than this machine's memory ([0-9]* bytes) holds .*: no -H can help; replay it on a machine with more than 1649267441664 bytes of memory, or a shorter trace\$" "$OUT/too-big.log" &&
    [ "$(grep -c "machine's memory" "$OUT/too-big.log")" = 1 ] && ! grep -q "VERIFY_ARGS" "$OUT/too-big.log"; } ||
    fail "a 1 TiB peak live payload: create() failing is not said in one line to leave no -H that helps, or an -H is advised ($OUT/too-big.log)"

# So is a trace too big to hold whole, before it is read for minutes to an
# OOM kill (4 TiB, sparse: its first byte, 0x00, then refuses it).
truncate -s 4T "$OUT/huge.rep" || fail "cannot make a sparse 4 TiB file in $OUT"
"$BUILD/fuzz/vt-halloc/verify-traces" "$OUT/huge.rep" >"$OUT/huge.log" 2>&1
rm -f "$OUT/huge.rep"
grep -q "^verify-traces: warning: $OUT/huge.rep: 4398046511104 bytes of trace take some 4 times that in memory, held whole, more than this machine's [0-9]* bytes: .*give a shorter trace" "$OUT/huge.log" ||
    fail "a 4 TiB trace: no warning that it is too big to hold whole ($OUT/huge.log)"

# Size-0 requests are never sent (bench/trace.h): such a trace replays clean.
clean zero '100\n3\n7\n1\na 0 0\nr 0 40\na 1 8\nr 1 0\nf 1\nf 0\nr 2 0\n' "a trace with size-0 operations" \
    "4 ops clean on halloc .*size-0 ops not sent"
# Lines after the announced operations are not read, as the lab driver does,
# and the report says so in make bench's words (trace_note_left).
clean tail '0\n2\n2\n0\na 0 24\nf 0\na 1 512\n' "a trace with a line after its announced operations" \
    "2 ops clean on halloc"
grep -q "^note: $OUT/tail.rep: line 3 announces 2 operations, so the 1 line from line 7 on was not read .*make line 3 3$" \
    "$OUT/tail.log" || fail "the line after the announced operations was not named with its fix ($OUT/tail.log)"
# Line 3 saying 0 above operations: nothing is verified, which is no "clean"
# (it was "0 ops clean", exit 0). Left out with make bench's note; alone,
# exit 2 and one line saying nothing was verified.
printf '0\n2\n0\n1\na 0 16\nf 0\n' >"$OUT/says-zero.rep"
"$BUILD/fuzz/vt-halloc/verify-traces" "$OUT/says-zero.rep" >"$OUT/says-zero.log" 2>&1
rc=$?
{ [ "$rc" = 2 ] && ! grep -q "clean" "$OUT/says-zero.log" &&
    grep -q "^note: $OUT/says-zero.rep: line 3 announces 0 operations, so the 2 lines from line 5 on were not read .*make line 3 2; nothing to verify: left out$" "$OUT/says-zero.log" &&
    grep -q "^verify-traces: nothing verified: no trace given has an operation" "$OUT/says-zero.log"; } ||
    fail "a trace whose line 3 says 0 above 2 operations: exit $rc, expected 2, the note naming line 3 and no 'clean' ($OUT/says-zero.log)"
"$BUILD/fuzz/vt-halloc/verify-traces" "$OUT/says-zero.rep" "$OUT/tail.rep" >"$OUT/says-zero-and-more.log" 2>&1 ||
    fail "a trace with nothing to verify beside one with operations: exit $?, expected 0 ($OUT/says-zero-and-more.log)"

# A header may declare far more ids than the trace uses (here the limit,
# 67108864, for two): the replay's memory follows the ids used, not the
# number declared (filled id tables took 750 MB). Id 3 stays live: the
# blocks left at the end are still freed.
${CC:-cc} -O2 -Wall -Wextra -Werror fuzz/selftest/peak-rss.c -o "$OUT/peak-rss" || fail "cannot build peak-rss.c"
clean sparse-ids '0\n67108864\n3\n1\na 67108863 24\na 3 8\nf 67108863\n' "a trace declaring 67108864 ids, using 2" \
    "3 ops clean on halloc"
"$OUT/peak-rss" "$OUT/sparse-ids.rss" "$BUILD/fuzz/vt-halloc/verify-traces" "$OUT/sparse-ids.rep" >/dev/null 2>&1 ||
    fail "sparse-ids: verify-traces failed under peak-rss"
rss=$(cat "$OUT/sparse-ids.rss")
[ "$rss" -lt 204800 ] || fail "a trace declaring 67108864 ids and using 2 took $rss KiB (at most 200 MiB)"
# Nor its address space: the tables end at the highest id used, so declaring
# 67108864 ids for ids 1 and 3 maps no more than declaring 4 (it mapped
# 4 GiB more, which a system with strict overcommit refuses). LeakSanitizer
# will not run traced (peak-rss -v stops the process at its exit).
printf '0\n4\n3\n1\na 3 24\na 1 8\nf 3\n' >"$OUT/few-ids.rep"
printf '0\n67108864\n3\n1\na 3 24\na 1 8\nf 3\n' >"$OUT/declared-ids.rep"
for f in few-ids declared-ids; do
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$OUT/peak-rss" -v "$OUT/$f.vm" \
        "$BUILD/fuzz/vt-halloc/verify-traces" "$OUT/$f.rep" >"$OUT/$f.log" 2>&1 ||
        fail "$f: verify-traces failed under peak-rss -v ($OUT/$f.log)"
done
more=$(($(sed -n 2p "$OUT/declared-ids.vm") - $(sed -n 2p "$OUT/few-ids.vm")))
[ "$more" -lt 1048576 ] ||
    fail "a trace declaring 67108864 ids and using ids 1 and 3 took $more KiB more address space than one declaring 4 (at most 1 GiB)"
# The tables end at the highest id used, and free(NULL)'s slot right after
# it (bench/trace.h), not at the declared count.
clean null-past-table '0\n67108864\n5\n1\nf -1\na 3 16\nf -1\na 1 8\nf -1\n' \
    "free(NULL)s around ids 1 and 3 of 67108864 declared" "5 ops clean on halloc .*free(NULL) included"
echo "fuzz-check-verify: a malformed trace and bad option values refused; '--' ends the options; '-' given twice refused; a failed create() and a heap too small explained; size-0 ops, lines past the announced count (line 3 saying 0: nothing verified) and 64M declared ids handled; checks thinned with many blocks or bytes live, a block placed 1,000 times beside a 32 MiB one within 4 s of CPU"
