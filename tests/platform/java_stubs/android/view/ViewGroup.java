// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.view;
import android.content.Context;
public abstract class ViewGroup extends View {
    public ViewGroup(Context context) { super(context); }
    public void addView(View child, ViewGroup.LayoutParams params) {}
    public static class LayoutParams {
        public LayoutParams(int width, int height) {}
    }
    public static class MarginLayoutParams extends ViewGroup.LayoutParams {
        public MarginLayoutParams(int width, int height) { super(width, height); }
    }
}
