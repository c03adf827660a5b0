#!/bin/sh
# check-unjudged.sh HALLOC-LIBFUZZER GLIBC-LIBFUZZER: a libFuzzer run that
# ends clean names what the adapter's claims left unjudged, just above make
# fuzz's "every oracle clean" (a clean jemalloc run read as every oracle of
# halloc's passing): glibc's adapter, which claims no bad-free detection, has
# no checker and keeps its mappings, must name all three; halloc's, which
# claims every oracle but
# FUZZ_NO_HEAP_LIMIT (its heap has a cap), that one alone.
set -u
fail() { echo "fuzz-check-libfuzzer FAILED: the not-judged line: $*"; exit 1; }
input=$(mktemp) || fail "mktemp"
trap 'rm -f "$input"' EXIT
out=$("$2" "$input" 2>&1) || fail "$2 $input failed: $out"
line=$(printf '%s\n' "$out" | grep '^halloc-fuzz: clean only on what the adapter claims; not judged') ||
    fail "glibc's clean run did not name what it left unjudged: $out"
for want in "bad frees (FUZZ_DETECTS_BAD_FREE)" "its own checker (check)" \
    "mappings left after destroy() (FUZZ_UNMAPS_ON_DESTROY)"; do
    case "$line" in *"$want"*) ;; *) fail "glibc's does not name '$want': $line" ;; esac
done
case "$line" in *"FUZZ_NO_HEAP_LIMIT"*) fail "glibc's claims FUZZ_NO_HEAP_LIMIT, yet: $line" ;; esac
out=$("$1" "$input" 2>&1) || fail "$1 $input failed: $out"
line=$(printf '%s\n' "$out" | grep 'not judged') || fail "halloc's capped heap: no refusal mid-run named unjudged: $out"
case "$line" in
*"function named: a refusal mid-run past what stats' largest_free vouches for (FUZZ_NO_HEAP_LIMIT) (fuzz/ADAPTERS.md"*) ;;
*) fail "halloc's adapter claims every oracle but FUZZ_NO_HEAP_LIMIT, yet: $line" ;;
esac
echo "fuzz-check-libfuzzer: a clean run names what its adapter leaves unjudged (glibc: bad frees, its checker...;" \
    "halloc: a refusal mid-run, its heap capped)"
