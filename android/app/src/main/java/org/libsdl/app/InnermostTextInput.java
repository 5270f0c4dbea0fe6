/*
 * InnermostTextInput -- Innermost's (not SDL's) text-input view: SDL's
 * hidden editor view, with keyboard learning and suggestions switched off.
 *
 * UNVERIFIED: written against SDL 2.26.5 and not compiled or run here (no
 * Android SDK on the machine it was written on).  See docs/platforms.md.
 *
 * Why it is in SDL's package.  In SDL 2.26 the view that receives keyboard
 * input is `DummyEdit`, a package-private class in SDLActivity.java.  When
 * the app calls SDL_StartTextInput, SDL's ShowTextInputTask creates one only
 * if SDLActivity.mTextEdit is null, otherwise it reuses the existing view;
 * the keyboard then asks that view's onCreateInputConnection(EditorInfo),
 * which in DummyEdit hard-codes
 *     inputType  = TYPE_CLASS_TEXT | TYPE_TEXT_FLAG_MULTI_LINE
 *     imeOptions = IME_FLAG_NO_EXTRACT_UI | IME_FLAG_NO_FULLSCREEN
 * i.e. suggestions and personalised learning ON.  Neither the field
 * (protected static, of a package-private type) nor the class can be
 * reached from org.innermost.app, and SDLActivity has no factory method for
 * it (unlike createSDLSurface).  So this class, compiled into org.libsdl.app
 * (our file, in SDL's package; SDL's own sources are not copied), extends
 * DummyEdit, and install() puts one into SDLActivity.mTextEdit right after
 * SDLActivity.onCreate -- so SDL reuses ours from the first
 * SDL_StartTextInput on.  onCreateInputConnection keeps SDL's
 * SDLInputConnection (text still reaches SDL exactly as before) and only
 * changes the EditorInfo the keyboard reads:
 *     + IME_FLAG_NO_PERSONALIZED_LEARNING (API 26+; the keyboard must not
 *       learn words from or store what is typed)
 *     + TYPE_TEXT_FLAG_NO_SUGGESTIONS (no suggestion strip built from
 *       what is typed)
 *     + for a passphrase field: TYPE_TEXT_VARIATION_PASSWORD as well.
 * These are requests the keyboard app is trusted to honour (Gboard and
 * AOSP's keyboard do); a malicious keyboard is out of scope.
 *
 * SDL version coupling: SDL 2.28 moved DummyEdit into SDLDummyEdit.java
 * (class SDLDummyEdit); upgrading SDL means renaming the superclass here.
 * A mismatch is a compile error, not a silent loss of privacy.
 */
package org.libsdl.app;

import android.app.Activity;
import android.content.Context;
import android.text.InputType;
import android.view.View;
import android.view.inputmethod.EditorInfo;
import android.view.inputmethod.InputConnection;
import android.view.inputmethod.InputMethodManager;
import android.widget.RelativeLayout;

public class InnermostTextInput extends DummyEdit {
    private static volatile boolean secret;
    private static volatile boolean pin; /* with secret: a PIN, the number keypad */

    public InnermostTextInput(Context context) {
        super(context);
    }

    /* Puts a private text-input view where SDL will look for one. */
    public static void install(Activity activity) {
        if (SDLActivity.mLayout == null)
            return; /* native libraries failed to load: SDL shows its error */
        InnermostTextInput view = new InnermostTextInput(activity);
        view.setVisibility(View.GONE);
        SDLActivity.mLayout.addView(view, new RelativeLayout.LayoutParams(0, 0));
        SDLActivity.mTextEdit = view;
    }

    /* A PIN field (read with secret by the next input connection). */
    public static void setPin(final boolean value) {
        pin = value;
    }

    /* Switches between ordinary private fields and passphrase fields; if
     * the keyboard is showing, it is told to read the new settings. */
    public static void setSecret(final boolean value) {
        secret = value;
        final SDLActivity activity = SDLActivity.mSingleton;
        if (activity == null)
            return;
        activity.runOnUiThread(new Runnable() {
            @Override
            public void run() {
                View view = SDLActivity.mTextEdit;
                if (view == null)
                    return;
                InputMethodManager imm = (InputMethodManager)
                    activity.getSystemService(Context.INPUT_METHOD_SERVICE);
                if (imm != null)
                    imm.restartInput(view);
            }
        });
    }

    @Override
    public InputConnection onCreateInputConnection(EditorInfo outAttrs) {
        InputConnection ic = super.onCreateInputConnection(outAttrs);
        if (secret && pin) {
            outAttrs.inputType = InputType.TYPE_CLASS_NUMBER
                               | InputType.TYPE_NUMBER_VARIATION_PASSWORD;
        } else if (secret) {
            outAttrs.inputType = InputType.TYPE_CLASS_TEXT
                               | InputType.TYPE_TEXT_VARIATION_PASSWORD
                               | InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS;
        } else {
            outAttrs.inputType = InputType.TYPE_CLASS_TEXT
                               | InputType.TYPE_TEXT_FLAG_MULTI_LINE
                               | InputType.TYPE_TEXT_FLAG_CAP_SENTENCES
                               | InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS;
        }
        outAttrs.imeOptions |= EditorInfo.IME_FLAG_NO_PERSONALIZED_LEARNING;
        return ic;
    }
}
