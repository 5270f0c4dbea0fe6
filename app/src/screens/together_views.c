/* together_views.c -- Together's page, drawn from the engine's state
 * after every action (tg_show); see tg_shared.h. */
#include "screens/tg_shared.h"

/* ---- menu ------------------------------------------------------------------- */

static ui_str_id kind_heading(im_couple_kind k)
{
    switch (k) {
    case IM_COUPLE_KIND_TURNS: return STR_TG_KIND_TURNS;
    case IM_COUPLE_KIND_REVEAL: return STR_TG_KIND_REVEAL;
    case IM_COUPLE_KIND_MAP: return STR_TG_KIND_MAP;
    case IM_COUPLE_KIND_LADDER: return STR_TG_KIND_LADDER;
    default: return STR_TG_KIND_CHECK_IN;
    }
}

/* One exercise on the list: its button (the title, a label scripts and
 * screen readers find), then its one line and how long it takes. */
static void add_entry(ui_widget *col, const im_couple_entry *e, int action)
{
    ui_widget_add(col, ui_button_new(e->ex->title, UI_BUTTON_SECONDARY, action));
    char buf[400];
    if (e->minutes > 0) {
        char mins[80];
        snprintf(mins, sizeof mins, ui_str(STR_TG_MINUTES), e->minutes);
        snprintf(buf, sizeof buf, "%s%s%s", e->summary ? e->summary : "", e->summary ? " " : "", mins);
    } else {
        snprintf(buf, sizeof buf, "%s", e->summary ? e->summary : "");
    }
    add_text(col, buf, UI_TEXT_SMALL);
}

/* The sessions left open, first and in a section of their own, so the
 * exercises below never move between their buttons. */
static void add_in_progress(tg *t, ui_widget *col)
{
    ui_session *s = ui_session_of(t->app);
    int any = 0;
    for (size_t i = 0; i < t->nmenu; i++) {
        int64_t open = 0;
        if (im_couple_find_open(ui_session_couple(s), t->menu[i].ex->id, &open) != IM_OK) continue;
        if (!any++) add_text(col, ui_str(STR_TG_IN_PROGRESS), UI_TEXT_HEADING);
        add_button(col, STR_TG_CONTINUE, t->menu[i].ex->title, UI_BUTTON_PRIMARY, ACT_CONTINUE_0 + (int)i);
    }
}

static void show_menu(tg *t, ui_widget *col)
{
    add_text(col, ui_str(STR_TG_SETUP_LEAD), UI_TEXT_BODY);
    add_text(col, ui_str(STR_TG_LEAVE_HOW), UI_TEXT_SMALL);
    ui_widget_add(col, ui_button_new(ui_str(STR_SAFE_AFRAID), UI_BUTTON_TEXT, ACT_AFRAID));
    t->name_a = ui_widget_add(col, ui_field_new(ui_str(STR_TG_NAME_A), UI_FIELD_LINE, 0, 0));
    t->name_b = ui_widget_add(col, ui_field_new(ui_str(STR_TG_NAME_B), UI_FIELD_LINE, 0, 0));
    tg_names_load(t); /* the names the couple's space gave each place */
    if (t->name_a) ui_field_set_text(t->name_a, ctx_of(t), tg_place_name(t, 0));
    if (t->name_b) ui_field_set_text(t->name_b, ctx_of(t), tg_place_name(t, 1));
    tg_secret_list(t, col);
    add_text(col, ui_str(STR_TG_WHO_STARTS), UI_TEXT_HEADING);
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    for (int p = 0; p < 2 && row; p++) {
        char buf[200];
        snprintf(buf, sizeof buf, ui_str(STR_TG_STARTS), tg_place_name(t, p));
        ui_widget *chip = ui_widget_add(row, ui_chip_new(buf, ACT_STARTER));
        if (chip) chip->value = p == t->starter;
    }
    add_in_progress(t, col);
    im_couple_kind kind = 0;
    for (size_t i = 0; i < t->nmenu; i++) {
        if (t->menu[i].kind != kind) add_text(col, ui_str(kind_heading(kind = t->menu[i].kind)), UI_TEXT_HEADING);
        add_entry(col, &t->menu[i], ACT_START_0 + (int)i);
    }
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_HISTORY), UI_BUTTON_TEXT, ACT_HISTORY));
    tg_leave_list(t, col);
}

/* ---- intro cards ----------------------------------------------------------------- */

