#!/bin/sh
# check-trace-like-inputs.sh LIBFUZZER: the fuzz target runs no input that
# replay would read, saved to a crash file, as a text or lab trace
# (fuzz_bytes_read_as_trace): a crash libFuzzer saved as "#####\n" was
# replayed as a text trace and refused, its finding lost. Binary bytes run.
set -u
bin=$1
fail() { echo "fuzz-check-libfuzzer FAILED: $*"; exit 1; }
dir=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$dir"' EXIT
programs() { HALLOC_FUZZ_STATS=on "$bin" "$1" 2>&1 | sed -n 's/^halloc-fuzz: totals: \([0-9]*\) programs.*/\1/p'; }
printf '#####\n' > "$dir/comment"
printf '# a note\nmalloc 0 16\n' > "$dir/text-op"
printf 'version 4\nmalloc 0 16\n' > "$dir/version"
printf '20000\n1\n2\n1\na 0 8\nf 0\n' > "$dir/lab"
printf '= Start\n@ ./p:[0x11d3] + 0x55cee80e04a0 0x10\n' > "$dir/mtrace"
printf -- '--30045-- malloc(16) = 0x4A43090\n--30045-- free(0x4A43090)\n' > "$dir/valgrind"
for f in comment text-op version lab mtrace valgrind; do
    n=$(programs "$dir/$f")
    [ "$n" = 0 ] || fail "the fuzz target ran ${n:-?} programs on an input replay reads as a trace ($f: $(head -c 40 "$dir/$f" | tr '\n' '|'))"
done
printf '\001\002\003\004\005\006\007\010\011\012\013\014\015\016\017\020' > "$dir/binary"
n=$(programs "$dir/binary")
[ "${n:-0}" -gt 0 ] || fail "the fuzz target ran no program on binary bytes"
echo "fuzz-check-libfuzzer: inputs replay would read as traces (a comment line, text ops, a version line, a lab trace, mtrace and valgrind logs) are not run by the fuzz target; binary bytes are"
