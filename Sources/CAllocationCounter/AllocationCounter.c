// Counts heap allocations for `mm-replay bench engine` by defining the C allocator
// entry points in the executable (ELF symbol interposition: libswiftCore's calls to
// malloc resolve here) and forwarding to glibc's own implementations. Every Swift heap
// object (class instances, array and string buffers, boxes, closure contexts) is
// allocated through these. Counting is off until mm_allocation_counter_install().
#include <errno.h>  // first: defines __GLIBC__ on glibc systems
#if defined(__linux__) && defined(__GLIBC__)
#include <stdatomic.h>
#include <stddef.h>
#include "CAllocationCounter.h"

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

static _Atomic int counting;
static _Atomic unsigned long long allocations;

static inline void count_one(void) {
    if (atomic_load_explicit(&counting, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    }
}

void *malloc(size_t size) { count_one(); return __libc_malloc(size); }
void *calloc(size_t count, size_t size) { count_one(); return __libc_calloc(count, size); }
void *realloc(void *pointer, size_t size) { count_one(); return __libc_realloc(pointer, size); }
void free(void *pointer) { __libc_free(pointer); }
void *memalign(size_t alignment, size_t size) { count_one(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count_one(); return __libc_memalign(alignment, size); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    count_one();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *out = pointer;
    return 0;
}

void mm_allocation_counter_install(void) { atomic_store(&counting, 1); }
unsigned long long mm_allocation_count(void) { return atomic_load_explicit(&allocations, memory_order_relaxed); }
#else
#include "CAllocationCounter.h"
// Other platforms: no interposition; the count stays 0 and the bench says so.
void mm_allocation_counter_install(void) {}
unsigned long long mm_allocation_count(void) { return 0; }
#endif
