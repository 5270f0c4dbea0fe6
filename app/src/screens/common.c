/*
 * common.c -- pieces the screens share: content text, the activity
 * indicator, the new-passphrase fields, the erase dialog.  See common.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/strings.h"
#include "innermost/passphrase.h"
#include "innermost/wipe.h"
#include "app/session.h"
#include "screens/common.h"
#include "widgets/anim.h"
#include "widgets/basic.h"
#include "widgets/overlay.h"
#include "widgets/textfield.h"

/* ---- the message line ---------------------------------------------------------- */

typedef struct message_data {
    ui_message_kind kind;
} message_data;

/* The error icon: a round badge in the error colour with a "!" cut in
 * the surface colour, so an error is told by its shape, not colour alone. */
static int icon_size(ui_ctx *c) { return ui_pt(c, 18); }

/* Where the text goes: after the icon (and a gap) for an error. */
static ui_rect message_text_rect(ui_widget *w, ui_ctx *c)
{
    const message_data *d = w->data;
    if (d->kind != UI_MESSAGE_ERROR) return w->rect;
    int in = icon_size(c) + ui_dp(c, 8);
    return (ui_rect){ w->rect.x + in, w->rect.y, w->rect.w - in, w->rect.h };
}

static int message_measure(ui_widget *w, ui_ctx *c, int width)
{
    ui_face face;
    int px;
    ui_text_style_font(c, UI_TEXT_BODY, &face, &px);
    const message_data *d = w->data;
    int in = d->kind == UI_MESSAGE_ERROR ? icon_size(c) + ui_dp(c, 8) : 0;
    int h = ui_wrapped_height(c, w->label, face, px, width - in);
    return d->kind == UI_MESSAGE_ERROR && h < icon_size(c) ? icon_size(c) : h;
}

static void draw_error_icon(ui_widget *w, ui_ctx *c, ui_drawlist *dl, int line_h)
{
    int sz = icon_size(c), y = w->rect.y + (line_h - sz) / 2;
    ui_draw_rrect(dl, (ui_rect){ w->rect.x, y, sz, sz }, sz / 2, ui_color(c, UI_C_ERROR));
    int bar = ui_pt(c, 2) > 1 ? ui_pt(c, 2) : 2, x = w->rect.x + (sz - bar) / 2;
    ui_rgba cut = ui_color(c, UI_C_SURFACE);
    ui_draw_rect(dl, (ui_rect){ x, y + sz / 5, bar, sz * 2 / 5 }, cut); /* the stroke */
    ui_draw_rect(dl, (ui_rect){ x, y + sz * 7 / 10, bar, bar }, cut);   /* the dot */
}

static void message_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    const message_data *d = w->data;
    ui_face face;
    int px;
    ui_text_style_font(c, UI_TEXT_BODY, &face, &px);
    int err = d->kind == UI_MESSAGE_ERROR;
    if (err) draw_error_icon(w, c, dl, ui_text_line_height(c->text, face, px));
    ui_draw_wrapped(c, dl, w->label, face, px, ui_color(c, err ? UI_C_ERROR : UI_C_TEXT), message_text_rect(w, c), 0);
}

static const ui_class message_class = { .name = "message", .measure = message_measure, .draw = message_draw };

ui_widget *ui_message_new(void)
{
    ui_widget *w = ui_widget_new(&message_class, "", sizeof(message_data));
    if (w) w->flags |= UI_WF_HIDDEN;
    return w;
}

void ui_message_say(ui_widget *w, ui_ctx *c, ui_message_kind kind, const char *text)
{
    if (w->cls != &message_class) { /* a plain label (a hint) speaks plainly */
        ui_label_set_text(w, c, text);
    } else {
        ((message_data *)w->data)->kind = kind;
        ui_widget_set_label(w, text);
    }
    if (text[0]) w->flags &= ~(unsigned)UI_WF_HIDDEN;
    else w->flags |= UI_WF_HIDDEN;
    ui_ctx_relayout(c);
}

void ui_message_set(ui_widget *w, ui_ctx *c, const char *text) { ui_message_say(w, c, UI_MESSAGE_INFO, text); }

/* ---- the recovery code --------------------------------------------------------- */

/* The code's widget ("recovery-code", a heading to readers as the title
 * label it replaces): its label is the code as readers and the script
 * runner have always had it (four groups, a line break, four groups).  It
 * is drawn as a grid of whole groups, one text run a group in cells as
 * wide as the widest group, so the columns line up as a monospaced code's
 * would (the bundled Noto Sans has no monospaced face); the gap between
 * columns, about a letter wide, is the separator.  Lines hold as many
 * groups as fit, up to four, shared out evenly (eight groups: 4+4, 3+3+2,
 * 2+2+2+2); when not even two fit at the title's size (200 % text on a
 * 360 pt phone) the code is drawn smaller, down to the body text's size,
 * rather than one group a line.  A group is never broken over two lines. */
