/*
 * png.h -- writes an SDL surface as a PNG (for the driver's screenshots).
 *
 * SDL2 itself only writes BMP and SDL_image is not a dependency, so this is
 * a minimal encoder: RGB, filter 0, zlib "stored" blocks (no compression),
 * CRC-32 and Adler-32.  Files are large but any viewer opens them.
 */
#ifndef UI_PNG_H
#define UI_PNG_H

#include <SDL.h>

/* 0 on success, -1 with SDL_GetError() set. */
int ui_png_write(SDL_Surface *surface, const char *path);

#endif
