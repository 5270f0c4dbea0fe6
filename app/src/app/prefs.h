/*
 * prefs.h -- the UI settings that survive a restart: theme, text size,
 * reduce motion, high contrast.  A small "key value" text file,
 * ui-prefs.txt, in the data folder; nothing private goes in it, yet like
 * every file the app writes it is the owner's alone (0600).  Written
 * atomically (temp + rename).
 *
 * Text size, motion and contrast each either follow the system
 * (platform/system_prefs.h; the default) or are the app's own choice made
 * in Settings (*_own = 1, the value beside it).  A file written before the
 * *_own keys existed counts a text size other than 100 % or reduce motion
 * on as the person's own choice, which it was.
 */
#ifndef UI_PREFS_H
#define UI_PREFS_H

typedef struct ui_prefs {
    int dark;
    float text_scale;
    int reduce_motion;
    int high_contrast;
    int text_own, motion_own, contrast_own; /* 0: follow the system */
    /* what the system said when last heard (issue 19: its reader starts
     * after the first frame, which is drawn with these; a change since is
     * applied live when the reader says it): 0 / -1 not said */
    float sys_text_scale;
    int sys_reduce_motion, sys_high_contrast;
} ui_prefs;

/* Defaults when the file is missing or unreadable; bad lines are skipped. */
ui_prefs ui_prefs_load(const char *data_dir);
/* 0 when written; -1 leaves the file as it was. */
int ui_prefs_save(const char *data_dir, const ui_prefs *p);
/* Removes the file and a temp a cut save may have left (erase
 * everything); 0 when neither remains. */
int ui_prefs_erase(const char *data_dir);

#endif
