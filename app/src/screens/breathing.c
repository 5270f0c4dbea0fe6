/* breathing.c -- see breathing.h. */
#include "screens/breathing.h"

#include <stdio.h>

#include "app/strings.h"
#include "platform/sound.h"
#include "widgets/basic.h"
#include "widgets/scrollview.h"

#define SHAPE_PT 196.0f /* the shape's room: chrome, in density points */
#define SHAPE_MIN_PT 96.0f
#define WORDS_PT 64.0f    /* under the shape: the phase and the round, in text points */
#define PAGE_PAD_PT 16.0f /* the player's page: its padding (player_rebuild) */
#define CIRCLE_MIN 0.35f  /* of the largest circle, at the end of an out-breath */

typedef struct timed_data {
    im_run *run;
    int was_running;
    int cued_phase;      /* round * phases + phase index last cued; -1 none */
    int drawn_key;       /* what the last frame showed (size, second, phase) */
    int labelled_motion; /* reduce-motion when the label was set */
    int eyes_closed;     /* sound only: a dim, still panel */
} timed_data;

const char *ui_breath_phase_word(im_breath_phase p)
{
    switch (p) {
    case IM_BREATH_IN: return ui_str(STR_PLAYER_BREATHE_IN);
    case IM_BREATH_HOLD: return ui_str(STR_PLAYER_BREATHE_HOLD);
    case IM_BREATH_OUT: return ui_str(STR_PLAYER_BREATHE_OUT);
    case IM_BREATH_REST: return ui_str(STR_PLAYER_BREATHE_REST);
    }
    return "";
}

static int is_breathing(const timed_data *d)
{
    const im_step *st = im_run_step(d->run);
    return st && st->answer == IM_ANSWER_BREATHING;
}

static im_timer_status status_of(const timed_data *d)
{
    im_timer_status t = { 0 };
    if (im_run_step(d->run) && im_run_timer_status(d->run, &t) != IM_OK) t.running = 0;
    return t;
}

/* The pattern followed (the chosen pace, else the step's) has four phases. */
static int square_of(const im_timer_status *t) { return t->n_phases == 4; }

int ui_breath_is_square(im_run *run)
{
    const im_step *st = im_run_step(run);
    im_timer_status t;
    return st && st->answer == IM_ANSWER_BREATHING && im_run_timer_status(run, &t) == IM_OK && square_of(&t);
}

/* How far through its phase the breath is, 0..1. */
static float phase_done(const im_timer_status *t)
{
    if (!t->running || t->phase_index >= t->n_phases) return 0.0f;
    float len = (float)t->phases[t->phase_index].seconds * 1000.0f;
    float done = len > 0 ? 1.0f - (float)t->phase_remaining_ms / len : 1.0f;
    return done < 0 ? 0.0f : done > 1 ? 1.0f : done;
}

/* How full the circle is (CIRCLE_MIN..1) at this point of the phase. */
static float circle_fill(const im_timer_status *t)
{
    if (!t->running || t->phase_index >= t->n_phases) return CIRCLE_MIN;
    float done = phase_done(t);
    switch (t->phase) {
    case IM_BREATH_IN: return CIRCLE_MIN + (1.0f - CIRCLE_MIN) * done;
    case IM_BREATH_HOLD: {
        /* a hold after an out-breath stays small */
        size_t prev = t->phase_index ? t->phase_index - 1 : t->n_phases - 1;
        return t->phases[prev].phase == IM_BREATH_OUT ? CIRCLE_MIN : 1.0f;
    }
    case IM_BREATH_OUT: return 1.0f - (1.0f - CIRCLE_MIN) * done;
    case IM_BREATH_REST: return CIRCLE_MIN;
    }
    return CIRCLE_MIN;
}

static int seconds_left(int64_t ms) { return (int)((ms + 999) / 1000); }

/* A number that changes exactly when the picture would. */
static int frame_key(ui_widget *w, ui_ctx *c, const im_timer_status *t)
{
    timed_data *d = w->data;
    if (d->eyes_closed) return t->running * 2 + t->completed;
    if (!is_breathing(d)) return seconds_left(t->remaining_ms) * 2 + t->running;
    int secs = seconds_left(t->phase_remaining_ms);
    int key = (int)t->phase_index * 1000 + secs * 4 + t->running;
    if (c->reduce_motion) return key;
    /* the square's dot moves all through a phase; the circle only in and out */
    float moved = square_of(t) ? phase_done(t) : circle_fill(t);
    return key + ui_pt(c, 100.0f * moved) * 100000;
}

