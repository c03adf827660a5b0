#!/bin/sh
# doc-links.sh [DIR]: every relative link in the *.md files under DIR (default:
# the repository) names a file or directory that exists, and every #anchor a
# heading of the .md file it names, as GitHub makes anchors: lower case,
# backquotes and punctuation dropped (all but - and _), each space a -, a
# repeated heading's anchor ending in -1, -2, ... Inside ``` fences and
# `code` a [text](target) is no link. A section named in prose, FILE.md
# "Section" or FILE.md, "Section" (the quote may wrap onto the next line), is
# checked the same way: FILE.md relative to the file's directory or to DIR,
# one of them with a heading of that anchor (or that, before a code span
# ending the heading). Sections are named so in the C, shell and make sources
# too (*.c, *.h, *.sh, *.mk, Makefile): in comments, where a quote wraps onto
# a line starting with * or #, and in string literals, where the quotes are
# \" and a quote may wrap across literals ("...\"An " "allocator\"") or a \
# line end, and a reference may be split between literals before its quote
# ("see README.md " "\"Section\"", on one line or two). The files read, .md
# and sources alike: in a git checkout the tracked ones and the new ones not
# ignored (as tools/lint-shell.sh finds scripts), elsewhere all but build/
# and crashes*/. This script and its test, which spell the syntax and bad
# examples, are not read. A bare ("Section") is not read as a reference: the
# same form quotes a message (README.md, valgrind's "0 bytes after..."), so a
# section of the same file is named with its file, README.md "Layout".
# One line per broken link or reference
# (file:line: the link and what is wrong), then exit 1.
set -u
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$dir" || exit 2
work=$(mktemp -d) || { echo "doc-links: cannot make a temporary directory" >&2; exit 2; }
trap 'rm -rf "$work"' EXIT
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard
else
    find . \( -path ./build -o -path './crashes*' -o -path ./.git \) -prune -o -type f -print | sed 's|^\./||'
fi | grep -E '(\.md|\.[ch]|\.sh|\.mk|(^|/)Makefile)$' | while read -r f; do [ -f "$f" ] && echo "$f"; done |
    LC_ALL=C sort >"$work/all"
grep '[.]md$' "$work/all" >"$work/files" || { echo "doc-links: no *.md file under $dir" >&2; exit 2; }
grep -v '[.]md$' "$work/all" | grep -vxE 'tools/(check-)?doc-links\.sh' >>"$work/files"

