/*
 * test_a11y_keys.c -- the seam by which a screen reader gets keys first
 * (hub.h invariant 4, issue 23): with no offer hook nothing is eaten; with
 * one, each key press and release is offered as X keysym, evdev keycode
 * and modifier mask, the reader's "consumed" is what the loop obeys, and
 * the text input of a consumed press is eaten with it.  Fails on the old
 * hub (no ui_a11y_hub_key_eaten: the keys never reached a reader).
 */
#include <string.h>

#include "a11y/hub.h"
#include "check.h"

static ui_a11y_key seen[8];
static int nseen;

/* Eats KP_Enter (Orca's "where am I") and Insert, passes the rest. */
static int offer(void *ctx, const ui_a11y_key *k)
{
    (void)ctx;
    if (nseen < 8)
        seen[nseen++] = *k;
    return k->keysym == 0xff8d || k->keysym == 0xff63;
}

static SDL_Event key(Uint32 type, SDL_Keycode sym, SDL_Scancode sc, Uint16 mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.key.keysym.sym = sym;
    e.key.keysym.scancode = sc;
    e.key.keysym.mod = mod;
    e.key.timestamp = 1234;
    return e;
}

int main(void)
{
    REQUIRE(SDL_Init(SDL_INIT_EVENTS) == 0);
    ui_a11y_hub *h = ui_a11y_hub_new();
    REQUIRE(h != NULL);
    SDL_Event kp = key(SDL_KEYDOWN, SDLK_KP_ENTER, SDL_SCANCODE_KP_ENTER, 0);
    SDL_Event text;
    memset(&text, 0, sizeof text);
    text.type = SDL_TEXTINPUT;

    /* no reader listening: nothing offered, nothing eaten */
    CHECK(ui_a11y_hub_key_eaten(h, &kp) == 0);
    CHECK(ui_a11y_hub_key_eaten(h, &text) == 0);
    CHECK(nseen == 0);

    ui_a11y_hub_set_keys(h, offer, NULL);
    CHECK(ui_a11y_hub_key_eaten(h, &kp) == 1);
    CHECK(nseen == 1 && seen[0].press == 1 && seen[0].keysym == 0xff8d && seen[0].keycode == 96 + 8);
    CHECK(!strcmp(seen[0].text, "KP_Enter") && seen[0].time == 1234);
    SDL_Event up = key(SDL_KEYUP, SDLK_KP_ENTER, SDL_SCANCODE_KP_ENTER, 0);
    CHECK(ui_a11y_hub_key_eaten(h, &up) == 1 && nseen == 2 && seen[1].press == 0);

    /* a letter with Shift: offered, not eaten, and its text goes to the app */
    SDL_Event a = key(SDL_KEYDOWN, SDLK_a, SDL_SCANCODE_A, KMOD_LSHIFT);
    CHECK(ui_a11y_hub_key_eaten(h, &a) == 0);
    CHECK(nseen == 3 && seen[2].keysym == 'a' && seen[2].keycode == 30 + 8 && seen[2].modifiers == 1);
    CHECK(ui_a11y_hub_key_eaten(h, &text) == 0);

    /* Insert (Orca's modifier) with Ctrl eaten; a text input after it too */
    SDL_Event ins = key(SDL_KEYDOWN, SDLK_INSERT, SDL_SCANCODE_INSERT, KMOD_LCTRL);
    CHECK(ui_a11y_hub_key_eaten(h, &ins) == 1);
    CHECK(seen[3].keycode == 110 + 8 && seen[3].modifiers == 4 && !strcmp(seen[3].text, "Insert"));
    CHECK(ui_a11y_hub_key_eaten(h, &text) == 1);

    /* the hook taken away: the app has its keys back */
    ui_a11y_hub_set_keys(h, NULL, NULL);
    CHECK(ui_a11y_hub_key_eaten(h, &kp) == 0 && nseen == 4);
    CHECK(ui_a11y_hub_key_eaten(h, &text) == 0);
    ui_a11y_hub_free(h);
    SDL_Quit();
    return im_check_done();
}
