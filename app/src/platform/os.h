/*
 * os.h -- the few things the app asks of the phone's operating system.
 *
 *   root_back          Back on the root screen: hand it to the system
 *                      (Android: SDL_AndroidBackButton(), which runs the
 *                      activity's default -- the task leaves the screen).
 *                      The app traps Back (SDL_HINT_ANDROID_TRAP_BACK_BUTTON)
 *                      so it can walk its own stack first; without this
 *                      call Back on the root screen would do nothing.
 *   secret_text_input  Before text input starts: is the field a passphrase
 *                      (1) or a PIN (2), or neither (0)?  (Android:
 *                      InnermostActivity.setPinTextInput and
 *                      .setSecretTextInput via JNI, so the keyboard uses its
 *                      password variation, for a PIN its number-password
 *                      keypad.  Written; not verified on a device.)
 *
 * The seam: the app holds a const ui_os_ops table (ui_app.os) taken from
 * ui_os_platform_ops() -- the Android table on Android, NULL on desktops
 * and iOS.  The Android table is also compiled on Linux when IM_OS_ANDROID
 * is defined, with the two platform calls supplied by the test
 * (tests/platform/test_android_os.c).
 */
#ifndef UI_OS_H
#define UI_OS_H

typedef struct ui_os_ops {
    void (*root_back)(void *ctx);
    void (*secret_text_input)(void *ctx, int secret);
    void *ctx;
} ui_os_ops;

/* This build's table, or NULL when the platform needs neither call. */
const ui_os_ops *ui_os_platform_ops(void);

/* android_jni.c (Android only): calls InnermostActivity.setPinTextInput
 * (secret == 2) and .setSecretTextInput (static, "(Z)V"); a missing method or a Java exception is cleared and
 * ignored -- the field still works, with ordinary private input. */
void ui_android_set_secret_text_input(int secret);

#endif
