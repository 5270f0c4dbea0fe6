/*
 * test_vault_lifecycle.c -- create, lock, unlock (passphrase and recovery
 * code), change passphrase, new recovery code, upward rewrap, the instance
 * lock, erase, and plain preferences.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <string.h>
#include <sys/stat.h>

#include "vault_test.h"

static const char note[] = "a note that must survive every rewrap";

static void check_note(im_vault *v, int64_t id)
{
    im_buf b;
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, id, &b), IM_OK);
    CHECK(b.len == sizeof note && memcmp(b.data, note, sizeof note) == 0);
    im_buf_free(&b);
}

/* "ABCD-EFGH-..." -> "abcd efgh ..." with O/I/B written as 0/1/8. */
static void sloppy_copy(const char *code, char *out)
{
    size_t o = 0;
    for (const char *p = code; *p; p++) {
        char c = *p;
        if (c == '-') {
            out[o++] = ' ';
            continue;
        }
        if (c == 'O')
            c = '0';
        else if (c == 'I')
            c = '1';
        else if (c == 'B')
            c = '8';
        out[o++] = (char)tolower((unsigned char)c);
    }
    out[o++] = ' ';
    out[o] = '\0';
}

static void test_passphrase_rules(void)
{
    CHECK_RC(im_passphrase_check("1234567"), IM_ERR_WEAK_SECRET);
    /* The floor is in estimated guesses (tests/passphrase has the table):
     * eight characters in a row on the keyboard are not enough. */
    CHECK_RC(im_passphrase_check("12345678"), IM_ERR_WEAK_SECRET);
    /* Counted in characters, not bytes: 12 unrelated code points (36 bytes)
     * pass, 6 (18 bytes) do not. */
    CHECK_RC(im_passphrase_check("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
                                 "\xe3\x81\xae\xe3\x83\x91\xe3\x82\xb9"
                                 "\xe3\x83\x95\xe3\x83\xac\xe3\x83\xbc"
                                 "\xe3\x82\xba\xe3\x81\xa7\xe3\x81\x99"),
             IM_OK);
    CHECK_RC(im_passphrase_check("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
                                 "\xe3\x81\xae\xe3\x83\x91\xe3\x82\xb9"),
             IM_ERR_WEAK_SECRET);
    CHECK_RC(im_passphrase_check("abcdefgh\xc3"), IM_ERR_INVALID);
    CHECK_RC(im_passphrase_check("abcdefgh\xc0\xaf"), IM_ERR_INVALID);
    CHECK_RC(im_passphrase_check("abcdefgh\xed\xa0\x80"), IM_ERR_INVALID);
    CHECK_RC(im_passphrase_check(NULL), IM_ERR_INVALID);
    char big[IM_PASSPHRASE_MAX_BYTES + 2];
    for (size_t i = 0; i < sizeof big - 1; i++) /* no repeat, no sequence */
        big[i] = (char)('a' + (i * 7) % 26);
    big[sizeof big - 1] = '\0';
    CHECK_RC(im_passphrase_check(big), IM_ERR_TOO_LARGE);
    big[IM_PASSPHRASE_MAX_BYTES] = '\0';
    CHECK_RC(im_passphrase_check(big), IM_OK);
}

