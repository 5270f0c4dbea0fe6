// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.content;
public abstract class Context {
    public static final String INPUT_METHOD_SERVICE = "input_method";
    public abstract Object getSystemService(String name);
    public ContentResolver getContentResolver() { return null; }
    public android.content.res.Resources getResources() { return null; }
}
