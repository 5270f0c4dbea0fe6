/*
 * bare_sdl.c -- the baseline for "exec -> first frame" in `make bench`.
 *
 * The smallest honest SDL2 + SDL2_ttf program: open a window, load one font,
 * draw one line of text, present once, say so on stdout, and exit.  The bench times it exactly
 * like the app (headless, dummy video driver, software renderer), so the
 * ratio of the two medians says what Innermost's own start-up costs.
 *
 * Usage: bare_sdl FONT.ttf
 */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bare_sdl FONT.ttf\n");
        return 2;
    }
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "bare_sdl: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Window *win = SDL_CreateWindow("bare", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 390, 844, 0);
    SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
    TTF_Font *font = TTF_OpenFont(argv[1], 17);
    if (!ren || !font) {
        fprintf(stderr, "bare_sdl: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Color ink = {30, 30, 30, 255};
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, "Welcome to a quiet place.", ink);
    SDL_Texture *t = s ? SDL_CreateTextureFromSurface(ren, s) : NULL;
    SDL_SetRenderDrawColor(ren, 250, 248, 245, 255);
    SDL_RenderClear(ren);
    if (t) {
        SDL_Rect dst = {24, 24, s->w, s->h};
        SDL_RenderCopy(ren, t, NULL, &dst);
    }
    SDL_RenderPresent(ren);
    puts("presented"); /* bench_exec stops its clock at this first output */
    fflush(stdout);
    SDL_DestroyTexture(t);
    SDL_FreeSurface(s);
    TTF_CloseFont(font);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    TTF_Quit();
    SDL_Quit();
    return 0;
}
