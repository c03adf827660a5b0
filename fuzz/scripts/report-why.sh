#!/bin/sh
# report-why.sh REPORT...: one line, the short form of the most specific
# explanation (below; else the first) the harness's crash report gives of a
# sanitizer's or a signal's finding (fuzz/REPORTS.md, fuzz/FAULT-PLACES.md),
# or nothing. The explanations are its "likely cause:"
# lines (causes-blocks.c, report-places.c, shadow.c; libfuzzer.sh's for TSan) and the lines placing
# UBSan's address, offset or number among a live (or lately freed) block's bytes or an
# address inside one, those naming an address a link decoded wrong
# (report-places.c): wild, or a block's start a few bits off, the one naming
# an address below any mapping (UBSan's or a fault's) a number read as a link, the one naming
# the pointer a bad free was given (fault-place.c), the one naming a number
# just past a big block's size that block's size word, and the one
# calling UBSan's offset a size that went below zero;
# each ends in what went wrong, after its last colon, and may close with a
# parenthesis of examples (no colon or parenthesis inside), left out here.
# The one calling a fault with no address a wild pointer (crash.c) ends in
# its list of registers: its short form is cut from its middle, the
# pointer followed and what it likely was; it is the last resort, as a
# register it lists placed among the blocks' bytes says more (which bytes
# the allocator took for a link).
# A fault in the null page has one too (fault-place.c), a size read
# from a live block where a header or footer is read, and a register's or
# UBSan's address that a walk off the heap's end reached (walk-off.c).
# Lines that sharpen the one above them come first, whatever their order in
# the report: a merge that stepped back by a region's start word
# (report-places.c) says why the allocator read a live block's bytes as a
# pointer (round 19's emm bug 10, its row told only the bytes), and so do
# a free that took the live block right below for free (a stale prev-free
# flag) and one that stepped down past free memory to a live block's start
# (a stale footer; both report-places.c, their rows told only the bytes), a live
# block's bytes read as a link that the op handing them out left listed
# (report-places.c) says which, and a size read from a live block where a
# header or footer is read says why a pointer was stepped by the program's
# bytes.
# The likely causes that only tell which call was under way (crash.c: an
# aligned_alloc past the adapter's alignment, usable_size of a block just
# returned) come last of all: any line that places the fault says more.
# make fuzz-lab-batch adds it to a row's cause (lab-batch-one.sh), so the
# table says why.
specific="^  those bytes lie .*: likely its merge with the block below stepped back |^  that size lies where a header or footer is read |\
^  block [^ ]* ends [0-9]* bytes below block [^ ]*, the one being freed: the free took the block below for a free one |\
^  block [^ ]*, the nearest live block below block [^ ]* (the one being freed), ends [0-9]* bytes below it, and the free read |\
^  byte [0-9]* of live block .* and the allocator read it as its own[:;] "
general="^  likely cause: |^  UBSan's .* read as a pointer, |^  UBSan's .* freed .* read as a pointer: |\
^  UBSan's .* read as a number, |^  the allocator computed that address |^  UBSan's address .* is no user-space address |\
^  .* address .* lies below 64 KiB, |^  .* with its low [0-9]* bits* all flipped, |\
^  .* is .*the pointer this op's free was given on purpose: |\
^  .* address .* past the usable size of live block .*, a number taken for a pointer: |\
^  UBSan's offset, -[0-9]*, is a size that went below zero: |^  the fault's address 0x[0-9a-f]* lies in the null page, |\
^  register [a-z0-9]* held 0x[0-9a-f]*, .*: the allocator |\
^  UBSan's address is 0x[0-9a-f]*, .*: the allocator walked past its last block "
call_only="^  likely cause: its aligned path, |^  likely cause: usable_size's lookup "
wild="^  the fault came with no address (.*: \(the allocator followed a wild pointer\), a non-canonical one ([^()]*), \(likely [^;]*\).*$"
# rank RANK PATTERNS: sed commands that print each line one of PATTERNS (|-separated) matches, after RANK.
rank() {
    printf '%s\n' "$2" | tr '|' '\n' | sed "s|.*|/&/{s/^/$1 /p; d;}|"
}
sed -n "$(rank 1 "$specific"; rank 4 "$call_only"; rank 2 "$general"); /$wild/{s/$wild/3 : \1, \2/p;}" "$@" |
    sort -s -k1,1 | head -n 1 | sed 's/^.*: //; s/ ([^()]*)$//'
