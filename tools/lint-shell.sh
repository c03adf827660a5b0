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
# "KIND LINES PATH", KIND script, sourced or, a sourced one naming no shell,
# noshell, and LINES what shellcheck -x reads of it: its own and those of
# the files it sources. One awk reads them all (a process per file costs
# seconds); a file it cannot read (deleted but still tracked) is none.
shell_files() {
    awk '
    # scan(f, line, kind): reads f, its first line given, to its end: each
    # listed file it sources is wanted, said_shell[f] set on a shell
    # directive, and lines[f] counted.
    function scan(f, line, k,    path) {
        kind[f] = k
        do {
            lines[f]++
            if (line ~ /^[ \t]*#[ \t]*shellcheck[ \t]([^#]*[ \t])?shell=/)
                said_shell[f] = 1
            path = ""
            if (match(line, /^[ \t]*#[ \t]*shellcheck[ \t]([^#]*[ \t])?source=[^ \t]+/) ||
                match(line, /^[ \t]*(\.|source)[ \t]+[^- \t;&|<>()$"'\''`\\][^ \t;&|<>()$"'\''`\\]*/)) {
                path = substr(line, RSTART, RLENGTH)
                sub(/^.*source=|^[ \t]*(\.|source)[ \t]+/, "", path)
                sub(/^\.\//, "", path)
            }
            if (!(path in listed)) continue
            uses[f] = uses[f] " " path
            if (!(path in wanted)) { wanted[path] = 1; queue[++queued] = path }
        } while ((getline line < f) > 0)
        close(f)
    }
    { listed[$0] = 1; files[++n] = $0 }
    END {
        for (i = 1; i <= n; i++) {
            f = files[i]
            if ((getline line < f) <= 0) { close(f); continue }
            if (line ~ /^#!.*sh/) scan(f, line, "script")
            else if (line !~ /^#!/ && f ~ /\.sh$/) scan(f, line, "sourced")
            else close(f)
        }
        for (i = 1; i <= queued; i++) {
            f = queue[i]
            if (f in kind || (getline line < f) <= 0 || line ~ /^#!/) close(f)
            else scan(f, line, "sourced")
        }
        for (i = 1; i <= n; i++) {
            f = files[i]
            if (!(f in kind)) continue
            read = lines[f]
            for (j = split(uses[f], used, " "); j > 0; j--) read += lines[used[j]]
            print (kind[f] == "script" || f in said_shell ? kind[f] : "noshell"), read, f
        }
    }'
}

# deal_shares JOBS: the "LINES PATH" lines on stdin dealt into JOBS lines of paths
# with about as many lines each, longest first, each to the shortest share.
deal_shares() {
    sort -rn | awk -v jobs="$1" '{
        s = 1
        for (i = 2; i <= jobs; i++) if (size[i] < size[s]) s = i
        size[s] += $1; share[s] = share[s] " " $2
    } END { for (i = 1; i <= jobs; i++) if (share[i] != "") print share[i] }'
}

found=$(list_files | shell_files)
count() { echo "$found" | awk -v kind="$1" '$1 == kind { n++ } END { print n + 0 }'; }
[ "$(count script)" != 0 ] || { echo "lint-shell: found no shell script: run it from the top of the tree" >&2; exit 1; }
# No tracked file has a blank in its name. Split among the cores, by lines:
# one shellcheck over all of them took 14 s of CPU, one core's, and shares
# of as many files each were a third apart.
jobs=$(nproc 2>/dev/null || echo 1)
failed=
echo "$found" | awk '$1 != "noshell" { print $2, $3 }' | deal_shares "$jobs" |
    xargs -P "$jobs" -L 1 shellcheck -x -f gcc || failed=1
noshell=$(echo "$found" | awk '$1 == "noshell" { print $3 }')
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
echo "lint-shell: $(count script) shell scripts and $(count sourced) sourced files clean"
