// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.graphics;
public final class Rect {
    public Rect(int left, int top, int right, int bottom) {}
}