/* One of the exercise's intro cards at a time, Previous and Next in the
 * same two places on every card; Next on the last begins (or goes back to
 * the exercise it was opened from). */
static void show_intro(tg *t, ui_widget *col)
{
    const im_couple_entry *e = t->intro;
    if (!e || !e->n_cards) return;
    if (t->intro_card >= e->n_cards) t->intro_card = e->n_cards - 1;
    const im_card *card = &e->cards[t->intro_card];
    char buf[200];
    snprintf(buf, sizeof buf, ui_str(STR_TG_INTRO_OF), e->ex->title, (int)t->intro_card + 1, (int)e->n_cards);
    add_text(col, buf, UI_TEXT_SMALL);
    add_text(col, card->title, UI_TEXT_TITLE);
    add_im_text(col, &card->text);
    int last = t->intro_card + 1 == e->n_cards;
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (!row) return;
    if (t->intro_card > 0)
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_BACK_STEP), UI_BUTTON_SECONDARY, ACT_INTRO_PREV));
    else ui_widget_add(row, ui_spacer_new(0)); /* keeps Next in its place */
    ui_str_id next = !last ? STR_TG_NEXT : t->c ? STR_TG_INTRO_RETURN : STR_TG_INTRO_BEGIN;
    ui_widget_add(row, ui_button_new(ui_str(next), UI_BUTTON_PRIMARY, ACT_INTRO_NEXT));
}

/* ---- history ------------------------------------------------------------------ */

/* The newest TG_HISTORY_MAX sessions, newest first (im_couple_history). */
static void show_history(tg *t, ui_widget *col)
{
    ui_session *s = ui_session_of(t->app);
    im_couple_summary *h = NULL;
    size_t n = 0;
    t->nhistory = 0;
    if (im_couple_history(ui_app_content(t->app), ui_session_couple(s), &h, &n) != IM_OK) n = 0;
    add_text(col, ui_str(STR_TG_HISTORY), UI_TEXT_TITLE);
    int shown = 0;
    for (size_t i = 0; i < n && t->nhistory < TG_HISTORY_MAX; i++) {
        char buf[300];
        snprintf(buf, sizeof buf, ui_str(h[i].done ? STR_TG_HISTORY_DONE : STR_TG_HISTORY_OPEN), h[i].ex->title);
        t->history[t->nhistory] = h[i].id;
        ui_widget_add(col, ui_button_new(buf, UI_BUTTON_SECONDARY, ACT_HISTORY_0 + (int)t->nhistory++));
        shown++;
    }
    free(h);
    if (!shown) add_text(col, ui_str(STR_TG_HISTORY_EMPTY), UI_TEXT_BODY);
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_DONE), UI_BUTTON_TEXT, ACT_MENU));
}

/* ---- the hand-off card -------------------------------------------------------- */

/* Whether anything is behind the card for partner to be told it is
 * hidden: not before the first answer of the one who starts (nothing was
 * entered yet), nor before the first of a ladder's private questions. */
static int something_hidden(tg *t, int partner)
{
    if (t->ladder_ask >= 0) return t->ladder_ask > 0;
    if (partner != 0 || im_couple_phase_of(t->c) != IM_PHASE_ANSWERING) return 1;
    const im_exercise *ex = im_couple_exercise(t->c);
    size_t at = im_couple_index(t->c);
    for (size_t i = 0; i < at && i < ex->n_steps; i++)
        if (ex->steps[i].kind == IM_STEP_PROMPT) return 1; /* moved past a question */
    const im_answer *mine = NULL;
    if (at < ex->n_steps && im_couple_get_answer(t->c, 0, at, &mine) == IM_OK && mine)
        return im_answer_shows(&ex->steps[at], mine);
    return 0;
}

/* The card names the exercise once, then the partner; the button fills
 * its row, so it is in the same place whatever the name's length. */
static void show_gate(tg *t, ui_widget *col, int partner)
{
    add_text(col, im_couple_exercise(t->c)->title, UI_TEXT_SMALL);
    ui_widget_add(col, ui_spacer_new(96));
    add_fmt(col, UI_TEXT_TITLE, STR_TG_PASS_TO, name_of(t, partner), NULL);
    add_fmt(col, UI_TEXT_BODY, something_hidden(t, partner) ? STR_TG_PASS_LEAD : STR_TG_PASS_LEAD_FIRST,
            name_of(t, partner), NULL);
    ui_widget_add(col, ui_spacer_new(48));
    if (tg_secret_card(t, col, partner)) return; /* a secret to set or to type */
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (row) add_button(row, STR_TG_IM, name_of(t, partner), UI_BUTTON_PRIMARY, ACT_GATE);
}

