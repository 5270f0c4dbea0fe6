// Stand-in for the Android API (tests/platform/check_java_layer.sh).
package android.content;
import android.net.Uri;
import android.os.ParcelFileDescriptor;
public abstract class ContentResolver {
    public final ParcelFileDescriptor openFileDescriptor(Uri uri, String mode) throws java.io.FileNotFoundException {
        return null;
    }
}
