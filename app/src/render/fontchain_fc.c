/*
 * fontchain_fc.c -- the chain's fontconfig half, built only as the module
 * innermost-fontconfig.so (IM_FONTCONFIG_MODULE; fontchain_fc.h says why).
 * In the render floor, which compiles every file of render/, it is empty.
 */
#ifdef IM_FONTCONFIG_MODULE
#include "render/fontchain_fc.h"

#include <fontconfig/fontconfig.h>
#include <stddef.h>

/* The pattern a set is sorted against. */
static FcPattern *sort_pattern(FcConfig *fc, int color)
{
    FcPattern *p = FcPatternCreate();
    if (!p) return NULL;
    if (color) {
        FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)"Noto Color Emoji");
        FcPatternAddBool(p, FC_COLOR, FcTrue);
    } else {
        FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)"Noto Sans");
    }
    FcPatternAddInteger(p, FC_WEIGHT, FC_WEIGHT_REGULAR);
    FcPatternAddInteger(p, FC_SLANT, FC_SLANT_ROMAN);
    FcConfigSubstitute(fc, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    return p;
}

static int fc_sort(void *sets[2])
{
    FcConfig *fc = FcInitLoadConfigAndFonts();
    if (!fc) return -1;
    for (int k = 0; k < 2; k++) {
        FcPattern *p = sort_pattern(fc, k);
        FcResult res;
        sets[k] = p ? FcFontSort(fc, p, FcFalse, NULL, &res) : NULL;
        if (p) FcPatternDestroy(p);
    }
    FcConfigDestroy(fc);
    return 0;
}

static int fc_font(const void *set, int i, uint32_t cp, const char **file, int *index)
{
    const FcFontSet *fs = set;
    if (i < 0 || i >= fs->nfont) return -1;
    FcCharSet *cs = NULL;
    FcChar8 *f = NULL;
    int ix = 0;
    if (FcPatternGetCharSet(fs->fonts[i], FC_CHARSET, 0, &cs) != FcResultMatch || !FcCharSetHasChar(cs, cp)) return 0;
    if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &f) != FcResultMatch) return 0;
    FcPatternGetInteger(fs->fonts[i], FC_INDEX, 0, &ix);
    *file = (const char *)f;
    *index = ix;
    return 1;
}

static void fc_destroy(void *set)
{
    if (set) FcFontSetDestroy(set);
}

static const ui_fc_module door = { fc_sort, fc_font, fc_destroy };

__attribute__((visibility("default"))) const ui_fc_module *ui_fontconfig_module_get(void);
const ui_fc_module *ui_fontconfig_module_get(void) { return &door; }
#else
typedef int ui_fontchain_fc_unused; /* the floor's copy: the chain is in fontchain.c */
#endif
