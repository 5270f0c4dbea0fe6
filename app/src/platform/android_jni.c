/* android_jni.c -- see os.h (ui_android_set_secret_text_input) and
 * system_prefs.h (the system's text size, animations and contrast, sent by
 * InnermostSystemPrefs.java: written, unverified), and
 * file_picker.h (the document picker's half: InnermostActivity.pickDocument
 * and its answer, nativeDocumentPicked).  Android only;
 * on other platforms this file is empty.  Checked here only by clang's
 * syntax check against the JDK's jni.h (tests/platform/check_platform_syntax.sh). */
#ifdef __ANDROID__
#include <SDL.h>
#include <jni.h>

#include <unistd.h>

#include "platform/file_picker.h"
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
/* ---- the document picker (UNVERIFIED: not built or run here) ----------------
 * One run at a time (Android shows one picker): the run waiting for an
 * answer and its token, under the lock; an answer for another token (a run
 * the caller already left and a newer one replaced) is dropped, its fd
 * closed. */
static SDL_SpinLock pick_lock;
static ui_picker *pick_run;
static jlong pick_token;

int ui_picker_native_possible(void) { return 1; }

int ui_picker_platform_start(ui_picker *p)
{
    JNIEnv *env = (JNIEnv *)SDL_AndroidGetJNIEnv();
    jobject activity = (jobject)SDL_AndroidGetActivity();
    if (!env || !activity) return -1;
    jclass cls = (*env)->GetObjectClass(env, activity);
    jmethodID m = cls ? (*env)->GetStaticMethodID(env, cls, "pickDocument", "(ZLjava/lang/String;Ljava/lang/String;J)V")
                      : NULL;
    int ok = -1;
    if (m) {
        static jlong counter;
        SDL_AtomicLock(&pick_lock);
        ui_picker *old = pick_run;
        pick_run = p;
        jlong token = pick_token = ++counter;
        SDL_AtomicUnlock(&pick_lock);
        if (old) ui_picker_finish(old, UI_PICK_CANCELLED, NULL); /* replaced */
        jstring name = (*env)->NewStringUTF(env, p->req.file_name);
        jstring mime = (*env)->NewStringUTF(env, p->req.mime[0] ? p->req.mime : "application/octet-stream");
        (*env)->CallStaticVoidMethod(env, cls, m, p->req.mode == UI_PICK_SAVE ? JNI_TRUE : JNI_FALSE, name, mime,
                                     token);
        ok = (*env)->ExceptionCheck(env) ? -1 : 0;
        if (ok != 0) {
            (*env)->ExceptionClear(env);
            SDL_AtomicLock(&pick_lock);
            if (pick_run == p) pick_run = NULL;
            SDL_AtomicUnlock(&pick_lock);
        }
        if (name) (*env)->DeleteLocalRef(env, name);
        if (mime) (*env)->DeleteLocalRef(env, mime);
    }
    if ((*env)->ExceptionCheck(env)) (*env)->ExceptionClear(env);
    if (cls) (*env)->DeleteLocalRef(env, cls);
    (*env)->DeleteLocalRef(env, activity);
    return ok;
}

JNIEXPORT void JNICALL Java_org_innermost_app_InnermostActivity_nativeDocumentPicked(JNIEnv *env, jclass cls,
                                                                                     jlong token, jint fd, jstring name)
{
    (void)cls;
    SDL_AtomicLock(&pick_lock);
    ui_picker *p = token == pick_token ? pick_run : NULL;
    if (p) pick_run = NULL;
    SDL_AtomicUnlock(&pick_lock);
    if (!p) {
        if (fd >= 0) close(fd);
        return;
    }
    ui_pick_result r;
    SDL_memset(&r, 0, sizeof r);
    r.fd = fd;
    const char *n = name ? (*env)->GetStringUTFChars(env, name, NULL) : NULL;
    SDL_snprintf(r.display, sizeof r.display, "%s", n ? n : p->req.file_name);
    SDL_snprintf(r.path, sizeof r.path, "%s", r.display);
    if (n) (*env)->ReleaseStringUTFChars(env, name, n);
    ui_picker_finish(p, fd >= 0 ? UI_PICK_CHOSEN : fd == -1 ? UI_PICK_CANCELLED : UI_PICK_FAILED, &r);
}
#else
typedef int ui_android_jni_unused; /* ISO C: a file must hold a declaration */
#endif
