/*
 * test_vault_trusted.c -- the core side of the trusted-storage seam
 * (trusted_store.h), with an in-memory store standing in for Android
 * Keystore / iOS Keychain (whose platform sides are not verified here):
 * a whole-file rollback is reported when a store is set (and, as the
 * README says, not without one), and deleting innermost.tries does not
 * reset the wrong-try count that the store also keeps.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "innermost/trusted_store.h"
#include "vault_test.h"

typedef struct mem_store {
    char names[8][64];
    uint64_t values[8];
    int n;
} mem_store;

static int mem_get(void *ctx, const char *name, uint64_t *value)
{
    mem_store *m = ctx;
    for (int i = 0; i < m->n; i++)
        if (!strcmp(m->names[i], name)) {
            *value = m->values[i];
            return 0;
        }
    return -1;
}

static int mem_put(void *ctx, const char *name, uint64_t value)
{
    mem_store *m = ctx;
    for (int i = 0; i < m->n; i++)
        if (!strcmp(m->names[i], name)) {
            m->values[i] = value;
            return 0;
        }
    if (m->n == 8)
        return -1;
    snprintf(m->names[m->n], 64, "%s", name);
    m->values[m->n++] = value;
    return 0;
}

static char *dir;

static void copy_file(const char *from, const char *to)
{
    size_t n = 0;
    unsigned char *b = im_file_read(from, &n);
    REQUIRE(b);
    REQUIRE(im_file_write(to, b, n) == 0);
    free(b);
}

static im_vault *open_with(const im_trusted_store *ts)
{
    im_vault *v = NULL;
    REQUIRE(im_vault_open(dir, &v) == IM_OK);
    im_vault_set_trusted_store(v, ts);
    return v;
}

int main(void)
{
    dir = im_tmpdir_make("vault-trusted");
    REQUIRE(dir);
    char db[4096], old[4096], wal[4096];
    snprintf(db, sizeof db, "%s/innermost.db", dir);
    snprintf(wal, sizeof wal, "%s/innermost.db-wal", dir);
    snprintf(old, sizeof old, "%s/older-copy.db", dir);
    mem_store mem = {0};
    im_trusted_store ts = {&mem, mem_get, mem_put};

    im_vault *v = th_vault_create(dir, NULL, NULL);
    im_vault_set_trusted_store(v, &ts);
    int64_t id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, "early", 5), IM_OK);
    im_vault_close(v); /* lock: the counter goes to the store */
    copy_file(db, old);
    v = open_with(&ts);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    im_history h;
    CHECK_RC(im_vault_history(v, &h), IM_OK);
    CHECK(!h.rolled_back);
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, "later words", 11), IM_OK);
    im_vault_close(v);

    /* The whole file put back: the manifest inside is consistent. */
    copy_file(old, db);
    unlink(wal);
    v = open_with(NULL); /* a desktop: not caught */
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK_RC(im_vault_history(v, &h), IM_OK);
    CHECK(!h.rolled_back && !h.changed && !h.added && !h.removed);
    im_vault_close(v);
    copy_file(old, db);
    unlink(wal);
    v = open_with(&ts); /* with trusted storage: reported */
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK_RC(im_vault_history(v, &h), IM_OK);
    CHECK(h.rolled_back);
    char words[512];
    CHECK(im_history_describe(&h, words, sizeof words) > 0 && strstr(words, "earlier copy"));
    im_vault_lock(v);

    /* Wrong tries: the file deleted, the store still counts. */
    int n = 0;
    CHECK_RC(im_vault_tries_note(v, &n), IM_OK);
    CHECK_RC(im_vault_tries_note(v, &n), IM_OK);
    CHECK(n == 2);
    char tries[4096];
    snprintf(tries, sizeof tries, "%s/innermost.tries", dir);
    CHECK(unlink(tries) == 0);
    CHECK(im_vault_tries_count(v) == 2);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK(im_vault_tries_since_unlock(v) == 2);
    CHECK(im_vault_tries_count(v) == 0);
    im_vault_close(v);
    im_tmpdir_remove(dir);
    return im_check_done();
}