static void test_create_refusals(void)
{
    char *dir = im_tmpdir_make("vault-refuse");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE];
    im_kdf_params kdf = im_kdf_params_min(), weak = {1, 8 * 1024 * 1024};
    im_vault *v = NULL;
    CHECK_RC(im_vault_create(dir, "short", &kdf, code, &v), IM_ERR_WEAK_SECRET);
    CHECK_RC(im_vault_create(dir, TH_PASS, &weak, code, &v), IM_ERR_INVALID);
    CHECK(v == NULL);
    CHECK(vt_dir_count(dir) == 0); /* a failed create leaves nothing */
    CHECK(!im_vault_exists(dir));
    CHECK_RC(im_vault_open(dir, &v), IM_ERR_NOT_FOUND);
    CHECK(vt_dir_count(dir) == 0);

    char missing[4096];
    snprintf(missing, sizeof missing, "%s/no/such/dir", dir);
    CHECK_RC(im_vault_create(missing, TH_PASS, &kdf, code, &v), IM_ERR_NOT_FOUND);

    v = th_vault_create(dir, NULL, NULL);
    im_vault *again = NULL;
    CHECK_RC(im_vault_create(dir, TH_PASS, &kdf, code, &again), IM_ERR_BUSY);
    im_vault_close(v);
    CHECK_RC(im_vault_create(dir, TH_PASS, &kdf, code, &again), IM_ERR_EXISTS);
    CHECK(again == NULL);
    CHECK(im_vault_exists(dir));
    im_tmpdir_remove(dir);
}

static void test_round_trip(void)
{
    char *dir = im_tmpdir_make("vault-life");
    REQUIRE(dir);
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v = th_vault_create(dir, NULL, code);
    CHECK(im_vault_exists(dir));
    CHECK(im_vault_is_unlocked(v));
    CHECK(strlen(code) == IM_RECOVERY_CODE_SIZE - 1);
    CHECK(code[5] == '-' && code[41] == '-'); /* groups of 4 and a check character */

    /* The database and its siblings are private to the user. */
    struct stat st;
    REQUIRE(stat(im_vault_db_path(v), &st) == 0);
    CHECK((st.st_mode & 077) == 0);

    int64_t id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, note, sizeof note), IM_OK);

    /* lock -> unlock */
    im_vault_lock(v);
    CHECK(!im_vault_is_unlocked(v));
    im_buf b;
    CHECK_RC(im_record_get(v, IM_KIND_JOURNAL, id, &b), IM_ERR_LOCKED);
    CHECK_RC(im_vault_unlock(v, TH_PASS "x"), IM_ERR_WRONG_SECRET);
    CHECK(!im_vault_is_unlocked(v));
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    check_note(v, id);
    /* While unlocked, unlock only checks: a wrong one leaves it unlocked. */
    CHECK_RC(im_vault_unlock(v, "not it at all"), IM_ERR_WRONG_SECRET);
    CHECK(im_vault_is_unlocked(v));
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);

    /* close -> open -> unlock */
    im_vault_close(v);
    v = NULL;
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    REQUIRE(v);
    CHECK(!im_vault_is_unlocked(v));
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    check_note(v, id);

    /* Recovery code: as shown, and typed sloppily. */
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_OK);
    check_note(v, id);
    im_vault_lock(v);
    char sloppy[IM_RECOVERY_CODE_SIZE * 2];
    sloppy_copy(code, sloppy);
    CHECK_RC(im_vault_unlock_recovery(v, sloppy), IM_OK);
    check_note(v, id);
    im_vault_lock(v);
    char wrong[IM_RECOVERY_CODE_SIZE];
    memcpy(wrong, code, sizeof wrong);
    wrong[0] = wrong[0] == 'A' ? 'C' : 'A';
    /* one character changed: the group's check character catches it */
    CHECK_RC(im_vault_unlock_recovery(v, wrong), IM_ERR_INVALID);
    /* the same spelt as codes were before check characters (32, no
     * checks): a well-formed code that opens nothing */
    size_t k = 0;
    for (int i = 0; code[i]; i++)
        if (code[i] != '-' && i % 6 != 4)
            wrong[k++] = i ? code[i] : (code[0] == 'A' ? 'C' : 'A');
    wrong[k] = 0;
    CHECK(k == 32);
    CHECK_RC(im_vault_unlock_recovery(v, wrong), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock_recovery(v, "ABCD-EFGH"), IM_ERR_INVALID);
    CHECK_RC(im_vault_unlock_recovery(v, "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-"
                                         "YZ23-4569"),
             IM_ERR_INVALID);
    CHECK_RC(im_vault_unlock_recovery(v, NULL), IM_ERR_INVALID);
    CHECK(!im_vault_is_unlocked(v));

    /* Change passphrase: old fails, new works, records intact. */
    CHECK_RC(im_vault_change_passphrase(v, "the new one!", NULL), IM_ERR_LOCKED);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK_RC(im_vault_change_passphrase(v, "short", NULL), IM_ERR_WEAK_SECRET);
    CHECK_RC(im_vault_change_passphrase(v, "the new one!", NULL), IM_OK);
    im_vault_close(v);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock(v, "the new one!"), IM_OK);
    check_note(v, id);
    /* The recovery code is untouched by a passphrase change. */
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_OK);
    CHECK(im_vault_recovery_used(v));
    /* After a recovery unlock there is no passphrase key to keep: a new
     * code alone cannot be made (a new passphrase must come with it). */
    char code2[IM_RECOVERY_CODE_SIZE];
    CHECK_RC(im_vault_new_recovery_code(v, code2), IM_ERR_STATE);
    check_note(v, id);
    im_vault_lock(v);
    CHECK_RC(im_vault_unlock(v, "the new one!"), IM_OK);
    CHECK(!im_vault_recovery_used(v));

    /* New recovery code: the old one stops working. */
    CHECK_RC(im_vault_new_recovery_code(v, code2), IM_OK);
    CHECK(strcmp(code, code2) != 0);
    im_vault_close(v);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    CHECK_RC(im_vault_unlock_recovery(v, code), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_unlock_recovery(v, code2), IM_OK);
    check_note(v, id);
    im_vault_lock(v);
    CHECK_RC(im_vault_new_recovery_code(v, code2), IM_ERR_LOCKED);

    /* Second instance on the same directory. */
    im_vault *second = NULL;
    CHECK_RC(im_vault_open(dir, &second), IM_ERR_BUSY);
    CHECK(second == NULL);
    CHECK_RC(im_vault_erase_dir(dir), IM_ERR_BUSY);
    CHECK(im_vault_exists(dir));

    /* Erase: nothing left in the directory. */
    CHECK_RC(im_vault_erase(v), IM_OK);
    CHECK(vt_dir_count(dir) == 0);
    CHECK(!im_vault_exists(dir));
    im_tmpdir_remove(dir);
}