/* The shape's room in density points and the words' under it in text
 * points (260 pt at 100 %, as before; at 200 % the words grow, the shape
 * does not), and no taller than the page it scrolls in, so once started
 * (the page then scrolls to it, player_answers.c) all of it is in view:
 * at 200 % text on a 360x640 phone the page is the little room between
 * the header and the Start / Stop row over the footer. */
static int timed_measure(ui_widget *w, ui_ctx *c, int width)
{
    (void)width;
    int h = ui_dp(c, SHAPE_PT) + ui_pt(c, WORDS_PT);
    const ui_widget *sv = w->parent;
    while (sv && sv->cls != &ui_scroll_class) sv = sv->parent;
    if (sv && sv->rect.h > 0) {
        int room = sv->rect.h - 2 * ui_dp(c, PAGE_PAD_PT), least = ui_dp(c, SHAPE_MIN_PT) + ui_pt(c, WORDS_PT);
        if (h > room) h = room > least ? room : least;
    }
    return h;
}

static void draw_centered(ui_ctx *c, ui_drawlist *dl, const char *s, ui_text_style st, ui_rgba col, ui_rect r, int cy)
{
    ui_face face;
    int px;
    ui_text_style_font(c, st, &face, &px);
    int h = ui_wrapped_height(c, s, face, px, r.w);
    ui_draw_wrapped(c, dl, s, face, px, col, (ui_rect){ r.x, cy - h / 2, r.w, h }, 1);
}

static void draw_timer(ui_ctx *c, ui_drawlist *dl, ui_rect r, const im_timer_status *t)
{
    int s = seconds_left(t->remaining_ms);
    char buf[32];
    snprintf(buf, sizeof buf, "%d:%02d", s / 60, s % 60);
    draw_centered(c, dl, buf, UI_TEXT_TITLE, ui_color(c, UI_C_TEXT), r, r.y + r.h / 2);
    const char *under = t->completed ? ui_str(STR_PLAYER_TIMER_DONE)
                        : t->running ? ui_str(STR_PLAYER_TIMER_RUNNING)
                                     : ui_str(STR_PLAYER_TIMER_READY);
    draw_centered(c, dl, under, UI_TEXT_SMALL, ui_color(c, UI_C_TEXT_MUTED), r, r.y + r.h / 2 + ui_pt(c, 40));
}

/* The circle: a pale disc of the largest size, and over it one that grows
 * and shrinks with the breath (fill: CIRCLE_MIN..1 of the largest). */
static void draw_circle(ui_ctx *c, ui_drawlist *dl, ui_rect shape, float fill_of_big)
{
    int big = shape.h < shape.w ? shape.h : shape.w;
    int cx = shape.x + shape.w / 2, cy = shape.y + shape.h / 2;
    int size = (int)((float)big * fill_of_big);
    ui_rect dot = { cx - size / 2, cy - size / 2, size, size };
    ui_rgba fill = ui_color(c, UI_C_PRIMARY);
    fill.a = 60;
    ui_draw_rrect(dl, (ui_rect){ cx - big / 2, cy - big / 2, big, big }, big / 2, ui_color(c, UI_C_SURFACE_ALT));
    ui_draw_rrect(dl, dot, size / 2, fill);
    ui_draw_rrect_outline(dl, dot, size / 2, ui_pt(c, 2), ui_color(c, UI_C_PRIMARY));
}

/* The square: four straight sides, one a phase -- up the left while
 * breathing in, along the top while holding, down the right breathing
 * out, back along the bottom at rest -- and a dot travelling along the
 * side of the phase now, the side itself drawn stronger. */
