/*
 * rel_canary_session.c -- the canary row of `make reliability`: does any
 * file written during a session hold a person's words in clear?
 *
 * A scripted session at the core level (the app's screens do not exist yet;
 * when they do, the same scan belongs on a headless app session): a vault
 * with journal entries, an edit, a delete (trash), a draft, a solo exercise
 * whose free-text answer is a canary (engine, shipped content), an
 * encrypted backup written into the data directory and restored into a
 * second vault, and a readable Markdown export of the journal and the
 * exercise results.  Every title, body, prompt,
 * draft and answer carries a unique canary.
 *
 * Every byte of every file under the session's folder is searched for
 * every canary twice: mid-session (unlocked, journal open: what a kill
 * would leave) and at the end (locked and closed).  The export is the one
 * file meant to be readable -- the person asked for their words in clear --
 * so it is scanned separately and must contain the journal canaries: that
 * is the control which shows the scan can find what it looks for.
 *
 * Prints: "canary: files F bytes B canaries N hits-mid H1 hits-end H2"
 *         "canary: export (readable by design) holds E of J journal canaries"
 * Exit status 1 on any hit outside the export, or a control that failed.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "innermost/backup.h"
#include "innermost/content.h"
#include "innermost/engine.h"
#include "innermost/export.h"
#include "innermost/journal.h"
#include "innermost/vault.h"
#include "vault_fixture.h"

#define PASS TH_PASS
#define N_ENTRIES 12
#define MAX_CANARIES 64

static char canaries[MAX_CANARIES][40];
static int n_canaries, n_journal_canaries;

static const char *canary_new(const char *what)
{
    REQUIRE(n_canaries < MAX_CANARIES);
    snprintf(canaries[n_canaries], sizeof canaries[0], "cnry-%s-%02d-%08x", what, n_canaries,
             randombytes_random());
    return canaries[n_canaries++];
}

/* Files and bytes under dir (recursively), for the figures. */
static void count_files(const char *dir, long *files, long *bytes)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[4096];
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (lstat(p, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            count_files(p, files, bytes);
        else if (S_ISREG(st.st_mode)) {
            (*files)++;
            *bytes += st.st_size;
        }
    }
    if (d)
        closedir(d);
}

static long scan_all(const char *dir)
{
    long hits = 0;
    for (int i = 0; i < n_canaries; i++)
        hits += im_scan_dir_for(dir, canaries[i], strlen(canaries[i]));
    return hits;
}

/* The journal part: entries, an edit, a delete, a draft. */
static void journal_session(im_journal *j)
{
    int64_t ids[N_ENTRIES];
    for (int i = 0; i < N_ENTRIES; i++) {
        char title[64], body[256], prompt[64];
        snprintf(title, sizeof title, "%s", canary_new("title"));
        snprintf(body, sizeof body, "Today I noticed %s and stayed.", canary_new("body"));
        snprintf(prompt, sizeof prompt, "%s", canary_new("prompt"));
        im_entry_fields f = {title, body, 1 + i % 5, NULL, NULL, i % 3 ? NULL : prompt};
        if (i % 3)
            n_canaries--; /* that prompt was not used */
        CHECK_RC(im_journal_create(j, &f, &ids[i]), IM_OK);
    }
    char body[256];
    snprintf(body, sizeof body, "Edited: %s", canary_new("edit"));
    im_entry_fields f = {"edited", body, 3, NULL, NULL, NULL};
    CHECK_RC(im_journal_update(j, ids[0], &f), IM_OK);
    int64_t trash = 0;
    CHECK_RC(im_journal_delete(j, ids[1], &trash), IM_OK);
    n_journal_canaries = n_canaries;
    snprintf(body, sizeof body, "Half a thought %s", canary_new("draft"));
    im_entry_fields d = {NULL, body, 0, NULL, NULL, NULL};
    CHECK_RC(im_journal_draft_save(j, 0, &d), IM_OK);
}

/* A solo exercise from the shipped content, its first free-text answer a
 * canary, saved into the vault as it is given. */