#define CODE_GROUPS_MAX 8
#define CODE_PER_LINE_MAX 4

typedef struct code_layout {
    ui_face face;
    int px, per_line, lines, cell, gap, line_height;
} code_layout;

/* The groups of w's label: start offsets and lengths; their number. */
static int code_groups(const char *s, int *at, int *len)
{
    int n = 0, i = 0;
    while (s[i] && n < CODE_GROUPS_MAX) {
        at[n] = i;
        while (s[i] && s[i] != '-' && s[i] != '\n') i++;
        len[n] = i - at[n];
        n++;
        if (s[i]) i++;
    }
    return n;
}

/* The widest group of s at face/px. */
static int code_cell(ui_ctx *c, ui_face face, int px, const char *s, const int *at, const int *len, int n)
{
    int cell = 0;
    for (int g = 0; g < n; g++) {
        int w = ui_text_measure(c->text, face, px, s + at[g], len[g]);
        cell = w > cell ? w : cell;
    }
    return cell;
}

/* How w's code is laid out at width: the most groups a line (k cells and
 * k - 1 gaps, up to four) that fit at the title's size or a little smaller
 * (down to 85 % of it: four a line at 85 % text on a 390 pt phone, as the
 * dashed lines had), at the largest size that fits them; when fewer than
 * two fit there, the largest size down to the body's at which two do;
 * else one a line at the title's size.  Then the lines, and the groups a
 * line shared out evenly. */
static code_layout code_layout_at(ui_widget *w, ui_ctx *c, int width)
{
    int at[CODE_GROUPS_MAX], len[CODE_GROUPS_MAX], body_px, n = code_groups(w->label, at, len);
    ui_face body_face;
    code_layout l = { 0 };
    ui_text_style_font(c, UI_TEXT_TITLE, &l.face, &l.px);
    ui_text_style_font(c, UI_TEXT_BODY, &body_face, &body_px);
    int title_px = l.px, near_px = title_px * 85 / 100, fit = 0;
    for (int px = title_px; px > 0 && (px >= near_px || (px >= body_px && fit < 2)); px--) {
        int cell = code_cell(c, l.face, px, w->label, at, len, n), gap = (px * 3 + 4) / 8;
        int k = cell > 0 ? (width + gap) / (cell + gap) : CODE_PER_LINE_MAX;
        if (k > CODE_PER_LINE_MAX) k = CODE_PER_LINE_MAX;
        if (k > fit && (px >= near_px || k >= 2)) {
            fit = k;
            l.px = px;
            l.cell = cell;
            l.gap = gap;
        }
        if (fit == CODE_PER_LINE_MAX || (px < near_px && fit >= 2)) break;
    }
    if (fit < 2) { /* not two even at the body's size: one a line, as large as the title */
        l.px = title_px;
        l.cell = code_cell(c, l.face, title_px, w->label, at, len, n);
        l.gap = (title_px * 3 + 4) / 8;
        fit = 1;
    }
    if (n < 1) n = 1;
    l.lines = (n + fit - 1) / fit;
    l.per_line = (n + l.lines - 1) / l.lines;
    l.line_height = ui_text_line_height(c->text, l.face, l.px);
    return l;
}

static int code_measure(ui_widget *w, ui_ctx *c, int width)
{
    code_layout l = code_layout_at(w, c, width);
    return l.lines * l.line_height;
}

static void code_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    int at[CODE_GROUPS_MAX], len[CODE_GROUPS_MAX], n = code_groups(w->label, at, len);
    code_layout l = code_layout_at(w, c, w->rect.w);
    for (int g = 0; g < n; g++) {
        int row = g / l.per_line, col = g % l.per_line;
        const char *t = w->label + at[g];
        ui_draw_text(dl, w->rect.x + col * (l.cell + l.gap), w->rect.y + row * l.line_height,
                     ui_text_measure(c->text, l.face, l.px, t, len[g]), l.line_height, l.face, l.px,
                     ui_color(c, UI_C_TEXT), t, len[g]);
    }
}

static const ui_class code_class = { .name = "recovery-code", .measure = code_measure, .draw = code_draw };

