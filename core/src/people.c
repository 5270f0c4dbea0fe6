/*
 * people.c -- other people's private spaces in the owner's data folder
 * (people.h): adding one, finding which one a passphrase or a recovery
 * code opens, removing one.
 *
 * Design notes
 *   - Each person is an ordinary vault (vault.c) in people/<name>/, name
 *     32 random hex digits.  Same schema, same record sealing, same
 *     journal, engine and progress code: that two people cannot read each
 *     other's words is structural (another master key, another database),
 *     not a filter somebody could forget.
 *   - One derivation for everyone.  If each person's passphrase slot had a
 *     salt of its own, trying a passphrase on all of them would take one
 *     Argon2id run per person, and the time "Switch person" takes would
 *     count them for anyone with a stopwatch.  So the people share one
 *     salt and one cost (a "group"): the passphrase is derived once, and
 *     the one key is tried on every person's slot (an AEAD open each,
 *     microseconds).  The slot AEAD binds each vault's own id, so the same
 *     key opens no other person's slot unless they chose the same
 *     passphrase, which im_people_add refuses for a new person and
 *     im_vault_rekey for a changed one (im_people_passphrase_free; that
 *     refusal counts as a wrong try in the person's counter and in the
 *     owner's, so the shared growing wait follows it).  A
 *     restore may still bring in a space whose passphrase equals one here
 *     (it cannot know their passphrases): a passphrase that opens two
 *     spaces opens neither, as if wrong, since opening one would hand it
 *     to the other person; each still opens with their recovery code.
 *   - People's spaces are found by one walk of people/ (im_people_walk),
 *     which counting, unlocking and backups (backup_write.c) share.  With
 *     nobody there, a derivation still runs under a random salt at the
 *     caller's cost, so none and some take the same time.
 *   - The group's cost is never read from a file: a new person's cost is
 *     the caller's or the owner's authenticated one (im_vault_kdf_local),
 *     and the person joins the group whose stored cost equals it.  If none
 *     does (the owner's cost was raised since), the person starts a new
 *     group with a fresh salt and switching then costs one derivation per
 *     group -- two, not one per person; docs/people.md says so.
 *   - A person's handle pins the group's salt (vault_internal.h): a
 *     passphrase they change keeps it, and their unlock does no upward
 *     rewrap of its own, so the group stays one.
 *   - Adding builds the vault in people/.new-<name>/ (im_vault_create is
 *     itself crash safe inside its folder), closes it, and renames the
 *     folder into place: a kill before the rename leaves a hidden folder
 *     that is never read as a person and is removed by the next add.
 *   - The owner's instance lock (held by the owner's open handle, which
 *     add needs unlocked) serialises adds; each person's own lock keeps a
 *     second process out of their space.
 *
 * Invariants
 *   1. Only folders named by person_name_ok that hold a whole vault
 *      (im_vault_exists) are people; at most IM_PEOPLE_MAX are read.
 *   2. A derived key lives in sodium_malloc'd memory, wiped before return.
 *   3. Every handle opened here is closed here, except the one returned.
 */
#define _DEFAULT_SOURCE
#include "innermost/people.h"

#include "folder.h"
#include "people_internal.h"
#include "vault_internal.h"

#include "innermost/passphrase.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_HEX   32
#define NEW_PREFIX ".new-"
#define PATH_CAP   4096

typedef struct person {
    char dir[PATH_CAP + 300];
    im_vault *v;
    im_slot pass; /* valid when has_pass */
    int has_pass;
} person;

typedef struct roster {
    person p[IM_PEOPLE_MAX];
    int n;
} roster;

int im_people_name_ok(const char *name)
{
    size_t n = 0;
    for (; name[n]; n++)
        if (!((name[n] >= '0' && name[n] <= '9') ||
              (name[n] >= 'a' && name[n] <= 'f')))
            return 0;
    return n == NAME_HEX;
}

static im_rc root_path(const char *data_dir, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s/%s", data_dir, IM_PEOPLE_DIR_NAME);
    return n > 0 && (size_t)n < cap ? IM_OK : IM_ERR_TOO_LARGE;
}

static void roster_close(roster *r, im_vault *keep)
{
    for (int i = 0; i < r->n; i++)
        if (r->p[i].v && r->p[i].v != keep)
            im_vault_close(r->p[i].v);
    sodium_memzero(r, sizeof *r);
}

