/*
 * backup_format.h -- the byte layout of a backup file (see backup.h) and
 * the pieces shared by writing and reading it.
 *
 * Header (IM_BACKUP_HEADER_BYTES = 104, integers little endian):
 *     0  magic "IMBACKUP"            8
 *     8  format version (u16)        2
 *    10  flags (u16, 0)              2
 *    12  chunk plaintext bytes (u32) 4
 *    16  Argon2id opslimit (u64)     8
 *    24  Argon2id memlimit (u64)     8
 *    32  salt                        16
 *    48  secretstream header         24
 *    72  key check                   16  BLAKE2b-128 keyed (check subkey) of [0,72)
 *    88  checksum                    16  BLAKE2b-128 of [0,88)
 *
 * Payload (the plaintext the chunks carry, one byte stream):
 *     "IMBP" | u32 payload version (1; 2 with people's spaces; 3 and
 *                                   the couple's space)
 *     items: 'R' u32 kind | u64 id | u32 len | data
 *            'P' u8 key length (1..IM_BACKUP_PREF_KEY_MAX) | key | u64 value
 *            'S' u8 member type | u8 name length (1..BK_MEMBER_NAME_MAX) |
 *                name | u64 len | bytes                 (versions 2 and 3)
 *            'E' u64 record count | u64 pref count        (version 1) or
 *            'E' u64 records | u64 prefs | u64 members    (versions 2, 3)
 *                (last, exactly once)
 *
 * Sealed members.  A member is another space of the data folder carried as
 * it is sealed: the whole database of a vault-shaped folder (every record
 * and key slot still under that space's own keys), never decrypted by the
 * backup, so the backup's passphrase opens the owner's records and only
 * ciphertext of anyone else's.  The type says where the folder goes:
 *     BK_MEMBER_PERSON  people/<name>/, name 32 hex digits (people.h)
 *     BK_MEMBER_COUPLE  couple/ (couple_space.h), at most one, version 3
 *                       only; name: the 32 hex digits of the vault id of
 *                       the space whose records the backup holds (below)
 * A new kind of folder is a new type, and a new payload and header
 * version: an older Innermost then says "made by a newer version" rather
 * than half restoring it.  Every backup is written as version 3, with or
 * without members: the header is in clear, and a version that differed
 * would tell whoever holds the file, without its passphrase, whether
 * anyone else uses the device or whether there is a couple.  Version 1
 * files (one space) and version 2 (and people's spaces) are still read.
 *
 * The couple's space.  Its database is carried as it is, like a person's:
 * records under the couple key, which only a member's own vault unwraps
 * (its IM_KIND_COUPLE_MEMBER record holds the key pair).  An owner's
 * backup carries it whenever there is one (it carries every person too, so
 * every member can be put back); a person's own backup carries it when
 * that person is a member, so a member restoring alone onto a fresh device
 * gets the shared history back with their own records.  Carrying it gives
 * nobody a key: a non-member's backup never holds it, and what the
 * backup's passphrase opens is the maker's records -- so the maker's
 * membership, exactly what the maker could open anyway.  A 'moving' row
 * (a migration a kill cut short, couple_space.c invariant 5) names its
 * source vault by id; the restored vault has another id, so when the row
 * names the backup's maker (the member's name) the restore hands it over
 * to the vault it restores into, whose records then sit at the backup's
 * ids -- or, if some had to take new ids (IM_RESTORE_KEEP), drops it:
 * both copies stay readable and nothing is deleted by a wrong id.
 */
#ifndef INNERMOST_BACKUP_FORMAT_H
#define INNERMOST_BACKUP_FORMAT_H

#include <sodium.h>

#include "innermost/backup.h"
#include "innermost/people.h"

#define BK_OFF_VERSION  8
#define BK_OFF_FLAGS    10
#define BK_OFF_CHUNK    12
#define BK_OFF_OPS      16
#define BK_OFF_MEM      24
#define BK_OFF_SALT     32
#define BK_OFF_SSHEADER 48
#define BK_OFF_KEYCHECK 72
#define BK_OFF_CHECKSUM 88
#define BK_CHECK_BYTES  16
#define BK_SALT_BYTES   crypto_pwhash_SALTBYTES
#define BK_KEY_BYTES    crypto_secretstream_xchacha20poly1305_KEYBYTES