void ui_recovery_code_add(ui_widget *col, const char *code, int kept_action)
{
    ui_widget *card = ui_widget_add(col, ui_card_new());
    char lines[IM_RECOVERY_CODE_SIZE + 2];
    snprintf(lines, sizeof lines, "%s", code);
    /* the dash after the fourth group becomes the line break (the label) */
    char *dash = lines;
    for (int k = 0; k < 4 && dash; k++) dash = strchr(dash + (k > 0), '-');
    if (dash) *dash = '\n';
    if (card) ui_widget_add(card, ui_widget_new(&code_class, lines, 0));
    im_mem_wipe(lines, sizeof lines);
    ui_widget_add(col, ui_button_new(ui_str(STR_RECOVERY_KEPT), UI_BUTTON_PRIMARY, kept_action));
}

/* ---- typing a code back --------------------------------------------------------- */

/* A character of a typed code: not a separator, counted at its lead byte. */
static int code_char(unsigned char b) { return b != '-' && b != ' ' && b != '\t' && (b & 0xC0) != 0x80; }

/* The byte offset in s just after its k-th code character (and the rest
 * of that character's bytes). */
static size_t offset_after(const char *s, size_t k)
{
    size_t i = 0;
    while (k && s[i]) {
        if (code_char((unsigned char)s[i])) k--;
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80) i++;
    }
    return i;
}

void ui_code_field_regroup(ui_widget *field, ui_ctx *c)
{
    im_textedit *te = ui_field_edit(field);
    const char *text = ui_field_text(field);
    if (!te || !text) return;
    char shown[2 * IM_RECOVERY_CODE_SIZE];
    im_recovery_regroup(text, shown, sizeof shown);
    if (strcmp(shown, text) != 0) {
        size_t caret = im_textedit_caret(te), before = 0;
        for (size_t i = 0; i < caret && text[i]; i++) before += code_char((unsigned char)text[i]);
        ui_field_set_text(field, c, shown);
        im_textedit_set_caret(te, offset_after(shown, before), 0);
    }
    im_mem_wipe(shown, sizeof shown);
}

/* ---- content text --------------------------------------------------------------- */

static void add_text(ui_widget *col, const im_text *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const im_para *p = &t->v[i];
        if (p->bullet) {
            size_t n = strlen(p->text) + 8;
            char *b = malloc(n);
            if (!b) continue;
            snprintf(b, n, "\xE2\x80\xA2 %s", p->text);
            ui_widget_add(col, ui_label_new(b, UI_TEXT_BODY));
            free(b);
        } else {
            ui_widget_add(col, ui_label_new(p->text, UI_TEXT_BODY));
        }
    }
}

void ui_content_add_item(ui_widget *col, const im_item *item, int with_title)
{
    if (!item) return;
    if (with_title && item->title) ui_widget_add(col, ui_label_new(item->title, UI_TEXT_HEADING));
    if (item->summary) ui_widget_add(col, ui_label_new(item->summary, UI_TEXT_BODY));
    for (size_t i = 0; i < item->n_cards; i++) {
        const im_card *card = &item->cards[i];
        if (card->title && (item->n_cards > 1 || !with_title))
            ui_widget_add(col, ui_label_new(card->title, UI_TEXT_HEADING));
        add_text(col, &card->text);
    }
}

int ui_content_add_card(ui_widget *col, const im_item *item, const char *title_prefix)
{
    if (!item) return -1;
    size_t n = strlen(title_prefix);
    for (size_t i = 0; i < item->n_cards; i++) {
        const im_card *card = &item->cards[i];
        if (!card->title || strncmp(card->title, title_prefix, n) != 0) continue;
        ui_widget_add(col, ui_label_new(card->title, UI_TEXT_HEADING));
        add_text(col, &card->text);
        return 0;
    }
    return -1;
}

/* ---- the activity indicator ------------------------------------------------------ */

#define BUSY_DOTS 3
#define BUSY_CYCLE_MS 1200
#define BUSY_DOT_PT 10

typedef struct busy {
    char *caption;
    int64_t started;
    int done, total; /* a re-seal's count (total 0: the caption instead) */
} busy;

static int busy_measure(ui_widget *w, ui_ctx *c, int width)
{
    busy *b = w->data;
    ui_face face;
    int px;
    ui_text_style_font(c, UI_TEXT_BODY, &face, &px);
    return ui_dp(c, UI_TOUCH_TARGET_PT) + ui_wrapped_height(c, b->caption, face, px, width);
}

