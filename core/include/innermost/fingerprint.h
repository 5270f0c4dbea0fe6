/*
 * fingerprint.h -- a keyed hash for telling "is this still what we put
 * there?" without keeping the text (the app clears the system
 * clipboard only if it still holds what the app copied, and keeps just
 * this fingerprint of it in memory).
 *
 * BLAKE2b-256 keyed with a random per-process key, so the fingerprint of a
 * short text cannot be checked against guesses by someone who reads memory
 * without the key too.
 */
#ifndef INNERMOST_FINGERPRINT_H
#define INNERMOST_FINGERPRINT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IM_FINGERPRINT_BYTES    32
#define IM_FINGERPRINT_KEYBYTES 32

/* A fresh random key (libsodium's generator). */
void im_fingerprint_keygen(unsigned char key[IM_FINGERPRINT_KEYBYTES]);

/* The fingerprint of data[0..len) under key. */
void im_fingerprint(const unsigned char key[IM_FINGERPRINT_KEYBYTES],
                    const void *data, size_t len,
                    unsigned char out[IM_FINGERPRINT_BYTES]);

/* 1 when a and b are equal (constant time), else 0. */
int im_fingerprint_equal(const unsigned char a[IM_FINGERPRINT_BYTES],
                         const unsigned char b[IM_FINGERPRINT_BYTES]);

#ifdef __cplusplus
}
#endif
#endif
