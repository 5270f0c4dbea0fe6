// Stand-in for the Android API (tests/platform/check_java_layer.sh).
package android.content;
public class ActivityNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
}
