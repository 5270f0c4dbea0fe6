/*
 * InnermostAccessibility -- the app's accessibility tree (app/src/a11y/tree.h)
 * for TalkBack: an AccessibilityNodeProvider of virtual views over SDL's
 * surface, fed over JNI by app/src/a11y/android.c.
 *
 * UNVERIFIED: written against Android's documented API and compiled here
 * only against stand-ins (tests/platform/check_java_layer.sh); never run on
 * a device or emulator.  See docs/platforms.md.
 *
 * How it works.
 *  - The C side publishes a snapshot after each frame that changed what a
 *    reader knows; it calls changed() (on SDL's thread), which posts
 *    refresh() to the main thread.  refresh() takes the snapshot as flat
 *    numbers and strings (nativeTake: app/src/a11y/mobile.h), tells
 *    TalkBack the content changed, and says the snapshot's events (a new
 *    screen, a toast, an error, a breathing phase).
 *  - Virtual view ids are stable: each node's 64-bit id (tree.h invariant
 *    3) gets the next int the first time it is seen and keeps it.
 *  - Actions TalkBack performs become requests to the C side (nativeRequest:
 *    app/src/a11y/hub.h), carried out on SDL's thread by the app the way
 *    the widget's own input would; nothing here touches a widget.
 *  - Explore by touch: hover events on the surface find the node under the
 *    finger (nativeHit: mobile.h, tested on Linux) and send hover enter /
 *    exit for it.
 *  - A secret field is a password node; its text is bullets from the C
 *    side (mobile.h invariant 1), never its content.
 *  - Where each character is (a text's "character location" extra data,
 *    Android 8+): the boxes the snapshot carries (tree.h invariant 6), per
 *    UTF-16 unit of the node's text (nativeCharRects: mobile.h, tested on
 *    Linux); a secret field's are its bullets'.
 *
 * The F_, ROLE_, ST_, ACT_, REQ_ and EV_ constants below are the C enums'
 * values; tests/a11y/test_a11y_mobile.c reads this file and checks each.
 */
package org.innermost.app;

import android.content.Context;
import android.graphics.Rect;
import android.graphics.RectF;
import android.os.Build;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.view.MotionEvent;
import android.view.View;
import android.view.ViewParent;
import android.view.accessibility.AccessibilityEvent;
import android.view.accessibility.AccessibilityManager;
import android.view.accessibility.AccessibilityNodeInfo;
import android.view.accessibility.AccessibilityNodeProvider;

import java.util.Collections;
import java.util.HashMap;

public final class InnermostAccessibility extends AccessibilityNodeProvider {

    // The ints of a node (mobile.h, UI_A11Y_MF_*).
    static final int F_ID_LO = 0, F_ID_HI = 1, F_ROLE = 2, F_STATES = 3, F_ACTIONS = 4, F_PARENT = 5,
            F_X = 6, F_Y = 7, F_W = 8, F_H = 9, F_HAS_VALUE = 10, F_VALUE = 11, F_MIN = 12, F_MAX = 13,
            F_TEXT_CHARS = 14, F_CARET = 15, F_SEL_START = 16, F_SEL_END = 17, F_COUNT = 18;
    // Its strings (mobile.h, UI_A11Y_MS_*).
    static final int S_NAME = 0, S_DESCRIPTION = 1, S_TEXT = 2, S_COUNT = 3;
    // Roles (tree.h, ui_a11y_role).
    static final int ROLE_NONE = 0, ROLE_WINDOW = 1, ROLE_STATIC_TEXT = 2, ROLE_HEADING = 3, ROLE_BUTTON = 4,
            ROLE_TOGGLE = 5, ROLE_RADIO = 6, ROLE_TEXT_FIELD = 7, ROLE_SLIDER = 8, ROLE_LIST = 9,
            ROLE_LIST_ITEM = 10, ROLE_TAB_LIST = 11, ROLE_TAB = 12, ROLE_DIALOG = 13, ROLE_IMAGE = 14,
            ROLE_PROGRESS = 15, ROLE_ALERT = 16, ROLE_TIMER = 17;
    // States (tree.h, UI_A11Y_ST_*).
    static final int ST_FOCUSABLE = 1, ST_FOCUSED = 1 << 1, ST_DISABLED = 1 << 2, ST_CHECKABLE = 1 << 3,
            ST_CHECKED = 1 << 4, ST_SELECTED = 1 << 5, ST_EXPANDED = 1 << 6, ST_SECRET = 1 << 7,
            ST_EDITABLE = 1 << 8, ST_MULTI_LINE = 1 << 9, ST_READ_ONLY = 1 << 10, ST_OFFSCREEN = 1 << 11,
            ST_MODAL = 1 << 12;
    // Actions a node accepts (tree.h, UI_A11Y_ACT_*).
    static final int ACT_ACTIVATE = 1, ACT_FOCUS = 1 << 1, ACT_SET_VALUE = 1 << 2, ACT_EDIT_TEXT = 1 << 3,
            ACT_SHOW = 1 << 4;
    // Requests (hub.h, ui_a11y_req_kind).
    static final int REQ_ACTIVATE = 0, REQ_FOCUS = 1, REQ_SHOW = 2, REQ_SET_VALUE = 3, REQ_SET_TEXT = 4,
            REQ_INSERT_TEXT = 5, REQ_DELETE_TEXT = 6, REQ_SET_CARET = 7, REQ_SELECT = 8;
    // Events (tree.h, ui_a11y_event_kind).
    static final int EV_SCREEN = 0, EV_TOAST = 1, EV_MESSAGE = 2, EV_PHASE = 3;