/* The one walk of people/: fn(dir, ctx) for each folder that counts as a
 * person (invariant 1), at most IM_PEOPLE_MAX; fn returns non-zero (an
 * im_rc) to stop.  No people/ is nobody. */
im_rc im_people_walk(const char *data_dir, im_people_dir_fn fn, void *ctx)
{
    char root[PATH_CAP], sub[PATH_CAP + 300];
    im_rc rc = root_path(data_dir, root, sizeof root);
    if (rc)
        return rc;
    DIR *d = opendir(root);
    if (!d)
        return errno == ENOENT ? IM_OK : IM_ERR_IO;
    struct dirent *e;
    int n = 0;
    while (!rc && n < IM_PEOPLE_MAX && (e = readdir(d)) != NULL) {
        if (!im_people_name_ok(e->d_name))
            continue;
        snprintf(sub, sizeof sub, "%s/%s", root, e->d_name);
        if (!im_vault_exists(sub))
            continue;
        n++;
        rc = fn(sub, e->d_name, ctx);
    }
    closedir(d);
    return rc;
}

typedef struct roster_ctx {
    roster *r;
    const char *skip; /* a space already open here: not read again */
} roster_ctx;

static im_rc roster_add(const char *dir, const char *name, void *ctx)
{
    (void)name;
    roster_ctx *c = ctx;
    roster *r = c->r;
    if (c->skip && strcmp(c->skip, dir) == 0)
        return IM_OK;
    person *p = &r->p[r->n];
    snprintf(p->dir, sizeof p->dir, "%s", dir);
    im_rc orc = im_vault_open(p->dir, &p->v);
    if (orc == IM_ERR_NOMEM)
        return orc;
    if (orc) {
        p->v = NULL;
        return IM_OK;
    }
    p->has_pass = im_slot_read(p->v->db, IM_SLOT_PASSPHRASE, &p->pass) ==
                      IM_OK &&
                  p->pass.kdf == IM_SLOT_KDF_ARGON2ID13;
    r->n++;
    return IM_OK;
}

/* Opens every person of data_dir (locked) but skip and reads their
 * passphrase slots.  A person whose files cannot be read is left out (their
 * space is broken; the others still open), and so is one open elsewhere
 * (busy: a passphrase for it then opens nothing here, as if wrong). */
static im_rc roster_open_but(const char *data_dir, const char *skip, roster *r)
{
    memset(r, 0, sizeof *r);
    roster_ctx c = {r, skip};
    im_rc rc = im_people_walk(data_dir, roster_add, &c);
    if (rc)
        roster_close(r, NULL);
    return rc;
}

static im_rc roster_open(const char *data_dir, roster *r)
{
    return roster_open_but(data_dir, NULL, r);
}

static int same_group(const im_slot *a, const im_slot *b)
{
    return a->params.opslimit == b->params.opslimit &&
           a->params.memlimit == b->params.memlimit &&
           sodium_memcmp(a->salt, b->salt, IM_SALT_BYTES) == 0;
}

/* One derivation per group: the index of the first person passphrase
 * opens (its key in key), -1 if none; *opens (may be NULL) gets how many
 * spaces it opens (more than one only after a restore: people.c notes).  With no slot to try, one
 * derivation under a random salt at cost (NULL or invalid: the minimum). */
static int roster_find(roster *r, const char *passphrase,
                       const im_kdf_params *cost, unsigned char *key, im_rc *rc,
                       int *opens)
{
    int nopen = 0;
    unsigned char *k = sodium_malloc(IM_SLOT_KEY_BYTES);
    int done[IM_PEOPLE_MAX] = {0}, found = -1, tried = 0;
    *rc = k ? IM_OK : IM_ERR_NOMEM;
    for (int g = 0; !*rc && g < r->n; g++) {
        if (!r->p[g].has_pass || done[g])
            continue;
        *rc = im_slot_passphrase_key(&r->p[g].pass, passphrase, k);
        tried = 1;
        unsigned char master[IM_MASTER_KEY_BYTES];
        /* every member of the group is tried, found or not: the time is
         * the same wherever the one that opens sits */
        for (int i = g; !*rc && i < r->n; i++) {
            if (!r->p[i].has_pass || done[i] ||
                !same_group(&r->p[g].pass, &r->p[i].pass))
                continue;
            done[i] = 1;
            if (im_slot_open(r->p[i].v->id, IM_SLOT_PASSPHRASE, &r->p[i].pass,
                             k, master) == 0 &&
                nopen++ == 0) {
                found = i;
                memcpy(key, k, IM_SLOT_KEY_BYTES);
            }
        }
        sodium_memzero(master, sizeof master);
    }
    if (!*rc && !tried) {
        im_slot dummy;
        memset(&dummy, 0, sizeof dummy);
        dummy.kdf = IM_SLOT_KDF_ARGON2ID13;
        dummy.params = cost && im_kdf_params_valid(cost) ? *cost
                                                         : im_kdf_params_min();
        randombytes_buf(dummy.salt, sizeof dummy.salt);
        *rc = im_slot_passphrase_key(&dummy, passphrase, k);
    }
    if (k)
        sodium_free(k);
    if (opens)
        *opens = nopen;
    return *rc ? -1 : found;
}