static void draw_square(ui_ctx *c, ui_drawlist *dl, ui_rect shape, const im_timer_status *t)
{
    int side = (shape.h < shape.w ? shape.h : shape.w) * 3 / 4;
    int line = ui_pt(c, 3), dot = ui_pt(c, 22);
    int x0 = shape.x + (shape.w - side) / 2, y0 = shape.y + (shape.h - side) / 2;
    int x1 = x0 + side, y1 = y0 + side;
    /* corners in travel order: bottom-left, top-left, top-right, bottom-right */
    const int cx[4] = { x0, x0, x1, x1 }, cy[4] = { y1, y0, y0, y1 };
    size_t now = t->running ? t->phase_index % 4 : 0;
    for (size_t i = 0; i < 4; i++) {
        int ax = cx[i], ay = cy[i], bx = cx[(i + 1) % 4], by = cy[(i + 1) % 4];
        ui_rect edge = { (ax < bx ? ax : bx) - line / 2, (ay < by ? ay : by) - line / 2,
                         (ax > bx ? ax - bx : bx - ax) + line, (ay > by ? ay - by : by - ay) + line };
        ui_rgba col = ui_color(c, t->running && i == now ? UI_C_PRIMARY : UI_C_SURFACE_ALT);
        ui_draw_rect(dl, edge, col);
    }
    float done = phase_done(t);
    int px = cx[now] + (int)((float)(cx[(now + 1) % 4] - cx[now]) * done);
    int py = cy[now] + (int)((float)(cy[(now + 1) % 4] - cy[now]) * done);
    ui_draw_rrect(dl, (ui_rect){ px - dot / 2, py - dot / 2, dot, dot }, dot / 2, ui_color(c, UI_C_PRIMARY));
}

static void draw_breathing(ui_widget *w, ui_ctx *c, ui_drawlist *dl, ui_rect r, const im_timer_status *t)
{
    (void)w;
    char words[96], round[64];
    if (t->running) {
        snprintf(words, sizeof words, "%s \xC2\xB7 %d", ui_breath_phase_word(t->phase),
                 seconds_left(t->phase_remaining_ms));
        snprintf(round, sizeof round, ui_str(STR_PLAYER_BREATH_ROUND), (int)t->round + 1, t->rounds);
    } else {
        snprintf(words, sizeof words, "%s",
                 t->completed ? ui_str(STR_PLAYER_TIMER_DONE) : ui_str(STR_PLAYER_BREATH_READY));
        round[0] = 0;
    }
    /* the shape above, the words under it (never over the moving edge) */
    int words_h = ui_pt(c, WORDS_PT);
    int cy = r.y + r.h / 2;
    if (!c->reduce_motion) {
        ui_rect shape = { r.x, r.y, r.w, r.h - words_h };
        if (square_of(t)) draw_square(c, dl, shape, t);
        else draw_circle(c, dl, shape, circle_fill(t));
        cy = r.y + r.h - words_h + ui_pt(c, 20);
    }
    draw_centered(c, dl, words, UI_TEXT_HEADING, ui_color(c, UI_C_TEXT), r, cy);
    if (round[0]) draw_centered(c, dl, round, UI_TEXT_SMALL, ui_color(c, UI_C_TEXT_MUTED), r, cy + ui_pt(c, 28));
}

static void timed_label(ui_widget *w, ui_ctx *c);

/* Eyes closed: a dark panel and one line that changes only with the state. */
static void draw_dim(ui_ctx *c, ui_drawlist *dl, ui_rect r, const im_timer_status *t)
{
    /* near black in either theme: dim light through closed eyelids */
    ui_draw_rrect(dl, r, ui_pt(c, 12), (ui_rgba){ 12, 12, 16, 255 });
    const char *line = t->completed ? ui_str(STR_PLAYER_TIMER_DONE)
                       : t->running ? ui_str(STR_PLAYER_LISTENING)
                                    : ui_str(STR_PLAYER_BREATH_READY);
    draw_centered(c, dl, line, UI_TEXT_SMALL, ui_color(c, UI_C_TEXT_MUTED), r, r.y + r.h / 2);
}

static void timed_draw(ui_widget *w, ui_ctx *c, ui_drawlist *dl)
{
    timed_data *d = w->data;
    if (d->labelled_motion != c->reduce_motion) timed_label(w, c); /* switched in Settings */
    im_timer_status t = status_of(d);
    d->drawn_key = frame_key(w, c, &t);
    if (d->eyes_closed) {
        draw_dim(c, dl, w->rect, &t);
        return;
    }
    if (is_breathing(d)) draw_breathing(w, c, dl, w->rect, &t);
    else draw_timer(c, dl, w->rect, &t);
}

static const ui_cue phase_cue[] = {
    [IM_BREATH_IN] = UI_CUE_IN, [IM_BREATH_HOLD] = UI_CUE_HOLD, [IM_BREATH_OUT] = UI_CUE_OUT, [IM_BREATH_REST] = UI_CUE_REST
};

/* Which phase of which round the breath is in, as one number. */
static int phase_key(const im_timer_status *t) { return (int)(t->round * t->n_phases + t->phase_index); }