    private static InnermostAccessibility sInstance;

    private final View host;
    private final long bridge; // the C side's ui_a11y_bridge, valid until detach()
    private final Handler main = new Handler(Looper.getMainLooper());
    private final HashMap<Long, Integer> virtualOf = new HashMap<>();
    private final HashMap<Integer, Integer> indexOf = new HashMap<>();
    private int nextVirtual = 1;
    private int[] num = new int[0];
    private String[] str = new String[0];
    private int count;
    private int hovered = View.NO_ID;
    private int a11yFocused = View.NO_ID;

    private InnermostAccessibility(View host, long bridge) {
        this.host = host;
        this.bridge = bridge;
    }

    // ---- from C (app/src/a11y/android.c), on SDL's thread -------------------------

    /* The bridge started: provide the tree on `host` (SDL's surface). */
    static void attach(final View host, final long bridge) {
        final InnermostAccessibility p = new InnermostAccessibility(host, bridge);
        sInstance = p;
        p.main.post(new Runnable() {
            @Override
            public void run() {
                host.setAccessibilityDelegate(new View.AccessibilityDelegate() {
                    @Override
                    public AccessibilityNodeProvider getAccessibilityNodeProvider(View v) {
                        return p;
                    }
                });
                host.setOnHoverListener(new View.OnHoverListener() {
                    @Override
                    public boolean onHover(View v, MotionEvent e) {
                        return p.hover(e);
                    }
                });
                // Snapshots only while a service (TalkBack, Switch Access) is on.
                AccessibilityManager am =
                        (AccessibilityManager) host.getContext().getSystemService(Context.ACCESSIBILITY_SERVICE);
                if (am == null) return;
                nativeActive(bridge, am.isEnabled());
                am.addAccessibilityStateChangeListener(new AccessibilityManager.AccessibilityStateChangeListener() {
                    @Override
                    public void onAccessibilityStateChanged(boolean enabled) {
                        if (sInstance == p) nativeActive(bridge, enabled);
                    }
                });
            }
        });
    }

    /* A new snapshot is waiting. */
    static void changed() {
        final InnermostAccessibility p = sInstance;
        if (p == null) return;
        p.main.post(new Runnable() {
            @Override
            public void run() {
                p.refresh();
            }
        });
    }

    /* The bridge is stopping: no more calls into C. */
    static void detach() {
        final InnermostAccessibility p = sInstance;
        sInstance = null;
        if (p == null) return;
        p.main.post(new Runnable() {
            @Override
            public void run() {
                p.host.setAccessibilityDelegate(null);
                p.host.setOnHoverListener(null);
            }
        });
    }

    // ---- the snapshot -------------------------------------------------------------

    private void refresh() {
        if (sInstance != this) return;
        Object[] taken = nativeTake(bridge);
        if (taken == null) return;
        num = (int[]) taken[0];
        str = (String[]) taken[1];
        count = num.length / F_COUNT;
        indexOf.clear();
        for (int i = 0; i < count; i++) indexOf.put(virtualId(i), i);
        sendEvent(View.NO_ID, AccessibilityEvent.TYPE_WINDOW_CONTENT_CHANGED, null);
        int[] kinds = (int[]) taken[2];
        String[] texts = (String[]) taken[3];
        for (int k = 0; k < kinds.length; k++) say(kinds[k], texts[k]);
    }

    private int virtualId(int i) {
        long id = (num[i * F_COUNT + F_ID_HI] & 0xffffffffL) << 32 | (num[i * F_COUNT + F_ID_LO] & 0xffffffffL);
        Integer v = virtualOf.get(id);
        if (v == null) {
            v = nextVirtual++;
            virtualOf.put(id, v);
        }
        return v;
    }

