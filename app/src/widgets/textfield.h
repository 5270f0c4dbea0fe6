/*
 * textfield.h -- single-line field, password field and multi-line editor.
 *
 * The text lives in an im_textedit (input/textedit.h: UTF-8, caret,
 * selection, word deletion, IME preedit, wiped memory).  The widget draws
 * it, maps taps to caret offsets, turns keys into edits, and while focused
 * keeps SDL text input on with SDL_SetTextInputRect at the caret so the
 * on-screen keyboard and IME windows appear beside it.  The editor grows
 * with its text and asks its scroll view to keep the caret in sight, above
 * the on-screen keyboard.
 *
 * A reader (UI_FIELD_READ) shows a saved text to read: the same wrapped
 * lines, with no caption drawn, no box, no caret and nothing to edit (it
 * takes no focus, keys or taps, so a drag scrolls the page).  It draws its
 * text straight from the buffer, never copied into the draw list beyond
 * the visible lines, and can draw marks (a search's matches) behind them.
 *
 * Invariants.
 *  1. A password field never puts its text in the draw list, the label or
 *     anything else readable: only one bullet per character, unless the
 *     person chose to see it (its Show button, a child widget at the box's
 *     end named "Show passphrase" / "Hide passphrase"), when it is drawn as
 *     a line field draws.  ui_field_hide_all hides every one again (a
 *     lock).  Copy and cut are refused, shown or not; paste goes straight
 *     into the buffer (nothing logged).
 *  2. The caret blinks (530 ms) for 15 s after the last input, then stays
 *     on, so a focused field does not keep the loop awake forever.
 */
#ifndef UI_TEXTFIELD_H
#define UI_TEXTFIELD_H

#include "input/textedit.h"
#include "widgets/widget.h"

typedef enum ui_field_kind { UI_FIELD_LINE, UI_FIELD_PASSWORD, UI_FIELD_EDITOR, UI_FIELD_READ } ui_field_kind;

/* Bytes [start, end) of a text to draw highlighted. */
typedef struct ui_mark {
    int start, end;
} ui_mark;

#define UI_CARET_BLINK_MS 530
#define UI_CARET_BLINK_FOR_MS 15000

extern const ui_class ui_field_class;

/* label is the caption above the field and its accessible name; Return in
 * a single-line field emits `action` (submit); every edit emits
 * `change_action` when non-zero. */
ui_widget *ui_field_new(const char *label, ui_field_kind kind, int action, int change_action);
const char *ui_field_text(ui_widget *w);
/* 1 if W is a password field (the keyboard is asked for password input),
 * 2 if it is a PIN field (a number keypad is asked too), else 0. */
int ui_field_is_secret(const ui_widget *w);
/* The kind the field was made as. */
ui_field_kind ui_field_get_kind(const ui_widget *w);
void ui_field_set_text(ui_widget *w, ui_ctx *c, const char *text);
im_textedit *ui_field_edit(ui_widget *w);

/* A password field shown in clear (on 1) or as bullets (0), as its Show /
 * Hide button does; nothing for other fields. */
void ui_field_show_clear(ui_widget *w, ui_ctx *c, int on);
/* A password field that takes a PIN: its toggle is named "Show PIN" /
 * "Hide PIN" and focusing it asks the keyboard for a number keypad
 * (ui_field_is_secret 2: Android's number-password input type). */
void ui_field_set_pin(ui_widget *w);
/* A line or password field whose text wraps over as many lines as it
 * needs, the box growing with them, instead of scrolling sideways (a
 * recovery code typed at 200 % on a phone: one group and a half showed);
 * Return still submits.  Nothing for other fields. */
void ui_field_set_wrap(ui_widget *w);
/* Every password field under root goes back to bullets. */
void ui_field_hide_all(ui_widget *root, ui_ctx *c);

/* The words of the Show / Hide button (the widgets know no strings table):
 * what it reads and its accessible name, each way.  English until set;
 * the pointers must outlive every field. */
typedef struct ui_field_words {
    const char *show, *hide, *show_name, *hide_name;
    const char *show_pin_name, *hide_pin_name; /* a PIN field's toggle (ui_field_set_pin) */
} ui_field_words;
void ui_field_set_words(const ui_field_words *w);

/* A reader's marks: n sorted, disjoint byte ranges of its text (copied;
 * n 0 clears them).  Without memory it shows none, never fewer words. */
void ui_field_set_marks(ui_widget *w, ui_ctx *c, const ui_mark *marks, int n);
/* After the next layout, the reader's enclosing scroll view shows the line
 * of its first mark (a search's first match); nothing without marks. */
void ui_field_reveal_mark(ui_widget *w, ui_ctx *c);
/* A reader's face and size in points (UI_FACE_REGULAR, 16 unless set):
 * a bold one for a title.  Set before the first layout. */
void ui_field_set_face(ui_widget *w, ui_face face, int pt);

/* Draws, behind one drawn line (bytes line[0..len), which start at byte
 * line_start of the whole text, placed at x, y, lh high), the parts of the
 * sorted, disjoint marks on it: the match colour (UI_C_MATCH) and an
 * underline in the text colour, so a match is seen without colour too.
 * Called before the line's text is drawn. */
void ui_draw_marks(ui_ctx *c, ui_drawlist *dl, ui_face face, int px, const char *line, int len, int line_start, int x,
                   int y, int lh, const ui_mark *marks, int nmarks);

#endif
