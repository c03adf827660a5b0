/*
 * track.h - tell ASan or valgrind which heap bytes the user may touch.
 *
 * Plain builds: every function here is an empty inline, so it costs nothing.
 * ASan builds (detected from the compiler): manual poisoning.
 * -DHALLOC_VALGRIND=1: memcheck client requests (harmless when not under valgrind).
 *
 * The model: a live payload [p, p+usable) is open; chunk headers, footers and
 * free memory are closed. The allocator itself reads and writes closed bytes
 * through hl_open/hl_close (see hl_peek/hl_poke in chunk.h), which open the
 * bytes only if they were closed and close them again afterwards, so a stray
 * allocator write anywhere else is still caught, and a checker reading a
 * (corrupted) list node inside a live payload leaves that payload open.
 * The heap's own bookkeeping ("the books", books.h) is closed between
 * calls and open during one: hl_track_release opens it, hl_track_close
 * closes it.
 * hl_track_user_move and hl_track_user_moved bracket the copy of a payload
 * that moves down in place (realloc growing over a free chunk before it):
 * the first opens the new payload (the destination overlaps closed memory)
 * and records the block at its new place, the second closes what of the old
 * payload the new one does not cover.
 * hl_track_release hands memory back to its owner (unmapping, or the end of a
 * buffer heap) as ordinary defined memory. hl_track_heap_begin/end bracket a
 * heap's life: under valgrind its blocks are a memory pool keyed by the heap,
 * so ending the heap ends every block it still holds at once, however damaged
 * the chunks that describe them (a walk would stop at the first bad header).
 * hl_track_trust marks the allocator's private copy of a word as defined:
 * validating a pointer may read a "header" inside a live payload the user
 * never wrote, and that is a deliberate, checked read, not a use of
 * uninitialised memory.
 * ASan poisons at 8-byte granularity; every tracked range here starts 8-aligned
 * and payload sizes are multiples of 16.
 */
#ifndef HALLOC_TRACK_H
#define HALLOC_TRACK_H

#include <stddef.h>
#include <stdint.h>

/* A payload [from, from+from_n) moved down to [to, to+to_n), which starts
 * below it: what of the old one lies past the new one, *n bytes from the
 * return value (0 when the new one covers it). */
static inline void *hl_track_tail(void *from, size_t from_n, void *to, size_t to_n, size_t *n)
{
    char *end = (char *)to + to_n, *old_end = (char *)from + from_n;
    char *start = end > (char *)from ? end : (char *)from;
    *n = old_end > start ? (size_t)(old_end - start) : 0;
    return start;
}

#if defined(__SANITIZE_ADDRESS__)
#define HL_TRACK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HL_TRACK_ASAN 1
#endif
#endif

#if defined(HL_TRACK_ASAN)
#include <sanitizer/asan_interface.h>

#define HL_TRACK_ENABLED 1

