// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.view.accessibility;
import android.view.View;
import java.util.List;
public final class AccessibilityEvent {
    public static final int TYPE_VIEW_HOVER_ENTER = 0x00000080;
    public static final int TYPE_VIEW_HOVER_EXIT = 0x00000100;
    public static final int TYPE_WINDOW_STATE_CHANGED = 0x00000020;
    public static final int TYPE_WINDOW_CONTENT_CHANGED = 0x00000800;
    public static final int TYPE_VIEW_ACCESSIBILITY_FOCUSED = 0x00008000;
    public static final int TYPE_VIEW_ACCESSIBILITY_FOCUS_CLEARED = 0x00010000;
    public static AccessibilityEvent obtain(int eventType) { return null; }
    public void setPackageName(CharSequence packageName) {}
    public void setSource(View source) {}
    public void setSource(View root, int virtualDescendantId) {}
    public List<CharSequence> getText() { return null; }
}
