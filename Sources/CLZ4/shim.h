#ifndef MM_CLZ4_SHIM_H
#define MM_CLZ4_SHIM_H
// The lz4 frame format (what the lz4 tool writes).
#include <lz4frame.h>

static inline unsigned mm_lz4f_version(void) { return LZ4F_VERSION; }
#endif