/* ---- the page's name ------------------------------------------------------------ */

/* What a screen reader says when a page of the exercise appears (the
 * window's name: a11y/tree.h ui_a11y_page_name_new): the exercise, which
 * question of how many, and the question's title or first words -- the
 * content's words, never an answer (an answer is never a name).  phase:
 * who speaks now in turns, or NULL. */
static void add_page_name(tg *t, ui_widget *col, const char *phase)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    const im_step *st = im_couple_step(t->c);
    if (!st) return;
    size_t at = im_couple_index(t->c), k = 0, n = 0;
    for (size_t i = 0; i < ex->n_steps; i++)
        if (ex->steps[i].kind == IM_STEP_PROMPT) {
            n++;
            if (i <= at) k = n;
        }
    const char *words = st->title && st->title[0] ? st->title : st->text.n ? st->text.v[0].text : "";
    char buf[UI_A11Y_PAGE_NAME_MAX * 2]; /* cut to the most on a character by the page name */
    if (st->kind != IM_STEP_PROMPT) snprintf(buf, sizeof buf, ui_str(STR_TG_PAGE_STEP), ex->title, words);
    else if (phase) snprintf(buf, sizeof buf, ui_str(STR_TG_PAGE_TURN), ex->title, (int)k, (int)n, phase, words);
    else snprintf(buf, sizeof buf, ui_str(STR_TG_PAGE_QUESTION), ex->title, (int)k, (int)n, words);
    ui_widget_add(col, ui_a11y_page_name_new(buf));
}

/* ---- answering privately ------------------------------------------------------- */

static void add_answer_input(tg *t, ui_widget *col, const im_step *st, const im_answer *mine)
{
    switch (st->answer) {
    case IM_ANSWER_TEXT:
        t->text = ui_widget_add(
            col, ui_field_new(st->hint ? st->hint : ui_str(STR_TG_ANSWER_FIELD), UI_FIELD_EDITOR, 0, ACT_TEXT_CHANGED));
        if (t->text && mine && mine->text) ui_field_set_text(t->text, ctx_of(t), mine->text);
        break;
    case IM_ANSWER_SCALE: {
        int v = mine && mine->scale >= 0 ? mine->scale : 5;
        char lab[300];
        snprintf(lab, sizeof lab, "%s \xE2\x80\x93 %s", st->low ? st->low : "0", st->high ? st->high : "10");
        ui_widget *sl = ui_widget_add(col, ui_slider_new(lab, v, ACT_SCALE));
        if (sl) ui_ctx_set_focus(ctx_of(t), sl); /* arrow keys rate at once */
        if (!mine || mine->scale < 0) set_note_rc(t, im_couple_answer_scale(t->c, v));
        break;
    }
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST: {
        ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
        for (size_t i = 0; i < st->n_options && row; i++) {
            ui_widget *chip = ui_widget_add(row, ui_chip_new(st->options[i].text, ACT_CHOICE));
            if (chip && mine) chip->value = (int)((mine->chosen >> i) & 1u);
        }
        break;
    }
    case IM_ANSWER_MATCH: { /* in the card's flow: stacked when "Maybe" would break */
        ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL_OR_STACK, UI_SPACING_PT));
        if (!row) break;
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_YES), UI_BUTTON_SECONDARY, ACT_MATCH_YES));
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_MAYBE), UI_BUTTON_SECONDARY, ACT_MATCH_MAYBE));
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_NOT_NOW), UI_BUTTON_SECONDARY, ACT_MATCH_NOT_NOW));
        break;
    }
    default: break;
    }
}

/* On every private card of a reveal or match exercise, a word
 * that an answer held back out of fear matters, and the way to the note. */
static void add_honesty_note(ui_widget *col, const im_exercise *ex)
{
    if (ex->mode != IM_MODE_REVEAL && ex->mode != IM_MODE_MATCH) return;
    add_text(col, ui_str(STR_SAFE_HONEST), UI_TEXT_SMALL);
    ui_widget_add(col, ui_button_new(ui_str(STR_SAFE_AFRAID), UI_BUTTON_TEXT, ACT_AFRAID));
}

