// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.view;
public interface WindowManager {
    public static class LayoutParams extends ViewGroup.LayoutParams {
        public static final int FLAG_SECURE = 0x00002000;
        public LayoutParams() { super(-1, -1); }
    }
}
