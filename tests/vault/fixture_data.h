/*
 * fixture_data.h -- what tests/fixtures/vault-v1 holds, shared by the tool
 * that wrote it (make_fixture.c) and the test that reads it
 * (test_vault_fixture.c).  Frozen: the checked-in vault was made from
 * exactly this, so changing anything here breaks the test, as it should.
 */
#ifndef IM_FIXTURE_DATA_H
#define IM_FIXTURE_DATA_H

#include <stdint.h>

#include "innermost/vault.h"

#define FIXTURE_DIR "tests/fixtures/vault-v1"
#define FIXTURE_PASSPHRASE "innermost fixture v1 passphrase"

struct fixture_record {
    uint32_t kind;
    int64_t id;       /* the id the fresh vault handed out */
    const char *text; /* NULL: the generated pattern of pattern_len bytes */
    size_t pattern_len;
};

/* In creation order.  Record 3 is written twice (the second text wins) and
 * record 5 is deleted, so the fixture also holds a replaced row and a gap. */
static const struct fixture_record fixture_records[] = {
    {IM_KIND_PROFILE, 1, "Alex\nSam", 0},
    {IM_KIND_JOURNAL, 2,
     "F\xc3\xb6rsta dagen. I said something true today "
     "and nobody left. \xe2\x9c\x93",
     0},
    {IM_KIND_JOURNAL, 3, "Edited: the second entry, as it reads now.", 0},
    {IM_KIND_SETTING, 4, "", 0},
    {IM_KIND_RUN, 6, NULL, 3000},
    {IM_KIND_COUPLE, 7, "{\"deck\":\"five-dimensions\",\"answers\":2}", 0},
};
#define FIXTURE_RECORDS (sizeof fixture_records / sizeof *fixture_records)
#define FIXTURE_REPLACED_ID 3
#define FIXTURE_REPLACED_FIRST "The second entry, first draft."
#define FIXTURE_DELETED_ID 5
#define FIXTURE_PREF_KEY "text_size"
#define FIXTURE_PREF_VALUE 115

/* tests/fixtures/vault-v2 (schema 2: box recovery slot, key check, sealed
 * manifest and auto-lock) holds everything above, plus record 3 written
 * FIXTURE2_EXTRA_EDITS more times with its final text (so its edit count is
 * not 2), and a deleted entry still in the trash. */
#define FIXTURE2_DIR "tests/fixtures/vault-v2"
#define FIXTURE2_PASSPHRASE "innermost fixture v2 passphrase"
#define FIXTURE2_EXTRA_EDITS 3
#define FIXTURE2_TRASH_ID 8
#define FIXTURE2_TRASH_TEXT "A deleted entry, still waiting out its undo."
#define FIXTURE2_AUTOLOCK_S 900

static inline unsigned char fixture_pattern(size_t i) { return (unsigned char)(i * 7 + 3); }

#endif
