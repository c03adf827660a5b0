#!/bin/sh
# oss-fuzz-build.sh - build halloc's fuzz targets the OSS-Fuzz / ClusterFuzzLite
# way: compile with $CC $CFLAGS, link with $LIB_FUZZING_ENGINE, write into $OUT
# each target with its options, dictionary and <target>_seed_corpus.zip.
#
# In an OSS-Fuzz project's build.sh:   $SRC/halloc/fuzz/oss-fuzz-build.sh
# By hand (what `make fuzz-oss-check` does):
#   CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out fuzz/oss-fuzz-build.sh
#
# Targets: halloc_fuzzer (mmap'd heap), halloc_buffer_fuzzer (caller buffer),
# halloc_cache_fuzzer (mmap'd heap with the cache of freed blocks on),
# halloc_threads_fuzzer (one thread-safe heap from 2-4 threads at once,
# fuzz/THREADS.md; under $CFLAGS' sanitizer, which finds damage but, unless it
# is ThreadSanitizer, no race) and halloc_parse_fuzzer (the trace parsers).
# Linking uses $CXX when set (the engine may be a C++ library), else $CC.
# $TRACE_TOOL, when set, is a trace-tool an earlier run built from this tree,
# used to convert the seeds instead of compiling one (trace-tool is a plain
# host build, not $CFLAGS': fuzz-oss-check's second build compiled its
# objects again with the flags of the first).
set -eu
cd "$(dirname "$0")/.."

fail() { echo "oss-fuzz-build: $*" >&2; exit 1; }
: "${CC:?set CC, e.g. CC=clang}"
: "${OUT:?set OUT to the directory that receives the targets}"
: "${LIB_FUZZING_ENGINE:?set LIB_FUZZING_ENGINE, e.g. -fsanitize=fuzzer}"
CFLAGS=${CFLAGS:-}
TRACE_TOOL=${TRACE_TOOL:-}
[ -z "$TRACE_TOOL" ] || { [ -f "$TRACE_TOOL" ] && [ -x "$TRACE_TOOL" ]; } ||
    fail "TRACE_TOOL=$TRACE_TOOL is not an executable file: name a built trace-tool, or unset it to build one"
LINK=${CXX:-$CC}
command -v zip >/dev/null || fail "zip is missing (seed corpora are zip files): apt-get install -y zip"
# Our own directory under $WORK (which OSS-Fuzz shares between steps).
work=${WORK:-$OUT/.work}/halloc
# No object of an earlier build is left to be taken for one of this build's.
rm -rf "$work/obj"
mkdir -p "$OUT" "$work/obj" "$work/seeds"

# The harness and the library, compiled once for both targets, as many at
# once as there are cores (one after the other, they were most of the build).
flags="-std=c11 -D_DEFAULT_SOURCE -Ifuzz -Iallocator -Ichecks"
# Coverage-instrument the allocator, not its checker (why: fuzz/coverage.ignore;
# make fuzz does the same), when $CC takes the flag with $CFLAGS (clang does).
ignore=-fsanitize-coverage-ignorelist=fuzz/coverage.ignore
# shellcheck disable=SC2086
if echo 'int x;' | $CC $CFLAGS $ignore -Werror -x c -c - -o "$work/obj/probe.o" 2>/dev/null; then
    flags="$flags $ignore"
else
    echo "oss-fuzz-build: fuzz/coverage.ignore not applied: $CC with these CFLAGS refuses $ignore (no coverage to filter?)"
