/*
 * recovery.c -- recovery codes and the keyslot they open.
 *
 * A code is 160 random bits written as 32 base32 characters (RFC 4648
 * alphabet, no padding) in 8 groups of 4, each followed by a check
 * character: "ABCDx-EFGHy-...".  It is shown once and never stored.  The
 * check characters are why a screen can name the group that is wrong
 * rather than only say the code did not open.  Codes made before them (32
 * characters, "ABCD-EFGH-...") still parse: the length tells which it is.
 * Typing it back is forgiving: case, whitespace and dashes are ignored, and
 * the digits people confuse with letters (0, 1, 8) are read as the letters
 * they resemble (O, I, B); the alphabet has no 0, 1 or 8 of its own, so
 * this never makes a code ambiguous.  A code that is neither 40 characters
 * whose checks hold nor 32 characters is IM_ERR_INVALID (so the person
 * checks what they typed) rather than IM_ERR_WRONG_SECRET.
 *
 * Why the slot key is a keyed BLAKE2b and not Argon2id: a password needs
 * slow hashing because people choose guessable ones; this code is 160 bits
 * drawn uniformly by randombytes_buf, so an offline attacker faces 2^160
 * guesses (2^80 even with a quantum search), and a memory-hard KDF would
 * add nothing but a wait.  The salt keeps keys distinct across slots and
 * vaults even if a code were ever reused.
 *
 * Schema 2 slots (IM_SLOT_KDF_BOX): the code's bytes, the salt and the vault
 * id give a seed for an X25519 key pair; the slot keeps the public key and
 * the master key (with the vault id) in a sealed box to it.  A rotation
 * (rekey.c) seals a new master key to the same public key, so the code the
 * person wrote down keeps working while the master key changes, and someone
 * who knew an old master key learns nothing that opens the new one.
 * Schema 1 slots (IM_SLOT_KDF_BLAKE2B, an AEAD under a BLAKE2b key) still
 * open; they cannot be resealed without the code, so a rotation replaces
 * them with a new code.
 *
 * What a sealed box does not give: anyone who can write the file can seal a
 * master key of their own choosing to the public key.  Such a planted key
 * fails the vault's key check (rekey.c), so unlock refuses it.
 */
#include "vault_internal.h"

#include <ctype.h>
#include <string.h>

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
static const char recovery_kdf_tag[] = "innermost-recovery-slot-v1";
static const char recovery_box_tag[] = "innermost-recovery-slot-v2";

#define CODE_CHARS  32 /* 160 bits / 5 */
#define DATA_CHARS  4  /* code characters in a group */
#define GROUPS      (CODE_CHARS / DATA_CHARS)
#define GROUP_CHARS (DATA_CHARS + 1) /* and its check character */
#define TYPED_MAX   (GROUPS * GROUP_CHARS)

/* A group's check character: Luhn mod 32 over its four values, starting
 * from the group's number, so any one character changed, two neighbours
 * swapped, or a whole group typed in another group's place shows. */
static int group_check(int group, const int v[DATA_CHARS])
{
    int sum = group, factor = 2;
    for (int i = DATA_CHARS - 1; i >= 0; i--) {
        int a = factor * v[i];
        sum += a / 32 + a % 32;
        factor = 3 - factor;
    }
    return (32 - sum % 32) % 32;
}

static void code_format(const unsigned char bytes[IM_RECOVERY_CODE_BYTES],
                        char out[IM_RECOVERY_CODE_SIZE])
{
    size_t o = 0;
    int v[DATA_CHARS];
    for (int i = 0; i < CODE_CHARS; i++) {
        /* 5 bits starting at bit 5*i, most significant first. */
        int bit = 5 * i;
        unsigned x = (unsigned)bytes[bit / 8] << 8;
        if (bit / 8 + 1 < IM_RECOVERY_CODE_BYTES)
            x |= bytes[bit / 8 + 1];
        v[i % DATA_CHARS] = (int)((x >> (11 - bit % 8)) & 31);
        if (i > 0 && i % DATA_CHARS == 0)
            out[o++] = '-';
        out[o++] = b32_alphabet[v[i % DATA_CHARS]];
        if (i % DATA_CHARS == DATA_CHARS - 1)
            out[o++] = b32_alphabet[group_check(i / DATA_CHARS, v)];
    }
    out[o] = '\0';
    sodium_memzero(v, sizeof v);
}

/* The 5-bit value of a typed character, -2 if it is to be skipped, -1 if it
 * cannot be part of a code. */
static int b32_value(int c)
{
    if (c == '-' || isspace((unsigned char)c))
        return -2;
    c = toupper((unsigned char)c);
    if (c == '0')
        c = 'O';
    else if (c == '1')
        c = 'I';
    else if (c == '8')
        c = 'B';
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= '2' && c <= '7')
        return 26 + (c - '2');
    return -1;
}

/* The values of the code characters typed (at most TYPED_MAX; -1 when
 * there are more, or a character no code has). */
