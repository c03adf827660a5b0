// cxx-alloc.cc - an allocator written in C++ for fuzz-check-make-vars: make
// fuzz and make replay must build SRCS in C++ (a std::map, a class with a
// virtual function, whose UBSan check needs the sanitizer's C++ runtime) and
// link them with the C harness. Each block comes from operator new.
#include <cstddef>
#include <map>
#include <new>

namespace {
struct Counter {
    virtual ~Counter() = default;
    virtual void add(long n) { live += n; }
    long live = 0;
};
struct Heap {
    std::map<char *, std::size_t> blocks;
    Counter *count = new Counter;
    ~Heap() { delete count; }
};
} // namespace

extern "C" {
void *cxx_create(void) { return new (std::nothrow) Heap; }
void cxx_destroy(void *h) { delete static_cast<Heap *>(h); }
void *cxx_malloc(void *hp, std::size_t n)
{
    Heap *h = static_cast<Heap *>(hp);
    char *p = new (std::nothrow) char[n ? n : 1];
    if (p) {
        h->blocks[p] = n;
        h->count->add(1);
    }
    return p;
}
void cxx_free(void *hp, void *p)
{
    Heap *h = static_cast<Heap *>(hp);
    auto it = h->blocks.find(static_cast<char *>(p));
    if (it == h->blocks.end())
        return;
    delete[] it->first;
    h->blocks.erase(it);
    h->count->add(-1);
}
std::size_t cxx_live(void *h) { return std::size_t(static_cast<Heap *>(h)->count->live); }
}
