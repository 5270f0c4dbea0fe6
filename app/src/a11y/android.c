/*
 * android.c -- the accessibility bridge on Android (hub.h): the snapshot
 * handed to InnermostAccessibility.java, an AccessibilityNodeProvider over
 * SDL's surface, for TalkBack; its actions handed back as hub requests.
 *
 * UNVERIFIED: compiled here only by clang's syntax check with -D__ANDROID__
 * against SDL's headers and the JDK's jni.h
 * (tests/platform/check_platform_syntax.sh); never run on a device.  What
 * the two sides decide is in a11y/mobile.c, tested on Linux.
 *
 * Threads.  notify() runs on SDL's thread after a publish: it only calls
 * the static InnermostActivity.a11yChanged(), which posts to Android's main
 * thread.  The natives (nativeTake, nativeRequest, nativeHit,
 * nativeCharRects, nativeActive) run on the main thread: they take the hub's snapshot,
 * queue requests (the hub wakes SDL's loop with its event), and read the
 * bridge's current snapshot under its lock.  Java holds the bridge as a
 * long; after stop every native finds it detached (under the lock) and
 * does nothing, and the struct is never freed, so a late call is safe.
 */
#ifdef __ANDROID__
#include <SDL.h>
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "a11y/hub.h"
#include "a11y/mobile.h"
#include "innermost/wipe.h"

struct ui_a11y_bridge {
    ui_a11y_hub *hub;
    SDL_mutex *lock;
    ui_a11y_tree *tree; /* under lock: the snapshot Java last took */
    int attached;       /* under lock: Java may call */
};

/* Calls the static void method `name` (signature sig) of the activity's
 * class with one optional jlong. */
static void call_activity(const char *name, const char *sig, jlong arg)
{
    JNIEnv *env = (JNIEnv *)SDL_AndroidGetJNIEnv();
    jobject activity = (jobject)SDL_AndroidGetActivity();
    if (!env || !activity) return;
    jclass cls = (*env)->GetObjectClass(env, activity);
    jmethodID m = cls ? (*env)->GetStaticMethodID(env, cls, name, sig) : NULL;
    if (m && sig[1] == 'J') (*env)->CallStaticVoidMethod(env, cls, m, arg);
    else if (m) (*env)->CallStaticVoidMethod(env, cls, m);
    if ((*env)->ExceptionCheck(env)) (*env)->ExceptionClear(env);
    if (cls) (*env)->DeleteLocalRef(env, cls);
    (*env)->DeleteLocalRef(env, activity);
}

static void notify(void *ctx)
{
    (void)ctx;
    call_activity("a11yChanged", "()V", 0);
}

ui_a11y_bridge *ui_a11y_bridge_start(ui_a11y_hub *hub)
{
    ui_a11y_bridge *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->hub = hub;
    b->lock = SDL_CreateMutex();
    if (!b->lock) {
        free(b);
        return NULL;
    }
    b->attached = 1;
    ui_a11y_hub_set_notify(hub, notify, b);
    call_activity("a11yAttach", "(J)V", (jlong)(intptr_t)b);
    return b;
}

void ui_a11y_bridge_stop(ui_a11y_bridge *b)
{
    if (!b) return;
    call_activity("a11yDetach", "()V", 0);
    ui_a11y_hub_set_notify(b->hub, NULL, NULL);
    SDL_LockMutex(b->lock);
    b->attached = 0; /* every native call checks this under the lock */
    ui_a11y_hub_set_active(b->hub, 0);
    ui_a11y_tree_free(b->tree);
    b->tree = NULL;
    SDL_UnlockMutex(b->lock);
    /* The struct and its lock stay: a call on the main thread may still be
     * on its way with the handle Java held (a few bytes, once a process). */
}

static ui_a11y_bridge *bridge_of(jlong handle) { return (ui_a11y_bridge *)(intptr_t)handle; }

/* A Java string of UTF-8 s (UTF-16 through mobile.c: emoji survive). */
static jstring java_string(JNIEnv *env, const char *s)
{
    size_t n = strlen(s ? s : "");
    uint16_t small[256], *u = n < 256 ? small : malloc((n + 1) * sizeof *u);
    if (!u) return (*env)->NewStringUTF(env, "");
    size_t units = ui_a11y_mobile_utf16(s, u, n < 256 ? 256 : n + 1);
    jstring j = (*env)->NewString(env, (const jchar *)u, (jsize)units);
    im_mem_wipe(u, units * sizeof *u); /* a field's text, a reader's words */
    if (u != small) free(u);
    return j;
}