    private int field(int i, int f) { return num[i * F_COUNT + f]; }

    private String string(int i, int s) { return str[i * S_COUNT + s]; }

    private boolean has(int i, int state) { return (field(i, F_STATES) & state) != 0; }

    private void say(int kind, String text) {
        if (text == null || text.isEmpty()) return;
        if (kind == EV_SCREEN) sendEvent(View.NO_ID, AccessibilityEvent.TYPE_WINDOW_STATE_CHANGED, text);
        else host.announceForAccessibility(text);
    }

    private void sendEvent(int virtualView, int type, String text) {
        ViewParent parent = host.getParent();
        if (parent == null) return;
        AccessibilityEvent e = AccessibilityEvent.obtain(type);
        e.setPackageName(host.getContext().getPackageName());
        if (virtualView != View.NO_ID) e.setSource(host, virtualView);
        else e.setSource(host);
        if (text != null) e.getText().add(text);
        parent.requestSendAccessibilityEvent(host, e);
    }

    // ---- AccessibilityNodeProvider ----------------------------------------------------

    @Override
    public AccessibilityNodeInfo createAccessibilityNodeInfo(int virtualView) {
        if (virtualView == View.NO_ID) {
            AccessibilityNodeInfo info = AccessibilityNodeInfo.obtain(host);
            host.onInitializeAccessibilityNodeInfo(info);
            for (int i = 1; i < count; i++)
                if (field(i, F_PARENT) == 0) info.addChild(host, virtualId(i));
            return info;
        }
        Integer at = indexOf.get(virtualView);
        if (at == null) return null;
        int i = at;
        AccessibilityNodeInfo info = AccessibilityNodeInfo.obtain(host, virtualView);
        info.setPackageName(host.getContext().getPackageName());
        info.setClassName(className(field(i, F_ROLE)));
        int parent = field(i, F_PARENT);
        if (parent <= 0) info.setParent(host);
        else info.setParent(host, virtualId(parent));
        for (int c = i + 1; c < count; c++)
            if (field(c, F_PARENT) == i) info.addChild(host, virtualId(c));
        int[] loc = new int[2];
        host.getLocationOnScreen(loc);
        info.setBoundsInScreen(new Rect(loc[0] + field(i, F_X), loc[1] + field(i, F_Y),
                                        loc[0] + field(i, F_X) + field(i, F_W), loc[1] + field(i, F_Y) + field(i, F_H)));
        describe(info, i);
        return info;
    }

    /* Name, text, states, range and actions of node i. */
    private void describe(AccessibilityNodeInfo info, int i) {
        int role = field(i, F_ROLE), acts = field(i, F_ACTIONS);
        String name = string(i, S_NAME), desc = string(i, S_DESCRIPTION);
        if (role == ROLE_TEXT_FIELD) {
            info.setText(string(i, S_TEXT));
            info.setHintText(name);
            info.setPassword(has(i, ST_SECRET));
            info.setEditable(has(i, ST_EDITABLE));
            info.setMultiLine(has(i, ST_MULTI_LINE));
            info.setTextSelection(field(i, F_SEL_START), field(i, F_SEL_END));
        } else if (role == ROLE_STATIC_TEXT || role == ROLE_HEADING || role == ROLE_ALERT) {
            info.setText(name);
        } else {
            info.setContentDescription(desc.isEmpty() ? name : name + ". " + desc);
        }
        if ((role == ROLE_TEXT_FIELD || role == ROLE_STATIC_TEXT || role == ROLE_HEADING) && Build.VERSION.SDK_INT >= 26)
            info.setAvailableExtraData(
                    Collections.singletonList(AccessibilityNodeInfo.EXTRA_DATA_TEXT_CHARACTER_LOCATION_KEY));
        info.setHeading(role == ROLE_HEADING);
        info.setEnabled(!has(i, ST_DISABLED));
        info.setVisibleToUser(!has(i, ST_OFFSCREEN));
        info.setFocusable(has(i, ST_FOCUSABLE));
        info.setFocused(has(i, ST_FOCUSED));
        info.setCheckable(has(i, ST_CHECKABLE));
        info.setChecked(has(i, ST_CHECKED));
        info.setSelected(has(i, ST_SELECTED));
        info.setAccessibilityFocused(virtualId(i) == a11yFocused);
        if (role == ROLE_ALERT || role == ROLE_TIMER) info.setLiveRegion(View.ACCESSIBILITY_LIVE_REGION_POLITE);
        if (field(i, F_HAS_VALUE) != 0)
            info.setRangeInfo(AccessibilityNodeInfo.RangeInfo.obtain(AccessibilityNodeInfo.RangeInfo.RANGE_TYPE_INT,
                                                                     field(i, F_MIN), field(i, F_MAX), field(i, F_VALUE)));
        if ((acts & ACT_ACTIVATE) != 0) {
            info.setClickable(true);
            info.addAction(AccessibilityNodeInfo.AccessibilityAction.ACTION_CLICK);
        }
        if ((acts & ACT_FOCUS) != 0) info.addAction(AccessibilityNodeInfo.AccessibilityAction.ACTION_FOCUS);
        if ((acts & ACT_SET_VALUE) != 0) {
            info.addAction(AccessibilityNodeInfo.AccessibilityAction.ACTION_SET_PROGRESS);
            info.addAction(AccessibilityNodeInfo.AccessibilityAction.ACTION_SCROLL_FORWARD);
            info.addAction(AccessibilityNodeInfo.AccessibilityAction.ACTION_SCROLL_BACKWARD);
        }
        if ((acts & ACT_EDIT_TEXT) != 0) {
            info.addAction(AccessibilityNodeInfo.AccessibilityAction.ACTION_SET_TEXT);
            info.addAction(AccessibilityNodeInfo.AccessibilityAction.ACTION_SET_SELECTION);
        }
        if ((acts & ACT_SHOW) != 0) info.addAction(AccessibilityNodeInfo.AccessibilityAction.ACTION_SHOW_ON_SCREEN);
        info.addAction(virtualId(i) == a11yFocused
                               ? AccessibilityNodeInfo.AccessibilityAction.ACTION_CLEAR_ACCESSIBILITY_FOCUS
                               : AccessibilityNodeInfo.AccessibilityAction.ACTION_ACCESSIBILITY_FOCUS);
    }

