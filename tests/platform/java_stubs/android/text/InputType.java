// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.text;
public interface InputType {
    public static final int TYPE_CLASS_TEXT = 0x00000001;
    public static final int TYPE_TEXT_FLAG_CAP_SENTENCES = 0x00004000;
    public static final int TYPE_TEXT_FLAG_MULTI_LINE = 0x00020000;
    public static final int TYPE_TEXT_FLAG_NO_SUGGESTIONS = 0x00080000;
    public static final int TYPE_TEXT_VARIATION_PASSWORD = 0x00000080;
    public static final int TYPE_CLASS_NUMBER = 0x00000002;
    public static final int TYPE_NUMBER_VARIATION_PASSWORD = 0x00000010;
}
