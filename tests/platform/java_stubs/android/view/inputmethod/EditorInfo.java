// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.view.inputmethod;
public class EditorInfo {
    public static final int IME_FLAG_NO_PERSONALIZED_LEARNING = 0x1000000;
    public int inputType;
    public int imeOptions;
}