static inline int hl_open(const void *p, size_t n)
{
    if (!__asan_region_is_poisoned((void *)(uintptr_t)p, n))
        return 0;
    ASAN_UNPOISON_MEMORY_REGION(p, n);
    return 1;
}
static inline void hl_close(const void *p, size_t n, int was_closed)
{
    if (was_closed)
        ASAN_POISON_MEMORY_REGION(p, n);
}
static inline void hl_track_heap_begin(const void *heap, size_t bytes, size_t redzone)
{
    (void)heap;
    (void)bytes;
    (void)redzone;
}
static inline void hl_track_heap_end(const void *heap) { (void)heap; }
static inline void hl_track_user_alloc(const void *heap, void *p, size_t n)
{
    (void)heap;
    ASAN_UNPOISON_MEMORY_REGION(p, n);
}
static inline void hl_track_user_free(const void *heap, void *p, size_t n)
{
    (void)heap;
    ASAN_POISON_MEMORY_REGION(p, n);
}
static inline void hl_track_user_resize(const void *heap, void *p, size_t old_n, size_t new_n)
{
    (void)heap;
    if (new_n < old_n)
        ASAN_POISON_MEMORY_REGION((char *)p + new_n, old_n - new_n);
    else
        ASAN_UNPOISON_MEMORY_REGION((char *)p + old_n, new_n - old_n);
}
static inline void hl_track_user_move(const void *heap, void *from, size_t from_n, void *to, size_t to_n)
{
    (void)heap;
    (void)from;
    (void)from_n;
    ASAN_UNPOISON_MEMORY_REGION(to, to_n);
}
static inline void hl_track_user_moved(const void *heap, void *from, size_t from_n, void *to, size_t to_n)
{
    size_t n;
    void *tail = hl_track_tail(from, from_n, to, to_n, &n);
    (void)heap;
    ASAN_POISON_MEMORY_REGION(tail, n);
}
static inline void hl_track_close(void *p, size_t n) { ASAN_POISON_MEMORY_REGION(p, n); }
static inline void hl_track_release(void *p, size_t n) { ASAN_UNPOISON_MEMORY_REGION(p, n); }
static inline void hl_track_trust(void *local, size_t n) { (void)local; (void)n; }

#elif defined(HALLOC_VALGRIND) && HALLOC_VALGRIND
#include <valgrind/memcheck.h>

#define HL_TRACK_ENABLED 1

static inline int hl_open(const void *p, size_t n)
{
    unsigned char vbits[16];
    /* 3: some byte is not addressable (and no error is raised for asking). */
    if (n > sizeof vbits || VALGRIND_GET_VBITS(p, vbits, n) != 3)
        return 0;
    (void)VALGRIND_MAKE_MEM_DEFINED(p, n);
    return 1;
}
static inline void hl_close(const void *p, size_t n, int was_closed)
{
    if (was_closed)
        (void)VALGRIND_MAKE_MEM_NOACCESS(p, n);
}
/* Each payload has a chunk header on both sides: `redzone` bytes that are
 * closed anyway, and that memcheck then counts as the block's when it names
 * the block a stray access ran out of ("0 bytes after a block ... alloc'd").
 * The heap's struct (`bytes`, zeroed) is a malloc-like block of its own:
 * memcheck looks for leaked pool blocks only while some malloc-like block
 * exists (valgrind 3.19), and a program that loses its heap is told so. Not
 * its free-list rows: they keep the block apart from the first payload, which
 * memcheck would otherwise describe by this block (it counts an address up to
 * 16 bytes past a live block as the block's).
 * A heap made again over one never destroyed (a reused buffer) ends the old
 * one: memcheck refuses a second pool on one key. */
static inline void hl_track_heap_begin(const void *heap, size_t bytes, size_t redzone)
{
    if (VALGRIND_MEMPOOL_EXISTS(heap)) {
        VALGRIND_DESTROY_MEMPOOL(heap);
        VALGRIND_FREELIKE_BLOCK(heap, 0);
    }
    VALGRIND_CREATE_MEMPOOL(heap, redzone, 0);
    VALGRIND_MALLOCLIKE_BLOCK(heap, bytes, 0, 1);
}
static inline void hl_track_heap_end(const void *heap)
{
    VALGRIND_DESTROY_MEMPOOL(heap);
    VALGRIND_FREELIKE_BLOCK(heap, 0);
}
static inline void hl_track_user_alloc(const void *heap, void *p, size_t n) { VALGRIND_MEMPOOL_ALLOC(heap, p, n); }
static inline void hl_track_user_free(const void *heap, void *p, size_t n)
{
    (void)n;
    VALGRIND_MEMPOOL_FREE(heap, p);
}
/* A pool block's record changes size; its bytes' state is set here, as
 * memcheck does for a resized malloc block: a new tail undefined, a cut one
 * closed. */