/* ---- progress ---------------------------------------------------------------------- */

/* Past this many steps dots would not fit a narrow phone: a bar instead. */
#define TG_DOTS_MAX 10

typedef struct bar_data {
    int count;
} bar_data;

static int bar_measure(ui_widget *w, ui_ctx *c, int width)
{
    (void)w, (void)width;
    return ui_pt(c, 24);
}

/* A track the width of the column, filled up to and with the current step. */
static void bar_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    bar_data *d = w->data;
    int h = ui_pt(c, 8), y = w->rect.y + (w->rect.h - h) / 2;
    int filled = (int)((int64_t)w->rect.w * (w->value + 1) / d->count);
    ui_draw_rrect(dl, (ui_rect){ w->rect.x, y, w->rect.w, h }, h / 2, ui_color(c, UI_C_OUTLINE));
    ui_draw_rrect(dl, (ui_rect){ w->rect.x, y, filled, h }, h / 2, ui_color(c, UI_C_PRIMARY));
}

static const ui_class tg_bar_class = { .name = "progress-bar", .measure = bar_measure, .draw = bar_draw };

/* Where an exercise is: dots for a few steps, a bar that fits any width
 * for many; both labelled "Step k of n". */
static void add_progress(ui_widget *col, int count, int current)
{
    if (count <= TG_DOTS_MAX) {
        ui_widget_add(col, ui_dots_new(count, current));
        return;
    }
    ui_widget *w = ui_widget_new(&tg_bar_class, NULL, sizeof(bar_data));
    if (!w) return;
    ((bar_data *)w->data)->count = count;
    w->value = current < 0 ? 0 : current >= count ? count - 1 : current;
    char label[64];
    snprintf(label, sizeof label, ui_str(STR_TG_LADDER_STEP), w->value + 1, count);
    ui_widget_set_label(w, label);
    ui_widget_add(col, w);
}

/* ---- answering, continued ----------------------------------------------------------- */

/* Previous, Skip and Next always in three equal slots: one that does not
 * apply here is an empty place, so the others never move under a finger. */
static void add_answer_nav(tg *t, ui_widget *col, const im_step *st)
{
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (!row) return;
    if (im_couple_index(t->c) > 0)
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_BACK_STEP), UI_BUTTON_SECONDARY, ACT_PREV));
    else ui_widget_add(row, ui_spacer_new(0));
    if (st->kind == IM_STEP_PROMPT)
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_SKIP), UI_BUTTON_SECONDARY, ACT_SKIP));
    else ui_widget_add(row, ui_spacer_new(0));
    ui_widget_add(row, ui_button_new(ui_str(STR_TG_NEXT), UI_BUTTON_PRIMARY, ACT_NEXT));
}

static void show_answering(tg *t, ui_widget *col)
{
    int p = im_couple_partner(t->c);
    const im_step *st = im_couple_step(t->c);
    const im_exercise *ex = im_couple_exercise(t->c);
    add_page_name(t, col, NULL);
    add_fmt(col, UI_TEXT_SMALL, STR_TG_YOUR_TURN, name_of(t, p), NULL);
    add_progress(col, (int)ex->n_steps, (int)im_couple_index(t->c));
    if (!st) return;
    add_text(col, st->title, UI_TEXT_HEADING);
    add_im_text(col, &st->text);
    const im_answer *mine = NULL;
    if (im_couple_get_answer(t->c, p, im_couple_index(t->c), &mine) != IM_OK) mine = NULL;
    add_answer_input(t, col, st, mine);
    /* to the partner answering alone: a sheet of yeses shows no more */
    if (im_couple_match_all_yes(t->c)) add_text(col, ui_str(STR_TG_MATCH_ALL_YES), UI_TEXT_SMALL);
    if (st->answer != IM_ANSWER_MATCH) add_answer_nav(t, col, st); /* else the three buttons move on */
    add_honesty_note(col, ex);
}

/* ---- reveal -------------------------------------------------------------------- */

