/*
 * test_export_couple -- a person's readable export and the couple's space
 * (export.h, options.couple):
 *   - the connection map done together, which lives in the couple's space
 *     since maps moved there, is listed again ("Connection map done
 *     together"), and the finished Together sessions are listed by title
 *     with whether both kept them;
 *   - no answer from the space is in it: not the other partner's
 *     unrevealed words (a session left at the second partner's turn), not
 *     the first partner's handed-off words, not even revealed ones;
 *   - without options.couple (the old call) none of it is there, which is
 *     what the export said before: nothing of the maps once they moved;
 *   - with a date range the maps (dated) stay and the undated sessions are
 *     said to be left out.
 * Fails on main: im_export_options had no couple, and the person's export
 * no longer listed the map done together.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "engine_test.h"
#include "innermost/couple_space.h"
#include "innermost/export.h"
#include "innermost/journal.h"
#include "innermost/progress.h"
#include "innermost/vault.h"

#define PASS "export couple test passphrase"
#define CANARY_UNREVEALED "CANARYunrevealedSamsWords"
#define CANARY_HANDED "CANARYhandedOffAlexWords"
#define CANARY_REVEALED "CANARYrevealedHopesWords"

static const char *TEXT = "id: cm\nkind: together\ntitle: C\n\n"
                          "# Exercise: Connection map\nid: connection-map\nmode: reveal\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nFeelings?\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nIdeas?\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nMoments?\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nMeaning?\n\n"
                          "## Prompt\nanswer: scale\nlow: Far\nhigh: Close\nComfort?\n\n"
                          "# Exercise: Our hopes\nid: hopes\nmode: reveal\n\n"
                          "## Prompt\nanswer: text\nWhat do you hope for?\n";

static im_library *lib;
static int64_t now = 1700000000000;
static im_clock clk;
static uint64_t seed = 7;
static im_rng rng;

/* Both partners answer every step of exercise_id (texts for a text step,
 * scales otherwise); stops at the second partner's last step when
 * stop_at_last, else goes on to DONE, both keeping it if keep. */
static void session(im_vault *space, const char *exercise_id, const char *t0, const char *t1,
                    int stop_at_last, int keep)
{
    const im_exercise *ex = im_library_find_exercise(lib, exercise_id);
    REQUIRE(ex);
    im_couple *c = NULL;
    int64_t id = 0;
    REQUIRE(im_couple_start(ex, "Alex", "Sam", &clk, &rng, &c) == IM_OK);
    REQUIRE(im_couple_attach(c, space, &id) == IM_OK);
    for (int p = 0; p < 2; p++) {
        for (size_t i = 0; i < ex->n_steps; i++) {
            if (ex->steps[i].answer == IM_ANSWER_TEXT)
                REQUIRE(im_couple_answer_text(c, p ? t1 : t0) == IM_OK);
            else
                REQUIRE(im_couple_answer_scale(c, (int)i + p) == IM_OK);
            if (p == 1 && i + 1 == ex->n_steps && stop_at_last) {
                im_couple_free(c); /* saved as it is: Sam's words unrevealed */
                return;
            }
            REQUIRE(im_couple_next(c) == IM_OK);
        }
        if (p == 0) {
            REQUIRE(im_couple_phase_of(c) == IM_PHASE_HANDOFF);
            REQUIRE(im_couple_handoff_done(c) == IM_OK);
        }
    }
    REQUIRE(im_couple_phase_of(c) == IM_PHASE_REVEALED || im_couple_phase_of(c) == IM_PHASE_DONE);
    if (keep) {
        REQUIRE(im_couple_keep(c, 0, 1) == IM_OK);
        REQUIRE(im_couple_keep(c, 1, 1) == IM_OK);
    }
    for (int guard = 0; im_couple_phase_of(c) != IM_PHASE_DONE && guard < 20; guard++)
        REQUIRE(im_couple_next(c) == IM_OK);
    CHECK(im_couple_phase_of(c) == IM_PHASE_DONE);
    im_couple_free(c);
}

