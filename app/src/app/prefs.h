/*
 * prefs.h -- the UI settings that survive a restart: theme, text size,
 * reduce motion.  A small "key value" text file, ui-prefs.txt, in the data
 * folder; nothing private goes in it, yet like every file the app writes
 * it is the owner's alone (0600).  Written atomically (temp + rename).
 */
#ifndef UI_PREFS_H
#define UI_PREFS_H

typedef struct ui_prefs {
    int dark;
    float text_scale;
    int reduce_motion;
} ui_prefs;

/* Defaults when the file is missing or unreadable; bad lines are skipped. */
ui_prefs ui_prefs_load(const char *data_dir);
/* 0 when written; -1 leaves the file as it was. */
int ui_prefs_save(const char *data_dir, const ui_prefs *p);
/* Removes the file and a temp a cut save may have left (erase
 * everything); 0 when neither remains. */
int ui_prefs_erase(const char *data_dir);

#endif
