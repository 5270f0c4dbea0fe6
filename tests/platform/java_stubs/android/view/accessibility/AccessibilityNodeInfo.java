// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.view.accessibility;
import android.graphics.Rect;
import android.os.Bundle;
import android.view.View;
import java.util.List;
public class AccessibilityNodeInfo {
    public static final int ACTION_FOCUS = 0x00000001;
    public static final int ACTION_CLICK = 0x00000010;
    public static final int ACTION_ACCESSIBILITY_FOCUS = 0x00000040;
    public static final int ACTION_CLEAR_ACCESSIBILITY_FOCUS = 0x00000080;
    public static final int ACTION_SCROLL_FORWARD = 0x00001000;
    public static final int ACTION_SCROLL_BACKWARD = 0x00002000;
    public static final int ACTION_SET_SELECTION = 0x00020000;
    public static final int ACTION_SET_TEXT = 0x00200000;
    public static final String ACTION_ARGUMENT_SET_TEXT_CHARSEQUENCE = "ACTION_ARGUMENT_SET_TEXT_CHARSEQUENCE";
    public static final String ACTION_ARGUMENT_SELECTION_START_INT = "ACTION_ARGUMENT_SELECTION_START_INT";
    public static final String ACTION_ARGUMENT_SELECTION_END_INT = "ACTION_ARGUMENT_SELECTION_END_INT";
    public static final String ACTION_ARGUMENT_PROGRESS_VALUE = "android.view.accessibility.action.ARGUMENT_PROGRESS_VALUE";
    public static final String EXTRA_DATA_TEXT_CHARACTER_LOCATION_KEY = "android.view.accessibility.extra.DATA_TEXT_CHARACTER_LOCATION_KEY";
    public static final String EXTRA_DATA_TEXT_CHARACTER_LOCATION_ARG_START_INDEX = "android.view.accessibility.extra.DATA_TEXT_CHARACTER_LOCATION_ARG_START_INDEX";
    public static final String EXTRA_DATA_TEXT_CHARACTER_LOCATION_ARG_LENGTH = "android.view.accessibility.extra.DATA_TEXT_CHARACTER_LOCATION_ARG_LENGTH";
    public static AccessibilityNodeInfo obtain(View source) { return null; }
    public void setAvailableExtraData(List<String> extraDataKeys) {}
    public Bundle getExtras() { return null; }
    public static AccessibilityNodeInfo obtain(View root, int virtualDescendantId) { return null; }
    public void addChild(View root, int virtualDescendantId) {}
    public void setParent(View parent) {}
    public void setParent(View root, int virtualDescendantId) {}
    public void setBoundsInScreen(Rect bounds) {}
    public void setPackageName(CharSequence packageName) {}
    public void setClassName(CharSequence className) {}
    public void setText(CharSequence text) {}
    public void setHintText(CharSequence hintText) {}
    public void setContentDescription(CharSequence contentDescription) {}
    public void setPassword(boolean password) {}
    public void setEditable(boolean editable) {}
    public void setMultiLine(boolean multiLine) {}
    public void setTextSelection(int start, int end) {}
    public void setHeading(boolean isHeading) {}
    public void setEnabled(boolean enabled) {}
    public void setVisibleToUser(boolean visibleToUser) {}
    public void setFocusable(boolean focusable) {}
    public void setFocused(boolean focused) {}
    public void setCheckable(boolean checkable) {}
    public void setChecked(boolean checked) {}
    public void setSelected(boolean selected) {}
    public void setClickable(boolean clickable) {}
    public void setAccessibilityFocused(boolean focused) {}
    public void setLiveRegion(int mode) {}
    public void setRangeInfo(RangeInfo rangeInfo) {}
    public void addAction(AccessibilityAction action) {}
    public static final class RangeInfo {
        public static final int RANGE_TYPE_INT = 0;
        public static RangeInfo obtain(int type, float min, float max, float current) { return null; }
    }
    public static final class AccessibilityAction {
        public static final AccessibilityAction ACTION_FOCUS = new AccessibilityAction(0x00000001);
        public static final AccessibilityAction ACTION_CLICK = new AccessibilityAction(0x00000010);
        public static final AccessibilityAction ACTION_ACCESSIBILITY_FOCUS = new AccessibilityAction(0x00000040);
        public static final AccessibilityAction ACTION_CLEAR_ACCESSIBILITY_FOCUS = new AccessibilityAction(0x00000080);
        public static final AccessibilityAction ACTION_SCROLL_FORWARD = new AccessibilityAction(0x00001000);
        public static final AccessibilityAction ACTION_SCROLL_BACKWARD = new AccessibilityAction(0x00002000);
        public static final AccessibilityAction ACTION_SET_SELECTION = new AccessibilityAction(0x00020000);
        public static final AccessibilityAction ACTION_SET_TEXT = new AccessibilityAction(0x00200000);
        public static final AccessibilityAction ACTION_SHOW_ON_SCREEN = new AccessibilityAction(0x01020036);
        public static final AccessibilityAction ACTION_SET_PROGRESS = new AccessibilityAction(0x0102003d);
        private final int id;
        private AccessibilityAction(int id) { this.id = id; }
        public int getId() { return id; }
    }
}
