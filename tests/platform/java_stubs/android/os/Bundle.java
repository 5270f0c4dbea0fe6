// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.os;
public final class Bundle {
    public CharSequence getCharSequence(String key) { return null; }
    public int getInt(String key, int defaultValue) { return defaultValue; }
    public float getFloat(String key, float defaultValue) { return defaultValue; }
    public void putParcelableArray(String key, Parcelable[] value) {}
}