/* One partner's answer as words. */
static void answer_words(const im_step *st, const im_answer *a, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", ui_str(STR_TG_NO_ANSWER));
    if (!a) return;
    switch (st->answer) {
    case IM_ANSWER_TEXT:
        if (a->text && *a->text) snprintf(buf, cap, "%s", a->text);
        break;
    case IM_ANSWER_SCALE:
        if (a->scale >= 0) snprintf(buf, cap, "%d / 10", a->scale);
        break;
    case IM_ANSWER_ONE:
    case IM_ANSWER_MANY:
    case IM_ANSWER_CHECKLIST: {
        size_t used = 0;
        buf[0] = 0;
        for (size_t i = 0; i < st->n_options && i < 64; i++)
            if ((a->chosen >> i) & 1u) {
                int k = snprintf(buf + used, cap - used, "%s%s", used ? ", " : "", st->options[i].text);
                if (k < 0 || (size_t)k >= cap - used) break;
                used += (size_t)k;
            }
        if (!used) snprintf(buf, cap, "%s", ui_str(STR_TG_NO_ANSWER));
        break;
    }
    default: break;
    }
}

static void show_match(tg *t, ui_widget *col);

/* Both sheets side by side (reveal) or the mutual items (match), then the
 * discussion step the engine is on, if any.  Which answers may be shown is
 * core's decision (a step either partner skipped gives neither answer:
 * engine.h); this only draws what im_couple_get_answer returns. */
static void show_revealed(tg *t, ui_widget *col)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    if (ex->mode == IM_MODE_MATCH) show_match(t, col);
    else {
        add_text(col, ui_str(STR_TG_REVEAL_TITLE), UI_TEXT_TITLE);
        add_text(col, ui_str(STR_TG_REVEAL_LEAD), UI_TEXT_BODY);
    }
    if (im_exercise_is_connection_map(ex)) tg_add_radar(t, col);
    for (size_t i = 0; i < ex->n_steps && ex->mode == IM_MODE_REVEAL; i++) {
        const im_step *st = &ex->steps[i];
        if (st->kind != IM_STEP_PROMPT) continue;
        ui_widget *card = ui_widget_add(col, ui_card_new());
        if (!card) continue;
        add_im_text(card, &st->text);
        const im_answer *pair[2] = { NULL, NULL };
        for (int p = 0; p < 2; p++)
            if (im_couple_get_answer(t->c, p, i, &pair[p]) != IM_OK) pair[p] = NULL;
        if (!pair[0] || !pair[1]) {
            add_text(card, ui_str(STR_TG_REVEAL_NOT_BOTH), UI_TEXT_SMALL);
            continue;
        }
        ui_widget *row = ui_widget_add(card, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
        for (int p = 0; p < 2 && row; p++) {
            ui_widget *side = ui_widget_add(row, ui_column_new(0, 4));
            const im_answer *a = pair[p];
            char buf[2048];
            answer_words(st, a, buf, sizeof buf);
            if (!side) continue;
            add_text(side, name_of(t, p), UI_TEXT_HEADING);
            add_text(side, buf, UI_TEXT_BODY);
        }
    }
    /* each says whether this stays with the other if one of them leaves */
    add_text(col, ui_str(STR_TG_KEEP_ASK), UI_TEXT_HEADING);
    add_text(col, ui_str(STR_TG_KEEP_SAYS), UI_TEXT_SMALL);
    ui_widget *keep = ui_widget_add(col, ui_row_new(UI_ROW_WRAP, UI_SPACING_PT));
    for (int p = 0; p < 2 && keep; p++) {
        char buf[200];
        /* a comfort map's result names no one (whose yes it was is not
         * told), so its choice names the order of answering instead */
        if (ex->mode == IM_MODE_MATCH)
            snprintf(buf, sizeof buf, "%s", ui_str(p ? STR_TG_KEEP_YES_SECOND : STR_TG_KEEP_YES_FIRST));
        else snprintf(buf, sizeof buf, ui_str(STR_TG_KEEP_YES), name_of(t, p));
        ui_widget *chip = ui_widget_add(keep, ui_chip_new(buf, ACT_KEEP));
        if (chip) chip->value = im_couple_kept(t->c, p);
    }
    if (im_couple_phase_of(t->c) != IM_PHASE_REVEALED) return;
    const im_step *st = im_couple_step(t->c);
    if (st && st->kind == IM_STEP_DISCUSS) {
        add_text(col, st->title ? st->title : ui_str(STR_TG_TALK), UI_TEXT_HEADING);
        add_im_text(col, &st->text);
        for (size_t i = 0; i < st->n_options; i++) {
            char buf[1200];
            snprintf(buf, sizeof buf, "\xE2\x80\xA2 %s", st->options[i].text);
            add_text(col, buf, UI_TEXT_BODY);
        }
    }
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_NEXT), UI_BUTTON_PRIMARY, ACT_NEXT));
}

