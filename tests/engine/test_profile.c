/*
 * test_profile -- the profile record (profile.h): names round-trip through
 * the vault, long names are cut at a character boundary, bad UTF-8 is
 * refused, a record of the first build's format (version 1, NUL-ended
 * names) is still read and the next save rewrites it in place, and a
 * record that does not decode is reported and replaced.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "innermost/profile.h"
#include "innermost/vault.h"

#define PASS "profile test passphrase"

static void test_round_trip(im_vault *v)
{
    im_profile p;
    int64_t id = 1234;
    CHECK_RC(im_profile_load(v, &p, &id), IM_OK);
    CHECK(id == 0 && !p.name[0] && !p.partner[0]);
    CHECK_RC(im_profile_save(v, "Ana", NULL, &id, &p), IM_OK);
    CHECK(id > 0 && !strcmp(p.name, "Ana") && !p.partner[0]);
    int64_t first = id;
    CHECK_RC(im_profile_save(v, "Ana", "Sam", &id, NULL), IM_OK);
    CHECK(id == first);
    size_t n = 0;
    CHECK_RC(im_record_count(v, IM_KIND_PROFILE, &n), IM_OK);
    CHECK(n == 1);
    id = 0;
    CHECK_RC(im_profile_load(v, &p, &id), IM_OK);
    CHECK(id == first && !strcmp(p.name, "Ana") && !strcmp(p.partner, "Sam"));
    /* the record is in the one record format: format byte 2, tagged */
    im_buf b = {0};
    CHECK_RC(im_record_get(v, IM_KIND_PROFILE, id, &b), IM_OK);
    CHECK(b.len > 0 && b.data[0] == 2);
    im_buf_free(&b);

    /* 62 ASCII bytes and a 2-byte character: cut before the character */
    char longname[80];
    memset(longname, 'a', 62);
    strcpy(longname + 62, "\xc3\xa9xyz");
    CHECK_RC(im_profile_save(v, longname, "Sam", &id, &p), IM_OK);
    CHECK(strlen(p.name) == 62 && p.name[61] == 'a');
    CHECK_RC(im_profile_load(v, &p, &id), IM_OK);
    CHECK(strlen(p.name) == 62);
    /* not UTF-8: refused, the record unchanged */
    CHECK_RC(im_profile_save(v, "\xff\xfe", "Sam", &id, NULL), IM_ERR_INVALID);
    CHECK_RC(im_profile_load(v, &p, &id), IM_OK);
    CHECK(strlen(p.name) == 62 && !strcmp(p.partner, "Sam"));
    im_profile_wipe(&p);
    CHECK(!p.name[0] && !p.partner[0]);
    CHECK_RC(im_record_delete(v, IM_KIND_PROFILE, id), IM_OK);
}

static void test_old_format(im_vault *v)
{
    /* as the first build wrote it */
    static const unsigned char old[] = {1, 'J', 'o', 0, 'K', 'i', 'm', 0};
    int64_t id = 0, got = 0;
    REQUIRE(im_record_put(v, IM_KIND_PROFILE, &id, old, sizeof old) == IM_OK);
    im_profile p;
    CHECK_RC(im_profile_load(v, &p, &got), IM_OK);
    CHECK(got == id && !strcmp(p.name, "Jo") && !strcmp(p.partner, "Kim"));
    /* only a partner, as onboarding may leave it */
    static const unsigned char old2[] = {1, 0, 'K', 'i', 'm', 0};
    REQUIRE(im_record_put(v, IM_KIND_PROFILE, &id, old2, sizeof old2) == IM_OK);
    CHECK_RC(im_profile_load(v, &p, &got), IM_OK);
    CHECK(!p.name[0] && !strcmp(p.partner, "Kim"));
    /* the next save rewrites the same record in the current format */
    CHECK_RC(im_profile_save(v, "Jo", "Kim", &got, NULL), IM_OK);
    CHECK(got == id);
    im_buf b = {0};
    CHECK_RC(im_record_get(v, IM_KIND_PROFILE, id, &b), IM_OK);
    CHECK(b.len > 0 && b.data[0] == 2);
    im_buf_free(&b);
    CHECK_RC(im_profile_load(v, &p, &got), IM_OK);
    CHECK(!strcmp(p.name, "Jo") && !strcmp(p.partner, "Kim"));

    /* bytes that decode as neither: reported, names empty, id kept */
    static const unsigned char bad[][4] = {{1, 'J', 'o', 'x'}, /* no NUL  */
                                           {1, 0xff, 0, 0},    /* not UTF-8 */
                                           {2, 1, 9, 0},       /* torn TLV */
                                           {9, 0, 0, 0}};      /* format? */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        REQUIRE(im_record_put(v, IM_KIND_PROFILE, &id, bad[i], 4) == IM_OK);
        got = 0;
        CHECK_RC(im_profile_load(v, &p, &got), IM_ERR_DAMAGED);
        CHECK(got == id && !p.name[0] && !p.partner[0]);
    }
    CHECK_RC(im_profile_save(v, "Jo", "", &got, NULL), IM_OK);
    CHECK(got == id);
    CHECK_RC(im_profile_load(v, &p, &got), IM_OK);
    CHECK(!strcmp(p.name, "Jo") && !p.partner[0]);
}

int main(void)
{
    char *dir = im_tmpdir_make("profile");
    REQUIRE(dir);
    im_kdf_params kdf = im_kdf_params_min();
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *v = NULL;
    REQUIRE(im_vault_create(dir, PASS, &kdf, code, &v) == IM_OK);
    test_round_trip(v);
    test_old_format(v);
    im_vault_close(v);
    /* no name reaches the disk in clear */
    CHECK(im_scan_dir_for(dir, "Kim", 3) == 0);
    im_tmpdir_remove(dir);
    return im_check_done();
}
