// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.view;
import android.content.Context;
import android.view.inputmethod.EditorInfo;
import android.view.inputmethod.InputConnection;
public class View {
    public static final int GONE = 0x00000008;
    public View(Context context) {}
    public void setVisibility(int visibility) {}
    public InputConnection onCreateInputConnection(EditorInfo outAttrs) { return null; }
}