static void test_erase_dir_and_unlocked_erase(void)
{
    char *dir = im_tmpdir_make("vault-erase");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    int64_t id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_DRAFT, &id, note, sizeof note), IM_OK);
    CHECK(vt_dir_count(dir) > 1);       /* db, wal, shm, lock */
    CHECK_RC(im_vault_erase(v), IM_OK); /* unlocked, WAL not checkpointed */
    CHECK(vt_dir_count(dir) == 0);

    v = th_vault_create(dir, NULL, NULL);
    im_vault_close(v);
    CHECK_RC(im_vault_erase_dir(dir), IM_OK);
    CHECK(vt_dir_count(dir) == 0);
    CHECK_RC(im_vault_erase_dir(dir), IM_OK); /* nothing there: fine */
    CHECK(vt_dir_count(dir) == 0);
    im_tmpdir_remove(dir);
}

static void test_rewrap_upward(void)
{
    char *dir = im_tmpdir_make("vault-rewrap");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    int64_t id = 0;
    CHECK_RC(im_record_put(v, IM_KIND_JOURNAL, &id, note, sizeof note), IM_OK);
    im_kdf_params min = im_kdf_params_min(), got;
    CHECK_RC(im_vault_kdf_params(v, &got), IM_OK);
    CHECK(got.opslimit == min.opslimit && got.memlimit == min.memlimit);
    im_vault_close(v);

    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    im_kdf_params higher = {2, 72ULL * 1024 * 1024};
    im_vault_set_kdf_policy(v, &higher);
    im_vault_set_kdf_policy(v, &min);              /* never lowers */
    CHECK_RC(im_vault_kdf_params(v, &got), IM_OK); /* readable while locked */
    CHECK(got.opslimit == 1);
    CHECK_RC(im_vault_unlock(v, "wrong passphrase"), IM_ERR_WRONG_SECRET);
    CHECK_RC(im_vault_kdf_params(v, &got), IM_OK);
    CHECK(got.opslimit == 1); /* a wrong passphrase rewraps nothing */
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    CHECK_RC(im_vault_kdf_params(v, &got), IM_OK);
    CHECK(got.opslimit == higher.opslimit && got.memlimit == higher.memlimit);
    im_vault_close(v);

    CHECK_RC(im_vault_open(dir, &v), IM_OK); /* policy back at minimum */
    CHECK_RC(im_vault_unlock(v, TH_PASS), IM_OK);
    check_note(v, id);
    CHECK_RC(im_vault_kdf_params(v, &got), IM_OK);
    CHECK(got.opslimit == higher.opslimit && got.memlimit == higher.memlimit);
    /* change_passphrase with explicit parameters, then kdf NULL keeps them */
    CHECK_RC(im_vault_change_passphrase(v, TH_PASS "!", &min), IM_OK);
    CHECK_RC(im_vault_kdf_params(v, &got), IM_OK);
    CHECK(got.opslimit == min.opslimit && got.memlimit == min.memlimit);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

static void test_prefs(void)
{
    char *dir = im_tmpdir_make("vault-prefs");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    int64_t x = 0;
    CHECK_RC(im_vault_pref_get(v, "text_size", &x), IM_ERR_NOT_FOUND);
    CHECK_RC(im_vault_pref_set(v, "text_size", 120), IM_OK);
    CHECK_RC(im_vault_pref_set(v, "auto_lock_s", 300), IM_OK);
    CHECK_RC(im_vault_pref_set(v, "auto_lock_s", -5), IM_OK);
    CHECK_RC(im_vault_pref_set(v, "no spaces", 1), IM_ERR_INVALID);
    CHECK_RC(im_vault_pref_set(v, "", 1), IM_ERR_INVALID);
    im_vault_close(v);
    CHECK_RC(im_vault_open(dir, &v), IM_OK);
    /* Preferences are readable and writable while locked. */
    CHECK_RC(im_vault_pref_get(v, "text_size", &x), IM_OK);
    CHECK(x == 120);
    CHECK_RC(im_vault_pref_get(v, "auto_lock_s", &x), IM_OK);
    CHECK(x == -5);
    CHECK_RC(im_vault_pref_set(v, "failed_unlocks", 3), IM_OK);
    im_vault_close(v);
    im_tmpdir_remove(dir);
}

static void test_clock(void)
{
    char *dir = im_tmpdir_make("vault-clock");
    REQUIRE(dir);
    im_vault *v = th_vault_create(dir, NULL, NULL);
    CHECK(im_vault_clock(v) == NULL);
    int64_t now = 1234;
    im_clock c = im_clock_fixed(&now);
    im_vault_set_clock(v, &c);
    CHECK(im_clock_now_ms(im_vault_clock(v)) == 1234);
    im_vault_set_clock(v, NULL);
    CHECK(im_vault_clock(v) == NULL);
    unsigned char id1[IM_VAULT_ID_BYTES], zero[IM_VAULT_ID_BYTES] = {0};
    im_vault_id(v, id1);
    CHECK(memcmp(id1, zero, sizeof zero) != 0);
    im_vault_close(v);
    im_vault_close(NULL);
    im_tmpdir_remove(dir);
}

int main(void)
{
    im_process_harden();
    test_passphrase_rules();
    test_create_refusals();
    test_round_trip();
    test_erase_dir_and_unlocked_erase();
    test_rewrap_upward();
    test_prefs();
    test_clock();
    return im_check_done();
}
