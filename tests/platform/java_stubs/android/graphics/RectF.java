// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.graphics;
import android.os.Parcelable;
public class RectF implements Parcelable {
    public RectF(float left, float top, float right, float bottom) {}
}
