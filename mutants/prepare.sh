# shellcheck shell=bash
# mutants/prepare.sh, sourced by mutants/run.sh: preparing one mutant, its
# copy of allocator/ and checks/ under $OUT/<name>/ patched and proved a
# warning-free change of the machine code (prepare; make mutants-check runs
# it alone). It reads run.sh's settings: OUT, MUTANT_CFLAGS, MUTANT_PARALLEL,
# and its die.

# The copy is self-contained: checks/check.h includes "internal.h", which the
# harness build would find through its -Iallocator (the REAL header) before the
# copy's directories, so the copy's checks/ gets a one-line forward to the
# copy's own allocator/internal.h.
copy_sources() { # name
    local dir=$OUT/$1
    rm -rf "$dir" && mkdir -p "$dir" && cp -r allocator checks "$dir"/ || return 1
    [ -e "$dir/checks/internal.h" ] ||
        printf '/* build-only forward: the copy checks the copy (mutants/run.sh) */\n#include "../allocator/internal.h"\n' \
            >"$dir/checks/internal.h"
}

# The files a patch edits.
patched_files() { # patch
    sed -n 's|^+++ [^/]*/\([^[:space:]]*\).*|\1|p' "$1"
}

# Only the implementation: the adapter compiles against the real public
# header, so allocator/halloc.h stays as it is.
check_patch_paths() { # name patch
    local f files
    files=$(patched_files "$2")
    [ -n "$files" ] || die "$1: the patch names no file (expected '+++ b/allocator/x.c' lines)"
    for f in $files; do
        case "$f" in
            allocator/halloc.h) die "$1: patches the public header allocator/halloc.h; plant the bug in the implementation" ;;
            allocator/*.[ch] | checks/*.[ch]) [ -f "$f" ] || die "$1: patches $f, which does not exist" ;;
            *) die "$1: patches $f; a mutant may only edit allocator/ and checks/ sources (see mutants/README.md)" ;;
        esac
    done
}

# The sources a patch changes the code of: its .c files, and, when it edits
# a header, every .c file of the copy that includes that header (directly or
# not; the compiler's -MM list): any other file is the original, unchanged.
affected_sources() { # name
    local dir=$OUT/$1 files f h deps mm headers="" headers_rel sources
    files=$(patched_files "mutants/$1.patch")
    for f in $files; do
        case "$f" in *.h) headers="$headers $f" ;; *) echo "$f" ;; esac
    done
    [ -n "$headers" ] || return 0
    sources=$(cd "$dir" && ls allocator/*.c checks/*.c) || return 1
    # One gcc -MM over every source (a rule per file: "x.o: x.c h1.h \\"),
    # not one per file: 15 preprocessor runs per header mutant were a
    # tenth of make mutants-check. Alone first: at the head of the pipe
    # below its failure was lost, and the patch then counted as affecting
    # fewer files.
    # shellcheck disable=SC2086
    mm=$(cd "$dir" && gcc $MUTANT_CFLAGS -Iallocator -MM $sources) ||
        { echo "$1: gcc -MM failed in $dir (its error above): cannot tell which files include the patched headers" >&2; return 1; }
    # "source header" pairs, the header's path made relative to the copy.
    # shellcheck disable=SC1003 # '\\': tr deletes the backslashes
    deps=$(printf '%s\n' "$mm" | tr -d '\\' | tr ' ' '\n' | awk 'NF == 0 { next } /:$/ { rule = 1; next }
            rule { src = $0; rule = 0; next } /\.h$/ { print src, $0 }') || return 1
    headers_rel=$(printf '%s\n' "$deps" | cut -d' ' -f2 | (cd "$dir" && xargs -r realpath -m --relative-to=.)) || return 1
    deps=$(paste -d' ' <(printf '%s\n' "$deps" | cut -d' ' -f1) <(printf '%s\n' "$headers_rel"))
    for f in $sources; do
        printf '%s\n' "$files" | grep -qxF "$f" && continue # listed above
        for h in $headers; do
            printf '%s\n' "$deps" | grep -qxF "$f $h" && { echo "$f"; break; }
        done
    done
    return 0
}

# gcc's objects here are only compared and warned about: debug info changes
# neither (gcc's -fcompare-debug promise) and cost a fifth of each compile.
NO_DEBUG_INFO=-g0

# The original objects, compiled once per run into $ORIG (not once per
# mutant: a header mutant affects every file), with their disassembly.
orig_dir() { echo "$OUT/_original"; }
compile_originals() {
    local ORIG
    ORIG=$(orig_dir)
    rm -rf "$ORIG" && mkdir -p "$ORIG" || return 1
    # shellcheck disable=SC2016 # expanded by the sh that xargs runs
    printf '%s\n' allocator/*.c checks/*.c | ORIG=$ORIG NO_DEBUG_INFO=$NO_DEBUG_INFO xargs -P "$MUTANT_PARALLEL" -I{} sh -c \
        'o=$ORIG/$(echo "$1" | tr / _).o; gcc $MUTANT_CFLAGS $NO_DEBUG_INFO -Iallocator -c "$1" -o "$o" 2>>"$o.log" &&
         objdump -d --no-show-raw-insn "$o" | tail -n +3 >"$o.text" &&
         { objdump -s -j .data -j .rodata "$o" 2>/dev/null | tail -n +3; } >"$o.data"' sh {}
}

# Each affected file builds warning-free with gcc and clang, and some
# object differs from the original's (else the patch plants nothing): once
# one differs, the rest are only compiled. Only gcc's object is compared, so
# clang only checks the source (-fsyntax-only: clang's warnings all come
# from its front end, the same as in a full -O2 compile, at half the time);
# gcc's maybe-uninitialized and array-bounds warnings come from its
# optimisers, so gcc compiles in full (without debug info: NO_DEBUG_INFO).
compile_check() { # name
    local dir=$OUT/$1 f cc differs=0 orig files
    files=$(affected_sources "$1") || { echo "$1: cannot list the files its patch affects"; return 1; }
    for f in $files; do
        for cc in gcc clang; do
            # shellcheck disable=SC2086
            case $cc in
                gcc) gcc $MUTANT_CFLAGS $NO_DEBUG_INFO -I"$dir"/allocator -c "$dir/$f" -o "$dir/mut-gcc.o" ;;
                *) $cc $MUTANT_CFLAGS -I"$dir"/allocator -fsyntax-only "$dir/$f" ;;
            esac 2>>"$dir/prepare.log" ||
                { echo "$1: $f does not build warning-free with $cc (see $dir/prepare.log)"; return 1; }
        done
        [ "$differs" = 1 ] && continue
        orig=$(orig_dir)/$(echo "$f" | tr / _).o
        if [ ! -f "$orig.text" ]; then
            # shellcheck disable=SC2086
            gcc $MUTANT_CFLAGS $NO_DEBUG_INFO -Iallocator -c "$f" -o "$dir/orig-gcc.o" 2>>"$dir/prepare.log" ||
                { echo "$1: the original $f does not build (see $dir/prepare.log)"; return 1; }
            orig=$dir/orig-gcc.o
            objdump -d --no-show-raw-insn "$orig" | tail -n +3 >"$orig.text"
            { objdump -s -j .data -j .rodata "$orig" 2>/dev/null | tail -n +3; } >"$orig.data"
        fi
        objcmp "$orig" "$dir/mut-gcc.o" || differs=1
    done
    rm -f "$dir"/*.o "$dir"/*.o.text "$dir"/*.o.data
    [ "$differs" = 1 ] || { echo "$1: the patched copy compiles to the same code as allocator/: it plants nothing"; return 1; }
}

# Same machine code: compares the text and data sections only (debug info
# records paths and line numbers, which any edit shifts). The original's
# sections are read from ORIG.o.text and ORIG.o.data, written beforehand.
objcmp() { # original.o mutant.o
    cmp -s "$1.text" <(objdump -d --no-show-raw-insn "$2" | tail -n +3) &&
        cmp -s "$1.data" <(objdump -s -j .data -j .rodata "$2" 2>/dev/null | tail -n +3)
}

prepare() { # name
    local name=$1 patch=mutants/$1.patch dir=$OUT/$1
    copy_sources "$name" || return 1
    if [ "$name" != control ]; then
        check_patch_paths "$name" "$patch"
        # -F 0: context must match exactly, as for git apply; a patch that
        # applied only with fuzz was refused by git apply.
        patch -p1 -F 0 -s -d "$dir" <"$patch" >"$dir/prepare.log" 2>&1 ||
            { echo "$name: the patch no longer applies to allocator/ exactly (see $dir/prepare.log); regenerate it with diff -u (mutants/README.md)"; return 1; }
        find "$dir" -name '*.orig' -delete
        compile_check "$name"
    fi
}
