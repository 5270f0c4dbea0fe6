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
 *  4. Screen readers: the app's accessibility tree reaches TalkBack through
 *     InnermostAccessibility, a node provider over SDL's surface (a11yAttach
 *     and friends below, called from app/src/a11y/android.c).
 *  5. The back key: the app sets SDL_HINT_ANDROID_TRAP_BACK_BUTTON to "1" in
 *     main.c before SDL_Init, so SDLActivity.onBackPressed never finishes
 *     the activity by itself; the key reaches the app as SDLK_AC_BACK and
 *     the app's navigation treats it as "back".  On the root screen the app
 *     calls SDL_AndroidBackButton(), which runs the system's default (the
 *     task goes to the background).
 *  6. The system's text size, animation and contrast settings
 *     (InnermostSystemPrefs): sent at start, on a configuration change
 *     (fontScale) and when the watched settings change.
 *  7. Files without paths: pickDocument (called from C, app/src/platform/
 *     android_jni.c) opens the Storage Access Framework's picker --
 *     ACTION_CREATE_DOCUMENT to save a backup or an export where the person
 *     chooses, ACTION_OPEN_DOCUMENT to choose a backup to restore -- and
 *     onActivityResult hands the chosen document back to C as a file
 *     descriptor of its content URI ("wt": written from the start, "r"),
 *     which core writes through (im_backup_write_fd,
 *     im_export_markdown_write_fd) or the app reads: nothing is copied to
 *     a temporary file.
 */
package org.innermost.app;

import android.content.ActivityNotFoundException;
import android.content.Intent;
import android.content.res.Configuration;
import android.net.Uri;
import android.os.Build;
import android.os.Bundle;
import android.os.ParcelFileDescriptor;
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
        InnermostSystemPrefs.start(this);
    }

    @Override
    public void onConfigurationChanged(Configuration newConfig) {
        super.onConfigurationChanged(newConfig);
        InnermostSystemPrefs.send(this); /* the font size may have changed */
    }

    @Override
    protected void onDestroy() {
        InnermostSystemPrefs.stop(this);
        super.onDestroy();
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

    /*
     * Called from C (app/src/a11y/android.c) on SDL's thread: the
     * accessibility bridge started, has a new snapshot, or stops.  They go
     * through this class because C finds it from the activity object (a
     * native thread's FindClass cannot see the app's classes).
     */
    public static void a11yAttach(long bridge) {
        InnermostAccessibility.attach(mSurface, bridge);
    }

    public static void a11yChanged() {
        InnermostAccessibility.changed();
    }

    public static void a11yDetach() {
        InnermostAccessibility.detach();
    }

    /* The document picker (7 above).  One at a time: the token names the
     * C side's run, which ignores an answer for another token. */
    private static final int PICK_DOCUMENT = 0x1F17;
    private static long pickToken;
    private static boolean pickSave;

    public static void pickDocument(final boolean save, final String name, final String mime, final long token) {
        final SDLActivity activity = mSingleton;
        if (activity == null) {
            nativeDocumentPicked(token, -2, null);
            return;
        }
        activity.runOnUiThread(new Runnable() {
            @Override
            public void run() {
                Intent intent = new Intent(save ? Intent.ACTION_CREATE_DOCUMENT : Intent.ACTION_OPEN_DOCUMENT);
                intent.addCategory(Intent.CATEGORY_OPENABLE);
                intent.setType(mime);
                if (save) {
                    intent.putExtra(Intent.EXTRA_TITLE, name);
                }
                pickToken = token;
                pickSave = save;
                try {
                    activity.startActivityForResult(intent, PICK_DOCUMENT);
                } catch (ActivityNotFoundException e) {
                    pickToken = 0;
                    nativeDocumentPicked(token, -2, null); // no picker: the in-app chooser
                }
            }
        });
    }

    @Override
    protected void onActivityResult(int requestCode, int resultCode, Intent data) {
        if (requestCode != PICK_DOCUMENT) {
            super.onActivityResult(requestCode, resultCode, data);
            return;
        }
        long token = pickToken;
        pickToken = 0;
        Uri uri = data != null ? data.getData() : null;
        if (resultCode != RESULT_OK || uri == null) {
            nativeDocumentPicked(token, -1, null); // cancelled
            return;
        }
        try {
            ParcelFileDescriptor pfd = getContentResolver().openFileDescriptor(uri, pickSave ? "wt" : "r");
            if (pfd == null) {
                nativeDocumentPicked(token, -2, null);
                return;
            }
            nativeDocumentPicked(token, pfd.detachFd(), uri.getLastPathSegment()); // C closes it
            pfd.close();
        } catch (java.io.IOException | SecurityException e) {
            nativeDocumentPicked(token, -2, null);
        }
    }

    /* android_jni.c: fd >= 0 the document (the C side's to close), -1
     * cancelled, -2 no picker or the document could not be opened. */
    public static native void nativeDocumentPicked(long token, int fd, String name);
}
