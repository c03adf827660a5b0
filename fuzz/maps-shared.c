/*
 * maps-shared.c - for a report on a block's damage: which other address
 * shows the same page of storage, from the kernel's record rather than the
 * allocator's. /proc/self/maps gives each mapping's device, inode and file
 * offset, so two pages that map one (device, inode, offset) are one page,
 * whatever calls made them (a memfd or shm page mapped twice, an mmap
 * MAP_FIXED onto a page still in use, a Mesh-style heap's meshed spans), and
 * a write through either address is the other's too. The file is read only
 * when a report asks, never per op; maps.c's own records say when the page
 * under a block was last mapped, and which address showed a file page
 * before an mmap MAP_FIXED took it off.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "harness.h"
#include "maps.h"
#include "oracles.h"
#include "shadow-model.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

/* One line of /proc/self/maps that maps a file shared (private pages part from their file at a write). */
struct shown {
    uintptr_t start, end;
    uint64_t offset, inode;
    unsigned long major, minor; /* the file's device */
    char name[64];              /* its path as the kernel prints it ("/memfd:mesh (deleted)"), cut short */
};

/* One line parsed into *m: 1 when it maps a file shared, else 0 (private, anonymous, or not a line). */
static int parse_line(char *line, struct shown *m)
{
    char *p;
    m->start = (uintptr_t)strtoull(line, &p, 16);
    if (*p++ != '-')
        return 0;
    m->end = (uintptr_t)strtoull(p, &p, 16);
    if (strlen(p) < 5 || p[4] != 's')
        return 0;
    m->offset = strtoull(p + 5, &p, 16);
    m->major = strtoul(p, &p, 16);
    if (*p++ != ':')
        return 0;
    m->minor = strtoul(p, &p, 16);
    m->inode = strtoull(p, &p, 10);
    p += strspn(p, " ");
    snprintf(m->name, sizeof m->name, "%s", p);
    return m->inode != 0 && m->end > m->start;
}

/* each(m, arg) for every shared file mapping, in address order, until it returns 1. No malloc (it may be
 * the allocator under test): the file is read through a buffer that holds any line but a path longer
 * than it, whose mapping is passed over. 0 if /proc/self/maps cannot be read. */
static int each_shared(int (*each)(const struct shown *m, void *arg), void *arg)
{
    char buf[8192];
    size_t have = 0;
    int skipping = 0, stop = 0, fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    for (ssize_t n; !stop && (n = read(fd, buf + have, sizeof buf - 1 - have)) > 0;) {
        char *line = buf, *nl;
        have += (size_t)n;
        while (!stop && (nl = memchr(line, '\n', have - (size_t)(line - buf)))) {
            struct shown m;
            *nl = '\0';
            stop = !skipping && parse_line(line, &m) && each(&m, arg);
            skipping = 0;
            line = nl + 1;
        }
        have -= (size_t)(line - buf);
        memmove(buf, line, have);
        if (have == sizeof buf - 1)
            skipping = 1, have = 0;
    }
    close(fd);
    return 1;
}

/* Pass one: the file page under `at`. Pass two: the other addresses that show it. */
struct twin_search {
    const struct fuzz_ctx *c;
    uintptr_t at;   /* the damaged byte */
    struct shown page; /* the mapping holding it: inode 0 until found */
    uint64_t file_offset; /* of at's page in that file */
    uintptr_t twin; /* at's offset in the first page found showing it at another address (0: none)... */
    int live;       /* ...the live block holding it there, else -1... */
    const struct fuzz_freed *freed; /* ...or the block freed lately that held it */
};

static int holding_at(const struct shown *m, void *arg)
{
    struct twin_search *s = arg;
    if (s->at < m->start || s->at >= m->end)
        return 0;
    s->page = *m;
    s->file_offset = m->offset + ((s->at - m->start) & ~(uintptr_t)(fuzz_page_size() - 1));
    return 1;
}

/* A twin holding a block is kept over one that holds none. */
static int showing_same(const struct shown *m, void *arg)
{
    struct twin_search *s = arg;
    if (m->inode != s->page.inode || m->major != s->page.major || m->minor != s->page.minor ||
        s->file_offset < m->offset || s->file_offset - m->offset >= m->end - m->start ||
        (s->at >= m->start && s->at < m->end))
        return 0;
    uintptr_t there = m->start + (uintptr_t)(s->file_offset - m->offset) + (s->at & (fuzz_page_size() - 1));
    int live = fuzz_index_find(&s->c->index, (const void *)there);
    const struct fuzz_freed *f = live < 0 ? fuzz_freed_holding(s->c, there, FUZZ_RECENT_FREED) : NULL;
    if (!s->twin || live >= 0 || f)
        s->twin = there, s->live = live, s->freed = f;
    return live >= 0 || f != NULL;
}

