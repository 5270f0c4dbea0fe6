// Stand-in for SDL 2.26.5's android-project SDLActivity.java
// (tests/platform/check_java_layer.sh): the members the Java layer uses,
// with SDL's modifiers -- protected statics, protected onCreate and
// getLibraries, and DummyEdit as the package-private auxiliary class that
// SDLActivity.java itself declares (so InnermostTextInput must live in
// org.libsdl.app to extend it).
package org.libsdl.app;

import android.app.Activity;
import android.content.Context;
import android.os.Bundle;
import android.view.View;
import android.view.ViewGroup;
import android.view.inputmethod.EditorInfo;
import android.view.inputmethod.InputConnection;

public class SDLActivity extends Activity {
    protected static SDLActivity mSingleton;
    protected static View mTextEdit;
    protected static ViewGroup mLayout;

    @Override
    protected void onCreate(Bundle savedInstanceState) {}

    @Override
    public void onConfigurationChanged(android.content.res.Configuration newConfig) {}

    @Override
    protected void onDestroy() {}

    protected String[] getLibraries() {
        return new String[] { "SDL2", "main" };
    }
}

class DummyEdit extends View {
    InputConnection ic;

    public DummyEdit(Context context) {
        super(context);
    }

    @Override
    public InputConnection onCreateInputConnection(EditorInfo outAttrs) {
        return ic;
    }
}