static void exercise_session(im_vault *v, im_library *lib)
{
    for (size_t i = 0; i < im_library_item_count(lib); i++) {
        const im_item *it = im_library_item(lib, i);
        for (size_t e = 0; e < it->n_exercises; e++) {
            const im_exercise *ex = &it->exercises[e];
            if (ex->mode != IM_MODE_SOLO)
                continue;
            for (size_t s = 0; s < ex->n_steps; s++) {
                if (ex->steps[s].answer != IM_ANSWER_TEXT)
                    continue;
                im_run *r = NULL;
                int64_t id = 0;
                REQUIRE(im_run_start(ex, NULL, &r) == IM_OK);
                CHECK_RC(im_run_attach(r, v, &id), IM_OK);
                for (size_t k = 0; k < s; k++)
                    CHECK_RC(im_run_next(r), IM_OK);
                CHECK_RC(im_run_answer_text(r, canary_new("answer")), IM_OK);
                CHECK_RC(im_run_next(r), IM_OK);
                im_run_free(r);
                return;
            }
        }
    }
    REQUIRE(!"no solo exercise with a free-text answer in the content");
}

int main(void)
{
    REQUIRE(sodium_init() >= 0);
    char *root = im_tmpdir_make("rel-canary");
    REQUIRE(root);
    char data[2048], restored[2048], exports[2048], path[4096];
    snprintf(data, sizeof data, "%s/data", root);
    snprintf(restored, sizeof restored, "%s/restored", root);
    snprintf(exports, sizeof exports, "%s/export", root);
    REQUIRE(mkdir(data, 0700) == 0 && mkdir(restored, 0700) == 0 && mkdir(exports, 0700) == 0);

    im_library *lib = NULL;
    REQUIRE(im_content_load_embedded(&lib, NULL) == IM_OK);
    im_kdf_params kdf = im_kdf_params_min(); /* the backup's, as the fixture's vault */
    im_journal *j = NULL;
    im_vault *v = th_vault_create(data, NULL, NULL);
    REQUIRE(im_journal_open(v, &j) == IM_OK);
    journal_session(j);
    exercise_session(v, lib);
    long hits_mid = scan_all(root);

    /* Backup into the data folder, restored into a second vault. */
    snprintf(path, sizeof path, "%s/innermost-backup.imbak", data);
    im_backup_options bo = {kdf, 0};
    CHECK_RC(im_backup_write(v, path, PASS, &bo, NULL), IM_OK);
    im_vault *w = th_vault_create(restored, NULL, NULL);
    im_backup_problem why;
    CHECK_RC(im_backup_restore(w, path, PASS, IM_RESTORE_ONLY_IF_EMPTY, NULL, &why), IM_OK);
    im_journal *wj = NULL;
    CHECK_RC(im_journal_open(w, &wj), IM_OK);
    CHECK(im_journal_count(wj) == im_journal_count(j));
    im_journal_close(wj);
    im_vault_close(w);

    /* The readable export, where the person chose to put it. */
    snprintf(path, sizeof path, "%s/journal.md", exports);
    im_export_options eo = {.kinds = IM_EXPORT_JOURNAL | IM_EXPORT_EXERCISES,
                            .from_day = IM_EXPORT_DAY_MIN,
                            .to_day = IM_EXPORT_DAY_MAX,
                            .library = lib};
    CHECK_RC(im_export_markdown_write(j, &eo, path), IM_OK);
    im_journal_close(j);
    im_vault_close(v);
    im_library_free(lib);

    /* Entry 0 was rewritten and entry 1 deleted: their first five canaries
     * (title, body, prompt; title, body) are not in the export. */
    long exported = 0;
    for (int i = 5; i < n_journal_canaries; i++)
        exported += im_scan_dir_for(exports, canaries[i], strlen(canaries[i])) > 0;
    const char *answer = canaries[n_canaries - 1]; /* the exercise's */
    long answer_exported = im_scan_dir_for(exports, answer, strlen(answer));
    /* Everything but the export: move it out of the way, scan the rest. */
    char moved[4096];
    snprintf(moved, sizeof moved, "%s.export", root);
    REQUIRE(rename(exports, moved) == 0);
    long files = 0, bytes = 0;
    count_files(root, &files, &bytes);
    long hits_end = scan_all(root);
    printf("canary: files %ld bytes %ld canaries %d hits-mid %ld hits-end %ld\n", files, bytes, n_canaries,
           hits_mid, hits_end);
    printf("canary: export (readable by design) holds %ld of %d journal "
           "canaries and the exercise answer's %ld time(s)\n",
           exported, n_journal_canaries - 5, answer_exported);
    CHECK(hits_mid == 0 && hits_end == 0);
    CHECK(exported == n_journal_canaries - 5 && answer_exported > 0);
    im_tmpdir_remove(root);
    char *m = strdup(moved);
    im_tmpdir_remove(m);
    return im_check_done();
}