static char *export_of(im_journal *j, im_vault *couple, int32_t from, int32_t to, size_t *len)
{
    im_export_options o = {0};
    o.kinds = IM_EXPORT_JOURNAL | IM_EXPORT_PROGRESS | IM_EXPORT_EXERCISES;
    o.from_day = from;
    o.to_day = to;
    o.library = lib;
    o.couple = couple;
    char *md = NULL;
    REQUIRE(im_export_markdown(j, &o, &md, len) == IM_OK);
    return md;
}

static void no_canary(const char *md)
{
    CHECK(!strstr(md, CANARY_UNREVEALED));
    CHECK(!strstr(md, CANARY_HANDED));
    CHECK(!strstr(md, CANARY_REVEALED));
    CHECK(!strstr(md, "CANARY"));
}

int main(void)
{
    clk = im_clock_fixed(&now);
    rng = im_rng_seeded(&seed);
    lib = text_library(TEXT);
    char *dir = im_tmpdir_make("export-couple");
    im_kdf_params kdf = im_kdf_params_min();
    char code[IM_RECOVERY_CODE_SIZE];
    im_vault *owner = NULL, *space = NULL;
    REQUIRE(im_vault_create(dir, PASS, &kdf, code, &owner) == IM_OK);
    im_vault_set_clock(owner, &clk);
    REQUIRE(im_couple_space_create(dir, owner, &space) == IM_OK);
    im_vault_set_clock(space, &clk);

    session(space, "connection-map", NULL, NULL, 0, 1);              /* kept by both */
    session(space, "hopes", CANARY_REVEALED, "ours too", 0, 0);      /* revealed, not kept */
    session(space, "hopes", CANARY_HANDED, CANARY_UNREVEALED, 1, 0); /* Sam not done */
    /* the map is in the space, not in the person's own vault */
    im_progress_event *maps = NULL;
    size_t n = 0;
    REQUIRE(im_progress_connection_maps(space, &maps, &n) == IM_OK);
    CHECK(n == 1);
    free(maps);
    REQUIRE(im_progress_connection_maps(owner, &maps, &n) == IM_OK);
    CHECK(n == 0);
    free(maps);

    im_journal *j = NULL;
    REQUIRE(im_journal_open(owner, &j) == IM_OK);
    size_t len = 0;

    /* with the space: the map, and what was done together, by title */
    char *md = export_of(j, space, IM_EXPORT_DAY_MIN, IM_EXPORT_DAY_MAX, &len);
    fputs(md, stdout); /* what the person gets (ctest --output-on-failure shows it) */
    CHECK(strstr(md, "Connection map done together") != NULL);
    CHECK(strstr(md, "## Done together") != NULL);
    CHECK(strstr(md, "- Connection map -- kept in your shared history by both of you") != NULL);
    CHECK(strstr(md, "- Our hopes -- not kept by both of you") != NULL);
    /* the unfinished one is not listed: one "Our hopes" line only */
    const char *first = strstr(md, "- Our hopes");
    CHECK(first && !strstr(first + 1, "- Our hopes"));
    CHECK(strstr(md, "Days with practice in this range: 1") != NULL);
    no_canary(md);
    CHECK(!strstr(md, "Alex") && !strstr(md, "Sam"));
    im_export_free(md, len);

    /* without it (the call as it was): nothing of the couple's space */
    md = export_of(j, NULL, IM_EXPORT_DAY_MIN, IM_EXPORT_DAY_MAX, &len);
    CHECK(!strstr(md, "Connection map done together"));
    CHECK(!strstr(md, "Done together"));
    no_canary(md);
    im_export_free(md, len);

    /* the last seven days: the dated map stays, the sessions are said not to */
    int32_t today = im_day_from_ms(now, im_local_tz_offset_min(now));
    md = export_of(j, space, today - 6, today, &len);
    CHECK(strstr(md, "Connection map done together") != NULL);
    CHECK(strstr(md, "listed only in an export of all dates") != NULL);
    CHECK(!strstr(md, "- Our hopes"));
    no_canary(md);
    im_export_free(md, len);
    /* a range that ends before the map: no map */
    md = export_of(j, space, today - 30, today - 10, &len);
    CHECK(!strstr(md, "Connection map done together"));
    im_export_free(md, len);

    im_journal_close(j);
    im_vault_close(space);
    im_vault_close(owner);
    im_tmpdir_remove(dir);
    im_library_free(lib);
    return im_check_done();
}
