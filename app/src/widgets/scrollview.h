/*
 * scrollview.h -- a vertical scroll view and a virtualized list.
 *
 * Both own an im_scroller (input/scroll.h) in points: finger drags move the
 * content with the finger, a fling coasts (x0.985 per 1/120 s, stops below
 * 15 px/s), a finger held down stops it, and overscroll rubber-bands and
 * springs back.  The list asks im_listwin (input/listwin.h) which rows are
 * on screen, so 10,000 rows cost what the visible ones cost.  Both clip
 * their children and tick only while the scroller animates.
 */
#ifndef UI_SCROLLVIEW_H
#define UI_SCROLLVIEW_H

#include "input/listwin.h"
#include "input/scroll.h"
#include "widgets/widget.h"

extern const ui_class ui_scroll_class, ui_list_class;

/* A scroll view showing `content` (usually a column); it fills its parent. */
ui_widget *ui_scroll_new(ui_widget *content);

/* Row labels come from fn(ctx, row, buf, cap).  Tapping a row emits
 * `action` with the row as value; a long press emits long_action. */
typedef void (*ui_list_label_fn)(void *ctx, uint32_t row, char *buf, size_t cap);
ui_widget *ui_list_new(uint32_t count, float row_height_pt, ui_list_label_fn fn, void *fn_ctx, int action);

/* Rows that draw themselves: fn draws row `row` into r (window pixels,
 * already clipped to the list).  The list still draws its surface and the
 * scroll indicator, and still asks the label fn for accessible names. */
typedef void (*ui_list_draw_fn)(void *ctx, ui_ctx *c, ui_drawlist *dl, uint32_t row, ui_rect r);
void ui_list_set_draw(ui_widget *w, ui_list_draw_fn fn);

/* Rows of different heights (points) from height(fn_ctx, row), or one
 * height again when height is NULL; also the way to change the row count
 * (rows inserted or removed: every height is asked again, O(n)).  The
 * heights are asked again at the first layout after the text size changes
 * (a row may hold text and chrome, which scale differently).  Returns
 * 0, or -1 when memory runs out (the list keeps its previous rows). */
int ui_list_set_rows(ui_widget *w, ui_ctx *c, uint32_t count, im_listwin_height_fn height);

/* A list that has the focus: the keyboard's row (Up / Down / Page Up /
 * Page Down / Home / End move it, Return / Space open it) as its label into
 * buf and its rect in window pixels into r (may be NULL); -1 when w is not
 * a list or has no rows. */
int ui_list_cursor_label(ui_widget *w, ui_ctx *c, char *buf, size_t cap, ui_rect *r);

/* Scroll the nearest scrolling ancestor of w so r (window pixels) shows,
 * above the on-screen keyboard when one is up. */
void ui_scroll_reveal(ui_widget *w, ui_ctx *c, ui_rect r);

/* Room of px pixels above a scroll view's content, scrolled with it: the
 * frame's large title sits there (frame.c).  Set before the view is
 * placed; ignored by lists. */
void ui_scroll_set_top_inset(ui_widget *w, int px);

/* The scroller of a scroll view or list (NULL for other widgets). */
im_scroller *ui_scroll_scroller(ui_widget *w);

#endif