# One pass over every file: its headings' anchors (A file anchor) and its
# links (L file:line path anchor, the path resolved against the file's directory).
# shellcheck disable=SC2046 # the file list: names without blanks, ours
LC_ALL=C awk '
function norm(p,   n, a, i, out, k, o) {
    n = split(p, a, "/"); k = 0
    for (i = 1; i <= n; i++) {
        if (a[i] == "" || a[i] == ".") continue
        if (a[i] == ".." && k > 0 && o[k] != "..") { k--; continue }
        o[++k] = a[i]
    }
    out = ""
    for (i = 1; i <= k; i++) out = out (i > 1 ? "/" : "") o[i]
    return out == "" ? "." : out
}
function slug(h) {
    h = tolower(h); gsub(/`/, "", h); sub(/[ \t]+$/, "", h)
    gsub(/[^a-z0-9 _-]/, "", h); gsub(/ /, "-", h)
    return h
}
# FILE.md "Section" in text (FILE.md may be in backquotes): Q, tab-separated:
# where (where the first began, if carried over: later for the rest),
# FILE.md against the directory of the file, against the root,
# the section as written and its anchor.
function sections(text, where, later,   t, q, sec) {
    for (; match(text, ref "[^\"]+\""); where = later) {
        t = substr(text, RSTART, RLENGTH); text = substr(text, RSTART + RLENGTH)
        q = index(t, "\""); sec = substr(t, q + 1, length(t) - q - 1)
        gsub(/[ \t]+/, " ", sec) # a wrap after a blank doubles it
        t = substr(t, 1, index(t, ".md") + 2)
        printf "Q\t%s\t%s\t%s\t%s\t%s\n", where, norm(base t), norm(t), sec, slug(sec)
    }
    return text
}
# The sections named in a line of prose; a quote left open at the line end
# goes on with the next line.
function prose(line,   rest) {
    rest = sections(carry == "" ? line : carry " " line, carry == "" ? FILENAME ":" FNR : carry_at, FILENAME ":" FNR)
    if (match(rest, ref "[^\"]*$")) {
        if (carry == "") carry_at = FILENAME ":" FNR
        carry = substr(rest, RSTART)
    } else carry = ""
}
# Whether the plain quotes of a source line (not its \") pair up.
function paired_quotes(s) { gsub(/\\"/, "", s); return gsub(/"/, "", s) % 2 == 0 }
# "see b.md " "for more": a literal ending in FILE.md and a blank joined to
# the next on the line, the quotes between them dropped.
function join_after_md(line,   m) {
    while (match(line, /[.]md`?(,|\047s)? "[ \t]*"/)) {
        m = substr(line, RSTART, RLENGTH); sub(/ "[ \t]*"$/, " ", m)
        line = substr(line, 1, RSTART - 1) m substr(line, RSTART + RLENGTH)
    }
    return line
}
# The start of a reference: FILE.md (maybe in backquotes), a comma or an
# apostrophe-s, the opening quote.
BEGIN { ref = "[A-Za-z0-9_./-]+[.]md`?(,|\047s)? \"" }
FNR == 1 { fence = 0; base = FILENAME; sub(/[^\/]*$/, "", base); delete seen; carry = ""; split_ref = ""; md = FILENAME ~ /[.]md$/ }
# A source file: its comments and string literals. A wrapped quote goes on
# after the leader of a comment (*, #, //); in a literal the quotes are \" and
# the quotes of the literals themselves, and a \ line end, go (a literal
# ending in a blank joins the next: "see b.md " "\"Sec\"" is b.md "Sec").
# A line ending in a literal that ends in FILE.md and a blank (its quotes
# paired: the last closes a literal) leaves FILE.md in split_ref: if the next
# line opens a literal with \", that opens the section. Either way the
# closing quote opened nothing, nor does one joined on the line to a literal
# that is no section ("see b.md " "for more").
!md {
    line = $0
    if (split_ref != "" && line ~ /^[ \t]*"\\"/) { carry = ""; sub(/^[ \t]*/, "", line); line = split_ref " " line }
    split_ref = ""
    if (match($0, ref "[ \t]*\\\\?$") && paired_quotes($0)) { split_ref = substr($0, RSTART, RLENGTH); sub(/ "[ \t]*\\?$/, "", split_ref) }
    if (carry != "") sub(/^[ \t]*((\*|#|\/\/)[ \t]*)?/, "", line)
    line = join_after_md(line)
    if (index(line, "\\\"")) {
        gsub(/\\"/, "\001", line); gsub(/ "[ \t]*"/, " ", line); gsub(/"/, "", line); gsub(/\001/, "\"", line)
    }
    sub(/[ \t]*\\$/, "", line)
    prose(line)
    if (split_ref != "") carry = ""
    next
}
/^[ \t]*```/ { fence = !fence; carry = ""; next }
fence { sections($0, FILENAME ":" FNR, FILENAME ":" FNR); next } # a usage text quoted names sections too
{ prose($0) }
/^#+[ \t]/ {
    h = $0; sub(/^#+[ \t]+/, "", h); sub(/[ \t]+#+[ \t]*$/, "", h)
    s = slug(h); n = seen[s]++
    print "A", FILENAME, (n ? s "-" n : s)
    # A section named in prose: by its heading, or by the words before a
    # code span that ends it ("Does it find bugs?" for ... `make mutants`).
    print "S", FILENAME, s
    if (sub(/[ \t]*`[^`]*`$/, "", h)) print "S", FILENAME, slug(h)
}
{
    line = $0; gsub(/`[^`]*`/, "", line)
    while (match(line, /\]\([^) \t]+\)/)) {
        t = substr(line, RSTART + 2, RLENGTH - 3); line = substr(line, RSTART + RLENGTH)
        if (t ~ /^[a-z]+:/) continue
        anchor = ""; i = index(t, "#")
        if (i) { anchor = substr(t, i + 1); t = substr(t, 1, i - 1) }
        print "L", FILENAME ":" FNR, (t == "" ? FILENAME : norm(base t)), (anchor == "" ? "-" : anchor)
    }
}' $(cat "$work/files") >"$work/found" || exit 2

# Whether each link's file exists (a test the shell makes without a process),
# then one awk resolves every anchor and section: a grep for each would cost
# a process apiece, most of the check's time.
grep '^L ' "$work/found" | while read -r _ where path anchor; do
    if [ -e "$path" ]; then echo "L $where $path $anchor"; else echo "M $where $path $anchor"; fi
done >"$work/links"
grep '^Q' "$work/found" >"$work/quotes"
LC_ALL=C awk '
FILENAME == ARGV[1] && $1 == "A" { anchor[$2 " " $3] = 1 }
FILENAME == ARGV[1] && $1 == "S" { section[$2 " " $3] = 1 }
FILENAME == ARGV[2] && $1 == "M" { print $2 ": link to " $3 ": no such file or directory" }
FILENAME == ARGV[2] && $1 == "L" && $4 != "-" && !(($3 " " $4) in anchor) {
    print $2 ": link to " $3 "#" $4 ": " $3 " has no heading with that anchor"
}
FILENAME == ARGV[3] {
    split($0, q, "\t") # Q, where, FILE.md near, from the root, section, its anchor
    if ((q[3] " " q[6]) in section || (q[4] " " q[6]) in section) next
    if (q[3] == q[4]) print q[2] ": " q[4] " \"" q[5] "\": " q[4] " has no section \"" q[5] "\""
    else print q[2] ": " q[4] " \"" q[5] "\": neither " q[3] " nor " q[4] " has a section \"" q[5] "\""
}' "$work/found" "$work/links" "$work/quotes" >"$work/broken" || exit 2
if [ -s "$work/broken" ]; then cat "$work/broken"; exit 1; fi
echo "doc-links: $(wc -l <"$work/links") links and $(wc -l <"$work/quotes") section references in $(wc -l <"$work/files") files resolve"