static int typed_values(const char *typed, int v[TYPED_MAX])
{
    int n = 0;
    for (const char *p = typed; *p; p++) {
        int x = b32_value(*p);
        if (x == -2)
            continue;
        if (x < 0 || n == TYPED_MAX)
            return -1;
        v[n++] = x;
    }
    return n;
}

/* The first group (0-based) of a code with check characters whose check
 * does not hold; -1 when all hold. */
static int first_bad_check(const int v[TYPED_MAX])
{
    for (int g = 0; g < GROUPS; g++)
        if (v[g * GROUP_CHARS + DATA_CHARS] !=
            group_check(g, v + g * GROUP_CHARS))
            return g;
    return -1;
}

im_rc im_recovery_parse(const char *typed,
                        unsigned char bytes[IM_RECOVERY_CODE_BYTES])
{
    if (!typed)
        return IM_ERR_INVALID;
    memset(bytes, 0, IM_RECOVERY_CODE_BYTES);
    int v[TYPED_MAX];
    int n = typed_values(typed, v);
    im_rc rc = IM_OK;
    if (n == TYPED_MAX && first_bad_check(v) < 0) {
        /* a code with check characters: drop them */
        for (int i = 0; i < CODE_CHARS; i++)
            v[i] = v[i / DATA_CHARS * GROUP_CHARS + i % DATA_CHARS];
    } else if (n != CODE_CHARS) {
        /* not a code from before check characters either */
        rc = IM_ERR_INVALID;
    }
    for (int i = 0; i < CODE_CHARS && rc == IM_OK; i++) {
        int bit = 5 * i;
        unsigned shifted = (unsigned)v[i] << (11 - bit % 8);
        bytes[bit / 8] |= (unsigned char)(shifted >> 8);
        if (bit / 8 + 1 < IM_RECOVERY_CODE_BYTES)
            bytes[bit / 8 + 1] |= (unsigned char)shifted;
    }
    sodium_memzero(v, sizeof v);
    if (rc != IM_OK)
        sodium_memzero(bytes, IM_RECOVERY_CODE_BYTES);
    return rc;
}

/* How many characters a typed code's groups hold: 4 when the person typed
 * a separator after the first 4 (a code from before check characters,
 * copied with its dashes), else 5 (today's codes). */
static int typed_group_chars(const char *typed)
{
    int n = 0;
    for (const char *p = typed; *p; p++) {
        if (b32_value(*p) != -2) {
            n += ((unsigned char)*p & 0xC0) != 0x80;
        } else if (n > 0) {
            return n == DATA_CHARS ? DATA_CHARS : GROUP_CHARS;
        }
    }
    return GROUP_CHARS;
}

/* A code-shaped rendering of what was typed (vault.h): the characters
 * other than dashes and whitespace, a-z upper-cased, a dash between groups
 * (typed_group_chars) and after the last when the person typed one there;
 * a character of several bytes counts once and is never split. */
size_t im_recovery_regroup(const char *typed, char *out, size_t cap)
{
    size_t o = 0;
    int in_group = 0, size = typed_group_chars(typed ? typed : ""),
        sep_last = 0;
    if (!cap)
        return 0;
    for (const char *p = typed ? typed : ""; *p; p++) {
        if (b32_value(*p) == -2) {
            sep_last = 1;
            continue;
        }
        sep_last = 0;
        if (((unsigned char)*p & 0xC0) ==
            0x80) { /* the rest of one character */
            if (o + 1 < cap)
                out[o++] = *p;
            continue;
        }
        if (in_group == size) {
            if (o + 1 < cap)
                out[o++] = '-';
            in_group = 0;
        }
        if (o + 1 < cap)
            out[o++] = (char)toupper((unsigned char)*p);
        in_group++;
    }
    /* a dash typed after a full group stays, to say which grouping it is */
    if (sep_last && in_group == size && o + 1 < cap)
        out[o++] = '-';
    out[o] = '\0';
    return o;
}

int im_recovery_bad_group(const char *typed)
{
    if (!typed)
        return 0;
    int size = typed_group_chars(typed), n = 0;
    for (const char *p = typed; *p; p++) {
        int x = b32_value(*p);
        if (x == -2 || ((unsigned char)*p & 0xC0) == 0x80)
            continue; /* a separator, or the rest of one character */
        if (x == -1)
            return n / size + 1;
        n++;
    }
    int v[TYPED_MAX], bad = -1;
    if (typed_values(typed, v) == TYPED_MAX)
        bad = first_bad_check(v);
    sodium_memzero(v, sizeof v);
    return bad + 1;
}

void im_recovery_slot_key(const im_slot *s,
                          const unsigned char bytes[IM_RECOVERY_CODE_BYTES],
                          unsigned char *key)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, bytes, IM_RECOVERY_CODE_BYTES,
                            IM_SLOT_KEY_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)recovery_kdf_tag,
                              sizeof recovery_kdf_tag - 1);
    crypto_generichash_update(&st, s->salt, sizeof s->salt);
    crypto_generichash_final(&st, key, IM_SLOT_KEY_BYTES);
    sodium_memzero(&st, sizeof st);
}

