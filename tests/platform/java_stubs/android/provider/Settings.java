// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.provider;
import android.content.ContentResolver;
import android.net.Uri;
public final class Settings {
    public static final class Global {
        public static final String ANIMATOR_DURATION_SCALE = "animator_duration_scale";
        public static final String TRANSITION_ANIMATION_SCALE = "transition_animation_scale";
        public static float getFloat(ContentResolver cr, String name, float def) { return def; }
        public static Uri getUriFor(String name) { return null; }
    }
    public static final class Secure {
        public static int getInt(ContentResolver cr, String name, int def) { return def; }
        public static Uri getUriFor(String name) { return null; }
    }
}
