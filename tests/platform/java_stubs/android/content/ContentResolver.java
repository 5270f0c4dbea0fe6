// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.content;
import android.database.ContentObserver;
import android.net.Uri;
public abstract class ContentResolver {
    public final void registerContentObserver(Uri uri, boolean notifyForDescendants, ContentObserver observer) {}
    public final void unregisterContentObserver(ContentObserver observer) {}
}
