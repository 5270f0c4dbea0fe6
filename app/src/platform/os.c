/* os.c -- see os.h. */
#include "platform/os.h"

#include <SDL.h>

#if defined(__ANDROID__) || defined(IM_OS_ANDROID)
#ifndef __ANDROID__
/* SDL_system.h declares it only for Android; the test supplies it. */
extern DECLSPEC void SDLCALL SDL_AndroidBackButton(void);
#endif

static void android_root_back(void *ctx)
{
    (void)ctx;
    SDL_AndroidBackButton();
}

static void android_secret(void *ctx, int secret)
{
    (void)ctx;
    ui_android_set_secret_text_input(secret);
}

static const ui_os_ops android_ops = { android_root_back, android_secret, NULL };
#endif

const ui_os_ops *ui_os_platform_ops(void)
{
#if defined(__ANDROID__) || defined(IM_OS_ANDROID)
    return &android_ops;
#else
    return NULL;
#endif
}
