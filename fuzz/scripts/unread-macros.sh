#!/bin/sh
# unread-macros.sh FILE... < WORDS: WORDS are the make words of CFLAGS, one
# a line. Prints each -D or -U word whose macro no FILE names: fuzz/objects.mk
# leaves those out of the harness objects' flags (they cannot change them).
# Prints nothing when a word may be part of another: one with a double quote,
# a backslash or an odd number of single quotes (a value with a space, which
# make split); nor when CFLAGS has -I or -include (a header of yours, found
# first, may read the macro). Reserved names (_GNU_SOURCE...) and NDEBUG are
# never printed: the system headers read them. Nor is a word with a % (a
# pattern to make's filter-out) or a space.
# unread-macros.sh -r MACRO FILE...: prints each FILE that names MACRO, the
# question the other way round, answered by the same grep: fuzz/objects.mk
# gives FUZZ_HEAP's -D to those files' objects alone.
# readers MACRO FILE...: the FILEs that name MACRO, one a line; every FILE
# when grep could not read one (2), which may name it.
readers() {
    n=$1 && shift
    grep -lw -- "$n" "$@" 2>/dev/null || [ $? = 1 ] || printf '%s\n' "$@"
}
if [ "${1:-}" = -r ]; then
    shift
    readers "$@"
    exit 0
fi
# make runs this once per build it reads when CFLAGS has a -D or -U (five
# a make): so builtins alone but for one grep a switch (it was ~16 processes).
words=
while IFS= read -r w || [ -n "$w" ]; do
    words="$words$w
"
done
q="'"
for w in $words; do
    case $w in *\"* | *\\* | -I* | -i*) exit 0 ;; esac
    odd=0
    while case $w in *"$q"*) true ;; *) false ;; esac; do
        w=${w#*"$q"} && odd=$((1 - odd))
    done
    [ "$odd" = 0 ] || exit 0
done
while IFS= read -r w; do
    case $w in -D* | -U*) ;; *) continue ;; esac
    case $w in *%* | *[[:space:]]*) continue ;; esac
    n=${w#-[DU]} && n=${n%%=*}
    case $n in '' | _* | NDEBUG | [0-9]* | *[!A-Za-z0-9_]*) continue ;; esac
    # grep's 1: no FILE names the macro (2, one it could not read, may).
    grep -qw -- "$n" "$@" 2>/dev/null || [ $? != 1 ] || printf '%s\n' "$w"
done <<EOF
$words
EOF