/* ---- comfort map result --------------------------------------------------------- */

static void show_match(tg *t, ui_widget *col)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    add_text(col, ui_str(STR_TG_MATCH_TITLE), UI_TEXT_TITLE);
    size_t steps[128], n = 0;
    int yes[128];
    if (im_couple_match_result(t->c, steps, yes, 128, &n) != IM_OK) n = 0;
    if (n > 128) n = 128;
    if (!n) add_text(col, ui_str(STR_TG_MATCH_NONE), UI_TEXT_BODY);
    else add_text(col, ui_str(STR_TG_MATCH_GENTLE), UI_TEXT_BODY);
    add_text(col, ui_str(STR_TG_MATCH_PRIVATE), UI_TEXT_SMALL);
    for (size_t i = 0; i < n; i++) {
        if (steps[i] >= ex->n_steps) continue;
        const im_step *st = &ex->steps[steps[i]];
        ui_widget *card = ui_widget_add(col, ui_card_new());
        if (!card) continue;
        add_im_text(card, &st->text);
        if (yes[i]) add_text(card, ui_str(STR_TG_MATCH_BOTH_YES), UI_TEXT_SMALL);
    }
}

/* ---- closeness ladder ------------------------------------------------------------ */

static void show_ladder(tg *t, ui_widget *col)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    size_t open = im_couple_ladder_open(t->c);
    if (t->ladder_ask >= 0) { /* private question behind the gate */
        add_fmt(col, UI_TEXT_TITLE, STR_TG_LADDER_PRIVATE, name_of(t, t->ladder_ask), NULL);
        if (open < ex->n_steps) add_im_text(col, &ex->steps[open].text);
        ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
        if (!row) return;
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_LADDER_NOT_YET), UI_BUTTON_SECONDARY, ACT_LADDER_NOT_YET));
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_LADDER_READY), UI_BUTTON_PRIMARY, ACT_LADDER_READY));
        return;
    }
    char buf[80];
    if (open == 0) add_text(col, ui_str(STR_TG_LADDER_NONE), UI_TEXT_BODY);
    else {
        snprintf(buf, sizeof buf, ui_str(STR_TG_LADDER_STEP), (int)open, (int)ex->n_steps);
        add_text(col, buf, UI_TEXT_SMALL);
        if (open - 1 < ex->n_steps) add_im_text(col, &ex->steps[open - 1].text);
    }
    if (t->ladder_note)
        add_text(col, ui_str(t->ladder_note == 1 ? STR_TG_LADDER_OPENED : STR_TG_LADDER_STAY), UI_TEXT_SMALL);
    if (im_couple_paused(t->c)) {
        add_text(col, ui_str(STR_TG_LADDER_PAUSED), UI_TEXT_BODY);
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_RESUME), UI_BUTTON_PRIMARY, ACT_RESUME));
        return;
    }
    if (open < ex->n_steps) {
        add_text(col, ui_str(STR_TG_LADDER_ASK), UI_TEXT_HEADING);
        add_text(col, ui_str(STR_TG_LADDER_ASK_LEAD), UI_TEXT_SMALL);
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_LADDER_ASK_BUTTON), UI_BUTTON_PRIMARY, ACT_LADDER_ASK));
    } else {
        add_text(col, ui_str(STR_TG_LADDER_TOP), UI_TEXT_BODY);
    }
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_EQUAL, UI_SPACING_PT));
    if (!row) return;
    ui_widget_add(row, ui_button_new(ui_str(STR_TG_LADDER_PAUSE), UI_BUTTON_SECONDARY, ACT_LADDER_PAUSE));
    if (open > 0)
        ui_widget_add(row, ui_button_new(ui_str(STR_TG_LADDER_STEP_BACK), UI_BUTTON_SECONDARY, ACT_LADDER_BACK));
    else ui_widget_add(row, ui_spacer_new(0)); /* Pause keeps its place once a step is open */
}

/* ---- turns ------------------------------------------------------------------------ */

/* The speaking clock: a label (t->countdown) that the screen's tick keeps
 * in step with the engine, moving the engine on when the time is up (the
 * page is then rebuilt).  The screen's deadline is the next change of the
 * shown second, so the app draws about one frame a second, not one per
 * FRAME_MS. */
