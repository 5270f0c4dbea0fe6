/*
 * basic.h -- layout boxes (column, row, card), label, button, spacer.
 *
 * Sizes are points (converted with the context's scale at layout time), so
 * a text-size change or a resize reflows everything.  Buttons are at least
 * UI_TOUCH_TARGET_PT tall; boxes put UI_SPACING_PT between children unless
 * told otherwise.  A button activates on TAP (release within the slop), on
 * Return or Space when focused -- never on press, never after a drag.
 */
#ifndef UI_BASIC_H
#define UI_BASIC_H

#include "widgets/widget.h"

typedef enum ui_row_mode { UI_ROW_WRAP, UI_ROW_EQUAL, UI_ROW_LEAD, UI_ROW_EQUAL_OR_STACK } ui_row_mode;
typedef enum ui_button_style { UI_BUTTON_PRIMARY, UI_BUTTON_SECONDARY, UI_BUTTON_TEXT } ui_button_style;
/* UI_TEXT_BAR: a screen's title in its header bar, which grows at half
 * the rate of the text size (22 pt at 100 %, 33 pt at 200 %) so the bar
 * stays compact at large text and the page keeps the height. */
typedef enum ui_text_style { UI_TEXT_BODY, UI_TEXT_TITLE, UI_TEXT_HEADING, UI_TEXT_SMALL, UI_TEXT_BAR } ui_text_style;

extern const ui_class ui_column_class, ui_row_class, ui_card_class, ui_label_class, ui_button_class, ui_spacer_class;

/* A vertical stack: padding around, gap between (points). */
ui_widget *ui_column_new(float padding_pt, float gap_pt);
/* A row: UI_ROW_WRAP flows children at their natural width and wraps;
 * UI_ROW_EQUAL gives each child an equal share of one line; UI_ROW_LEAD
 * puts the others at their natural width at the line's end and the first
 * child in the rest -- a title beside its button -- and when they need
 * more than half the line (large text), the first child has the whole
 * line and the others go under it, at its end.  UI_ROW_EQUAL_OR_STACK is
 * UI_ROW_EQUAL until a share is narrower than a button's longest word
 * (three answers at 200 % text on a phone), then stacks the children, each
 * the row's width: for rows in the page's flow, not in a fixed footer,
 * whose slots must stay where they are. */
ui_widget *ui_row_new(ui_row_mode mode, float gap_pt);
/* A card: a column on a rounded surface with an outline. */
ui_widget *ui_card_new(void);
/* Wrapped text; its text is also its accessible label. */
ui_widget *ui_label_new(const char *text, ui_text_style style);
void ui_label_set_text(ui_widget *w, ui_ctx *c, const char *text);
/* The style a label was made with (a11y/tree.c: titles and headings). */
ui_text_style ui_label_style(const ui_widget *w);
ui_widget *ui_button_new(const char *label, ui_button_style style, int action);
ui_widget *ui_spacer_new(float height_pt);

/* Font face and pixel size for a text style under c's metrics. */
void ui_text_style_font(const ui_ctx *c, ui_text_style st, ui_face *face, int *px);

/* Draws text wrapped into r (at the start edge of each paragraph's
 * direction: left, or right for right-to-left; centred when center = 1);
 * returns the height used. */
int ui_draw_wrapped(ui_ctx *c, ui_drawlist *dl, const char *text, ui_face face, int px, ui_rgba color, ui_rect r,
                    int center);
/* The height wrapped text needs at this width. */
int ui_wrapped_height(ui_ctx *c, const char *text, ui_face face, int px, int width);
/* Where the characters of a drawn text are, for ui_class.char_boxes: s[0..n)
 * is what is drawn, as the lines of ui_text_wrap (or one line, not
 * wrapped) in face at px; bytes [skip_at, skip_at + skip_len) are drawn
 * but are no character of the text (an IME's composition). */
typedef struct ui_char_layout {
    const char *s;
    int n, skip_at, skip_len;
    ui_face face;
    int px;
    const ui_line *lines; /* NULL: s is one line, placed at fixed_x */
    int nlines, line_height;
    ui_rect box; /* the lines go here: ui_text_line_x(line, box.x, box.w, center), from box.y down */
    int center;  /* as ui_draw_wrapped's */
    int fixed_x; /* the one line's x when lines is NULL (a scrolled field) */
    int cut;     /* the text goes on past n, not drawn (cut before an ellipsis): no end box */
} ui_char_layout;
/* The boxes of l's characters on the lines meeting `within`, and which
 * continue a user-perceived character (joins, may be NULL), as
 * ui_class.char_boxes gives them (user-perceived characters, UAX #29,
 * one box each; a line's break a zero-wide box at its end); returns how
 * many, -1 on no memory. */
int ui_char_boxes(ui_ctx *c, const ui_char_layout *l, ui_rect within, int *first, ui_rect *out, unsigned char *joins,
                  int cap);

/* A focus ring around r when w has focus, is enabled and the keyboard is
 * in use (ui_ctx.focus_visible): 2 pt wide, 2 pt outside r, in UI_C_FOCUS. */
void ui_draw_focus(ui_widget *w, ui_ctx *c, ui_drawlist *dl, ui_rect r, int radius);

/* The pressed highlight shared by tappable widgets: PRESS sets it,
 * PRESS_END / CANCEL clear it.  Returns 1 when e was one of those. */
int ui_press_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e);

/* Gesture and key handlers for tappable widgets: the pressed highlight,
 * then cls->activate on TAP, on Return / Enter and on Space. */
int ui_tap_gesture(ui_widget *w, ui_ctx *c, const im_gesture_event *e, int x, int y);
int ui_tap_key(ui_widget *w, ui_ctx *c, const SDL_KeyboardEvent *k);

/* Column layout used by every box: children stacked in rect minus padding. */
int ui_box_measure(ui_widget *w, ui_ctx *c, int width);
void ui_box_layout(ui_widget *w, ui_ctx *c);

#endif
