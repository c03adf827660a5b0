# shellcheck shell=sh
# doc-sets.sh: for the checks that hold a list a doc repeats by hand to the
# list the code keeps, compared as sets (deps-list.sh, suite-marks.sh).
# Sourced; defines functions only.

# found WORDS MESSAGE: WORDS is not empty, or MESSAGE (what the pattern
# expected, what to do) is printed and the script stops: an empty side would
# make any comparison pass.
found() {
    [ -n "$1" ] && return 0
    echo "$2"
    exit 1
}

# lacks HAVE WANT: the words of newline-separated list WANT that HAVE lacks,
# each followed by a blank, on one line.
lacks() {
    HAVE=$1 WANT=$2 awk 'BEGIN { n = split(ENVIRON["HAVE"], h, "\n"); for (i = 1; i <= n; i++) have[h[i]] = 1
        m = split(ENVIRON["WANT"], w, "\n"); for (i = 1; i <= m; i++) if (!(w[i] in have)) printf "%s ", w[i] }'
}
