/*
 * backup_restore.c -- checking and restoring a backup (see backup.h,
 * invariants 2 and 3).
 *
 * Order of work, so a bad file restores nothing:
 *   1. parse and check the header (no key needed);
 *   2. derive the key and compare the key check (wrong passphrase);
 *   3. decrypt every chunk into memory, then parse the payload;
 *   4. only now touch the vault: one transaction that (for REPLACE) deletes
 *      everything and writes every record at its own id, and every
 *      preference but the security ones; any failure rolls the whole
 *      transaction back.
 *
 * Invariant (IM_ASSERT, contract.h): the vault is only written from a
 * payload that parsed whole (payload_ok: every count matches an array),
 * inside the one transaction step 4 names.
 *
 * Sealed members (an owner's backup carries every person's space sealed
 * as it is, backup_format.h): after the owner's records are in, each
 * member is put back as a folder of its own, people/<name>/, built under
 * people/.new-<name>/ (the name an interrupted add leaves, which the next
 * add clears) and renamed into place whole, so a kill leaves each space
 * either as it was or whole.  A member whose folder is already here is
 * never written over (the one here is kept: destroying someone's space
 * needs their own secret, people.h), nor one past IM_PEOPLE_MAX.  Nothing
 * is decrypted: each space opens only with its own passphrase or code.  A
 * person restoring into their own space gets the backup's records only --
 * a person's space holds nobody else's.
 *
 * Security settings (auto-lock, the leave-grace, the count of wrong
 * passphrases behind the growing wait) always stay as they are on this
 * device: a backup made by someone else, or long ago, must not switch the
 * auto-lock off or wipe the record of wrong guesses.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <unistd.h>

#include "atomic_file.h"
#include "backup_format.h"
#include "innermost/couple_space.h"
#include "folder.h"
#include "innermost/contract.h"
#include "people_internal.h"
#include "record_codec.h"
#include "vault_internal.h"

static void set_why(im_backup_problem *why, im_backup_problem p)
{
    if (why)
        *why = p;
}

im_rc im_backup_key_derive(const unsigned char *file, size_t len,
                           const char *passphrase, im_backup_key **out,
                           im_backup_problem *why)
{
    bk_header h;
    set_why(why, IM_BACKUP_OK);
    if (!out || !passphrase || (!file && len))
        return IM_ERR_INVALID;
    *out = NULL;
    im_backup_problem p = bk_header_parse(file, len, &h);
    if (p != IM_BACKUP_OK) {
        set_why(why, p);
        return im_backup_problem_rc(p);
    }
    im_backup_key *k;
    im_rc rc = bk_key_derive(passphrase, h.salt, h.opslimit, h.memlimit, &k);
    if (rc != IM_OK)
        return rc;
    unsigned char check[BK_CHECK_BYTES];
    bk_keycheck(k, file, check);
    if (sodium_memcmp(check, h.keycheck, sizeof check) != 0) {
        im_backup_key_free(k);
        set_why(why, IM_BACKUP_WRONG_PASSPHRASE);
        return IM_ERR_WRONG_SECRET;
    }
    *out = k;
    return IM_OK;
}

/* Steps 1-3: the decrypted, parsed payload of a file, or the problem. */
static im_backup_problem open_payload(const im_backup_key *k,
                                      const unsigned char *file, size_t len,
                                      im_wbuf *plain, bk_payload *pl)
{
    memset(pl, 0, sizeof *pl);
    im_backup_problem p = bk_stream_open(k, file, len, plain);
    if (p != IM_BACKUP_OK)
        return p;
    p = bk_payload_parse(plain->data, plain->len, pl);
    if (p != IM_BACKUP_OK)
        im_wbuf_wipe(plain);
    return p;
}

im_rc im_backup_check(const im_backup_key *k, const unsigned char *file,
                      size_t len, im_backup_problem *why)
{
    im_wbuf plain;
    bk_payload pl;
    set_why(why, IM_BACKUP_OK);
    if (!k || (!file && len))
        return IM_ERR_INVALID;
    im_backup_problem p = open_payload(k, file, len, &plain, &pl);
    if (p == IM_BACKUP_OK) {
        bk_payload_free(&pl);
        im_wbuf_wipe(&plain);
    }
    set_why(why, p);
    return im_backup_problem_rc(p);
}

