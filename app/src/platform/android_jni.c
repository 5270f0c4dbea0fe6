/* android_jni.c -- see os.h (ui_android_set_secret_text_input).  Android only;
 * on other platforms this file is empty.  Checked here only by clang's
 * syntax check against the JDK's jni.h (tests/platform/check_platform_syntax.sh). */
#ifdef __ANDROID__
#include <SDL.h>
#include <jni.h>

#include "platform/os.h"

void ui_android_set_secret_text_input(int secret)
{
    JNIEnv *env = (JNIEnv *)SDL_AndroidGetJNIEnv();
    jobject activity = (jobject)SDL_AndroidGetActivity();
    if (!env || !activity) return;
    jclass cls = (*env)->GetObjectClass(env, activity);
    /* a PIN (2): the number keypad first, then the secret (which restarts input) */
    jmethodID pin = cls ? (*env)->GetStaticMethodID(env, cls, "setPinTextInput", "(Z)V") : NULL;
    if (pin) (*env)->CallStaticVoidMethod(env, cls, pin, secret == 2 ? JNI_TRUE : JNI_FALSE);
    if ((*env)->ExceptionCheck(env)) (*env)->ExceptionClear(env);
    jmethodID m = cls ? (*env)->GetStaticMethodID(env, cls, "setSecretTextInput", "(Z)V") : NULL;
    if (m) (*env)->CallStaticVoidMethod(env, cls, m, secret ? JNI_TRUE : JNI_FALSE);
    if ((*env)->ExceptionCheck(env)) (*env)->ExceptionClear(env);
    if (cls) (*env)->DeleteLocalRef(env, cls);
    (*env)->DeleteLocalRef(env, activity);
}
#else
typedef int ui_android_jni_unused; /* ISO C: a file must hold a declaration */
#endif
