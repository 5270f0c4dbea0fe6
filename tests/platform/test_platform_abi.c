/*
 * test_platform_abi.c -- the machine facts core relies on, checked on every
 * target it is built for (x86-64 here, and arm64 and 32-bit armhf under qemu
 * in `make test-arm`).
 *
 * What this guards:
 *   1. Timestamps are int64 milliseconds everywhere, so dates after 2038
 *      survive on 32-bit ARM.  Where core hands a time to the C library
 *      (im_local_tz_offset_min -> localtime_r) time_t must be 64 bits too;
 *      Debian's armhf glibc needs -D_TIME_BITS=64 for that, which the armhf
 *      toolchain file sets.  The 2040 daylight-saving check below fails if a
 *      32-bit time_t wraps the date back to 1904.
 *   2. Sizes: 8-bit bytes, 32-bit int, 64-bit SQLite integers, size_t that
 *      can hold a 64 MiB Argon2 memory limit (the design's minimum).
 *   3. libsodium works on buffers at odd addresses (ARM cares about
 *      alignment): seal and open at offset 1 round-trip.
 *   4. Every im_rc has a message (error.c is the first core code compiled
 *      for every target).
 * It prints the sizes it saw, so a CI log says what was tested.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "check.h"
#include "innermost/clock.h"
#include "innermost/error.h"

static void report_sizes(void)
{
    unsigned int one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    printf("sizes: void* %zu, size_t %zu, long %zu, time_t %zu; "
           "%s-endian; sqlite %s; libsodium %s\n",
           sizeof(void *), sizeof(size_t), sizeof(long), sizeof(time_t), first ? "little" : "big",
           sqlite3_libversion(), sodium_version_string());
}

static void check_sizes(void)
{
    CHECK(CHAR_BIT == 8);
    CHECK(sizeof(int) == 4);
    CHECK(sizeof(int64_t) == 8);
    CHECK(sizeof(sqlite3_int64) == 8);
    CHECK(sizeof(size_t) >= 4);
    CHECK(sizeof(size_t) == sizeof(void *));
    /* Argon2's memory limit is a size_t: the design's 64 MiB floor must fit,
     * and so must libsodium's own "sensitive" preset on 64-bit targets. */
    CHECK((size_t)64 * 1024 * 1024 >= crypto_pwhash_MEMLIMIT_MIN);
    CHECK((size_t)64 * 1024 * 1024 <= crypto_pwhash_MEMLIMIT_MAX);
    CHECK(sizeof(time_t) == 8); /* see note 1 above */
}

static void check_day_arithmetic(void)
{
    /* 2100-01-01T00:00Z is day 47482: past 2^31 seconds, so 32-bit time
     * arithmetic would wrap; core's int64 milliseconds must not. */
    int64_t ms = INT64_C(4102444800000);
    CHECK(im_day_from_ms(ms, 0) == 47482);
    CHECK(im_day_from_ms(ms - 1, 0) == 47481);
    CHECK(im_day_from_ms(ms, -60) == 47481);
    CHECK(im_day_from_ms(-1, 0) == -1);

    im_clock fixed = im_clock_fixed(&ms);
    CHECK(im_clock_now_ms(&fixed) == INT64_C(4102444800000));
    CHECK(im_clock_now_ms(NULL) > INT64_C(1600000000000));
}

static void check_tz_after_2038(void)
{
    /* A POSIX TZ rule needs no tz database: UTC-5, daylight time (UTC-4)
     * from the 2nd Sunday of March to the 1st Sunday of November. */
    setenv("TZ", "XST5XDT,M3.2.0,M11.1.0", 1);
    tzset();
    CHECK(im_local_tz_offset_min(INT64_C(1768478400000)) == -300); /* 2026-01-15 */
    /* 2040-04-01 12:00Z is daylight time; a 32-bit time_t wraps it to
     * 1904-02-25, standard time, and would give -300. */
    CHECK(im_local_tz_offset_min(INT64_C(2216894400000)) == -240);
    setenv("TZ", "UTC0", 1);
    tzset();
    CHECK(im_local_tz_offset_min(INT64_C(2216894400000)) == 0);
}

static void check_unaligned_crypto(void)
{
    REQUIRE(sodium_init() >= 0);
    enum { MSG = 100 };
    unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
    unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
    unsigned char msg_store[MSG + 1], sealed_store[MSG + 16 + 1], out_store[MSG + 1];
    unsigned char *msg = msg_store + 1, *sealed = sealed_store + 1, *out = out_store + 1;
    unsigned long long sealed_len = 0, out_len = 0;

    crypto_aead_xchacha20poly1305_ietf_keygen(key);
    randombytes_buf(nonce, sizeof nonce);
    randombytes_buf(msg, MSG);
    CHECK(crypto_aead_xchacha20poly1305_ietf_encrypt(sealed, &sealed_len, msg, MSG,
                                                     (const unsigned char *)"ad", 2, NULL, nonce, key) == 0);
    CHECK(sealed_len == MSG + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    CHECK(crypto_aead_xchacha20poly1305_ietf_decrypt(out, &out_len, NULL, sealed, sealed_len,
                                                     (const unsigned char *)"ad", 2, nonce, key) == 0);
    CHECK(out_len == MSG && memcmp(out, msg, MSG) == 0);
    sealed[5] ^= 1; /* a flipped bit must be caught on every target */
    CHECK(crypto_aead_xchacha20poly1305_ietf_decrypt(out, &out_len, NULL, sealed, sealed_len,
                                                     (const unsigned char *)"ad", 2, nonce, key) != 0);
    sodium_memzero(key, sizeof key);
}

static void check_error_messages(void)
{
    for (int rc = 0; rc < IM_ERR_COUNT_; rc++) {
        const char *m = im_rc_message((im_rc)rc);
        CHECK(m != NULL && m[0] != '\0');
        CHECK(im_rc_name((im_rc)rc) != NULL);
    }
    CHECK(im_rc_message((im_rc)9999) != NULL);
}

static void check_test_scale(void)
{
    /* The helper tests use to shrink loops under qemu (see check.h). */
    const char *saved = getenv("IM_TEST_SCALE");
    char *copy = saved ? strdup(saved) : NULL;
    unsetenv("IM_TEST_SCALE");
    CHECK(im_test_scale(1000) == 1000);
    setenv("IM_TEST_SCALE", "0.1", 1);
    CHECK(im_test_scale(1000) == 100);
    CHECK(im_test_scale(5) == 1);
    setenv("IM_TEST_SCALE", "nonsense", 1);
    CHECK(im_test_scale(1000) == 1000);
    setenv("IM_TEST_SCALE", "2", 1); /* never scales up */
    CHECK(im_test_scale(1000) == 1000);
    if (copy) {
        setenv("IM_TEST_SCALE", copy, 1);
        free(copy);
    } else {
        unsetenv("IM_TEST_SCALE");
    }
}

int main(void)
{
    report_sizes();
    check_sizes();
    check_day_arithmetic();
    check_tz_after_2038();
    check_unaligned_crypto();
    check_error_messages();
    check_test_scale();
    return im_check_done();
}
