/*
 * fontchain_fc.h -- the door between the font chain (fontchain.c) and its
 * fontconfig half, the module innermost-fontconfig.so (fontchain_fc.c).
 *
 * Loading (issue 19).  fontconfig is only used by the chain's worker,
 * which starts after the first frame, and by the searches that read what
 * the worker sorted; linked into the program, it and libexpat were mapped
 * and their symbols resolved by the dynamic loader before main (callgrind:
 * 0.39 M of the loader's instructions, on the path to the first frame).
 * So the worker opens the module (platform/module.h) and the chain reaches
 * fontconfig through this table alone.  No module (a build without
 * fontconfig, a copy missing it): the worker finds no sets, and the chain
 * draws with the bundled faces and placeholders, as with no system fonts.
 */
#ifndef UI_RENDER_FONTCHAIN_FC_H
#define UI_RENDER_FONTCHAIN_FC_H

#include <stdint.h>

typedef struct ui_fc_module {
    /* Loads a configuration of its own (never the process's current one),
     * sorts its fonts against Noto Sans regular (sets[0]) and against Noto
     * Color Emoji in colour (sets[1]), and destroys the configuration
     * (the sets hold their own references to the fonts' patterns).
     * 0, or -1 when no configuration loads (the sets stay NULL).  Called
     * once per chain, on its worker. */
    int (*sort)(void *sets[2]);
    /* Font i of a sorted set: 1 when its charset has cp (then *file, owned
     * by the set, and *index, the face in a collection), 0 when it has not
     * or names no file, -1 past the set's end. */
    int (*font)(const void *set, int i, uint32_t cp, const char **file, int *index);
    /* Frees a set (NULL: nothing). */
    void (*destroy)(void *set);
} ui_fc_module;

typedef const ui_fc_module *(*ui_fc_entry)(void);
#define UI_FC_MODULE "fontconfig"
#define UI_FC_ENTRY "ui_fontconfig_module_get"

#endif
