#!/bin/sh
# lab-link-hint.sh MM_API SRCS: run when a malloc-lab build's link failed
# (the linker's lines above). Most often the mm.c has the other lab
# interface (mm_malloc undefined: it has the checked one; mm_calloc or
# mm_checkheap: the classic one), so one line says which MM_API it needs.
# Exits 1, as the link did.
if [ "$1" = checked ]; then
    want="MM_API=checked links bool mm_init, mm_malloc/mm_free/mm_realloc/mm_calloc (malloc & co. renamed by"
    want="$want -DDRIVER) and bool mm_checkheap(int): an mm.c with int mm_init and mm_malloc & co. but no"
    want="$want mm_checkheap (the classic lab) needs no MM_API"
else
    want="the classic interface links int mm_init, mm_malloc, mm_free and mm_realloc: an mm.c that defines"
    want="$want malloc/free/realloc/calloc and mm_checkheap (the later CS:APP lab) needs MM_API=checked"
fi
echo "fuzz: linking SRCS=$2 failed; if the linker says a mm_* function is undefined: $want (fuzz/ADAPTERS.md)" >&2
exit 1
