/* settings.h -- the screens Settings opens (settings_data.c, newcode.c,
 * help.c).  None takes arguments but the code screens. */
#ifndef UI_SETTINGS_H
#define UI_SETTINGS_H

#include "app/app.h"
#include "innermost/vault.h"

extern const ui_screen_class ui_new_code_class;
/* Show a new recovery code once, then check the person's copy; after a
 * recovery-code unlock (after_recovery 1) the check leads Home.  The
 * screen keeps a copy of the code: wipe the arguments after. */
typedef struct ui_code_args {
    char code[IM_RECOVERY_CODE_SIZE];
    int after_recovery;
    int for_person; /* someone else's new space (people.c): the session locks after the check */
} ui_code_args;
/* Settings -> "Someone else on this device" (people.c; the owner only). */
extern const ui_screen_class ui_person_add_class;
extern const ui_screen_class ui_couple_link_class; /* couple_link.c */
/* Settings -> "Leave the couple space" (couple_link.c); args NULL, or a
 * const int * (1 left, 2 Together ended) for the words after. */
extern const ui_screen_class ui_couple_leave_class;
extern const ui_screen_class ui_code_show_class;
extern const ui_screen_class ui_backup_class, ui_restore_class, ui_export_class;
extern const ui_screen_class ui_help_class, ui_about_class;

#endif
