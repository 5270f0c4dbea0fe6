/* lifecycle.h -- installs the SDL event filter that calls ui_app.hooks. */
#ifndef UI_LIFECYCLE_H
#define UI_LIFECYCLE_H

#include "app/app.h"

enum { UI_LC_BACKGROUND, UI_LC_FOREGROUND, UI_LC_TERMINATING, UI_LC_LOW_MEMORY };

void ui_lifecycle_install(ui_app *app);
void ui_lifecycle_remove(ui_app *app);

#endif