#define BK_PAYLOAD_MAGIC          "IMBP"
#define BK_PAYLOAD_VERSION        1 /* records and preferences only   */
#define BK_PAYLOAD_VERSION_MEM    2 /* ... and people's spaces        */
#define BK_PAYLOAD_VERSION_COUPLE 3 /* ... and the couple's space   */
#define BK_MEMBER_PERSON          1
#define BK_MEMBER_COUPLE          2
#define BK_MEMBER_NAME_MAX        64
#define BK_MEMBERS_MAX            (IM_PEOPLE_MAX + 1)
#define BK_SQLITE_MAGIC           "SQLite format 3"
#define IM_BACKUP_PREF_KEY_MAX    64

typedef struct bk_header {
    uint16_t version;
    uint32_t chunk_bytes;
    uint64_t opslimit, memlimit;
    unsigned char salt[BK_SALT_BYTES];
    unsigned char ss_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    unsigned char keycheck[BK_CHECK_BYTES];
} bk_header;

/* The key derived from a passphrase and a header's salt and parameters:
 * sodium_malloc'd, wiped by im_backup_key_free. */
struct im_backup_key {
    unsigned char stream[BK_KEY_BYTES];
    unsigned char check[BK_KEY_BYTES];
    unsigned char salt[BK_SALT_BYTES];
    uint64_t opslimit, memlimit;
};

/* Derive a key for (salt, params) from passphrase.  IM_ERR_NOMEM if
 * Argon2id cannot get its memory. */
im_rc bk_key_derive(const char *passphrase, const unsigned char *salt,
                    uint64_t opslimit, uint64_t memlimit, im_backup_key **out);

/* The key check of header bytes [0, BK_OFF_KEYCHECK). */
void bk_keycheck(const im_backup_key *k, const unsigned char *head,
                 unsigned char out[BK_CHECK_BYTES]);

/* Fill in key check and checksum of a header whose other fields are set. */
void bk_header_seal(const im_backup_key *k, unsigned char *head);

/* Serialize h into head (key check and checksum left for bk_header_seal). */
void bk_header_put(const bk_header *h, unsigned char *head);

/* Parse and check the clear part of a file: magic, version, checksum,
 * bounds.  Returns IM_BACKUP_OK or the problem. */
im_backup_problem bk_header_parse(const unsigned char *file, size_t len,
                                  bk_header *h);

/* A parsed payload: pointers into the plaintext. */
typedef struct bk_record {
    uint32_t kind;
    int64_t id;
    const unsigned char *data;
    size_t len;
} bk_record;

typedef struct bk_pref {
    char key[IM_BACKUP_PREF_KEY_MAX + 1];
    int64_t value;
} bk_pref;

typedef struct bk_member {
    unsigned type; /* BK_MEMBER_* */
    char name[BK_MEMBER_NAME_MAX + 1];
    const unsigned char *data; /* a sealed vault database */
    size_t len;
} bk_member;

typedef struct bk_payload {
    uint32_t version;
    bk_record *records;
    size_t nrecords;
    bk_pref *prefs;
    size_t nprefs;
    bk_member members[BK_MEMBERS_MAX];
    size_t nmembers;
} bk_payload;

/* Parse plaintext p[0..len) into out (free with bk_payload_free; the
 * records point into p).  IM_BACKUP_CONTENT_INVALID if malformed. */
im_backup_problem bk_payload_parse(const unsigned char *p, size_t len,
                                   bk_payload *out);
void bk_payload_free(bk_payload *pl);

/* Verify every chunk of file with k and return the decrypted payload in
 * *plain (wipe with im_wbuf_wipe).  Nothing else is touched. */
struct im_wbuf;
im_backup_problem bk_stream_open(const im_backup_key *k,
                                 const unsigned char *file, size_t len,
                                 struct im_wbuf *plain);

/* The data folder v belongs to (v's own folder, or for a person's space
 * the folder people/ is in) into out; -1 if it does not fit. */
int bk_data_dir(const im_vault *v, char *out, size_t cap);

/* 1 if data[0..len) is a whole vault database as far as can be told
 * without its key: SQLite reads it (quick_check) and it has a vault id. */
int bk_member_db_ok(const unsigned char *data, size_t len);

#endif
