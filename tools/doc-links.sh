#!/bin/sh
# doc-links.sh [DIR]: every relative link in the *.md files under DIR (default:
# the repository; build/ and crashes/ left out) names a file or directory that
# exists, and every #anchor a heading of the .md file it names, as GitHub makes
# anchors: lower case, backquotes and punctuation dropped (all but - and _),
# each space a -, a repeated heading's anchor ending in -1, -2, ... Inside ```
# fences and `code` a [text](target) is no link. A section named in prose,
# FILE.md "Section" (the quote may wrap onto the next line), is checked the
# same way: FILE.md relative to the file's directory or to DIR, one of them
# with a heading of that anchor (or that, before a code span ending the
# heading). One line per broken link or reference
# (file:line: the link and what is wrong), then exit 1.
set -u
dir=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$dir" || exit 2
work=$(mktemp -d) || { echo "doc-links: cannot make a temporary directory" >&2; exit 2; }
trap 'rm -rf "$work"' EXIT
find . \( -path ./build -o -path ./crashes -o -path ./.git \) -prune -o -name '*.md' -print |
    sed 's|^\./||' | LC_ALL=C sort >"$work/files"
[ -s "$work/files" ] || { echo "doc-links: no *.md file under $dir" >&2; exit 2; }

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
    for (; match(text, /[A-Za-z0-9_.\/-]+\.md`? "[^"]+"/); where = later) {
        t = substr(text, RSTART, RLENGTH); text = substr(text, RSTART + RLENGTH)
        q = index(t, "\""); sec = substr(t, q + 1, length(t) - q - 1)
        t = substr(t, 1, index(t, ".md") + 2)
        printf "Q\t%s\t%s\t%s\t%s\t%s\n", where, norm(base t), norm(t), sec, slug(sec)
    }
    return text
}
FNR == 1 { fence = 0; base = FILENAME; sub(/[^\/]*$/, "", base); delete seen; carry = "" }
/^[ \t]*```/ { fence = !fence; carry = ""; next }
fence { sections($0, FILENAME ":" FNR, FILENAME ":" FNR); next } # a usage text quoted names sections too
{
    # A quote left open at the line end goes on with the next line.
    rest = sections(carry == "" ? $0 : carry " " $0, carry == "" ? FILENAME ":" FNR : carry_at, FILENAME ":" FNR)
    if (match(rest, /[A-Za-z0-9_.\/-]+\.md`? "[^"]*$/)) {
        if (carry == "") carry_at = FILENAME ":" FNR
        carry = substr(rest, RSTART)
    } else carry = ""
}
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

grep '^A ' "$work/found" | cut -d' ' -f2- >"$work/anchors"
grep '^S ' "$work/found" | cut -d' ' -f2- >"$work/sections"
bad=0
grep '^L ' "$work/found" | while read -r _ where path anchor; do
    if [ ! -e "$path" ]; then
        echo "$where: link to $path: no such file or directory"
    elif [ "$anchor" != - ] && ! grep -qxF "$path $anchor" "$work/anchors"; then
        echo "$where: link to $path#$anchor: $path has no heading with that anchor"
    fi
done >"$work/broken"
tab=$(printf '\t')
grep '^Q' "$work/found" | while IFS=$tab read -r _ where near root section anchor; do
    grep -qxF "$near $anchor" "$work/sections" || grep -qxF "$root $anchor" "$work/sections" ||
        if [ "$near" = "$root" ]; then
            echo "$where: $root \"$section\": $root has no section \"$section\""
        else
            echo "$where: $root \"$section\": neither $near nor $root has a section \"$section\""
        fi
done >>"$work/broken"
[ -s "$work/broken" ] && bad=1
cat "$work/broken"
[ "$bad" = 0 ] || exit 1
echo "doc-links: $(grep -c '^L ' "$work/found") links and $(grep -c '^Q' "$work/found") section references in $(wc -l <"$work/files") files resolve"