/* A person's handle keeps the group's salt for new passphrase slots. */
static void pin_group(im_vault *v, const im_slot *s)
{
    v->salt_pinned = 1;
    memcpy(v->pinned_salt, s->salt, IM_SALT_BYTES);
    v->pinned_params = s->params;
}

im_rc im_people_unlock(const char *data_dir, const char *passphrase,
                       const im_kdf_params *cost_if_none, im_vault **out)
{
    if (!data_dir || !passphrase || !out)
        return IM_ERR_INVALID;
    *out = NULL;
    if (sodium_init() < 0)
        return IM_ERR_NOMEM;
    if (strlen(passphrase) > IM_PASSPHRASE_MAX_BYTES)
        return IM_ERR_WRONG_SECRET; /* could never have been set */
    roster r;
    im_rc rc = roster_open(data_dir, &r);
    if (rc)
        return rc;
    unsigned char *key = sodium_malloc(IM_SLOT_KEY_BYTES);
    if (!key) {
        roster_close(&r, NULL);
        return IM_ERR_NOMEM;
    }
    int opens = 0;
    int i = roster_find(&r, passphrase, cost_if_none, key, &rc, &opens);
    /* a passphrase two spaces share opens neither (see the notes) */
    if (!rc && (i < 0 || opens > 1))
        rc = IM_ERR_WRONG_SECRET;
    if (!rc)
        rc = im_vault_unlock_key(r.p[i].v, &r.p[i].pass, key);
    sodium_free(key);
    if (!rc) {
        pin_group(r.p[i].v, &r.p[i].pass);
        *out = r.p[i].v;
    }
    roster_close(&r, *out);
    return rc;
}

im_rc im_people_unlock_recovery(const char *data_dir, const char *code,
                                im_vault **out)
{
    if (!data_dir || !code || !out)
        return IM_ERR_INVALID;
    *out = NULL;
    if (sodium_init() < 0)
        return IM_ERR_NOMEM;
    unsigned char bytes[IM_RECOVERY_CODE_BYTES];
    im_rc rc = im_recovery_parse(code, bytes);
    sodium_memzero(bytes, sizeof bytes);
    if (rc)
        return rc; /* malformed: nothing to try */
    roster r;
    rc = roster_open(data_dir, &r);
    if (rc)
        return rc;
    rc = IM_ERR_WRONG_SECRET;
    for (int i = 0; i < r.n && rc == IM_ERR_WRONG_SECRET; i++) {
        im_rc one = im_vault_unlock_recovery(r.p[i].v, code);
        if (one == IM_OK) {
            if (r.p[i].has_pass)
                pin_group(r.p[i].v, &r.p[i].pass);
            *out = r.p[i].v;
        }
        if (one != IM_ERR_DAMAGED) /* a broken slot: try the others */
            rc = one;
    }
    roster_close(&r, *out);
    return rc;
}

/* A refused passphrase (it opens someone else's space) is a guess that
 * hit: it counts in the person's own counter (their session's wait) and in
 * the owner's (the lock screen's), opened here for that alone -- no key,
 * nothing read but the file beside it.  The owner's may be open in another
 * copy of the app: then only the person's counts, and the refusal stands. */
static void count_refusal(im_vault *v, const char *data_dir)
{
    im_rc_ignore(im_vault_tries_note(v, NULL));
    im_vault *owner = NULL;
    if (im_vault_open(data_dir, &owner) == IM_OK) {
        im_rc_ignore(im_vault_tries_note(owner, NULL));
        im_vault_close(owner);
    }
}

