/*
 * module.h -- the desktop's optional features that need GLib or libdbus
 * (the AT-SPI bridge, the GSettings reader, the XDG file portal), and the
 * font chain's fontconfig half (render/fontchain_fc.h), built as small
 * modules the app dlopen()s only when the feature is first used, so that
 * none of GLib, GIO, GObject, ATK, atk-bridge, libdbus or fontconfig is
 * mapped at start (issue 19: they cost the start-up a third of its
 * instructions, in the dynamic loader's symbol lookups, and ~2.7 MB of
 * steady RSS; fontconfig alone 0.3 M instructions before main).
 *
 * A module is innermost-NAME.so beside the executable or in
 * ../lib/innermost from it (the .deb: /usr/bin/innermost and
 * /usr/lib/innermost/innermost-NAME.so); a program run from
 * the build tree (IM_BUILD_DIR) also looks in the build's app/ folder,
 * where CMake puts them, so the tests' executables find them.
 *
 * Invariants.
 *  1. A missing module, or one without its entry point, is "this feature
 *     is not here": NULL, nothing printed; the caller goes on as in a build
 *     without the feature.
 *  2. A module once opened stays open until exit (its threads and its
 *     libraries' globals may outlive a stop: GLib's are never torn down).
 */
#ifndef UI_PLATFORM_MODULE_H
#define UI_PLATFORM_MODULE_H

/* The entry point `entry` of module innermost-NAME.so, opening the module
 * on first use; NULL when there is no such module (invariant 1).  Any
 * thread, two at once included: nothing is kept here, and dlopen and dlsym
 * are thread-safe (a second open of one module is a count).  The font
 * chain's workers open theirs on their own threads. */
void *ui_module_entry(const char *name, const char *entry);

/* 1 when the module innermost-NAME.so is mapped in this process (tests). */
int ui_module_is_open(const char *name);

#endif
