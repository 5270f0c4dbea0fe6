// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.content;
import android.database.ContentObserver;
import android.net.Uri;
import android.os.ParcelFileDescriptor;
public abstract class ContentResolver {
    public final void registerContentObserver(Uri uri, boolean notifyForDescendants, ContentObserver observer) {}
    public final void unregisterContentObserver(ContentObserver observer) {}
    public final ParcelFileDescriptor openFileDescriptor(Uri uri, String mode) throws java.io.FileNotFoundException {
        return null;
    }
}