    /* The character location extra data: one RectF in screen pixels per
     * UTF-16 unit asked for, null for a unit not drawn now (its line out of
     * sight) or past the text. */
    @Override
    public void addExtraDataToAccessibilityNodeInfo(int virtualView, AccessibilityNodeInfo info, String key,
                                                    Bundle args) {
        Integer at = indexOf.get(virtualView);
        if (at == null || sInstance != this || args == null ||
            !AccessibilityNodeInfo.EXTRA_DATA_TEXT_CHARACTER_LOCATION_KEY.equals(key))
            return;
        int start = args.getInt(AccessibilityNodeInfo.EXTRA_DATA_TEXT_CHARACTER_LOCATION_ARG_START_INDEX, -1);
        int len = args.getInt(AccessibilityNodeInfo.EXTRA_DATA_TEXT_CHARACTER_LOCATION_ARG_LENGTH, -1);
        if (start < 0 || len <= 0) return;
        int[] r = nativeCharRects(bridge, at, start, len);
        if (r == null) return;
        int[] loc = new int[2];
        host.getLocationOnScreen(loc);
        RectF[] out = new RectF[len];
        for (int k = 0; k < len && 4 * k + 3 < r.length; k++) {
            if (r[4 * k + 2] < 0) continue;
            float x = loc[0] + r[4 * k], y = loc[1] + r[4 * k + 1];
            out[k] = new RectF(x, y, x + r[4 * k + 2], y + r[4 * k + 3]);
        }
        info.getExtras().putParcelableArray(AccessibilityNodeInfo.EXTRA_DATA_TEXT_CHARACTER_LOCATION_KEY, out);
    }

    /* The platform class whose behaviour TalkBack expects of a role. */
    private static String className(int role) {
        switch (role) {
        case ROLE_BUTTON: return "android.widget.Button";
        case ROLE_TOGGLE: return "android.widget.Switch";
        case ROLE_RADIO: return "android.widget.RadioButton";
        case ROLE_TEXT_FIELD: return "android.widget.EditText";
        case ROLE_SLIDER: return "android.widget.SeekBar";
        case ROLE_LIST: return "android.widget.ListView";
        case ROLE_TAB_LIST: return "android.widget.TabWidget";
        case ROLE_IMAGE: return "android.widget.ImageView";
        case ROLE_PROGRESS: return "android.widget.ProgressBar";
        case ROLE_DIALOG: return "android.app.Dialog";
        default: return "android.widget.TextView";
        }
    }

