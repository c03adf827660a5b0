#!/bin/sh
# report-why.sh REPORT...: one line, the short form of the first explanation
# the harness's crash report gives of a sanitizer's or a signal's finding
# (fuzz/REPORTS.md, fuzz/FAULT-PLACES.md), or nothing. The explanations are its "likely cause:"
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
# pointer followed and what it likely was; it is the last resort (kept in
# sed's hold space, printed at the end), as a register it lists placed among
# the blocks' bytes says more (which bytes the allocator took for a link).
# A fault in the null page has one too (fault-place.c), a size read
# from a live block where a header or footer is read, and a register's or
# UBSan's address that a walk off the heap's end reached (walk-off.c).
# make fuzz-lab-batch adds it to a row's cause (lab-batch-one.sh), so the
# table says why.
wild="^  the fault came with no address (.*: \(the allocator followed a wild pointer\), a non-canonical one ([^()]*), \(likely [^;]*\).*$"
sed -n "/^  likely cause: /p; /^  UBSan's .* read as a pointer, /p; /^  UBSan's .* freed .* read as a pointer: /p; /^  UBSan's .* read as a number, /p; /^  the allocator computed that address /p; /^  UBSan's address .* is no user-space address /p; /^  .* address .* lies below 64 KiB, /p; /^  .* with its low [0-9]* bits* all flipped, /p; /^  .* is .*the pointer this op's free was given on purpose: /p; /^  .* address .* past the usable size of live block .*, a number taken for a pointer: /p; /^  UBSan's offset, -[0-9]*, is a size that went below zero: /p; /^  the fault's address 0x[0-9a-f]* lies in the null page, /p; /^  register [a-z0-9]* held 0x[0-9a-f]*, .*: the allocator /p; /^  UBSan's address is 0x[0-9a-f]*, .*: the allocator walked past its last block /p; /^  that size lies where a header or footer is read /p; /$wild/{s/$wild/: \1, \2/; h;}; \${x; /./p;}" "$@" |
    head -n 1 | sed 's/^.*: //; s/ ([^()]*)$//'