fi
rm -f "$work/obj/probe.o"
# The sources a *.list names, one path a line ('#' a comment): make
# reads the same lists (the Makefile's source_list). A copy kept here drifted
# from make's once, and the link broke.
read_list() {
    list=$(sed 's/#.*//' "$1") || fail "cannot read $1 (a list of sources): restore it from git"
    [ -n "$(printf '%s' "$list" | tr -d ' \t\n')" ] || fail "$1 names no source: restore it from git"
    echo "$list"
}
objs="" jobs=""
# Every compile of the build, as many at once as there are cores (one after
# the other, they were most of the build): a job is a kind, a source and its
# object. Kinds: h, the harness and the library, compiled once for every
# target, and the adapters, one a target (h as well); p, the trace parsers,
# each with fuzz/parse-fuzz-mem.h; t, trace-tool, a plain host build.
# The harness is fuzz/harness.list, the list make's FUZZ_HARNESS is read from,
# plus the threaded runner; the two libFuzzer entry points are compiled here
# too, and each target links one.
harness=$(read_list fuzz/harness.list)
# shellcheck disable=SC2086 # $harness: one path a word
for src in $harness fuzz/threads.c fuzz/threads-where.c fuzz/libfuzzer.c fuzz/threads-libfuzzer.c allocator/*.c checks/*.c; do
    obj=$work/obj/$(echo "$src" | tr '/' '_' | sed 's/\.c$/.o/')
    case "$src" in fuzz/libfuzzer.c | fuzz/threads-libfuzzer.c) ;; *) objs="$objs $obj" ;; esac
    jobs="$jobs h $src $obj"
done
adapters="halloc halloc-buffer halloc-cache halloc-threads"
for adapter in $adapters; do
    jobs="$jobs h fuzz/adapters/$adapter.c $work/obj/adapter_$adapter.o"
done
# The trace parsers: the lab format's parser with its arrays on the heap
# (fuzz/parse-fuzz-mem.h), the text parser and decoder: fuzz/parse-fuzz.list
# and bench/trace.list (make's FUZZ_PARSE_SRCS), every source with the
# header, as make builds it.
parse="$(read_list fuzz/parse-fuzz.list) $(read_list bench/trace.list)" pobjs=""
# shellcheck disable=SC2086 # $parse: one path a word
for src in $parse; do
    obj=$work/obj/parse_$(echo "$src" | tr '/' '_' | sed 's/\.c$/.o/')
    jobs="$jobs p $src $obj"
    pobjs="$pobjs $obj"
done
# trace-tool, from fuzz/trace-tool.list (make's FUZZ_TOOL_SRCS), one object a
# source in $work/tool (fuzz-oss-check compares them with make's list): it
# converts the text traces to the binary seeds below.
rm -rf "$work/tool" && mkdir -p "$work/tool"
[ -n "$TRACE_TOOL" ] || tool=$(read_list fuzz/trace-tool.list)
# shellcheck disable=SC2086 # $tool: one path a word
for src in ${tool:-}; do
    jobs="$jobs t $src $work/tool/$(echo "$src" | tr '/' '_' | sed 's/\.c$/.o/')"
done
# xargs exits non-zero when any compile failed (the compiler said why).
# shellcheck disable=SC2016,SC2086 # $jobs: kind-source-object triples; the rest expanded by the sh that xargs runs
printf '%s %s %s\n' $jobs | CC=$CC flags=$flags CFLAGS=$CFLAGS xargs -n 3 -P "$(nproc 2>/dev/null || echo 1)" \
    sh -c 'case $1 in
        h) $CC $flags $CFLAGS -c "$2" -o "$3" ;;
        p) $CC $flags -include fuzz/parse-fuzz-mem.h $CFLAGS -c "$2" -o "$3" ;;
        t) $CC -std=c11 -D_DEFAULT_SOURCE -O1 -Ifuzz -c "$2" -o "$3" ;;
        esac' sh ||
    fail "compiling the harness, the library, the adapters, the parsers or trace-tool failed (the compiler's message is above)"

# The five targets' links, as many at once as there are cores, beside the
# seeds' conversion below (one after the other, they left a core idle in
# both of fuzz-oss-check's builds): a job is a target, its entry point's
# object and its adapter's, both in $work/obj ("-" for the parsers' target,
# which links their objects alone).
links=""
for adapter in $adapters; do
    entry=fuzz_libfuzzer
    [ "$adapter" != halloc-threads ] || entry=fuzz_threads-libfuzzer
    links="$links $(echo "$adapter" | tr '-' '_')_fuzzer $entry adapter_$adapter"
done
# shellcheck disable=SC2016,SC2086 # $links: target-entry-adapter triples; the rest expanded by the sh that xargs runs
printf '%s %s %s\n' $links halloc_parse_fuzzer - - | LINK=$LINK CFLAGS=$CFLAGS objs=$objs pobjs=$pobjs obj="$work/obj" \
    OUT=$OUT LIB_FUZZING_ENGINE=$LIB_FUZZING_ENGINE xargs -n 3 -P "$(nproc 2>/dev/null || echo 1)" \
    sh -c 'if [ "$2" = - ]; then $LINK $CFLAGS $pobjs $LIB_FUZZING_ENGINE -o "$OUT/$1"
        else $LINK $CFLAGS $objs "$obj/$2.o" "$obj/$3.o" $LIB_FUZZING_ENGINE -lpthread -o "$OUT/$1"; fi' sh &
linking=$!
# A failed step below ends this script: its links end first.
trap 'wait "$linking" 2>/dev/null || :' EXIT

# The seeds: the text traces converted to binary by trace-tool.
if [ -n "$TRACE_TOOL" ]; then
    cp "$TRACE_TOOL" "$work/trace-tool"
else
    $CC "$work"/tool/*.o -o "$work/trace-tool"
fi
rm -f "$work"/seeds/*
for f in corpus/*.txt corpus/regressions/*.txt; do
    [ -f "$f" ] || continue
    "$work/trace-tool" to-bin "$f" "$work/seeds/$(echo "$f" | tr '/' '_' | sed 's/\.txt$//')"
done

# The threaded seeds: corpus/threads/*.txt, each behind a thread-count byte.
rm -rf "$work/threads-seeds"
fuzz/scripts/threads-seed.sh "$work/trace-tool" "$work/threads-seeds" corpus/threads

# xargs exits non-zero when any link failed (the linker said why).
wait "$linking" || fail "linking a target failed (the linker's message is above)"
trap - EXIT

# The threaded target runs fuzz/threads.c from its own entry point on the
# thread-safe adapter; the options and dictionary are make fuzz-threads' own.
for adapter in $adapters; do
    name=$(echo "$adapter" | tr '-' '_')_fuzzer
    seeds=$work/seeds
    [ "$adapter" != halloc-threads ] || seeds=$work/threads-seeds
    cp fuzz/halloc.options "$OUT/$name.options"
    cp fuzz/halloc.dict "$OUT/$name.dict"
    rm -f "$OUT/${name}_seed_corpus.zip"
    zip -q -j "$OUT/${name}_seed_corpus.zip" "$seeds"/*
    echo "oss-fuzz-build: $OUT/$name (+ .options, .dict, _seed_corpus.zip)"
done

# The trace parsers' target (linked above).
name=halloc_parse_fuzzer
cp fuzz/parse.options "$OUT/$name.options"
cp fuzz/parse.dict "$OUT/$name.dict"
rm -f "$OUT/${name}_seed_corpus.zip"
set --
for seed in corpus/parse/*.* corpus/parse/regressions/*.*; do
    case $seed in *.note | *.md) ;; *) set -- "$@" "$seed" ;; esac # the inputs, not their notes
done
zip -q -j "$OUT/${name}_seed_corpus.zip" "$@"
echo "oss-fuzz-build: $OUT/$name (+ .options, .dict, _seed_corpus.zip)"
