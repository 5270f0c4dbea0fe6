/*
 * paths.h -- where fonts and the person's data live.
 *
 * Fonts are found next to the executable (SDL_GetBasePath()/fonts, then
 * ../fonts and ../share/innermost/fonts for installed layouts), then the
 * system's Noto on Linux (UI_PATHS_SYSTEM_NOTO), then in the
 * source tree the build was made from (IM_SOURCE_FONT_DIR, a compile-time
 * fallback used ONLY while the executable runs from inside its build folder,
 * IM_BUILD_DIR: an installed binary never reads the checkout).  Data lives only in
 * SDL_GetPrefPath("Innermost", "Innermost") unless --data-dir says otherwise.
 */
#ifndef UI_PATHS_H
#define UI_PATHS_H

/* Linux: the system's Noto (Debian/Ubuntu fonts-noto-core), tried after the
 * fonts beside the executable and before the build-folder fallback. */
#define UI_PATHS_SYSTEM_NOTO "/usr/share/fonts/truetype/noto"

/* malloc'd folder holding NotoSans-Regular.ttf, or NULL. */
char *ui_paths_font_dir(void);
/* malloc'd data folder (created if missing), or NULL with SDL_GetError(). */
char *ui_paths_data_dir(const char *override);
/* 1 if the folder BASE (SDL_GetBasePath()) is BUILD_DIR or inside it. */
int ui_paths_in_build_tree(const char *base, const char *build_dir);
/* malloc'd "dir/name". */
char *ui_paths_join(const char *dir, const char *name);

#endif
