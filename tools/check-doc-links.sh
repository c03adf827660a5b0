#!/bin/sh
# check-doc-links.sh: tools/doc-links.sh, on a scratch tree, names exactly the
# broken links (a missing file, a missing anchor) and passes the good ones: a
# ../ path, a directory, a repeated heading's -1 anchor, a heading with code
# and punctuation in it, and a [x](y) in a fence or in `code`, which is no link.
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
EOF
printf '[ok](../a.md#a)\n' >"$work/sub/c.md"
printf '[not read](nowhere.md)\n' >"$work/build/d.md"
out=$("$links" "$work" 2>&1) && fail "doc-links.sh passed two broken links: $out"
expect="a.md:3: link to sub/b.md#again-2: sub/b.md has no heading with that anchor
a.md:8: link to missing.md: no such file or directory"
[ "$out" = "$expect" ] || fail "doc-links.sh on the scratch tree said:
$out
where it should say:
$expect"
sed -i '/bad/d' "$work/a.md"
out=$("$links" "$work" 2>&1) || fail "doc-links.sh failed on good links only: $out"
[ "$out" = "doc-links: 5 links in 3 files resolve" ] || fail "doc-links.sh on good links said: $out"
echo "check-doc-links: broken links and anchors named, good ones, fences and code spans passed"
