// Stand-in for the Android API (tests/platform/check_java_layer.sh): only
// the members the Java layer uses, with Android's signatures and modifiers.
package android.app;
import android.content.Context;
import android.os.Bundle;
import android.view.Window;
import android.content.ContentResolver;
import android.content.Intent;
public class Activity extends Context {
    public static final int RESULT_OK = -1;
    public void startActivityForResult(Intent intent, int requestCode) {}
    protected void onActivityResult(int requestCode, int resultCode, Intent data) {}
    public ContentResolver getContentResolver() { return null; }
    protected void onCreate(Bundle savedInstanceState) {}
    protected void onDestroy() {}
    public void onConfigurationChanged(android.content.res.Configuration newConfig) {}
    public Window getWindow() { return null; }
    public void setRecentsScreenshotEnabled(boolean enabled) {}
    public final void runOnUiThread(Runnable action) {}
    @Override public Object getSystemService(String name) { return null; }
}
