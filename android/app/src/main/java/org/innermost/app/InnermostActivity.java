/*
 * InnermostActivity -- Innermost's Android activity: SDL's SDLActivity plus
 * the privacy settings the design asks for.
 *
 * UNVERIFIED: written against SDL 2.26.5's SDLActivity.java and not compiled
 * or run here (no Android SDK on the machine it was written on).  See
 * docs/platforms.md.
 *
 * What it does:
 *  1. FLAG_SECURE on the window before anything is drawn: no screenshots,
 *     no screen recording, and a blank thumbnail in the app switcher.
 *     (SDL's own message boxes are separate dialog windows that do NOT
 *     inherit the flag, so the app must never put user text in
 *     SDL_ShowMessageBox; it draws its own dialogs.)
 *  2. getLibraries(): SDL2 and SDL2_ttf are shared libraries built by
 *     app/jni/CMakeLists.txt; "main" (libmain.so, the app with SQLite and
 *     libsodium linked in statically) must be last -- SDL calls SDL_main in
 *     the last library of this list.
 *  3. Private text input: see PrivateTextInput.install below and
 *     org.libsdl.app.InnermostTextInput for why that class lives in SDL's
 *     package.
 *  4. The back key: the app sets SDL_HINT_ANDROID_TRAP_BACK_BUTTON to "1" in
 *     main.c before SDL_Init, so SDLActivity.onBackPressed never finishes
 *     the activity by itself; the key reaches the app as SDLK_AC_BACK and
 *     the app's navigation treats it as "back".  On the root screen the app
 *     calls SDL_AndroidBackButton(), which runs the system's default (the
 *     task goes to the background).
 */
package org.innermost.app;

import android.os.Build;
import android.os.Bundle;
import android.view.WindowManager;

import org.libsdl.app.InnermostTextInput;
import org.libsdl.app.SDLActivity;

public class InnermostActivity extends SDLActivity {

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        // Before super.onCreate: the flag is on the window before SDL
        // creates its surface and before the first frame.
        getWindow().setFlags(WindowManager.LayoutParams.FLAG_SECURE,
                             WindowManager.LayoutParams.FLAG_SECURE);
        if (Build.VERSION.SDK_INT >= 33) {
            // Also no snapshot for the recents screen on Android 13+.
            setRecentsScreenshotEnabled(false);
        }
        super.onCreate(savedInstanceState);
        // SDLActivity.onCreate has reset its statics (SDL.initialize) and,
        // unless the native libraries failed to load, built its layout;
        // now replace its text-input view with the private one.
        InnermostTextInput.install(this);
    }

    @Override
    protected String[] getLibraries() {
        return new String[] { "SDL2", "SDL2_ttf", "main" };
    }

    /*
     * Called from C through JNI (see docs/platforms.md) before
     * SDL_StartTextInput for a passphrase field (secret = true) and for any
     * other field (secret = false): a passphrase field also hides the
     * characters from the keyboard's own preview and uses the password
     * variation, which keyboards never learn from.
     */
    public static void setSecretTextInput(boolean secret) {
        InnermostTextInput.setSecret(secret);
    }

    /*
     * Called before setSecretTextInput: a PIN field (pin = true) asks for
     * the number-password keypad (digits only, never learnt).  Written; not
     * verified on a device.
     */
    public static void setPinTextInput(boolean pin) {
        InnermostTextInput.setPin(pin);
    }
}
