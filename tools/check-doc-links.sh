#!/bin/sh
# check-doc-links.sh: tools/doc-links.sh, on a scratch tree, names exactly the
# broken links (a missing file, a missing anchor) and the sections named in
# prose (FILE.md "Section") that their file lacks, and passes the good ones:
# a ../ path, a directory, a repeated heading's -1 anchor, a heading with code
# and punctuation in it, a [x](y) in a fence or in `code`, which is no link,
# and sections named by a path from the root or beside the file, in `code`,
# in a fence, wrapped onto the next line, or by the words before a heading's
# closing code span.
set -u
fail() { echo "check-doc-links FAILED: $*" >&2; exit 1; }
links=$(cd "$(dirname "$0")" && pwd)/doc-links.sh
work=$(mktemp -d) || fail "cannot make a temporary directory"
trap 'rm -rf "$work"' EXIT
mkdir "$work/sub" "$work/build"
# shellcheck disable=SC2016 # the backquotes are markdown's, not the shell's
printf '# Top\n\n## The `make x` target: why?\n\n## Again\n\n## Again\n' >"$work/sub/b.md"
cat >"$work/a.md" <<'EOF'
# A
[ok](sub/b.md#the-make-x-target-why) [ok](sub/b.md#again-1) [ok](sub/) [ok](#a)
[bad](sub/b.md#again-2)
`[not a link](nowhere.md)`
```
[not a link](nowhere.md)
```
[bad](missing.md) [ok](https://example.com/x.md)

## Sub heading `with code`
EOF
cat >"$work/sub/c.md" <<'EOF'
[ok](../a.md#a)
sub/b.md "Top", b.md "The make x target: why?", `b.md` "Again", ../a.md "A"
as a.md "Sub
heading" says
not a.md "Subheading" (bad), nor b.md "A" (bad)
```
  -x   sub/b.md "Again"
  -y   sub/b.md "Nowhere" (bad)
```
EOF
printf '[not read](nowhere.md) a.md "Nowhere"\n' >"$work/build/d.md"
out=$("$links" "$work" 2>&1) && fail "doc-links.sh passed broken links and sections: $out"
expect='a.md:3: link to sub/b.md#again-2: sub/b.md has no heading with that anchor
a.md:8: link to missing.md: no such file or directory
sub/c.md:5: a.md "Subheading": neither sub/a.md nor a.md has a section "Subheading"
sub/c.md:5: b.md "A": neither sub/b.md nor b.md has a section "A"
sub/c.md:8: sub/b.md "Nowhere": neither sub/sub/b.md nor sub/b.md has a section "Nowhere"'
[ "$out" = "$expect" ] || fail "doc-links.sh on the scratch tree said:
$out
where it should say:
$expect"
sed -i '/bad/d' "$work/a.md" "$work/sub/c.md"
out=$("$links" "$work" 2>&1) || fail "doc-links.sh failed on good links only: $out"
[ "$out" = "doc-links: 5 links and 6 section references in 3 files resolve" ] ||
    fail "doc-links.sh on good links said: $out"
echo "check-doc-links: broken links, anchors and sections named in prose named; good ones, fences and code spans passed"
