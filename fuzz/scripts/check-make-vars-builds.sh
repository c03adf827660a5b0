# check-make-vars-builds.sh, sourced by check-make-vars.sh: its checks that
# build replay and libFuzzer binaries, each build one compiler process. That
# script runs each function as a step of its own (lanes.sh) beside its other
# checks, which mostly wait, so the cores work side by side (one after the
# other, these builds were most of its time).
#   heap_cxx   FUZZ_HEAP reaches create(); a C++ allocator builds and runs
#   deps_gnu   an edited header rebuilds; an allocator in GNU C builds, and one
#              its own adapter includes, with a warning and a _DEFAULT_SOURCE
#              of its own; an mm.c of the other lab interface: its failed
#              link names MM_API
# They use its fail, lab, BUILD (where these builds go) and environment (no
# caller's make variables: its drop_caller_env).
# shellcheck shell=sh
: "${lab?}"

heap_cxx() {
    # FUZZ_HEAP sets what create() is asked for, and the replay line carries it;
    # TIMEOUT= reaches the replay as its -t, and its reproduce line too.
    dir=$(mktemp -d) || fail "mktemp"
    printf 'version 2\nfree 0\n' >"$dir/free-null.txt"
    out=$(make --no-print-directory replay NAME=check-fuzz-heap TARGET=fuzz/selftest/crash-adapter.c SRCS= \
        CFLAGS=-DFREE_NULL_REFUSED FUZZ_HEAP=1048576 TIMEOUT=7 CRASH="$dir/free-null.txt" 2>&1)
    case "$out" in *"create(1048576)"*) ;; *) fail "make replay FUZZ_HEAP=1048576: no create(1048576) in: $out" ;; esac
    case "$out" in *"/replay-cc -v "*" -t 7 "*"  reproduce: make replay "*" TIMEOUT=7 CRASH="*) ;;
    *) fail "make replay TIMEOUT=7: its replay not run with -t 7, or its reproduce line without TIMEOUT=7: $out" ;; esac
    out=$(make --no-print-directory -n fuzz FUZZ_HEAP=1048576 2>&1) || fail "make -n fuzz FUZZ_HEAP=1048576 failed: $out"
    case "$out" in *"make replay FUZZ_HEAP=1048576"*) ;; *) fail "the replay line lacks FUZZ_HEAP: $out" ;; esac
    rm -rf "$dir"
    # An allocator in C++ (SRCS=*.cc): built by the C++ driver that goes with the
    # compiler (the rules' -std=c11 is refused by a C++ file), linked with the C
    # harness and the sanitizers' C++ runtime, for libFuzzer, the replay and
    # make bench alike.
    cxx="NAME=check-cxx TARGET=fuzz/selftest/cxx-adapter.c SRCS=fuzz/selftest/cxx-alloc.cc"
    out=$(eval "make --no-print-directory replay $cxx CRASH=corpus" 2>&1) ||
        fail "make replay of a C++ allocator: $(echo "$out" | tail -n 5)"
    out=$(eval "make --no-print-directory '$BUILD/fuzz/check-cxx/libfuzzer' $cxx" 2>&1 &&
        "$BUILD/fuzz/check-cxx/libfuzzer" -runs=200 2>&1) ||
        fail "the libFuzzer build of a C++ allocator: $(echo "$out" | tail -n 5)"
    # ...and for make bench TARGET=... (it was built with cc -std=c11 and no C++ runtime).
    out=$(eval "make --no-print-directory bench-adapter-build $cxx" 2>&1) ||
        fail "make bench's build of a C++ allocator: $(echo "$out" | tail -n 5)"
    # Its echoed command names only the variables that are set, so it can be
    # copied as it stands (it began CXXFLAGS='' FUZZ_CXX='').
    for given in "" "CXXFLAGS='-O1 -g' "; do
        out=$(eval "make --no-print-directory -n -B '$BUILD/fuzz/check-cxx/replay-cc' $cxx $given" 2>&1) ||
            fail "make -n of a C++ allocator's replay: $out"
        cmd=$(echo "$out" | awk -v b="$BUILD/fuzz/check-cxx/replay-cc" '$(NF-1) == "-o" && $NF == b')
        case "$cmd" in "${given}fuzz/scripts/cxx-link.sh "*) ;;
        *) fail "the echoed build of a C++ allocator (${given:-no CXXFLAGS}) does not begin '${given}fuzz/scripts/cxx-link.sh': $cmd" ;; esac
    done
    # mycc, a C compiler with no C++ driver known to go with it, compiles the
    # shared harness objects first (as empty files: only the link is checked).
    dir=$(mktemp -d) || fail "mktemp"
    # shellcheck disable=SC2016 # the stand-in compiler's own script: its $ expands when it runs
    printf '#!/bin/sh\nwhile [ $# -gt 1 ]; do [ "$1" = -o ] && : >"$2"; shift; done\n' >"$dir/mycc"
    chmod +x "$dir/mycc"
    out=$(eval "PATH=$dir:\$PATH make --no-print-directory BUILD=$dir/build $dir/build/fuzz/check-cxx/replay-cc $cxx REPLAY_CC=mycc" 2>&1)
    case "$out" in *"no C++ compiler is known to go with 'mycc'; name one: FUZZ_CXX="*) ;;
    *) fail "a C++ source with an unknown REPLAY_CC: $out" ;; esac
    rm -rf "$dir"
    # Each C compiler the rules run has its C++ driver (afl-clang-fast: ...++).
    dir=$(mktemp -d) || fail "mktemp"
    for pair in clang:clang++ clang-14:clang++-14 gcc:g++ cc:c++ afl-clang-fast:afl-clang-fast++; do
        # shellcheck disable=SC2016 # the stand-in compiler's own script: its $ expands when it runs
        printf '#!/bin/sh\necho "$(basename "$0")" >"%s/ran"\n' "$dir" >"$dir/${pair#*:}"
        chmod +x "$dir/${pair#*:}"
        PATH=$dir:$PATH fuzz/scripts/cxx-link.sh "${pair%%:*}" a.cc -o "$dir/out" >/dev/null 2>&1
        [ "$(cat "$dir/ran" 2>/dev/null)" = "${pair#*:}" ] ||
            fail "cxx-link.sh: C++ sources with ${pair%%:*} ran '$(cat "$dir/ran" 2>/dev/null)', not ${pair#*:}"
        rm -f "$dir/ran"
    done
    rm -rf "$dir"
}