/* ---- Writing into the vault -------------------------------------------------- */

static im_rc vault_is_empty(im_vault *v, int *empty)
{
    *empty = 1;
    for (uint32_t kind = 1; kind <= IM_KIND_MAX_ && *empty; kind++) {
        size_t n = 0;
        im_rc rc = im_record_count(v, kind, &n);
        if (rc != IM_OK)
            return rc;
        *empty = n == 0;
    }
    return IM_OK;
}

static im_rc delete_everything(im_vault *v)
{
    im_rc rc = IM_OK;
    for (uint32_t kind = 1; rc == IM_OK && kind <= IM_KIND_MAX_; kind++) {
        int64_t *ids = NULL;
        size_t n = 0;
        rc = im_record_list(v, kind, &ids, &n);
        for (size_t i = 0; rc == IM_OK && i < n; i++)
            rc = im_record_delete(v, kind, ids[i]);
        free(ids);
    }
    return rc;
}

/* Restore records in the order of their original ids, so remapped records
 * (KEEP mode) keep their relative order too. */
static int cmp_original_id(const void *pa, const void *pb)
{
    const bk_record *a = pa, *b = pb;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* 1 if v already holds r exactly: same id, same kind, same plaintext. */
static int already_there(im_vault *v, const bk_record *r)
{
    im_buf b;
    if (im_record_get(v, r->kind, r->id, &b) != IM_OK)
        return 0;
    int same = b.len == r->len &&
               (r->len == 0 || sodium_memcmp(b.data, r->data, r->len) == 0);
    im_buf_free(&b);
    return same;
}

/*
 * Records go in at their own ids (im_record_put_at): a fresh or replaced
 * vault ends up with exactly the ids of the backup.  In KEEP mode an id may
 * be taken by a record of v: if that record is the very same (restoring
 * the same backup twice), nothing is added; otherwise the backup's record
 * is set aside and, once every record with a free id is in, added under a
 * new id past every id there (in the order of the original ids).  Doing it
 * in two passes keeps a moved record from taking an id a later record of
 * the backup needs.  Nothing stored in a record names another record by
 * its id (journal drafts name their entry by uid; runs, couple sessions and
 * progress events name content ids), so a new id breaks no reference.
 */
static im_rc restore_at_ids(im_vault *v, bk_payload *pl, im_restore_mode mode,
                            unsigned char *moved, size_t *added)
{
    im_rc rc = IM_OK;
    for (size_t i = 0; rc == IM_OK && i < pl->nrecords; i++) {
        const bk_record *r = &pl->records[i];
        rc = im_record_put_at(v, r->kind, r->id, r->data, r->len);
        if (rc == IM_OK)
            (*added)++;
        else if (rc == IM_ERR_EXISTS && mode == IM_RESTORE_KEEP) {
            moved[i] = !already_there(v, r);
            rc = IM_OK;
        } else if (rc == IM_ERR_EXISTS)
            rc = IM_ERR_PARSE; /* the same id twice in one backup */
    }
    return rc;
}

static im_rc restore_moved(im_vault *v, const bk_payload *pl,
                           const unsigned char *moved, size_t *added,
                           size_t *remapped)
{
    im_rc rc = IM_OK;
    for (size_t i = 0; rc == IM_OK && i < pl->nrecords; i++) {
        if (!moved[i])
            continue;
        (*remapped)++;
        int64_t id = 0;
        rc = im_record_put(v, pl->records[i].kind, &id, pl->records[i].data,
                           pl->records[i].len);
        if (rc == IM_OK)
            (*added)++;
    }
    return rc;
}

/* Preferences a restore never writes.  Keys ending in "_failures" are
 * counters of wrong secrets, whatever prompt they belong to. */
static int pref_is_security(const char *key)
{
    static const char *const keys[] = {"autolock_s", "leave_grace_s",
                                       "unlock_failures"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (!strcmp(key, keys[i]))
            return 1;
    size_t n = strlen(key), m = strlen("_failures");
    return n >= m && !strcmp(key + n - m, "_failures");
}

static int payload_ok(const bk_payload *pl)
{
    return (pl->records || pl->nrecords == 0) && (pl->prefs || pl->nprefs == 0);
}

static im_rc apply(im_vault *v, bk_payload *pl, im_restore_mode mode,
                   size_t *added, size_t *remapped)
{
    IM_ASSERT(payload_ok(pl) && im_vault_is_unlocked(v));
    if (pl->nrecords > 1)
        qsort(pl->records, pl->nrecords, sizeof *pl->records, cmp_original_id);
    *added = 0;
    *remapped = 0;
    unsigned char *moved = calloc(pl->nrecords + 1, 1);
    if (!moved)
        return IM_ERR_NOMEM;
    im_rc rc = im_vault_begin(v);
    if (rc != IM_OK) {
        free(moved);
        return rc;
    }
    if (mode == IM_RESTORE_REPLACE)
        rc = delete_everything(v);
    if (rc == IM_OK)
        rc = restore_at_ids(v, pl, mode, moved, added);
    if (rc == IM_OK)
        rc = restore_moved(v, pl, moved, added, remapped);
    free(moved);
    for (size_t i = 0; rc == IM_OK && i < pl->nprefs; i++) {
        int64_t old;
        if (pref_is_security(pl->prefs[i].key))
            continue;
        if (mode == IM_RESTORE_KEEP &&
            im_vault_pref_get(v, pl->prefs[i].key, &old) == IM_OK)
            continue;
        rc = im_vault_pref_set(v, pl->prefs[i].key, pl->prefs[i].value);
    }
    if (rc == IM_OK)
        rc = im_vault_commit(v);
    else
        im_vault_rollback(v);
    return rc;
}

/* Whether mode allows restoring into v as it is now: IM_ERR_EXISTS when
 * v holds records and no choice was made. */
static im_rc restore_allowed(im_vault *v, im_restore_mode mode)
{
    if (mode < IM_RESTORE_ONLY_IF_EMPTY || mode > IM_RESTORE_KEEP)
        return IM_ERR_INVALID;
    if (!im_vault_is_unlocked(v))
        return IM_ERR_LOCKED;
    int empty;
    im_rc rc = vault_is_empty(v, &empty);
    if (rc == IM_OK && !empty && mode == IM_RESTORE_ONLY_IF_EMPTY)
        rc = IM_ERR_EXISTS;
    return rc;
}

/* ---- Sealed members ----------------------------------------------------- */

static int path_is(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

/* A leftover of an interrupted restore (or add): every file in it, then
 * itself.  Only ever a hidden .new- folder of our own. */
static void remove_tmp_space(const char *tmp)
{
    DIR *d = opendir(tmp);
    if (!d)
        return;
    struct dirent *e;
    char p[4600];
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", tmp, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(tmp);
}

/* The couple space's 'moving' row (backup_format.h, "The couple's
 * space"), in a restored copy not yet in place: if it names the backup's
 * maker, handed over to v (handover) or dropped.  A row naming anyone else
 * (a person whose space came back whole, with its id) stays. */
static im_rc moving_hand_over(im_vault *pv, const char *maker, im_vault *v,
                              int handover)
{
    unsigned char from[IM_VAULT_ID_BYTES];
    if (sodium_hex2bin(from, sizeof from, maker, strlen(maker), NULL, NULL,
                       NULL) != 0)
        return IM_ERR_PARSE;
    const char *sql = handover
                          ? "UPDATE meta SET value = ?1 || substr(value, ?2) "
                            "WHERE key='moving' AND substr(value, 1, ?3) = ?4"
                          : "DELETE FROM meta WHERE key='moving' AND "
                            "substr(value, 1, ?3) = ?4"; /* ?1, ?2 unused */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(pv->db, sql, -1, &st, NULL) != SQLITE_OK)
        return IM_ERR_IO;
    sqlite3_bind_blob(st, 1, v->id, IM_VAULT_ID_BYTES, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, IM_VAULT_ID_BYTES + 1);
    sqlite3_bind_int(st, 3, IM_VAULT_ID_BYTES);
    sqlite3_bind_blob(st, 4, from, IM_VAULT_ID_BYTES, SQLITE_STATIC);
    int r = sqlite3_step(st);
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? IM_OK : IM_ERR_IO;
}

/* One member into root/<name>/ (for the couple's, root/couple/) by way of
 * root/.new-<name>/.  *put is 1 if it went in, 0 if a space of that name
 * is already here.  v and handover: the couple's 'moving' row. */
static im_rc put_member(const char *root, const bk_member *m, int *put,
                        im_vault *v, int handover)
{
    char dir[4400], tmp[4400], db[4500];
    int couple = m->type == BK_MEMBER_COUPLE;
    const char *name = couple ? IM_COUPLE_SPACE_DIR : m->name;
    *put = 0;
    snprintf(dir, sizeof dir, "%s/%s", root, name);
    snprintf(tmp, sizeof tmp, "%s/.new-%s", root, name);
    if (path_is(dir))
        return IM_OK; /* kept as it is here */
    remove_tmp_space(tmp);
    if (mkdir(tmp, 0700) != 0)
        return errno == ENOSPC ? IM_ERR_DISK_FULL : IM_ERR_IO;
    snprintf(db, sizeof db, "%s/%s", tmp, IM_DB_NAME);
    im_atomic_file f;
    im_rc rc = im_atomic_file_open(&f, db);
    if (rc == IM_OK) {
        rc = im_atomic_file_write(&f, m->data, m->len);
        if (rc == IM_OK)
            rc = im_atomic_file_commit(&f);
        else
            im_atomic_file_abort(&f);
    }
    im_vault *pv = NULL;
    if (rc == IM_OK && (rc = im_vault_open(tmp, &pv)) == IM_OK) {
        if (couple) /* it opens as a vault: whole */
            rc = moving_hand_over(pv, m->name, v, handover);
        im_vault_close(pv);
    }
    if (rc == IM_OK && rename(tmp, dir) != 0)
        rc = errno == ENOSPC ? IM_ERR_DISK_FULL : IM_ERR_IO;
    if (rc == IM_OK) {
        im_rc_ignore(im_folder_sync(root));
        *put = 1;
    } else {
        remove_tmp_space(tmp);
    }
    return rc;
}

/* The people's spaces into data_dir/people/ (an owner's restore only),
 * then the couple's into data_dir/couple/. */
static im_rc put_members(im_vault *v, const char *data_dir,
                         const bk_payload *pl, int handover,
                         im_backup_stats *st)
{
    char root[4200];
    int here = 0, person = im_people_is_person(v), put = 0;
    const bk_member *couple = NULL;
    size_t people = 0;
    for (size_t i = 0; i < pl->nmembers; i++) {
        if (pl->members[i].type == BK_MEMBER_COUPLE)
            couple = &pl->members[i];
        else
            people++;
    }
    im_rc rc = IM_OK;
    if (person) {
        st->spaces_kept += people; /* a person's space holds nobody else's */
    } else if (people) {
        int n = snprintf(root, sizeof root, "%s/%s", data_dir,
                         IM_PEOPLE_DIR_NAME);
        if (n < 0 || (size_t)n >= sizeof root)
            return IM_ERR_IO; /* a data folder's path this long is refused */
        if (mkdir(root, 0700) != 0 && errno != EEXIST)
            return errno == ENOSPC ? IM_ERR_DISK_FULL : IM_ERR_IO;
        rc = im_people_count(data_dir, &here);
        for (size_t i = 0; rc == IM_OK && i < pl->nmembers; i++) {
            if (pl->members[i].type != BK_MEMBER_PERSON)
                continue;
            put = 0;
            if (here < IM_PEOPLE_MAX)
                rc = put_member(root, &pl->members[i], &put, v, 0);
            here += put;
            if (put)
                st->spaces++;
            else
                st->spaces_kept++;
        }
        if (rmdir(root) == 0) /* nobody after all: no empty people/ stays */
            im_rc_ignore(im_folder_sync(data_dir));
    }
    if (rc == IM_OK && couple) {
        put = 0;
        rc = put_member(data_dir, couple, &put, v, handover);
        if (put)
            st->spaces++;
        else
            st->spaces_kept++;
    }
    return rc;
}

/* Every member's database reads as a whole vault (before anything is
 * touched: a damaged one refuses the file). */
static im_backup_problem members_ok(const bk_payload *pl)
{
    for (size_t i = 0; i < pl->nmembers; i++)
        if (!bk_member_db_ok(pl->members[i].data, pl->members[i].len))
            return IM_BACKUP_CONTENT_INVALID;
    return IM_BACKUP_OK;
}

im_rc im_backup_restore_with_key(im_vault *v, const im_backup_key *k,
                                 const unsigned char *file, size_t len,
                                 im_restore_mode mode, im_backup_stats *stats,
                                 im_backup_problem *why)
{
    set_why(why, IM_BACKUP_OK);
    if (!v || !k || (!file && len))
        return IM_ERR_INVALID;
    im_rc rc = restore_allowed(v, mode);
    if (rc != IM_OK)
        return rc;
    im_wbuf plain;
    bk_payload pl;
    im_backup_problem p = open_payload(k, file, len, &plain, &pl);
    if (p == IM_BACKUP_OK && (p = members_ok(&pl)) != IM_BACKUP_OK) {
        bk_payload_free(&pl);
        im_wbuf_wipe(&plain);
    }
    set_why(why, p);
    if (p != IM_BACKUP_OK)
        return im_backup_problem_rc(p);
    size_t added = 0, remapped = 0;
    im_backup_stats st;
    memset(&st, 0, sizeof st);
    char data_dir[4200];
    rc = bk_data_dir(v, data_dir, sizeof data_dir) == 0 ? IM_OK : IM_ERR_IO;
    if (rc == IM_OK)
        rc = apply(v, &pl, mode, &added, &remapped);
    if (rc == IM_OK)
        rc = put_members(v, data_dir, &pl, remapped == 0, &st);
    if (rc == IM_OK && stats) {
        *stats = st;
        stats->records = added;
        stats->prefs = pl.nprefs;
        stats->bytes = len;
    }
    bk_payload_free(&pl);
    im_wbuf_wipe(&plain);
    return rc;
}

/* The whole file into memory (ciphertext only). */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    unsigned char *buf = NULL;
    if (!f)
        return NULL;
    if (fstat(fileno(f), &st) == 0 && st.st_size >= 0 &&
        (uint64_t)st.st_size <= IM_BACKUP_FILE_MAX) {
        size_t n = (size_t)st.st_size;
        buf = malloc(n ? n : 1);
        if (buf && fread(buf, 1, n, f) != n) {
            free(buf);
            buf = NULL;
        }
        *len = n;
    }
    fclose(f);
    return buf;
}

im_rc im_backup_restore(im_vault *v, const char *path, const char *passphrase,
                        im_restore_mode mode, im_backup_stats *stats,
                        im_backup_problem *why)
{
    set_why(why, IM_BACKUP_OK);
    if (!v || !path || !passphrase)
        return IM_ERR_INVALID;
    /* Refuse before the slow key derivation when the answer is known. */
    im_rc rc = restore_allowed(v, mode);
    if (rc != IM_OK)
        return rc;
    size_t len = 0;
    unsigned char *file = read_file(path, &len);
    if (!file) {
        set_why(why, IM_BACKUP_UNREADABLE);
        return IM_ERR_IO;
    }
    im_backup_key *k = NULL;
    rc = im_backup_key_derive(file, len, passphrase, &k, why);
    if (rc == IM_OK)
        rc = im_backup_restore_with_key(v, k, file, len, mode, stats, why);
    im_backup_key_free(k);
    free(file);
    return rc;
}
