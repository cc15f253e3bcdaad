// Counts Swift heap object allocations for `mm-replay bench engine` through the Swift
// runtime's own allocation hook: libswiftCore exports `_swift_allocObject`, a function
// pointer that swift_allocObject calls through when it differs from the default. Swapping
// in a counting wrapper for the measured region needs no malloc interposition and no
// linker flags. It sees every swift_allocObject: class and actor instances, closure
// contexts and boxes, and the buffers of Array, ContiguousArray, Dictionary, Set and
// native String. It does not see raw allocations (UnsafeMutablePointer.allocate, malloc
// from C or Foundation) nor objects the optimizer placed on the stack.
//
// Swift 6.3 on Linux: when swift_allocObject sees an overridden pointer it also sets the
// runtime's swizzling flag, which routes every swift_retain/swift_release through an
// adapter that mis-handles tagged (small string) bridge objects and crashes (fixed
// upstream after 6.3). The wrapper therefore clears the flag again before it does
// anything else, and stop clears it too; retains and releases keep their direct path.
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include "CAllocationCounter.h"

/// The Swift runtime's hook: swift_allocObject(metadata, size, alignMask) calls through it.
typedef void *(*mm_swift_alloc_object_function)(const void *metadata, size_t size, size_t alignment_mask);
extern mm_swift_alloc_object_function _swift_allocObject;

#if defined(__linux__)
/// The runtime's `std::atomic<bool>` that turns on retain/release swizzling (absent from
/// older runtimes: then the weak reference is NULL).
extern _Atomic bool _swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly __attribute__((weak));

static inline void clear_swizzling_flag(void) {
    _Atomic bool *flag = &_swift_enableSwizzlingOfAllocationAndRefCountingFunctions_forInstrumentsOnly;
    if (flag != NULL) atomic_store_explicit(flag, false, memory_order_relaxed);
}
#else
static inline void clear_swizzling_flag(void) {}
#endif

static mm_swift_alloc_object_function original_alloc_object;
static _Atomic unsigned long long allocations;
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;
static int regions;  // open start/stop pairs (under install_lock)

static void *counting_alloc_object(const void *metadata, size_t size, size_t alignment_mask) {
    clear_swizzling_flag();
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return original_alloc_object(metadata, size, alignment_mask);
}

int mm_allocation_counter_start(void) {
    pthread_mutex_lock(&install_lock);
    if (regions == 0) {
        original_alloc_object = _swift_allocObject;
        // The original is stored before the swap: whoever calls the wrapper sees it.
        atomic_thread_fence(memory_order_seq_cst);
        if (original_alloc_object != NULL) _swift_allocObject = counting_alloc_object;
    }
    regions += 1;
    int counting = _swift_allocObject == counting_alloc_object;
    pthread_mutex_unlock(&install_lock);
    return counting;
}

void mm_allocation_counter_stop(void) {
    pthread_mutex_lock(&install_lock);
    if (regions > 0 && --regions == 0) {
        if (_swift_allocObject == counting_alloc_object) _swift_allocObject = original_alloc_object;
        atomic_thread_fence(memory_order_seq_cst);
        clear_swizzling_flag();
    }
    pthread_mutex_unlock(&install_lock);
}

unsigned long long mm_allocation_count(void) {
    return atomic_load_explicit(&allocations, memory_order_relaxed);
}