static void busy_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    busy *b = w->data;
    /* shown (so its work runs) on a screen made or uncovered while the
     * stack changed: a push forgot the ticker, so the first frame starts it
     * again */
    ui_ctx_start_ticker(c, w);
    int d = ui_dp(c, BUSY_DOT_PT), gap = ui_dp(c, 12);
    int total = BUSY_DOTS * d + (BUSY_DOTS - 1) * gap;
    int x = w->rect.x + (w->rect.w - total) / 2, y = w->rect.y + (ui_dp(c, UI_TOUCH_TARGET_PT) - d) / 2;
    int64_t t = (c->now_ms - b->started) % BUSY_CYCLE_MS;
    for (int i = 0; i < BUSY_DOTS; i++) {
        /* one dot lit at a time, moving left to right; all lit under reduce motion */
        int lit = c->reduce_motion || t * BUSY_DOTS / BUSY_CYCLE_MS == i;
        ui_draw_rrect(dl, (ui_rect){ x + i * (d + gap), y, d, d }, d / 2,
                      ui_color(c, lit ? UI_C_PRIMARY : UI_C_SURFACE_ALT));
    }
    ui_face face;
    int px;
    ui_text_style_font(c, UI_TEXT_BODY, &face, &px);
    int top = ui_dp(c, UI_TOUCH_TARGET_PT);
    /* while core re-seals records after a key change, say how far it is */
    char count[128];
    const char *text = b->caption;
    if (b->total > 0) {
        snprintf(count, sizeof count, ui_str(STR_RESEALING), b->done, b->total);
        text = count;
    }
    ui_draw_wrapped(c, dl, text, face, px, ui_color(c, UI_C_TEXT),
                    (ui_rect){ w->rect.x, w->rect.y + top, w->rect.w, w->rect.h - top }, 1);
}

/* Pulses while shown: the screen shows it when its work starts and hides
 * it when the work is done (ui_busy_show). */
static int busy_tick(ui_widget *w, ui_ctx *c)
{
    ui_ctx_redraw(c);
    return !(w->flags & UI_WF_HIDDEN);
}

static void busy_free(ui_widget *w)
{
    busy *b = w->data;
    free(b->caption);
}

static const ui_class busy_class = {
    .name = "busy", .measure = busy_measure, .draw = busy_draw, .tick = busy_tick, .free = busy_free
};

ui_widget *ui_busy_new(const char *caption)
{
    ui_widget *w = ui_widget_new(&busy_class, caption, sizeof(busy));
    if (!w) return NULL;
    busy *b = w->data;
    b->caption = strdup(caption);
    if (!b->caption) {
        ui_widget_free(w);
        return NULL;
    }
    w->flags |= UI_WF_HIDDEN;
    return w;
}

void ui_busy_set_progress(ui_widget *w, int done, int total)
{
    if (!w) return;
    busy *b = w->data;
    b->done = done;
    b->total = total;
}

void ui_busy_follow(ui_widget *w, ui_app *app)
{
    int done = 0, total = 0;
    if (!ui_session_work_progress(ui_session_of(app), &done, &total)) done = total = 0;
    ui_busy_set_progress(w, done, total);
}

void ui_busy_show(ui_widget *w, ui_ctx *c, int on)
{
    if (!w) return;
    busy *b = w->data;
    b->done = b->total = 0;
    if (on) {
        w->flags &= ~(unsigned)UI_WF_HIDDEN;
        b->started = c->now_ms;
        ui_ctx_start_ticker(c, w);
    } else {
        w->flags |= UI_WF_HIDDEN;
    }
    ui_ctx_relayout(c);
}

/* ---- a new passphrase --------------------------------------------------------------- */

void ui_newpass_add(ui_newpass *np, ui_widget *col, const char *first_label, int change_action, int submit_action,
                    int suggest_action)
{
    np->first = ui_widget_add(col, ui_field_new(first_label, UI_FIELD_PASSWORD, 0, change_action));
    np->second = ui_widget_add(col,
                               ui_field_new(ui_str(STR_CREATE_AGAIN), UI_FIELD_PASSWORD, submit_action, change_action));
    np->hint = ui_widget_add(col, ui_label_new(ui_str(STR_STRENGTH_EMPTY), UI_TEXT_SMALL));
    ui_widget_add(col, ui_button_new(ui_str(STR_SUGGEST), UI_BUTTON_SECONDARY, suggest_action));
}

/* The guesses in words, from the core's estimate (innermost/passphrase.h). */
static const char *guesses_words(double lg)
{
    if (lg < 12) return ui_str(STR_GUESSES_BILLIONS);
    if (lg < 14) return ui_str(STR_GUESSES_TRILLION);
    if (lg < 18) return ui_str(STR_GUESSES_100TRILLION);
    if (lg < 24) return ui_str(STR_GUESSES_HUGE);
    return ui_str(STR_GUESSES_BEYOND);
}

