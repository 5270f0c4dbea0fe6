/*
 * test_support_card -- the "My support" card (core/src/support.c): saved
 * sealed in the vault, read back after a reopen, replaced in place (one
 * record), deleted when emptied, refused when a field is not text (the old
 * card kept), unreadable while locked, and never on disk in plaintext.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "innermost/support.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define CANARY "CANARY-5e1d-crisis-line"

static char *dir;

static im_vault *reopen(im_vault *v) { return th_vault_reopen(v, dir); }

static size_t settings(im_vault *v)
{
    size_t n = 99;
    CHECK_RC(im_record_count(v, IM_KIND_SETTING, &n), IM_OK);
    return n;
}

static void fill(im_support *s, const char *a, const char *b, const char *c)
{
    im_support_wipe(s);
    snprintf(s->field[IM_SUPPORT_CRISIS_LINE], IM_SUPPORT_FIELD_MAX, "%s", a);
    snprintf(s->field[IM_SUPPORT_TRUSTED], IM_SUPPORT_FIELD_MAX, "%s", b);
    snprintf(s->field[IM_SUPPORT_THERAPIST], IM_SUPPORT_FIELD_MAX, "%s", c);
}

int main(void)
{
    dir = im_tmpdir_make("support-card");
    im_vault *v = th_vault_create(dir, NULL, NULL);
    im_support s, got;

    /* nothing saved: an empty card, no record */
    memset(&got, 'x', sizeof got);
    CHECK_RC(im_support_load(v, &got), IM_OK);
    CHECK(im_support_is_empty(&got));

    /* another setting record is left alone and not taken for the card */
    int64_t other = 0;
    CHECK_RC(im_record_put(v, IM_KIND_SETTING, &other, "\x01other", 6), IM_OK);

    fill(&s, CANARY " 0800 123 456", "Sam, my sister: 07700 900123", "");
    CHECK_RC(im_support_save(v, &s), IM_OK);
    CHECK(settings(v) == 2);
    v = reopen(v);
    CHECK_RC(im_support_load(v, &got), IM_OK);
    CHECK(!strcmp(got.field[IM_SUPPORT_CRISIS_LINE], CANARY " 0800 123 456"));
    CHECK(!strcmp(got.field[IM_SUPPORT_TRUSTED], "Sam, my sister: 07700 900123"));
    CHECK(got.field[IM_SUPPORT_THERAPIST][0] == '\0');

    /* replaced in place: still one card, with the new words (UTF-8 ok) */
    fill(&s, CANARY " 0800 123 456", "", "Dr Ólafsdóttir, Tuesdays");
    CHECK_RC(im_support_save(v, &s), IM_OK);
    CHECK(settings(v) == 2);
    CHECK_RC(im_support_load(v, &got), IM_OK);
    CHECK(got.field[IM_SUPPORT_TRUSTED][0] == '\0');
    CHECK(!strcmp(got.field[IM_SUPPORT_THERAPIST], "Dr Ólafsdóttir, Tuesdays"));

    /* not text: refused, the saved card unchanged */
    fill(&s, "line\none", "", "");
    CHECK_RC(im_support_save(v, &s), IM_ERR_INVALID);
    fill(&s, "\xC3(", "", "");
    CHECK_RC(im_support_save(v, &s), IM_ERR_INVALID);
    memset(&s, 'a', sizeof s); /* no NUL inside a field */
    CHECK_RC(im_support_save(v, &s), IM_ERR_INVALID);
    CHECK_RC(im_support_load(v, &got), IM_OK);
    CHECK(!strcmp(got.field[IM_SUPPORT_CRISIS_LINE], CANARY " 0800 123 456"));

    /* the plaintext never reaches the vault's folder */
    im_vault_close(v);
    CHECK(im_scan_dir_for(dir, CANARY, strlen(CANARY)) == 0);
    {
        im_vault *w = NULL;
        REQUIRE(im_vault_open(dir, &w) == IM_OK);
        REQUIRE(im_vault_unlock(w, TH_PASS) == IM_OK);
        v = w;
    }

    /* locked: nothing read, nothing written */
    im_vault_lock(v);
    memset(&got, 'x', sizeof got);
    CHECK_RC(im_support_load(v, &got), IM_ERR_LOCKED);
    CHECK(im_support_is_empty(&got));
    fill(&s, "new", "", "");
    CHECK_RC(im_support_save(v, &s), IM_ERR_LOCKED);
    REQUIRE(im_vault_unlock(v, TH_PASS) == IM_OK);
    CHECK_RC(im_support_load(v, &got), IM_OK);
    CHECK(!strcmp(got.field[IM_SUPPORT_CRISIS_LINE], CANARY " 0800 123 456"));

    /* emptied: the record goes, the other setting stays */
    fill(&s, "", "", "");
    CHECK_RC(im_support_save(v, &s), IM_OK);
    CHECK(settings(v) == 1);
    CHECK_RC(im_support_load(v, &got), IM_OK);
    CHECK(im_support_is_empty(&got));
    im_buf b = {0};
    CHECK_RC(im_record_get(v, IM_KIND_SETTING, other, &b), IM_OK);
    CHECK(b.len == 6 && !memcmp(b.data, "\x01other", 6));
    im_buf_free(&b);

    /* a card as a later version may write it: its own field skipped, ours
     * read; and cards that do not decode: reported, nothing shown */
    static const unsigned char later[] = {0x53, 1, 2, 0, 0, 0, 'h', 'i', 99, 1, 0, 0, 0, 'z'};
    int64_t card = 0;
    REQUIRE(im_record_put(v, IM_KIND_SETTING, &card, later, sizeof later) == IM_OK);
    CHECK_RC(im_support_load(v, &got), IM_OK);
    CHECK(!strcmp(got.field[0], "hi") && !got.field[1][0]);
    static const unsigned char bad[][8] = {
        {0x53, 1, 2, 0, 0, 0, 'a', 0x01}, /* a control character */
        {0x53, 1, 2, 0, 0, 0, 'a', 0},    /* a NUL inside */
        {0x53, 1, 2, 0, 0, 0, 0xff, 'a'}, /* not UTF-8 */
        {0x53, 1, 9, 0, 0, 0, 'a', 'b'},  /* torn */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        REQUIRE(im_record_put(v, IM_KIND_SETTING, &card, bad[i], sizeof bad[i]) == IM_OK);
        CHECK_RC(im_support_load(v, &got), IM_ERR_DAMAGED);
        CHECK(im_support_is_empty(&got));
    }

    im_support_wipe(&s);
    im_support_wipe(&got);
    im_vault_close(v);
    im_tmpdir_remove(dir);
    return im_check_done();
}
