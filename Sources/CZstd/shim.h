#ifndef MM_CZSTD_SHIM_H
#define MM_CZSTD_SHIM_H
#include <zstd.h>
#include <zstd_errors.h>
#endif
