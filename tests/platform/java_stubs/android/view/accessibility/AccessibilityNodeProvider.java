// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.view.accessibility;
import android.os.Bundle;
public abstract class AccessibilityNodeProvider {
    public AccessibilityNodeInfo createAccessibilityNodeInfo(int virtualViewId) { return null; }
    public boolean performAction(int virtualViewId, int action, Bundle arguments) { return false; }
    public void addExtraDataToAccessibilityNodeInfo(int virtualViewId, AccessibilityNodeInfo info, String extraDataKey, Bundle arguments) {}
}
