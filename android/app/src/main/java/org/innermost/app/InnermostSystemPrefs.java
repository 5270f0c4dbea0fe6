/*
 * InnermostSystemPrefs -- the system's text size, animation and contrast
 * settings handed to the app (app/src/platform/system_prefs.h) at start and
 * whenever they change (issue 23).
 *
 * UNVERIFIED: written against the Android API and SDL 2.26.5's
 * SDLActivity.java and not compiled against android.jar or run here (no
 * Android SDK on the machine it was written on); only checked with javac
 * against the stand-ins of tests/platform/java_stubs.  See docs/platforms.md.
 *
 * What it reads:
 *  - Configuration.fontScale: the system's font size (1.0 normal).  A change
 *    arrives as onConfigurationChanged (the manifest lists "fontScale" in
 *    configChanges, so the activity is not recreated).
 *  - Settings.Global.ANIMATOR_DURATION_SCALE and TRANSITION_ANIMATION_SCALE:
 *    0 means the person turned animations off ("Remove animations"); the
 *    smaller of the two is sent.  Watched with a ContentObserver.
 *  - Settings.Secure "high_text_contrast_enabled" (High contrast text; not a
 *    public constant, read by name; -1 when unreadable).  Watched likewise.
 * It sends them through nativeSystemPrefs, implemented in
 * app/src/platform/android_jni.c, which only stores them and posts an SDL
 * event (the SDL thread applies them).
 */
package org.innermost.app;

import android.app.Activity;
import android.content.ContentResolver;
import android.database.ContentObserver;
import android.net.Uri;
import android.os.Handler;
import android.os.Looper;
import android.provider.Settings;

final class InnermostSystemPrefs {
    private static final String HIGH_TEXT_CONTRAST = "high_text_contrast_enabled";
    private static ContentObserver observer;

    private InnermostSystemPrefs() {}

    static native void nativeSystemPrefs(float fontScale, float animatorScale, int highContrast);

    /* Reads everything and hands it to the app. */
    static void send(Activity activity) {
        ContentResolver cr = activity.getContentResolver();
        float font = activity.getResources().getConfiguration().fontScale;
        float animator = Settings.Global.getFloat(cr, Settings.Global.ANIMATOR_DURATION_SCALE, 1.0f);
        float transition = Settings.Global.getFloat(cr, Settings.Global.TRANSITION_ANIMATION_SCALE, 1.0f);
        int contrast = Settings.Secure.getInt(cr, HIGH_TEXT_CONTRAST, -1);
        try {
            nativeSystemPrefs(font, Math.min(animator, transition), contrast);
        } catch (UnsatisfiedLinkError e) {
            // the native library failed to load: SDL shows its own error
        }
    }

    /* At start (after SDLActivity.onCreate loaded the libraries): the first
     * values, then a watch on the settings that have no configuration
     * change of their own. */
    static void start(final Activity activity) {
        send(activity);
        if (observer != null) return;
        observer = new ContentObserver(new Handler(Looper.getMainLooper())) {
            @Override
            public void onChange(boolean selfChange) {
                send(activity);
            }
        };
        ContentResolver cr = activity.getContentResolver();
        Uri[] uris = {
            Settings.Global.getUriFor(Settings.Global.ANIMATOR_DURATION_SCALE),
            Settings.Global.getUriFor(Settings.Global.TRANSITION_ANIMATION_SCALE),
            Settings.Secure.getUriFor(HIGH_TEXT_CONTRAST),
        };
        for (Uri u : uris) cr.registerContentObserver(u, false, observer);
    }

    static void stop(Activity activity) {
        if (observer == null) return;
        activity.getContentResolver().unregisterContentObserver(observer);
        observer = null;
    }
}