static inline void hl_track_user_resize(const void *heap, void *p, size_t old_n, size_t new_n)
{
    VALGRIND_MEMPOOL_CHANGE(heap, p, p, new_n);
    if (new_n < old_n)
        (void)VALGRIND_MAKE_MEM_NOACCESS((char *)p + new_n, old_n - new_n);
    else
        (void)VALGRIND_MAKE_MEM_UNDEFINED((char *)p + old_n, new_n - old_n);
}
/* The record moves at once; the new payload's bytes outside the old one
 * become undefined, as a moved malloc block's tail, while the old ones keep
 * their state for the copy to carry over. */
static inline void hl_track_user_move(const void *heap, void *from, size_t from_n, void *to, size_t to_n)
{
    char *end = (char *)to + to_n, *old_end = (char *)from + from_n;
    VALGRIND_MEMPOOL_CHANGE(heap, from, to, to_n);
    (void)VALGRIND_MAKE_MEM_UNDEFINED(to, (size_t)((end < (char *)from ? end : (char *)from) - (char *)to));
    if (end > old_end)
        (void)VALGRIND_MAKE_MEM_UNDEFINED(old_end, (size_t)(end - old_end));
}
static inline void hl_track_user_moved(const void *heap, void *from, size_t from_n, void *to, size_t to_n)
{
    size_t n;
    void *tail = hl_track_tail(from, from_n, to, to_n, &n);
    (void)heap;
    (void)VALGRIND_MAKE_MEM_NOACCESS(tail, n);
}
static inline void hl_track_close(void *p, size_t n) { (void)VALGRIND_MAKE_MEM_NOACCESS(p, n); }
static inline void hl_track_release(void *p, size_t n) { (void)VALGRIND_MAKE_MEM_DEFINED(p, n); }
static inline void hl_track_trust(void *local, size_t n) { (void)VALGRIND_MAKE_MEM_DEFINED(local, n); }

#else

#define HL_TRACK_ENABLED 0

static inline int hl_open(const void *p, size_t n) { (void)p; (void)n; return 0; }
static inline void hl_close(const void *p, size_t n, int was_closed) { (void)p; (void)n; (void)was_closed; }
static inline void hl_track_heap_begin(const void *heap, size_t bytes, size_t redzone)
{
    (void)heap;
    (void)bytes;
    (void)redzone;
}
static inline void hl_track_heap_end(const void *heap) { (void)heap; }
static inline void hl_track_user_alloc(const void *heap, void *p, size_t n) { (void)heap; (void)p; (void)n; }
static inline void hl_track_user_free(const void *heap, void *p, size_t n) { (void)heap; (void)p; (void)n; }
static inline void hl_track_user_resize(const void *heap, void *p, size_t old_n, size_t new_n)
{
    (void)heap;
    (void)p;
    (void)old_n;
    (void)new_n;
}
static inline void hl_track_user_move(const void *heap, void *from, size_t from_n, void *to, size_t to_n)
{
    (void)heap;
    (void)from;
    (void)from_n;
    (void)to;
    (void)to_n;
}
static inline void hl_track_user_moved(const void *heap, void *from, size_t from_n, void *to, size_t to_n)
{
    hl_track_user_move(heap, from, from_n, to, to_n);
}
static inline void hl_track_close(void *p, size_t n) { (void)p; (void)n; }
static inline void hl_track_release(void *p, size_t n) { (void)p; (void)n; }
static inline void hl_track_trust(void *local, size_t n) { (void)local; (void)n; }

#endif

/* After a call: in ASan and memcheck builds it keeps the call from being a
 * tail call, so the public function that made it (halloc_malloc) stays in
 * the stacks they print ("alloc'd at", "free'd at"). Plain builds let it be
 * one: there the public call keeps no frame of its own. */
#if HL_TRACK_ENABLED
#define HL_TRACK_KEEP_CALLER_FRAME() __asm__ volatile("")
#else
#define HL_TRACK_KEEP_CALLER_FRAME() ((void)0)
#endif

#endif /* HALLOC_TRACK_H */
