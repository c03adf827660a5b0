#!/bin/sh
# cxx-link.sh CC ARGS... -o OUT: build a fuzz binary whose SRCS hold C++
# files (.cc .cpp .cxx .C .c++). The build rules hand every source to one C
# compiler command, whose -std=c11 a C++ file refuses; this compiles each C++
# file on its own with the matching C++ driver (clang -> clang++, gcc -> g++,
# cc -> c++, afl-clang-fast -> afl-clang-fast++), the same flags less -std
# and link inputs, plus $CXXFLAGS, then runs the whole command with that
# driver, the C files marked -x c (a C++ driver would read them as C++), so
# the C++ runtime and the sanitizers' C++ parts are linked.
set -u
cc=$1
shift
case $(basename "$cc") in
    afl-clang*) cxx=$cc++ ;;
    *clang*) cxx=$(printf '%s' "$cc" | sed 's/clang\([^/]*\)$/clang++\1/') ;;
    *gcc*) cxx=$(printf '%s' "$cc" | sed 's/gcc\([^/]*\)$/g++\1/') ;;
    cc) cxx=c++ ;;
    *) cxx=${FUZZ_CXX:-} ;;
esac
cxx=${FUZZ_CXX:-$cxx}
if [ -z "$cxx" ]; then
    echo "fuzz: SRCS holds C++ files, and no C++ compiler is known to go with '$cc'; name one: FUZZ_CXX=path/to/c++" >&2
    exit 2
fi
out='' prev=''
for a do
    [ "$prev" = -o ] && out=$a
    prev=$a
done
[ -n "$out" ] || { echo "cxx-link.sh: no -o OUT in the command" >&2; exit 2; }
objdir=$out.cxx-objs
rm -rf "$objdir" && mkdir -p "$objdir" || exit 1

is_cxx() { case $1 in *.cc|*.cpp|*.cxx|*.C|*.c++) return 0 ;; esac; return 1; }

# compile_cxx SRC OBJ ARGS...: ARGS less sources, link inputs, -o and -std.
compile_cxx() {
    src=$1 obj=$2
    shift 2
    skip=
    for a do
        shift
        if [ -n "$skip" ]; then skip=; continue; fi
        case $a in
            -o) skip=1 ;;
            -std=*|-l*|-L*|-Wl,*|*.c|*.a|*.so|*.o) ;;
            *) is_cxx "$a" || set -- "$@" "$a" ;;
        esac
    done
    # CXXFLAGS is shell text, as CFLAGS is in make's rules: -DS='"a  b"' is
    # one word, the string "a  b" (split at blanks, it was two).
    eval "set -- \"\$@\" ${CXXFLAGS:-}" && "$cxx" "$@" -c "$src" -o "$obj"
}

n=0
for a do
    shift
    if is_cxx "$a"; then
        n=$((n + 1))
        obj=$objdir/$n-$(basename "$a").o
        compile_cxx "$a" "$obj" "$@" || exit 1
        set -- "$@" "$obj"
    elif [ "${a%.c}" != "$a" ]; then
        set -- "$@" -x c "$a" -x none
    else
        set -- "$@" "$a"
    fi
done
exec "$cxx" "$@"