im_rc im_people_passphrase_free(im_vault *v, const char *new_passphrase)
{
    if (!v || !new_passphrase)
        return IM_ERR_INVALID;
    if (!im_people_is_person(v))
        return IM_OK;
    char data_dir[PATH_CAP];
    int n = snprintf(data_dir, sizeof data_dir, "%s", v->dir);
    if (n <= 0 || (size_t)n >= sizeof data_dir)
        return IM_ERR_TOO_LARGE;
    for (int up = 0; up < 2; up++) { /* <data>/people/<name> -> <data> */
        char *slash = strrchr(data_dir, '/');
        if (!slash)
            return IM_ERR_INVALID;
        *slash = 0;
    }
    roster r;
    im_rc rc = roster_open_but(data_dir, v->dir, &r);
    if (rc || r.n == 0) {
        roster_close(&r, NULL);
        return rc; /* nobody else: nothing to share it with */
    }
    unsigned char *key = sodium_malloc(IM_SLOT_KEY_BYTES);
    int same = key ? roster_find(&r, new_passphrase, NULL, key, &rc, NULL) : -1;
    if (!key)
        rc = IM_ERR_NOMEM;
    if (!rc && same >= 0)
        rc = IM_ERR_EXISTS;
    if (key)
        sodium_free(key);
    roster_close(&r, NULL);
    if (rc == IM_ERR_EXISTS)
        count_refusal(v, data_dir);
    return rc;
}

int im_people_is_person(const im_vault *v)
{
    if (!v || !v->dir)
        return 0;
    const char *slash = strrchr(v->dir, '/');
    if (!slash || !im_people_name_ok(slash + 1))
        return 0;
    size_t parent = (size_t)(slash - v->dir), n = strlen(IM_PEOPLE_DIR_NAME);
    return parent > n && v->dir[parent - n - 1] == '/' &&
           memcmp(v->dir + parent - n, IM_PEOPLE_DIR_NAME, n) == 0;
}

static im_rc count_one(const char *dir, const char *name, void *ctx)
{
    (void)dir;
    (void)name;
    (*(int *)ctx)++;
    return IM_OK;
}

im_rc im_people_count(const char *data_dir, int *n)
{
    if (!data_dir || !n)
        return IM_ERR_INVALID;
    *n = 0;
    return im_people_walk(data_dir, count_one, n);
}

/* Removes a folder holding (parts of) a vault: its files, then itself. */
static im_rc remove_space_dir(const char *dir)
{
    im_rc rc = im_vault_erase_dir(dir);
    if (rc == IM_ERR_NOT_FOUND)
        rc = IM_OK;
    if (rmdir(dir) != 0 && errno != ENOENT && !rc)
        rc = IM_ERR_IO;
    return rc;
}

/* A kill during an earlier add left people/.new-<name>/: it goes. */
static void remove_leftovers(const char *root)
{
    DIR *d = opendir(root);
    if (!d)
        return;
    struct dirent *e;
    char sub[PATH_CAP + 300];
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, NEW_PREFIX, sizeof NEW_PREFIX - 1) != 0 ||
            !im_people_name_ok(e->d_name + sizeof NEW_PREFIX - 1))
            continue;
        snprintf(sub, sizeof sub, "%s/%s", root, e->d_name);
        im_rc_ignore(remove_space_dir(sub)); /* tried again next time */
    }
    closedir(d);
}

/* The group a new slot of cost params joins: the index of a person with a
 * slot of exactly that cost, -1 if none. */
static int group_for(const roster *r, const im_kdf_params *params)
{
    for (int i = 0; i < r->n; i++)
        if (r->p[i].has_pass &&
            r->p[i].pass.params.opslimit == params->opslimit &&
            r->p[i].pass.params.memlimit == params->memlimit)
            return i;
    return -1;
}

/* Builds the new space in tmp and renames it to dir. */
static im_rc build_person(const char *root, const char *tmp, const char *dir,
                          const char *passphrase, const im_kdf_params *params,
                          const unsigned char *salt, char *code)
{
    if (mkdir(tmp, 0700) != 0)
        return errno == ENOSPC ? IM_ERR_DISK_FULL : IM_ERR_IO;
    im_vault *v = NULL;
    im_rc rc = im_vault_create_salted(tmp, passphrase, params, salt, code, &v);
    if (!rc)
        im_vault_close(v); /* its instance lock goes with the handle */
    if (!rc && rename(tmp, dir) != 0)
        rc = errno == ENOSPC ? IM_ERR_DISK_FULL : IM_ERR_IO;
    if (!rc)
        im_rc_ignore(im_folder_sync(root)); /* data synced: best effort */
    if (rc) {
        sodium_memzero(code, IM_RECOVERY_CODE_SIZE);
        im_rc_ignore(remove_space_dir(tmp)); /* nothing half made stays */
    }
    return rc;
}

