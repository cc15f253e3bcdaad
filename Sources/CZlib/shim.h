#ifndef MM_CZLIB_SHIM_H
#define MM_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 is a macro (it passes the library version and the stream's size): this
// wrapper makes it callable from Swift. windowBits 15 + 16: the gzip format only.
static inline int mm_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}
#endif
