/* main.c -- placeholder until the UI toolkit lands (issue 5). */
#include <SDL.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "innermost: cannot open a window (%s).\n", SDL_GetError());
        return 1;
    }
    SDL_Quit();
    return 0;
}
