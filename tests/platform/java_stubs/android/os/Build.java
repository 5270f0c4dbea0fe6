// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.os;
public class Build {
    public static class VERSION {
        public static final int SDK_INT = 33;
    }
}
