/* settings.h -- the screens Settings opens (settings_data.c, help.c). */
#ifndef UI_SETTINGS_H
#define UI_SETTINGS_H

#include "app/app.h"
#include "innermost/vault.h"

ui_screen *ui_change_pass_screen(ui_app *app);
ui_screen *ui_new_code_screen(ui_app *app);
/* Show a new recovery code once, then check the person's copy; after a
 * recovery-code unlock (after_recovery 1) the check leads Home. */
ui_screen *ui_code_show_screen(ui_app *app, const char code[IM_RECOVERY_CODE_SIZE], int after_recovery);
ui_screen *ui_backup_screen(ui_app *app);
ui_screen *ui_restore_screen(ui_app *app);
ui_screen *ui_export_screen(ui_app *app);
ui_screen *ui_help_screen(ui_app *app);
ui_screen *ui_about_screen(ui_app *app);

#endif