/* A tone when the person starts the step, and at each new phase. */
static void give_cues(timed_data *d, const im_timer_status *t)
{
    if (!d->was_running) ui_sound_cue(UI_CUE_START);
    int key = phase_key(t);
    if (is_breathing(d) && key != d->cued_phase && t->phase >= IM_BREATH_IN && t->phase <= IM_BREATH_REST)
        ui_sound_cue(phase_cue[t->phase]);
    d->cued_phase = key;
}

static int timed_tick(ui_widget *w, ui_ctx *c)
{
    timed_data *d = w->data;
    im_timer_status t = status_of(d);
    if (!t.running) {
        d->was_running = 0;
        d->cued_phase = -1;
        if (t.completed) ui_ctx_emit(c, w, 1);
        return 0; /* the last frame is drawn; the loop may go idle */
    }
    give_cues(d, &t);
    d->was_running = 1;
    return frame_key(w, c, &t) == d->drawn_key ? UI_TICK_QUIET : 1;
}

/* Until the shown whole second of ms changes (it is shown rounded up). */
static int64_t ms_to_next_second(int64_t ms) { return ms <= 0 ? 0 : ms - (int64_t)(seconds_left(ms) - 1) * 1000; }

/* When the picture next changes: the moving circle every frame; the plain
 * timer and the reduce-motion words only when a shown second does. */
static int64_t timed_deadline(ui_widget *w, ui_ctx *c)
{
    timed_data *d = w->data;
    int64_t now = c->now_ms;
    im_timer_status t = status_of(d);
    if (!t.running || (is_breathing(d) && !c->reduce_motion && !d->eyes_closed)) return now;
    return now + ms_to_next_second(is_breathing(d) ? t.phase_remaining_ms : t.remaining_ms);
}

/* The accessible label says which version is on screen. */
static void timed_label(ui_widget *w, ui_ctx *c)
{
    timed_data *d = w->data;
    d->labelled_motion = c->reduce_motion;
    ui_str_id id = d->eyes_closed                ? STR_PLAYER_LISTENING
                   : !is_breathing(d)            ? STR_PLAYER_TIMER_LABEL
                   : c->reduce_motion            ? STR_PLAYER_BREATH_WORDS_LABEL
                   : ui_breath_is_square(d->run) ? STR_PLAYER_BREATH_SQUARE_LABEL
                                                 : STR_PLAYER_BREATH_SHAPE_LABEL;
    ui_widget_set_label(w, ui_str(id));
}

/* For a screen reader: the breath's phase ("Breathe in"), as drawn. */
static const char *timed_live_text(ui_widget *w, ui_ctx *c, char *buf, size_t cap)
{
    (void)c;
    timed_data *d = w->data;
    im_timer_status t = status_of(d);
    if (!t.running || !is_breathing(d)) return "";
    snprintf(buf, cap, "%s", ui_breath_phase_word(t.phase));
    return buf;
}

const ui_class ui_timed_class = { .name = "timed",
                                  .measure = timed_measure,
                                  .draw = timed_draw,
                                  .tick = timed_tick,
                                  .deadline = timed_deadline,
                                  .live_text = timed_live_text };

ui_widget *ui_timed_new(ui_ctx *c, im_run *run, int done_action)
{
    ui_widget *w = ui_widget_new(&ui_timed_class, NULL, sizeof(timed_data));
    if (!w) return NULL;
    timed_data *d = w->data;
    d->run = run;
    d->drawn_key = -1;
    /* a step already running when its card is built (resumed, or started
     * by a guided practice, whose step tone stands for it) gets no start
     * tone nor one for the phase it is already in */
    im_timer_status t = status_of(d);
    d->was_running = t.running;
    d->cued_phase = t.running ? phase_key(&t) : -1;
    w->action = done_action;
    timed_label(w, c);
    ui_timed_poke(w, c);
    return w;
}

void ui_timed_set_eyes_closed(ui_widget *w, ui_ctx *c, int on)
{
    timed_data *d = w->data;
    d->eyes_closed = on;
    timed_label(w, c);
    ui_ctx_redraw(c);
}

void ui_timed_poke(ui_widget *w, ui_ctx *c)
{
    timed_data *d = w->data;
    timed_label(w, c);
    im_timer_status t = status_of(d);
    if (t.running) ui_ctx_start_ticker(c, w);
    ui_ctx_redraw(c);
}
