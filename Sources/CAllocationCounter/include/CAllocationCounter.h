#ifndef MM_ALLOCATION_COUNTER_H
#define MM_ALLOCATION_COUNTER_H

/// Starts counting heap allocations (malloc, calloc, realloc, aligned allocations) in
/// this process. Linux/glibc only; elsewhere the count stays 0.
void mm_allocation_counter_install(void);

/// Allocations counted since counting started.
unsigned long long mm_allocation_count(void);

#endif
