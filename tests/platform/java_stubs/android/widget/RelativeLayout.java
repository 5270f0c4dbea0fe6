// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.widget;
import android.content.Context;
import android.view.ViewGroup;
public class RelativeLayout extends ViewGroup {
    public RelativeLayout(Context context) { super(context); }
    public static class LayoutParams extends ViewGroup.MarginLayoutParams {
        public LayoutParams(int w, int h) { super(w, h); }
    }
}
