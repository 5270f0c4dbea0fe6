/* android_jni.c -- see os.h (ui_android_set_secret_text_input) and
 * system_prefs.h (the system's text size, animations and contrast, sent by
 * InnermostSystemPrefs.java: written, unverified).  Android only;
 * on other platforms this file is empty.  Checked here only by clang's
 * syntax check against the JDK's jni.h (tests/platform/check_platform_syntax.sh). */
#ifdef __ANDROID__
#include <SDL.h>
#include <jni.h>

#include "platform/os.h"
#include "platform/system_prefs.h"

/* InnermostSystemPrefs.nativeSystemPrefs(float, float, int), on Java's UI
 * thread: stored and posted (system_prefs.h, invariant 2). */
JNIEXPORT void JNICALL Java_org_innermost_app_InnermostSystemPrefs_nativeSystemPrefs(JNIEnv *env, jclass cls,
                                                                                     jfloat font_scale,
                                                                                     jfloat animator_scale,
                                                                                     jint high_contrast)
{
    (void)env, (void)cls;
    ui_system_prefs_platform_set(font_scale, animator_scale, high_contrast);
}

void ui_android_set_secret_text_input(int secret)
{
    JNIEnv *env = (JNIEnv *)SDL_AndroidGetJNIEnv();
    jobject activity = (jobject)SDL_AndroidGetActivity();
    if (!env || !activity) return;
    jclass cls = (*env)->GetObjectClass(env, activity);
    jmethodID m = cls ? (*env)->GetStaticMethodID(env, cls, "setSecretTextInput", "(Z)V") : NULL;
    if (m) (*env)->CallStaticVoidMethod(env, cls, m, secret ? JNI_TRUE : JNI_FALSE);
    if ((*env)->ExceptionCheck(env)) (*env)->ExceptionClear(env);
    if (cls) (*env)->DeleteLocalRef(env, cls);
    (*env)->DeleteLocalRef(env, activity);
}
#else
typedef int ui_android_jni_unused; /* ISO C: a file must hold a declaration */
#endif
