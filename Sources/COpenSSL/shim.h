#ifndef MM_COPENSSL_SHIM_H
#define MM_COPENSSL_SHIM_H
// The system's libcrypto (OpenSSL 3), for SHA-256 through the EVP digest interface.
#include <openssl/evp.h>
#endif
