// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.view;
import android.content.Context;
import android.view.accessibility.AccessibilityNodeInfo;
import android.view.accessibility.AccessibilityNodeProvider;
import android.view.inputmethod.EditorInfo;
import android.view.inputmethod.InputConnection;
public class View {
    public static final int GONE = 0x00000008;
    public static final int NO_ID = -1;
    public static final int ACCESSIBILITY_LIVE_REGION_POLITE = 0x00000001;
    public View(Context context) {}
    public void setVisibility(int visibility) {}
    public InputConnection onCreateInputConnection(EditorInfo outAttrs) { return null; }
    public final ViewParent getParent() { return null; }
    public final Context getContext() { return null; }
    public void announceForAccessibility(CharSequence text) {}
    public void getLocationOnScreen(int[] outLocation) {}
    public void invalidate() {}
    public void onInitializeAccessibilityNodeInfo(AccessibilityNodeInfo info) {}
    public void setAccessibilityDelegate(AccessibilityDelegate delegate) {}
    public void setOnHoverListener(OnHoverListener l) {}
    public interface OnHoverListener {
        boolean onHover(View v, MotionEvent event);
    }
    public static class AccessibilityDelegate {
        public AccessibilityNodeProvider getAccessibilityNodeProvider(View host) { return null; }
    }
}