void tg_countdown_show(tg *t)
{
    int s = (int)((im_couple_turn_remaining_ms(t->c) + 999) / 1000);
    if (s == t->countdown_s) return; /* redraw on demand: only when the shown second changes */
    t->countdown_s = s;
    char buf[64];
    snprintf(buf, sizeof buf, ui_str(STR_TG_TIME_LEFT), s / 60, s % 60);
    ui_label_set_text(t->countdown, ctx_of(t), buf);
    ui_ctx_redraw(ctx_of(t));
}

static void show_turns(tg *t, ui_widget *col)
{
    const im_step *st = im_couple_step(t->c);
    const im_exercise *ex = im_couple_exercise(t->c);
    im_couple_phase ph = im_couple_phase_of(t->c);
    int sp = im_couple_partner(t->c), li = im_couple_listener(t->c);
    /* the page's name says who speaks: speaking and reflecting on one
     * question are two pages (and the countdown, a title-sized label, is
     * never the page's name, so a second going by is no new page) */
    char who[400];
    if (ph == IM_PHASE_TOGETHER) snprintf(who, sizeof who, "%s", ui_str(STR_TG_TOGETHER_CARD));
    else if (ph == IM_PHASE_REFLECTING) snprintf(who, sizeof who, ui_str(STR_TG_REFLECT), name_of(t, li));
    else snprintf(who, sizeof who, ui_str(STR_TG_SPEAKS), name_of(t, sp), name_of(t, li));
    add_page_name(t, col, who);
    add_progress(col, (int)ex->n_steps, (int)im_couple_index(t->c));
    if (ph == IM_PHASE_TOGETHER) add_text(col, ui_str(STR_TG_TOGETHER_CARD), UI_TEXT_SMALL);
    else add_fmt(col, UI_TEXT_SMALL, STR_TG_SPEAKS, name_of(t, sp), name_of(t, li));
    if (st) {
        ui_widget *card = ui_widget_add(col, ui_card_new());
        if (card) {
            add_text(card, st->title, UI_TEXT_HEADING);
            add_im_text(card, &st->text);
        }
    }
    if (ph == IM_PHASE_SPEAKING) {
        t->countdown = ui_widget_add(col, ui_label_new(" ", UI_TEXT_TITLE));
        t->countdown_s = -1;
        if (t->countdown) tg_countdown_show(t);
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_DONE_SPEAKING), UI_BUTTON_PRIMARY, ACT_NEXT));
    } else if (ph == IM_PHASE_REFLECTING) {
        add_fmt(col, UI_TEXT_HEADING, STR_TG_REFLECT, name_of(t, li), NULL);
        add_text(col, im_couple_reflect_prompt(t->c), UI_TEXT_BODY);
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_SWAP), UI_BUTTON_PRIMARY, ACT_NEXT));
    } else {
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_NEXT), UI_BUTTON_PRIMARY, ACT_NEXT));
    }
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_SKIP_CARD), UI_BUTTON_SECONDARY, ACT_SKIP));
}

static void show_leave(tg *t, ui_widget *col)
{
    add_text(col, ui_str(STR_TG_LEAVE_TITLE), UI_TEXT_TITLE);
    add_text(col, ui_str(STR_TG_LEAVE_LEAD), UI_TEXT_BODY);
    t->pass = ui_widget_add(col, ui_field_new(ui_str(STR_TG_LEAVE_FIELD), UI_FIELD_PASSWORD, ACT_LEAVE, 0));
    /* the line under the field: "not right" and the wait of the one
     * counter of wrong passphrases (the lock screen's), counting down */
    t->check.message = t->leave_msg = ui_widget_add(col, ui_label_new("", UI_TEXT_SMALL));
    ui_worker_form_say_wrong(&t->check, t->app, t->leave_wrong ? STR_TG_LEAVE_WRONG : 0);
    if (t->checking) {
        t->checking_label = ui_widget_add(col, ui_label_new(ui_str(STR_TG_LEAVE_CHECKING), UI_TEXT_SMALL));
        t->checking_dots = 0;
    }
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_LEAVE_BUTTON), UI_BUTTON_PRIMARY, ACT_LEAVE));
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_LEAVE_LOCK), UI_BUTTON_SECONDARY, ACT_LEAVE_LOCK));
    ui_widget_add(col, ui_button_new(ui_str(STR_TG_LEAVE_STAY), UI_BUTTON_TEXT, ACT_LEAVE_STAY));
    /* the passphrase is typed at once, as on the lock screen (and a screen
     * reader says the field first); after a wrong one too, the view rebuilt */
    if (t->pass) ui_ctx_set_focus(ctx_of(t), t->pass);
}