/* The block at the twin address, and when it was made or freed, or that none is known there. */
static void say_block_there(const struct twin_search *s, char *out, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    const struct fuzz_ctx *c = s->c;
    if (s->live >= 0)
        snprintf(out, len, "there lies block %s%d, [%p, +%zu), made %s", FUZZ_BLOCK_NO(s->live),
                 (void *)c->slot[s->live].ptr, c->slot[s->live].usable,
                 fuzz_call_when(c, NULL, c->slot[s->live].made_at, when, sizeof when));
    else if (s->freed)
        snprintf(out, len, "there lay block %s%d, [%p, +%zu), freed %s", FUZZ_BLOCK_NO(s->freed->slot),
                 (void *)s->freed->ptr, s->freed->usable,
                 fuzz_call_when(c, s->freed->phase, s->freed->freed_at, when, sizeof when));
    else
        snprintf(out, len, "no block the harness knows lies there (its bytes were written through that address, "
                 "or left there and never copied to this page)");
}

/* Whether descriptor fd shows the file of the page found (arg, a struct shown). */
static int same_file(int fd, void *arg)
{
    const struct shown *page = arg;
    struct stat st;
    return fstat(fd, &st) == 0 && st.st_ino == page->inode && major(st.st_dev) == page->major &&
           minor(st.st_dev) == page->minor;
}

/* The other address that showed the file page under the damaged byte last, and the mmap that mapped
 * another page there, if maps.c kept it (this one left behind when its twin moved: a mesh that remapped
 * one alias of a span and not the other), said into out; 0 and out untouched if not kept. */
static int say_twin_moved(const struct fuzz_ctx *c, struct twin_search *s, char *out, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16];
    uintptr_t page, size = fuzz_page_size(), mine = s->at & ~(size - 1);
    size_t op;
    const char *phase;
    if (!fuzz_maps_file_page_left((const void *)s->at, same_file, &s->page, s->file_offset, &page, &op, &phase))
        return 0;
    uintptr_t apart = page > mine ? page - mine : mine - page;
    snprintf(out, len, " (the page %zu page%s %s, %p, " FUZZ_TWIN_MOVED " %s mapped another there)",
             (size_t)(apart / size), hl_plural_s(apart / size), page > mine ? "above" : "below", (void *)page,
             fuzz_call_when(c, phase, op, when, sizeof when));
    return 1;
}

/* The file page under the damaged byte, which no other address shows, after `lead`, and the twin that
 * showed it last: 1 if that twin was said. */
static int say_file_page(const struct fuzz_ctx *c, struct twin_search *s, const char *lead, char *out, size_t len)
{
    char left[FUZZ_OP_DESCRIPTION_MAX + 120] = "";
    int moved = say_twin_moved(c, s, left, sizeof left);
    snprintf(out, len, "%s page %ju of %s, which no other address shows%s", lead,
             (uintmax_t)(s->file_offset / fuzz_page_size()), s->page.name, left);
    return moved;
}

/* The page under block SLOT's damaged byte mapped by an op after the block was made (maps.c's record),
 * said into out; else out is left empty. */
static void say_mapped_since(const struct fuzz_ctx *c, int slot, struct twin_search *s, char *out, size_t len)
{
    char when[FUZZ_OP_DESCRIPTION_MAX + 16], made[FUZZ_OP_DESCRIPTION_MAX + 16];
    char file[FUZZ_OP_DESCRIPTION_MAX + 300] = "";
    const struct fuzz_block *b = &c->slot[slot];
    size_t op;
    const char *phase;
    out[0] = '\0';
    if (!fuzz_maps_mmap_holding((const void *)s->at, &op, &phase) || op <= b->made_at)
        return;
    if (s->page.inode)
        say_file_page(c, s, ", showing", file, sizeof file);
    snprintf(out, len, "; its page was mapped anew %s%s, after the block was made %s: " FUZZ_MAPPED_OVER_LIVE
             ", whose bytes are that mapping's now", fuzz_call_when(c, phase, op, when, sizeof when), file,
             fuzz_call_when(c, NULL, b->made_at, made, sizeof made));
}

const char *fuzz_damage_shared_why(const struct fuzz_ctx *c, int slot, const struct fuzz_damage *d, char *buf,
                                   size_t len)
{
    const struct fuzz_block *b = &c->slot[slot];
    struct twin_search s = {c, (uintptr_t)b->ptr + d->offset, {0}, 0, 0, -1, NULL};
    char there[FUZZ_OP_DESCRIPTION_MAX + 200];
    buf[0] = '\0';
    if (c->thread || !b->ptr)
        return buf;
    if (each_shared(holding_at, &s) && s.page.inode)
        each_shared(showing_same, &s);
    if (!s.twin) {
        say_mapped_since(c, slot, &s, buf, len);
        /* a page mapped before the block whose twin moved since: that move, said alone */
        if (!*buf && s.page.inode && !say_file_page(c, &s, "; its page shows", buf, len))
            buf[0] = '\0';
        return buf;
    }
    uintptr_t page = fuzz_page_size(), apart = s.twin > s.at ? s.twin - s.at : s.at - s.twin;
    say_block_there(&s, there, sizeof there);
    snprintf(buf, len, "; its page shows page %ju of %s, as does the page %zu page%s %s (/proc/self/maps): at "
             "the same offset, %p, %s: " FUZZ_DAMAGE_ALIASED ", and what was written through either is this "
             "block's now", (uintmax_t)(s.file_offset / page), s.page.name, (size_t)(apart / page),
             hl_plural_s(apart / page), s.twin > s.at ? "above" : "below", (void *)s.twin, there);
    return buf;
}
