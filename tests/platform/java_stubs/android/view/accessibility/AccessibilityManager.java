// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.view.accessibility;
public final class AccessibilityManager {
    public interface AccessibilityStateChangeListener {
        void onAccessibilityStateChanged(boolean enabled);
    }
    public boolean isEnabled() { return false; }
    public boolean addAccessibilityStateChangeListener(AccessibilityStateChangeListener listener) { return true; }
}
