/*
 * test_android_os.c -- on Android's path, Back on the root screen leaves
 * the app and passphrase fields ask the keyboard for password input.
 *
 * Built with its own copy of app/src/platform/os.c compiled with
 * IM_OS_ANDROID (the Android table, on Linux), and this file supplying the
 * two platform calls as recorders: SDL_AndroidBackButton (SDL's, Android
 * only) and ui_android_set_secret_text_input (our JNI call).  The real app
 * runs headless (the test harness: app_harness.h); the key goes in as SDL's Android back end sends it
 * (SDLK_AC_BACK, the back button being trapped), through the driver's
 * `key` command, the event filter and the loop.
 *   1. AC Back on the root screen calls SDL_AndroidBackButton once (before
 *      the fix: never; Back on the root screen did nothing);
 *   2. focusing a password field reports secret=1 before text input starts,
 *      an ordinary field secret=0 (before: setSecretTextInput never called).
 * What this cannot show: the Java side (InnermostActivity) on a device.
 */
#include <SDL.h>
#include <string.h>

#include "app_harness.h"
#include "check.h"
#include "platform/os.h"
#include "widgets/textfield.h"

static int back_calls; /* what the stand-ins saw (test-only state) */
static int secret_calls, last_secret = -1;

void SDLCALL SDL_AndroidBackButton(void) { back_calls++; }

void ui_android_set_secret_text_input(int secret)
{
    secret_calls++;
    last_secret = secret;
}

int main(void)
{
    th_app h;
    th_app_prepare(&h, "android-os");
    th_app_start(&h);
    ui_app *app = th_app_ui(&h);
    REQUIRE(app->os == ui_os_platform_ops() && app->os != NULL);

    /* 2. secret input: a password field, then an ordinary one. */
    ui_ctx_set_focus(&app->ctx, NULL);
    ui_widget *pass = ui_field_new("Passphrase", UI_FIELD_PASSWORD, 0, 0);
    ui_widget *line = ui_field_new("Name", UI_FIELD_LINE, 0, 0);
    REQUIRE(pass && line);
    int before = secret_calls;
    ui_ctx_set_focus(&app->ctx, pass);
    CHECK(secret_calls == before + 1 && last_secret == 1);
    ui_ctx_set_focus(&app->ctx, line);
    CHECK(secret_calls == before + 2 && last_secret == 0);
    /* a PIN field: 2, the number keypad (on main: 1, a text keyboard) */
    ui_widget *pin = ui_field_new("PIN for Alex", UI_FIELD_PASSWORD, 0, 0);
    REQUIRE(pin);
    ui_field_set_pin(pin);
    ui_ctx_set_focus(&app->ctx, pin);
    CHECK(secret_calls == before + 3 && last_secret == 2);
    CHECK(pin->first && !strcmp(pin->first->label, "Show PIN"));
    ui_ctx_set_focus(&app->ctx, NULL);
    ui_widget_free(pin);
    ui_widget_free(pass);
    ui_widget_free(line);

    /* 1. Back on the root screen. */
    REQUIRE(app->depth == 1 && app->overlay == NULL);
    CHECK(back_calls == 0);
    REQUIRE(th_app_step(&h, "key AC Back") == 0);
    REQUIRE(th_app_step(&h, "wait 0.1") == 0);
    CHECK(back_calls == 1);
    CHECK(app->depth == 1); /* the app's own stack is untouched */

    th_app_finish(&h);
    return im_check_done();
}
