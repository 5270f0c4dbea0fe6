// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.view.inputmethod;
import android.view.View;
public final class InputMethodManager {
    public void restartInput(View view) {}
}
