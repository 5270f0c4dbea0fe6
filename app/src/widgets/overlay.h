/*
 * overlay.h -- dialogs and bottom sheets.
 *
 * An overlay covers the screen with a scrim and holds a card: centred for a
 * dialog, along the bottom edge (sliding up, unless reduce-motion) for a
 * sheet.  While one is open it takes every touch and key; a tap on the
 * scrim or Back/Esc closes it (emits `dismiss_action`).
 */
#ifndef UI_OVERLAY_H
#define UI_OVERLAY_H

#include "widgets/widget.h"

typedef enum ui_overlay_kind { UI_OVERLAY_DIALOG, UI_OVERLAY_SHEET } ui_overlay_kind;

extern const ui_class ui_overlay_class;

/* Returns the overlay; add content to ui_overlay_card(). */
ui_widget *ui_overlay_new(ui_overlay_kind kind, const char *title, int dismiss_action);
ui_widget *ui_overlay_card(ui_widget *overlay);
/* Starts the entrance animation (call once it is shown). */
void ui_overlay_shown(ui_widget *overlay, ui_ctx *c);

#endif
