/* fingerprint.c -- keyed BLAKE2b fingerprints (see fingerprint.h). */
#include <sodium.h>

#include "innermost/fingerprint.h"

void im_fingerprint_keygen(unsigned char key[IM_FINGERPRINT_KEYBYTES])
{
    if (sodium_init() < 0) {
        sodium_memzero(
            key, IM_FINGERPRINT_KEYBYTES); /* still a fingerprint, unkeyed */
        return;
    }
    randombytes_buf(key, IM_FINGERPRINT_KEYBYTES);
}

void im_fingerprint(const unsigned char key[IM_FINGERPRINT_KEYBYTES],
                    const void *data, size_t len,
                    unsigned char out[IM_FINGERPRINT_BYTES])
{
    crypto_generichash(out, IM_FINGERPRINT_BYTES, data, len, key,
                       IM_FINGERPRINT_KEYBYTES);
}

int im_fingerprint_equal(const unsigned char a[IM_FINGERPRINT_BYTES],
                         const unsigned char b[IM_FINGERPRINT_BYTES])
{
    return sodium_memcmp(a, b, IM_FINGERPRINT_BYTES) == 0;
}
