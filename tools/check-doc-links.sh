#!/bin/sh
# check-doc-links.sh: tools/doc-links.sh, on a scratch tree, names exactly the
# broken links (a missing file, a missing anchor) and the sections named in
# prose (FILE.md "Section") that their file lacks, and passes the good ones:
# a ../ path, a directory, a repeated heading's -1 anchor, a heading with code
# and punctuation in it, a [x](y) in a fence or in `code`, which is no link,
# and sections named by a path from the root or beside the file, in `code`,
# in a fence, wrapped onto the next line, or by the words before a heading's
# closing code span; and the same in the comments and string literals of the
# C, shell and make sources, a reference split between literals before its
# quote too, but not a literal's closing quote after FILE.md and a blank
# (git's ignored files, .md or not, and build/ not read). Then
# tools/mutant-count.sh names each count of mutants in README.md that is not
# the number of mutants/NN-name.patch files, with both numbers.
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
# Sources: comments wrapped after * and #, literals with \" quotes wrapped
# across literals and at a \ line end; build/, other suffixes and the tool's
# own files not read.
cat >"$work/sub/x.c" <<'EOF'
/* As sub/b.md "The make x
 * target: why?" says,
 * not ../a.md "Nowhere" (bad) */
static const char *m = "see ../a.md, \"Sub heading\" or "
                       "b.md \"The make x target: "
                       "why?\"";
static const char *n = "b.md \"Gone\" (bad)";
static const char *o = "see b.md " "\"Again\"";
static const char *p = "see b.md "
                       "\"Top\"";
static const char *q = "see b.md " "\"Gone\" (bad)";
static const char *r_bad = "see b.md "
                       "\"Gone\""; /* bad */
static const char *s = "see b.md "
                       "for the rest, \"quoted\" here";
static const char *t = "see b.md " "for the rest";
EOF
cat >"$work/sub/y.sh" <<'EOF'
# as b.md "Top" and
# ../a.md's "Sub
# heading" say
echo "b.md, \"Again\" and \
../a.md \"A\""
echo "b.md \"Nowhere\" (bad)" "b.md \"Top and" \
    "Again\" (bad)"
EOF
# shellcheck disable=SC2016 # the $( is make's, in the scratch Makefile
printf '# sub/b.md "Top"\n$(error see sub/b.md, "Missing" (bad))\n' >"$work/Makefile"
mkdir "$work/tools"
printf '/* a.md "Nowhere" */\n' | tee "$work/build/z.c" "$work/sub/n.txt" "$work/tools/doc-links.sh" >/dev/null
out=$("$links" "$work" 2>&1) && fail "doc-links.sh passed broken links and sections: $out"
expect='a.md:3: link to sub/b.md#again-2: sub/b.md has no heading with that anchor
a.md:8: link to missing.md: no such file or directory
sub/c.md:5: a.md "Subheading": neither sub/a.md nor a.md has a section "Subheading"
sub/c.md:5: b.md "A": neither sub/b.md nor b.md has a section "A"
sub/c.md:8: sub/b.md "Nowhere": neither sub/sub/b.md nor sub/b.md has a section "Nowhere"
Makefile:2: sub/b.md "Missing": sub/b.md has no section "Missing"
sub/x.c:3: ../a.md "Nowhere": neither a.md nor ../a.md has a section "Nowhere"
sub/x.c:7: b.md "Gone": neither sub/b.md nor b.md has a section "Gone"
sub/x.c:11: b.md "Gone": neither sub/b.md nor b.md has a section "Gone"
sub/x.c:13: b.md "Gone": neither sub/b.md nor b.md has a section "Gone"
sub/y.sh:6: b.md "Nowhere": neither sub/b.md nor b.md has a section "Nowhere"
sub/y.sh:6: b.md "Top and Again": neither sub/b.md nor b.md has a section "Top and Again"'
[ "$out" = "$expect" ] || fail "doc-links.sh on the scratch tree said:
$out
where it should say:
$expect"
sed -i '/bad/d' "$work/a.md" "$work/sub/c.md" "$work/sub/x.c" "$work/sub/y.sh" "$work/Makefile"
good="doc-links: 5 links and 16 section references in 6 files resolve"
out=$("$links" "$work" 2>&1) || fail "doc-links.sh failed on good links only: $out"
[ "$out" = "$good" ] || fail "doc-links.sh on good links said: $out"
# In a git checkout the files read (.md and sources) are the tracked and new ones, not the ignored ones.
if command -v git >/dev/null 2>&1; then
    git -C "$work" init -q || fail "git init failed in $work"
    printf '/build/\n/ignored.c\n/ignored.md\n' >"$work/.gitignore"
    printf '/* a.md "Nowhere" */\n' >"$work/ignored.c"
    printf '[not read](nowhere.md) a.md "Nowhere"\n' >"$work/ignored.md"
    out=$("$links" "$work" 2>&1) || fail "doc-links.sh in a git checkout read an ignored file: $out"
    [ "$out" = "$good" ] || fail "doc-links.sh in a git checkout said: $out"
fi
mkdir "$work/mutants"
: >"$work/mutants/01-a.patch"
: >"$work/mutants/02-b.patch"
printf 'holds 2 classic allocator bugs\nruns 3 mutants and the control\n' >"$work/README.md"
out=$("$(dirname "$links")"/mutant-count.sh "$work" 2>&1) && fail "mutant-count.sh passed README.md's 3 mutants for 2 patches: $out"
[ "$out" = 'mutant-count: README.md:2 says "3 mutants", but mutants/ holds 2 NN-name.patch files: make it 2' ] ||
    fail "mutant-count.sh, README.md's 3 mutants for 2 patches, said: $out"
echo "check-doc-links: broken links, anchors and sections named in prose (in *.md files, and in comments and literals of C, shell and make sources) named; good ones, fences and code spans passed; a count of mutants that is not the patches' named"
