/*
 * test_run_journal_link.c -- "Write about this" in a run read back, on the
 * real app driven headless: the entry saved from it links to the exercise
 * (link_item, which the journal's read view names) and to that very run
 * (link_ref "run:<id>", ui_player_journal_run_ref), and keeps both once
 * saved.  Fails on main: the read view has no such button.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "app/session.h"
#include "app_harness.h"
#include "check.h"
#include "solo_runs.h"
#include "innermost/engine.h"
#include "innermost/journal.h"
#include "screens/player_journal.h"

static th_app h;

static int step(const char *s) { return th_app_step(&h, s); }

int main(void)
{
    th_app_prepare(&h, "run-journal-link");
    th_vault_make(h.data);
    th_app_start(&h);
    ui_app *app = th_app_ui(&h);
    th_app_unlock(&h, NULL);
    ui_session *s = ui_session_of(app);
    REQUIRE(s != NULL && ui_session_is_unlocked(s));

    solo_finish_thought_record(&h, "Link-canary words");
    int64_t run_id = 0;
    int finished = 0;
    REQUIRE(im_run_find_last(ui_app_content(app), s->vault, "thought-record", &run_id, &finished) == IM_OK);
    CHECK(finished && run_id > 0);
    CHECK(step("tap \"A thought record\"") == 0);
    CHECK(step("expect \"Your answers\"") == 0);
    CHECK(step("scroll-to \"Write about this\"") == 0);
    CHECK(step("tap \"Write about this\"") == 0);
    CHECK(step("expect \"From: A thought record\"") == 0);
    CHECK(step("tap \"Your words\"") == 0);
    CHECK(step("type \"Afterwards it felt lighter.\"") == 0);
    CHECK(step("tap \"Save\"") == 0);
    CHECK(step("expect \"Your answers\"") == 0);

    im_entry_page page;
    memset(&page, 0, sizeof page);
    REQUIRE(im_journal_list(s->journal, 0, 10, &page) == IM_OK);
    CHECK(page.n == 1);
    if (page.n == 1) {
        im_entry e;
        memset(&e, 0, sizeof e);
        char want[32];
        ui_player_journal_run_ref(run_id, want, sizeof want);
        REQUIRE(im_journal_get(s->journal, page.items[0].id, &e) == IM_OK);
        CHECK(e.link_item && strcmp(e.link_item, "thought-record") == 0);
        CHECK(e.link_ref && strcmp(e.link_ref, want) == 0);
        CHECK(strcmp(want, "run:0") != 0);
        im_entry_free(&e);
    }
    im_entry_page_free(&page);

    th_app_stop(&h);
    th_app_finish(&h);
    return im_check_done();
}