/* ---- drawing the body ---------------------------------------------------------------- */

/* The exercise's title once at the top (a hand-off card names it itself),
 * and the way to its intro cards again. */
static void add_run_head(tg *t, ui_widget *col)
{
    const im_exercise *ex = im_couple_exercise(t->c);
    if (!ex->item || !ex->item->n_cards) {
        add_text(col, ex->title, UI_TEXT_SMALL);
        return;
    }
    /* the title and "About this" share a line: the page below starts where it did;
     * the title takes what the button leaves (at large text it wraps in that) */
    ui_widget *row = ui_widget_add(col, ui_row_new(UI_ROW_LEAD, UI_SPACING_PT));
    if (!row) return;
    add_text(row, ex->title, UI_TEXT_SMALL);
    ui_widget_add(row, ui_button_new(ui_str(STR_TG_ABOUT), UI_BUTTON_TEXT, ACT_ABOUT));
}

static void show_run(tg *t, ui_widget *col)
{
    if (t->gate >= 0) {
        show_gate(t, col, t->gate);
        return;
    }
    if (im_couple_phase_of(t->c) == IM_PHASE_HANDOFF) {
        show_gate(t, col, 1);
        return;
    }
    add_run_head(t, col);
    switch (im_couple_phase_of(t->c)) {
    case IM_PHASE_ANSWERING: show_answering(t, col); break;
    case IM_PHASE_HANDOFF: break;
    case IM_PHASE_OPENING: tg_show_opening(t, col); break;
    case IM_PHASE_REVEALED: show_revealed(t, col); break;
    case IM_PHASE_LADDER: show_ladder(t, col); break;
    case IM_PHASE_SPEAKING:
    case IM_PHASE_REFLECTING:
    case IM_PHASE_TOGETHER: show_turns(t, col); break;
    case IM_PHASE_DONE:
        if (im_couple_exercise(t->c)->mode == IM_MODE_MATCH || im_couple_exercise(t->c)->mode == IM_MODE_REVEAL)
            show_revealed(t, col);
        add_text(col, ui_str(STR_TG_FINISHED), UI_TEXT_BODY);
        ui_widget_add(col, ui_button_new(ui_str(STR_TG_DONE), UI_BUTTON_PRIMARY, ACT_MENU));
        break;
    }
}

void tg_show(tg *t)
{
    ui_ctx *c = ctx_of(t);
    ui_widget_remove_children(t->col, c);
    t->name_a = t->name_b = t->text = t->pass = t->leave_msg = t->countdown = t->checking_label = NULL;
    t->check.message = NULL; /* the leave line is gone with the view */
    t->check.shown_wait = 0;
    t->secret = t->sform.message = t->sform.button = t->sform.busy = NULL; /* so is a card's secret */
    t->sform.shown_wait = 0;
    ui_couple_rejoin_hide(t->rejoin); /* and the way back's, if shown */
    if (t->note[0]) add_text(t->col, t->note, UI_TEXT_SMALL);
    t->note[0] = 0;
    if (t->view == VIEW_LEAVE) show_leave(t, t->col);
    else if (t->view == VIEW_FORGET) tg_show_forget(t, t->col);
    else if (t->view == VIEW_HISTORY) show_history(t, t->col);
    else if (t->view == VIEW_INTRO && t->intro) show_intro(t, t->col);
    else if (t->view == VIEW_RUN && t->c) show_run(t, t->col);
    else if (t->rejoin) ui_couple_rejoin_show(t->rejoin, t->app, t->col); /* out: the way back */
    else {
        t->view = VIEW_MENU;
        show_menu(t, t->col);
    }
    /* a new page starts at its top, at once (a page of the other partner
     * never slides through) */
    im_scroller *sc = t->col->parent ? ui_scroll_scroller(t->col->parent) : NULL;
    if (sc) {
        im_scroller_set_reduce_motion(sc, 1);
        im_scroller_scroll_to(sc, 0, c->now_ms);
        im_scroller_set_reduce_motion(sc, c->reduce_motion);
    }
    ui_ctx_relayout(c);
    ui_ctx_redraw(c);
}