im_rc im_people_add(im_vault *owner, const char *passphrase,
                    const im_kdf_params *kdf,
                    char recovery_code[IM_RECOVERY_CODE_SIZE])
{
    if (!owner || !recovery_code)
        return IM_ERR_INVALID;
    IM_ASSERT(im_vault_idle_ok(owner));
    if (!owner->keys)
        return IM_ERR_LOCKED;
    if (im_people_is_person(owner))
        return IM_ERR_INVALID;
    im_rc rc = im_passphrase_check(passphrase);
    if (rc)
        return rc;
    im_kdf_params params;
    if (kdf) {
        params = *kdf;
        if (!im_kdf_params_acceptable(&params))
            return IM_ERR_INVALID;
    } else if ((rc = im_vault_kdf_local(owner, &params))) {
        return rc;
    }
    char root[PATH_CAP], name[NAME_HEX + 1], tmp[PATH_CAP + 64],
        dir[PATH_CAP + 64];
    rc = root_path(owner->dir, root, sizeof root);
    if (rc)
        return rc;
    if (mkdir(root, 0700) != 0 && errno != EEXIST)
        return errno == ENOSPC ? IM_ERR_DISK_FULL : IM_ERR_IO;
    remove_leftovers(root);
    roster r;
    rc = roster_open(owner->dir, &r);
    if (rc)
        return rc;
    if (r.n >= IM_PEOPLE_MAX)
        rc = IM_ERR_TOO_LARGE;
    int g = rc ? -1 : group_for(&r, &params);
    unsigned char salt[IM_SALT_BYTES];
    if (g >= 0)
        memcpy(salt, r.p[g].pass.salt, sizeof salt);
    else
        randombytes_buf(salt, sizeof salt);
    if (!rc && r.n > 0) {
        /* the same passphrase as someone else's, in any group (a restore
         * can bring in one of another salt), could not be told apart */
        unsigned char *key = sodium_malloc(IM_SLOT_KEY_BYTES);
        int same = key ? roster_find(&r, passphrase, NULL, key, &rc, NULL) : -1;
        if (!key)
            rc = IM_ERR_NOMEM;
        if (!rc && same >= 0)
            rc = IM_ERR_EXISTS;
        if (key)
            sodium_free(key);
    }
    roster_close(&r, NULL);
    if (!rc) {
        unsigned char raw[NAME_HEX / 2];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2hex(name, sizeof name, raw, sizeof raw);
        snprintf(tmp, sizeof tmp, "%s/%s%s", root, NEW_PREFIX, name);
        snprintf(dir, sizeof dir, "%s/%s", root, name);
        rc = build_person(root, tmp, dir, passphrase, &params, salt,
                          recovery_code);
    }
    IM_ASSERT(im_vault_idle_ok(owner));
    return rc;
}

im_rc im_people_remove(im_vault *person)
{
    if (!person)
        return IM_ERR_INVALID;
    if (!im_people_is_person(person)) {
        im_vault_close(person);
        return IM_ERR_INVALID;
    }
    char dir[PATH_CAP], root[PATH_CAP];
    snprintf(dir, sizeof dir, "%s", person->dir);
    snprintf(root, sizeof root, "%s", person->dir);
    char *slash = strrchr(root, '/');
    if (slash)
        *slash = 0;
    im_rc rc = im_vault_erase(person); /* frees the handle */
    if (rmdir(dir) != 0 && errno != ENOENT && !rc)
        rc = IM_ERR_IO;
    if (!rc) {
        /* the last one gone: no empty people/ is left to tell of them */
        if (rmdir(root) != 0 && errno != ENOTEMPTY && errno != EEXIST &&
            errno != ENOENT)
            rc = IM_ERR_IO;
        char parent[PATH_CAP];
        snprintf(parent, sizeof parent, "%s", root);
        char *ps = strrchr(parent, '/');
        if (ps) {
            *ps = 0;
            im_rc_ignore(im_folder_sync(parent)); /* best effort */
        }
    }
    return rc;
}
