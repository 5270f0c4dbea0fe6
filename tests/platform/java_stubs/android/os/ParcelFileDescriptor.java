// Stand-in for the Android API (tests/platform/check_java_layer.sh).
package android.os;
public class ParcelFileDescriptor implements java.io.Closeable {
    public int detachFd() { return -1; }
    @Override public void close() throws java.io.IOException {}
}
