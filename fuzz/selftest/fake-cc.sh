#!/bin/sh
# fake-cc.sh ... -o FILE ...: stands in for the compiler in
# fuzz/scripts/check-selftest-build.sh, so report_case runs with no build: it
# writes FILE, a program that prints each argument it is given as "arg
# <ARG>", one a line, then "note <NOTE>", NOTE being SELFTEST_NOTE in its
# environment, adds a line to the file SELFTEST_RUNS names (if set), and
# exits with SELFTEST_EXIT (0 if unset).
while [ $# -gt 1 ] && [ "$1" != -o ]; do
    shift
done
[ $# -gt 1 ] || { echo "fake-cc.sh: no -o FILE among the arguments" >&2; exit 1; }
cat >"$2" <<'PROGRAM'
#!/bin/sh
printf 'arg <%s>\n' "$@"
echo "note <${SELFTEST_NOTE-}>"
[ -z "${SELFTEST_RUNS-}" ] || echo run >>"$SELFTEST_RUNS"
exit "${SELFTEST_EXIT:-0}"
PROGRAM
chmod +x "$2"
