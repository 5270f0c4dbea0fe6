// Stand-in for the Android API (tests/platform/check_java_layer.sh).
package android.net;
public abstract class Uri {
    public abstract String getLastPathSegment();
}