JNIEXPORT jobjectArray JNICALL Java_org_innermost_app_InnermostAccessibility_nativeTake(JNIEnv *env, jclass cls,
                                                                                        jlong handle)
{
    (void)cls;
    ui_a11y_bridge *b = bridge_of(handle);
    ui_a11y_tree *t = ui_a11y_hub_take(b->hub);
    if (!t) return NULL;
    SDL_LockMutex(b->lock);
    if (!b->attached) {
        SDL_UnlockMutex(b->lock);
        ui_a11y_tree_free(t);
        return NULL;
    }
    ui_a11y_tree_free(b->tree);
    b->tree = t;
    size_t nnum = (size_t)t->count * UI_A11Y_MF_COUNT;
    int32_t *num = malloc((nnum ? nnum : 1) * sizeof *num);
    jclass object = (*env)->FindClass(env, "java/lang/Object"), string = (*env)->FindClass(env, "java/lang/String");
    jobjectArray out = object ? (*env)->NewObjectArray(env, 4, object, NULL) : NULL;
    jintArray jnum = (*env)->NewIntArray(env, (jsize)nnum);
    jobjectArray jstr = string ? (*env)->NewObjectArray(env, (jsize)(t->count * UI_A11Y_MS_COUNT), string, NULL) : NULL;
    jintArray kinds = (*env)->NewIntArray(env, t->nevents);
    jobjectArray texts = string ? (*env)->NewObjectArray(env, t->nevents, string, NULL) : NULL;
    if (num && out && jnum && jstr && kinds && texts && ui_a11y_mobile_numbers(t, num, nnum) == t->count) {
        (*env)->SetIntArrayRegion(env, jnum, 0, (jsize)nnum, (const jint *)num);
        char buf[4 * 256];
        for (int i = 0; i < t->count; i++)
            for (int k = 0; k < UI_A11Y_MS_COUNT; k++) {
                jstring js = java_string(env, ui_a11y_mobile_string(t, i, k, buf, sizeof buf));
                (*env)->SetObjectArrayElement(env, jstr, i * UI_A11Y_MS_COUNT + k, js);
                (*env)->DeleteLocalRef(env, js);
            }
        for (int e = 0; e < t->nevents; e++) {
            jint kind = (jint)t->events[e].kind;
            (*env)->SetIntArrayRegion(env, kinds, e, 1, &kind);
            jstring js = java_string(env, t->events[e].text);
            (*env)->SetObjectArrayElement(env, texts, e, js);
            (*env)->DeleteLocalRef(env, js);
        }
        (*env)->SetObjectArrayElement(env, out, 0, jnum);
        (*env)->SetObjectArrayElement(env, out, 1, jstr);
        (*env)->SetObjectArrayElement(env, out, 2, kinds);
        (*env)->SetObjectArrayElement(env, out, 3, texts);
    } else {
        out = NULL;
    }
    SDL_UnlockMutex(b->lock);
    free(num);
    return out;
}

JNIEXPORT jboolean JNICALL Java_org_innermost_app_InnermostAccessibility_nativeRequest(JNIEnv *env, jclass cls,
                                                                                       jlong handle, jint kind,
                                                                                       jint id_lo, jint id_hi,
                                                                                       jstring name, jint a, jint b2,
                                                                                       jstring text)
{
    (void)cls;
    ui_a11y_bridge *b = bridge_of(handle);
    ui_a11y_request r;
    memset(&r, 0, sizeof r);
    r.kind = (ui_a11y_req_kind)kind;
    r.id = (uint64_t)(uint32_t)id_hi << 32 | (uint32_t)id_lo;
    r.a = a;
    r.b = b2;
    const char *n = name ? (*env)->GetStringUTFChars(env, name, NULL) : NULL;
    const char *t = text ? (*env)->GetStringUTFChars(env, text, NULL) : NULL;
    if (n) snprintf(r.name, sizeof r.name, "%s", n);
    r.text = t;
    SDL_LockMutex(b->lock);
    int ok = b->attached && ui_a11y_hub_request(b->hub, &r) == 0; /* the hub copies the text */
    SDL_UnlockMutex(b->lock);
    if (n) (*env)->ReleaseStringUTFChars(env, name, n);
    if (t) (*env)->ReleaseStringUTFChars(env, text, t);
    im_mem_wipe(&r, sizeof r);
    return ok ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jint JNICALL Java_org_innermost_app_InnermostAccessibility_nativeHit(JNIEnv *env, jclass cls, jlong handle,
                                                                               jint x, jint y)
{
    (void)env, (void)cls;
    ui_a11y_bridge *b = bridge_of(handle);
    SDL_LockMutex(b->lock);
    int i = b->attached ? ui_a11y_mobile_hit(b->tree, x, y) : -1;
    SDL_UnlockMutex(b->lock);
    return i;
}

/* Where node `index`'s UTF-16 units [start, start + len) are (mobile.h):
 * 4 ints each, w = h = -1 for one with no box; null when detached. */
JNIEXPORT jintArray JNICALL Java_org_innermost_app_InnermostAccessibility_nativeCharRects(JNIEnv *env, jclass cls,
                                                                                          jlong handle, jint index,
                                                                                          jint start, jint len)
{
    (void)cls;
    ui_a11y_bridge *b = bridge_of(handle);
    if (len <= 0 || len > 100000) return NULL;
    int32_t *r = malloc((size_t)len * 4 * sizeof *r);
    if (!r) return NULL;
    SDL_LockMutex(b->lock);
    int n = b->attached ? ui_a11y_mobile_char_rects(b->tree, index, start, len, r, (size_t)len * 4) : -1;
    SDL_UnlockMutex(b->lock);
    jintArray out = n >= 0 ? (*env)->NewIntArray(env, n * 4) : NULL;
    if (out && n > 0) (*env)->SetIntArrayRegion(env, out, 0, n * 4, (const jint *)r);
    free(r);
    return out;
}

JNIEXPORT void JNICALL Java_org_innermost_app_InnermostAccessibility_nativeActive(JNIEnv *env, jclass cls, jlong handle,
                                                                                  jboolean on)
{
    (void)env, (void)cls;
    ui_a11y_bridge *b = bridge_of(handle);
    SDL_LockMutex(b->lock);
    if (b->attached) ui_a11y_hub_set_active(b->hub, on == JNI_TRUE);
    SDL_UnlockMutex(b->lock);
}

#else
typedef int ui_a11y_android_unused; /* ISO C: a file must hold a declaration */
#endif
