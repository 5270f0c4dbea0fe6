/*
 * system_prefs_module.h -- the door between system_prefs.c (the app's
 * copy, which keeps the values) and the modules that read the desktop's
 * settings: innermost-portal.so (the portal's Settings interface over
 * libdbus, system_prefs_portal.c) and innermost-gsettings.so (GSettings
 * through GIO, system_prefs.c built with IM_GSETTINGS_MODULE).  Each
 * module's entry point takes the app's store() and gives its start and
 * stop; start is 0 when that source answered (its first values stored),
 * -1 when it is not there (then the app tries the next one).
 */
#ifndef UI_PLATFORM_SYSTEM_PREFS_MODULE_H
#define UI_PLATFORM_SYSTEM_PREFS_MODULE_H

#include "platform/system_prefs.h"

typedef struct ui_gsettings_module {
    int (*start)(void);
    void (*stop)(void);
} ui_gsettings_module;
typedef const ui_gsettings_module *(*ui_gsettings_entry)(void (*store)(ui_system_prefs p));
#define UI_GSETTINGS_ENTRY "ui_gsettings_module_get"
#define UI_PORTAL_SETTINGS_ENTRY "ui_portal_settings_get"

#endif