    @Override
    public boolean performAction(int virtualView, int action, Bundle args) {
        Integer at = indexOf.get(virtualView);
        if (at == null) return false;
        int i = at;
        switch (action) {
        case AccessibilityNodeInfo.ACTION_ACCESSIBILITY_FOCUS:
            a11yFocused = virtualView;
            host.invalidate();
            sendEvent(virtualView, AccessibilityEvent.TYPE_VIEW_ACCESSIBILITY_FOCUSED, null);
            return true;
        case AccessibilityNodeInfo.ACTION_CLEAR_ACCESSIBILITY_FOCUS:
            if (a11yFocused == virtualView) a11yFocused = View.NO_ID;
            sendEvent(virtualView, AccessibilityEvent.TYPE_VIEW_ACCESSIBILITY_FOCUS_CLEARED, null);
            return true;
        case AccessibilityNodeInfo.ACTION_CLICK: return request(i, REQ_ACTIVATE, 0, 0, null);
        case AccessibilityNodeInfo.ACTION_FOCUS: return request(i, REQ_FOCUS, 0, 0, null);
        case AccessibilityNodeInfo.ACTION_SCROLL_FORWARD:
            return request(i, REQ_SET_VALUE, field(i, F_VALUE) + 1, 0, null);
        case AccessibilityNodeInfo.ACTION_SCROLL_BACKWARD:
            return request(i, REQ_SET_VALUE, field(i, F_VALUE) - 1, 0, null);
        case AccessibilityNodeInfo.ACTION_SET_TEXT: {
            CharSequence t = args == null ? null
                    : args.getCharSequence(AccessibilityNodeInfo.ACTION_ARGUMENT_SET_TEXT_CHARSEQUENCE);
            return request(i, REQ_SET_TEXT, 0, 0, t == null ? "" : t.toString());
        }
        case AccessibilityNodeInfo.ACTION_SET_SELECTION: {
            int a = args == null ? 0 : args.getInt(AccessibilityNodeInfo.ACTION_ARGUMENT_SELECTION_START_INT, 0);
            int b = args == null ? a : args.getInt(AccessibilityNodeInfo.ACTION_ARGUMENT_SELECTION_END_INT, a);
            return request(i, REQ_SELECT, a, b, null);
        }
        default:
            if (action == AccessibilityNodeInfo.AccessibilityAction.ACTION_SET_PROGRESS.getId()) {
                float v = args == null ? field(i, F_VALUE)
                        : args.getFloat(AccessibilityNodeInfo.ACTION_ARGUMENT_PROGRESS_VALUE, field(i, F_VALUE));
                return request(i, REQ_SET_VALUE, Math.round(v), 0, null);
            }
            if (action == AccessibilityNodeInfo.AccessibilityAction.ACTION_SHOW_ON_SCREEN.getId())
                return request(i, REQ_SHOW, 0, 0, null);
            return false;
        }
    }

    private boolean request(int i, int kind, int a, int b, String text) {
        if (sInstance != this) return false;
        return nativeRequest(bridge, kind, field(i, F_ID_LO), field(i, F_ID_HI), string(i, S_NAME), a, b, text);
    }

    /* Explore by touch: the node under the finger gets hover enter. */
    private boolean hover(MotionEvent e) {
        if (sInstance != this || count == 0) return false;
        int action = e.getAction();
        if (action == MotionEvent.ACTION_HOVER_EXIT) {
            moveHover(View.NO_ID);
            return true;
        }
        if (action != MotionEvent.ACTION_HOVER_ENTER && action != MotionEvent.ACTION_HOVER_MOVE) return false;
        int i = nativeHit(bridge, Math.round(e.getX()), Math.round(e.getY()));
        moveHover(i > 0 && i < count ? virtualId(i) : View.NO_ID);
        return true;
    }

    private void moveHover(int virtualView) {
        if (virtualView == hovered) return;
        int old = hovered;
        hovered = virtualView;
        if (virtualView != View.NO_ID) sendEvent(virtualView, AccessibilityEvent.TYPE_VIEW_HOVER_ENTER, null);
        if (old != View.NO_ID) sendEvent(old, AccessibilityEvent.TYPE_VIEW_HOVER_EXIT, null);
    }

    // ---- app/src/a11y/android.c -------------------------------------------------------

    /* {int[] numbers, String[] strings, int[] event kinds, String[] event texts}
     * of the newest snapshot, or null when there is none new. */
    private static native Object[] nativeTake(long bridge);

    private static native boolean nativeRequest(long bridge, int kind, int idLo, int idHi, String name, int a, int b,
                                                String text);

    private static native int nativeHit(long bridge, int x, int y);

    private static native void nativeActive(long bridge, boolean on);

    /* 4 ints (x, y, w, h; w = h = -1: none) per UTF-16 unit [start, start + len)
     * of node index's text, in the host view's pixels; null when detached. */
    private static native int[] nativeCharRects(long bridge, int index, int start, int len);
}