deps_gnu() {
    # A header the adapter includes (a header-only allocator) is a dependency:
    # after an edit the build is redone, not the code from before it fuzzed.
    dir=$(mktemp -d) || fail "mktemp"
    { echo "#include \"extra.h\""; sed "s,\.\./adapter\.h,adapter.h," fuzz/adapters/glibc.c; } >"$dir/adapter.c"
    : >"$dir/extra.h"
    hdr="NAME=check-header-deps TARGET=$dir/adapter.c"
    # shellcheck disable=SC2086 # $hdr is two make variables, split into two words
    out=$(make --no-print-directory replay $hdr CRASH=corpus/split.txt 2>&1) || fail "make replay $hdr: $out"
    touch -d "@$(($(date +%s) + 5))" "$dir/extra.h"
    # V=1: the link's whole command, which names the binary (make's quiet line may not stay the same).
    # shellcheck disable=SC2086 # $hdr is two make variables, split into two words
    out=$(make --no-print-directory V=1 replay $hdr CRASH=corpus/split.txt 2>&1)
    case "$out" in *"-o $BUILD/fuzz/check-header-deps/replay-cc"*) ;;
    *) fail "after its header changed, make replay did not rebuild the adapter: $out" ;; esac
    # The same NAME with the adapter moved away (the file the depfile names is
    # gone) rebuilds: make stopped with "No rule to make target" naming it.
    moved=$(mktemp -d) || fail "mktemp"
    mv "$dir/adapter.c" "$dir/extra.h" "$moved/"
    out=$(make --no-print-directory V=1 replay NAME=check-header-deps "TARGET=$moved/adapter.c" CRASH=corpus/split.txt 2>&1) ||
        fail "make replay of an adapter moved since its last build (same NAME) failed: $out"
    case "$out" in *"-o $BUILD/fuzz/check-header-deps/replay-cc"*) ;;
    *) fail "after its adapter moved, make replay did not rebuild it: $out" ;; esac
    rm -rf "$dir" "$moved" "$BUILD/fuzz/check-header-deps"
    # An allocator written in GNU C (typeof, asm) builds as plain cc would build
    # it: user sources are compiled as gnu17, not ISO C11.
    dir=$(mktemp -d) || fail "mktemp"
    {
        echo "#include \"$(pwd)/examples/malloclab/mm.c\""
        echo "__attribute__((constructor)) static void gnu_c(void) { typeof(mm_init) *f = mm_init; asm volatile(\"\" : : \"r\"(f) : \"memory\"); }"
    } >"$dir/mm.c"
    gnu="$lab SRCS=$dir/mm.c NAME=check-gnu-c"
    # shellcheck disable=SC2086
    out=$(make --no-print-directory replay $gnu CRASH=corpus/split.txt 2>&1) ||
        fail "make replay of an allocator in GNU C: $(printf '%s\n' "$out" | grep -m3 -E 'error|rror:')"
    rm -rf "$dir" "$BUILD/fuzz/check-gnu-c"
    # An adapter of your own that includes your allocator's source (no SRCS)
    # builds as SRCS do: a warning shown, not fatal, and the allocator's
    # '#define _DEFAULT_SOURCE' no redefinition of a -D of ours (both stopped
    # the build of a TLSF allocator included by its adapter).
    dir=$(mktemp -d) || fail "mktemp"
    {
        echo "#define _DEFAULT_SOURCE"
        echo "static int never_called(void) { return 0; }"
        sed "s,\.\./adapter\.h,adapter.h," fuzz/adapters/glibc.c
    } >"$dir/adapter.c"
    out=$(make --no-print-directory replay NAME=check-own-adapter-warns "TARGET=$dir/adapter.c" \
        CRASH=corpus/split.txt 2>&1) ||
        fail "make replay of an adapter of one's own with a warning in it: $(printf '%s\n' "$out" | grep -m3 'rror')"
    printf '%s\n' "$out" | grep -q "never_called" || fail "an own adapter's warning was not shown: $out"
    case "$out" in *_DEFAULT_SOURCE*) fail "an own adapter's #define _DEFAULT_SOURCE redefined ours: $out" ;; esac
    rm -rf "$dir" "$BUILD/fuzz/check-own-adapter-warns"
    # An mm.c of the other lab interface fails to link; the line after the
    # linker's says which MM_API it needs (it printed only the linker's).
    dir=$(mktemp -d) || fail "mktemp"
    printf '#include <stdbool.h>\nbool mm_init(void) { return true; }\nbool mm_checkheap(int l) { return l >= 0; }\n' \
        >"$dir/checked.c"
    printf '#include <stddef.h>\nint mm_init(void) { return 0; }\nvoid *mm_malloc(size_t n) { return (void *)n; }\n%s\n' \
        'void mm_free(void *p) { (void)p; } void *mm_realloc(void *p, size_t n) { return n ? p : NULL; }' >"$dir/classic.c"
    for api in classic:checked.c:"needs MM_API=checked" checked:classic.c:"(the classic lab) needs no MM_API"; do
        file=${api#*:} want=${api#*:*:}
        file=${file%%:*}
        # shellcheck disable=SC2086
        out=$(make --no-print-directory replay $lab SRCS="$dir/$file" MM_API="${api%%:*}" NAME=check-lab-api \
            CRASH=corpus/split.txt 2>&1) && fail "an mm.c of the other interface linked with MM_API=${api%%:*}"
        printf '%s\n' "$out" | grep -q "^fuzz: linking SRCS=$dir/$file failed; .*$want" ||
            fail "the failed link of $file with MM_API=${api%%:*} does not say '$want': $(printf '%s\n' "$out" | tail -n 3)"
    done
    rm -rf "$dir" "$BUILD/fuzz/check-lab-api"
}
