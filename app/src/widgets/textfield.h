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
 * Invariants.
 *  1. A password field never puts its text in the draw list, the label or
 *     anything else readable: only one bullet per character.  Copy and cut
 *     are refused; paste goes straight into the buffer (nothing logged).
 *  2. The caret blinks (530 ms) for 15 s after the last input, then stays
 *     on, so a focused field does not keep the loop awake forever.
 */
#ifndef UI_TEXTFIELD_H
#define UI_TEXTFIELD_H

#include "input/textedit.h"
#include "widgets/widget.h"

typedef enum ui_field_kind { UI_FIELD_LINE, UI_FIELD_PASSWORD, UI_FIELD_EDITOR } ui_field_kind;

#define UI_CARET_BLINK_MS 530
#define UI_CARET_BLINK_FOR_MS 15000

extern const ui_class ui_field_class;

/* label is the caption above the field and its accessible name; Return in
 * a single-line field emits `action` (submit); every edit emits
 * `change_action` when non-zero. */
ui_widget *ui_field_new(const char *label, ui_field_kind kind, int action, int change_action);
const char *ui_field_text(ui_widget *w);
/* 1 if W is a password field (the keyboard is asked for password input). */
int ui_field_is_secret(const ui_widget *w);
void ui_field_set_text(ui_widget *w, ui_ctx *c, const char *text);
im_textedit *ui_field_edit(ui_widget *w);

#endif