static const char *weakness_words(im_pp_weakness w)
{
    switch (w) {
    case IM_PP_WEAK_COMMON: return ui_str(STR_WEAK_COMMON);
    case IM_PP_WEAK_REPEAT: return ui_str(STR_WEAK_REPEAT);
    case IM_PP_WEAK_SEQUENCE: return ui_str(STR_WEAK_SEQUENCE);
    case IM_PP_WEAK_KEYBOARD: return ui_str(STR_WEAK_KEYBOARD);
    case IM_PP_WEAK_DATE: return ui_str(STR_WEAK_DATE);
    default: return ui_str(STR_WEAK_SHORT);
    }
}

/* The core's estimate in plain words: what makes it easy to guess, or
 * roughly how many guesses it would take. Under 10 characters nothing can
 * reach the floor (brute force alone is 10 guesses a character), so that
 * is said first. */
static const char *strength_text(const char *p, char *buf, size_t cap)
{
    size_t chars = 0;
    for (const unsigned char *q = (const unsigned char *)p; *q; q++)
        if ((*q & 0xC0) != 0x80) chars++;
    if (chars == 0) return ui_str(STR_STRENGTH_EMPTY);
    if (chars < IM_PP_MIN_GUESSES_LOG10) {
        snprintf(buf, cap, ui_str(STR_STRENGTH_SHORT), (int)chars);
        return buf;
    }
    im_pp_strength st;
    if (im_pp_strength_estimate(p, &st) != IM_OK) return ui_str(STR_PASS_BAD_TEXT);
    if (st.level == IM_PP_TOO_EASY) snprintf(buf, cap, ui_str(STR_STRENGTH_WEAK), weakness_words(st.weakness));
    else
        snprintf(buf, cap, ui_str(st.level == IM_PP_STRONG ? STR_STRENGTH_STRONG : STR_STRENGTH_GOOD),
                 guesses_words(st.guesses_log10));
    return buf;
}

/* Fill both fields with a suggestion and show its words in the hint. */
void ui_newpass_suggest(ui_newpass *np, ui_ctx *c)
{
    char words[IM_PP_SUGGEST_SIZE], buf[320];
    if (im_pp_suggest(words) != IM_OK) return;
    ui_field_set_text(np->first, c, words);
    ui_field_set_text(np->second, c, words);
    snprintf(buf, sizeof buf, ui_str(STR_SUGGESTED), words);
    ui_label_set_text(np->hint, c, buf);
    im_mem_wipe(words, sizeof words);
    im_mem_wipe(buf, sizeof buf);
}

void ui_newpass_changed(ui_newpass *np, ui_ctx *c)
{
    char buf[320];
    ui_label_set_text(np->hint, c, strength_text(ui_field_text(np->first), buf, sizeof buf));
}

const char *ui_newpass_accept(ui_newpass *np, ui_ctx *c)
{
    const char *a = ui_field_text(np->first), *b = ui_field_text(np->second);
    im_rc rc = im_passphrase_check(a);
    char buf[320];
    const char *why = NULL;
    if (rc == IM_ERR_WEAK_SECRET) why = strength_text(a, buf, sizeof buf);
    else if (rc == IM_ERR_TOO_LARGE) why = ui_str(STR_PASS_TOO_LONG);
    else if (rc != IM_OK) why = ui_str(STR_PASS_BAD_TEXT);
    else if (strcmp(a, b) != 0) why = ui_str(STR_PASS_MISMATCH);
    if (why) {
        ui_label_set_text(np->hint, c, why);
        return NULL;
    }
    return a;
}

void ui_newpass_clear(ui_newpass *np, ui_ctx *c)
{
    ui_field_set_text(np->first, c, "");
    ui_field_set_text(np->second, c, "");
    ui_label_set_text(np->hint, c, ui_str(STR_STRENGTH_EMPTY));
}

/* ---- erase ----------------------------------------------------------------------------- */

void ui_erase_dialog(ui_app *app, int confirm_action, int dismiss_action)
{
    ui_widget *o = ui_overlay_new(UI_OVERLAY_DIALOG, ui_str(STR_ERASE_TITLE), dismiss_action);
    if (!o) return;
    ui_widget *card = ui_overlay_card(o);
    ui_widget_add(card, ui_label_new(ui_str(STR_ERASE_BODY), UI_TEXT_BODY));
    ui_widget *row = ui_widget_add(card, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    ui_widget_add(row, ui_button_new(ui_str(STR_CANCEL), UI_BUTTON_SECONDARY, dismiss_action));
    ui_widget_add(row, ui_button_new(ui_str(STR_ERASE_CONFIRM), UI_BUTTON_PRIMARY, confirm_action));
    ui_app_show_overlay(app, o);
}
