#ifndef MM_ALLOCATION_COUNTER_H
#define MM_ALLOCATION_COUNTER_H

/// Starts a counted region: swaps the Swift runtime's `_swift_allocObject` hook for a
/// counting wrapper that forwards to the original. Counted: every swift_allocObject in
/// the process, from any thread (class and actor instances, closure contexts and boxes,
/// Array/Dictionary/Set/String buffers). Not counted: raw allocations
/// (UnsafeMutablePointer.allocate, malloc) and objects the optimizer put on the stack.
/// Regions nest (the hook is restored when the last one stops). Returns 1 when the
/// wrapper is in place, 0 when the runtime has no hook (nothing is then counted).
int mm_allocation_counter_start(void);

/// Ends a counted region; the last one restores the runtime's original hook.
void mm_allocation_counter_stop(void);

/// Swift heap object allocations counted so far, in all regions and threads.
unsigned long long mm_allocation_count(void);

#endif
