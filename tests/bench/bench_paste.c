/*
 * bench_paste.c -- the figures of a 1 MB paste into the journal editor, on
 * the real app headless (tests/support/app_harness.h), the software
 * renderer at 390x844 points, scale 1.  Not a test: it prints, it does not
 * judge (tests/journal_ui/test_journal_long.c checks that the same steps
 * finish and keep every byte).
 *
 *   bench_paste [BYTES]      (default 1048576)
 *
 * Prints "paste: bytes N paste P ms key K ms key-after-save D ms store S ms
 * frames F layouts L": the paste (Ctrl+V of BYTES of prose), the next
 * keystroke, a keystroke after the timed draft save, the Back that stores
 * the entry, and the frames and layouts the paste drew.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_harness.h"
#include "bench_util.h"

static th_app h;

static double timed(const char *line)
{
    double t0 = bench_now_ms();
    if (th_app_step(&h, line) != 0)
        exit(1);
    return bench_now_ms() - t0;
}

static char *prose(size_t bytes)
{
    static const char words[] = "I noticed how my shoulders rose when she asked about my week, ";
    char *s = malloc(bytes + 1);
    if (!s)
        return NULL;
    size_t n = 0, w = sizeof words - 1;
    while (n + w + 1 < bytes) {
        memcpy(s + n, words, w);
        n += w;
        if (n % 7 == 0)
            s[n++] = '\n';
    }
    s[n] = 0;
    return s;
}

int main(int argc, char **argv)
{
    size_t bytes = argc > 1 ? strtoul(argv[1], NULL, 10) : 1024 * 1024;
    th_app_prepare(&h, "bench-paste");
    th_vault_make(h.data);
    th_app_start(&h);
    th_app_unlock(&h, NULL);
    const char *open[] = {"tap \"Journal\"", "tap \"New entry\"", "tap \"Your words\""};
    for (size_t i = 0; i < sizeof open / sizeof open[0]; i++)
        timed(open[i]);
    char *text = prose(bytes);
    if (!text || SDL_SetClipboardText(text) != 0)
        return 1;
    ui_app *app = th_app_ui(&h);
    long f0 = app->frames, l0 = app->layouts;
    double paste = timed("key Ctrl+v");
    long frames = app->frames - f0, layouts = app->layouts - l0;
    double key = timed("type \"!\"");
    timed("wait 4"); /* the session's save-soon timer writes the draft */
    double after = timed("type \"?\"");
    double store = timed("key Escape");
    printf("paste: bytes %zu paste %.0f ms key %.0f ms key-after-save %.0f ms store %.0f ms frames %ld "
           "layouts %ld\n",
           strlen(text), paste, key, after, store, frames, layouts);
    memset(text, 0, bytes);
    free(text);
    SDL_SetClipboardText("");
    th_app_finish(&h);
    return 0;
}
