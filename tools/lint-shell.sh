#!/bin/sh
# lint-shell.sh: shellcheck over every shell file of the project: each script,
# found by its first line (#!...sh), so a new script is covered without being
# listed, and each sourced one, which has no #! line: a *.sh file, or any file
# a script sources (a literal '. PATH', or a '# shellcheck source=PATH'
# directive). A sourced file is linted on its own too, as shellcheck reports
# nothing in a file it only follows (-x) from its sourcer; so it must name its
# shell ('# shellcheck shell=sh' or bash), and one that does not fails here,
# named with the line to add.
# In a git checkout the files are the tracked ones and the new ones not
# yet added (all but what .gitignore leaves out: build/, crashes/); without
# git (a tarball, a CI machine that has none) every file outside .git/ and
# the build and crash folders, which hold only what make and the fuzzers wrote.
# -x: a script's sourced helper (tools/makeflags.sh) is checked as it is used.
# Run from the top of the tree (make does).
set -eu
if ! command -v shellcheck >/dev/null 2>&1; then
    echo "lint-shell: shellcheck is not installed; install it with: sudo apt-get install -y shellcheck" >&2
    exit 1
fi

list_files() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files --cached --others --exclude-standard
    else
        find . \( -path ./.git -o -path "./${BUILD:-build}" -o -path './crashes*' \) -prune \
            -o -type f -print | sed 's|^\./||'
    fi
}

# shell_files: of the files listed on stdin, one a line, each shell file as
# "script PATH", "sourced PATH" or, a sourced one naming no shell,
# "noshell PATH". One awk reads them all (a process per file costs seconds);
# a file it cannot read (deleted but still tracked) is none.
shell_files() {
    awk '
    # scan(f, line): reads f, its first line given, to its end: each listed
    # file it sources is wanted, and said_shell[f] set on a shell directive.
    function scan(f, line,    path) {
        do {
            if (line ~ /^[ \t]*#[ \t]*shellcheck[ \t]([^#]*[ \t])?shell=/)
                said_shell[f] = 1
            path = ""
            if (match(line, /^[ \t]*#[ \t]*shellcheck[ \t]([^#]*[ \t])?source=[^ \t]+/) ||
                match(line, /^[ \t]*(\.|source)[ \t]+[^- \t;&|<>()$"'\''`\\][^ \t;&|<>()$"'\''`\\]*/)) {
                path = substr(line, RSTART, RLENGTH)
                sub(/^.*source=|^[ \t]*(\.|source)[ \t]+/, "", path)
                sub(/^\.\//, "", path)
            }
            if (path in listed && !(path in wanted)) { wanted[path] = 1; queue[++queued] = path }
        } while ((getline line < f) > 0)
        close(f)
    }
    function sourced(f, line) {
        kind[f] = "sourced"
        scan(f, line)
        print (f in said_shell ? "sourced " : "noshell ") f
    }
    { listed[$0] = 1; files[++n] = $0 }
    END {
        for (i = 1; i <= n; i++) {
            f = files[i]
            if ((getline line < f) <= 0) { close(f); continue }
            if (line ~ /^#!.*sh/) { kind[f] = "script"; print "script " f; scan(f, line) }
            else if (line !~ /^#!/ && f ~ /\.sh$/) sourced(f, line)
            else close(f)
        }
        for (i = 1; i <= queued; i++) {
            f = queue[i]
            if (f in kind || (getline line < f) <= 0) { close(f); continue }
            if (line ~ /^#!/) close(f)
            else sourced(f, line)
        }
    }'
}

found=$(list_files | shell_files)
scripts=$(echo "$found" | sed -n 's/^script //p')
[ -n "$scripts" ] || { echo "lint-shell: found no shell script: run it from the top of the tree" >&2; exit 1; }
sourced=$(echo "$found" | sed -n 's/^sourced //p')
noshell=$(echo "$found" | sed -n 's/^noshell //p')
count() { if [ -z "$1" ]; then echo 0; else echo "$1" | wc -l; fi; }
# One file a line; no tracked file has a blank in its name. Split among
# the cores: one shellcheck over all of them took 14 s of CPU, one core's.
jobs=$(nproc 2>/dev/null || echo 1)
all=$(printf '%s\n%s\n' "$scripts" "$sourced" | sed '/^$/d')
per=$(( ($(count "$all") + jobs - 1) / jobs ))
failed=
echo "$all" | xargs -P "$jobs" -n "$per" shellcheck -x -f gcc || failed=1
# A sourced file naming no shell is left out above (shellcheck would only
# say its shell is unknown); said as a finding of its first line.
for f in $noshell; do
    echo "$f:1:1: error: sourced (no #! line), it names no shell: add the line '# shellcheck shell=sh' (or bash, its sourcers' shell) to its opening comment [lint-shell]"
    failed=1
done
if [ -n "$failed" ]; then
    echo "lint-shell FAILED: fix each finding above, or disable it on its line with a '# shellcheck disable=SCxxxx' comment saying why" >&2
    exit 1
fi
echo "lint-shell: $(count "$scripts") shell scripts and $(count "$sourced") sourced files clean"