/* The box key pair of a schema 2 slot (sk in sodium_malloc'd memory). */
static void box_keypair(const unsigned char id[IM_VAULT_ID_BYTES],
                        const im_slot *s,
                        const unsigned char bytes[IM_RECOVERY_CODE_BYTES],
                        unsigned char pk[crypto_box_PUBLICKEYBYTES],
                        unsigned char *sk, unsigned char *seed)
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, bytes, IM_RECOVERY_CODE_BYTES,
                            crypto_box_SEEDBYTES);
    crypto_generichash_update(&st, (const unsigned char *)recovery_box_tag,
                              sizeof recovery_box_tag - 1);
    crypto_generichash_update(&st, s->salt, sizeof s->salt);
    crypto_generichash_update(&st, id, IM_VAULT_ID_BYTES);
    crypto_generichash_final(&st, seed, crypto_box_SEEDBYTES);
    sodium_memzero(&st, sizeof st);
    crypto_box_seed_keypair(pk, sk, seed);
}

im_rc im_recovery_reseal(const unsigned char id[IM_VAULT_ID_BYTES], im_slot *s,
                         const unsigned char *master)
{
    if (s->kdf != IM_SLOT_KDF_BOX)
        return IM_ERR_STATE;
    unsigned char *plain = sodium_malloc(IM_SLOT_BOX_PLAIN);
    if (!plain)
        return IM_ERR_NOMEM;
    memcpy(plain, master, IM_MASTER_KEY_BYTES);
    memcpy(plain + IM_MASTER_KEY_BYTES, id, IM_VAULT_ID_BYTES);
    int r = crypto_box_seal(s->wrapped, plain, IM_SLOT_BOX_PLAIN, s->pk);
    s->wrapped_len = IM_SLOT_WRAPPED_MAX;
    memset(s->nonce, 0, sizeof s->nonce);
    sodium_free(plain);
    return r == 0 ? IM_OK : IM_ERR_INVALID;
}

int im_recovery_open(const unsigned char id[IM_VAULT_ID_BYTES],
                     const im_slot *s,
                     const unsigned char bytes[IM_RECOVERY_CODE_BYTES],
                     unsigned char *master)
{
    unsigned char *keys = sodium_malloc(
        IM_SLOT_KEY_BYTES + crypto_box_SECRETKEYBYTES + crypto_box_SEEDBYTES +
        IM_SLOT_BOX_PLAIN);
    if (!keys)
        return -1;
    unsigned char *sk = keys + IM_SLOT_KEY_BYTES;
    unsigned char *seed = sk + crypto_box_SECRETKEYBYTES;
    unsigned char *plain = seed + crypto_box_SEEDBYTES;
    int r = -1;
    if (s->kdf == IM_SLOT_KDF_BLAKE2B) {
        im_recovery_slot_key(s, bytes, keys);
        r = im_slot_open(id, IM_SLOT_RECOVERY, s, keys, master);
    } else if (s->kdf == IM_SLOT_KDF_BOX) {
        unsigned char pk[crypto_box_PUBLICKEYBYTES];
        box_keypair(id, s, bytes, pk, sk, seed);
        if (sodium_memcmp(pk, s->pk, sizeof pk) == 0 &&
            crypto_box_seal_open(plain, s->wrapped, IM_SLOT_WRAPPED_MAX, pk,
                                 sk) == 0 &&
            sodium_memcmp(plain + IM_MASTER_KEY_BYTES, id, IM_VAULT_ID_BYTES) ==
                0) {
            memcpy(master, plain, IM_MASTER_KEY_BYTES);
            r = 0;
        }
    }
    sodium_free(keys);
    return r;
}

/* A fresh code and the slot it opens.  The code's bytes and the slot key
 * are wiped before returning; only the formatted code leaves. */
im_rc im_recovery_make_slot(const unsigned char id[IM_VAULT_ID_BYTES],
                            const unsigned char *master, im_slot *out,
                            char code[IM_RECOVERY_CODE_SIZE])
{
    unsigned char *secret = sodium_malloc(IM_RECOVERY_CODE_BYTES +
                                          crypto_box_SECRETKEYBYTES +
                                          crypto_box_SEEDBYTES);
    if (!secret)
        return IM_ERR_NOMEM;
    unsigned char *sk = secret + IM_RECOVERY_CODE_BYTES;
    randombytes_buf(secret, IM_RECOVERY_CODE_BYTES);
    memset(out, 0, sizeof *out);
    out->kdf = IM_SLOT_KDF_BOX;
    randombytes_buf(out->salt, sizeof out->salt);
    box_keypair(id, out, secret, out->pk, sk, sk + crypto_box_SECRETKEYBYTES);
    im_rc rc = im_recovery_reseal(id, out, master);
    if (!rc)
        code_format(secret, code);
    sodium_free(secret);
    return rc;
}
