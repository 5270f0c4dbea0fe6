/* screen.c -- making and freeing screens; see screen.h. */
#include "app/screen.h"

#include <stdlib.h>

#include "widgets/frame.h"
#include "widgets/scrollview.h"

/* The options: a scroll view of s->body in the class's frame. */
static int frame_body(ui_screen *s)
{
    const ui_screen_class *cls = s->cls;
    ui_widget *body = s->body;
    s->body = NULL;
    if (!body) return -1;
    ui_widget *frame = cls->frame ? cls->frame(s) : ui_frame_new(s->title, s->back_action);
    ui_widget *scroll = ui_scroll_new(body); /* frees body if it fails */
    if (!frame || !scroll) {
        ui_widget_free(frame);
        ui_widget_free(scroll);
        return -1;
    }
    ui_frame_set_body(frame, scroll);
    s->root = frame;
    return 0;
}

ui_screen *ui_screen_new(ui_app *app, const ui_screen_class *cls, const void *args)
{
    if (!cls) return NULL;
    ui_screen *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->cls = cls;
    s->title = cls->name;
    int bad = cls->build && cls->build(app, s, args) != 0;
    if (!bad && (cls->options & UI_SCREEN_FRAMED)) bad = frame_body(s) != 0;
    if (bad) {
        ui_widget_free(s->body);
        s->body = NULL;
        ui_screen_free(s);
        return NULL;
    }
    return s;
}

void ui_screen_free(ui_screen *s)
{
    if (!s) return;
    ui_widget_free(s->root);
    s->root = NULL;
    if (s->cls->free) s->cls->free(s);
    free(s);
}

int ui_screen_is(const ui_screen *s, const ui_screen_class *cls) { return s && cls && s->cls == cls; }
