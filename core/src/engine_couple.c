/*
 * engine_couple.c -- a couple run: lifecycle, private answering with a
 * hand-off, private-then-reveal, and mutual match.
 *
 * Invariants:
 *  1. The seal: im_couple_get_answer is the only way out for an answer, and
 *     it checks the phase every time.
 *  2. Reciprocity: after the reveal an answer leaves only as one of a pair --
 *     a step both partners answered.  A step either skipped (or moved past
 *     without answering) shows neither answer, so skipping everything never
 *     buys a look at the other's sheet.
 *  3. The match property: match marks never leave at all.  When the second
 *     partner finishes, the result -- the items BOTH marked yes -- is
 *     computed and both sheets are erased.  Whatever one partner marked, for
 *     every item not in the result both "maybe" and "not now" stay possible
 *     answers of the other (a "maybe" is never shown, since the one who
 *     marked yes would then learn every "not now" by elimination), and the
 *     state saved from then on depends on the result alone.
 *
 *  4. A partner's own secret (engine_couple_secret.c): a locked partner's
 *     sheet is read, changed or moved past only while their secret has it
 *     open, and the reveal or match is computed only with every locked
 *     sheet open (IM_PHASE_OPENING until then).
 *
 * Answering walks every step except '## Discuss'; the discussion steps come
 * after the reveal, shared by both.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "engine_couple.h"

int64_t im_couple_now(const im_couple *c)
{
    return im_clock_now_ms(&c->clock);
}

static int name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= IM_PARTNER_NAME_MAX && im_utf8_ok(s, n);
}

static size_t next_answer_step(const im_exercise *ex, size_t from)
{
    size_t i = from;
    while (i < ex->n_steps && ex->steps[i].kind == IM_STEP_DISCUSS)
        i++;
    return i;
}

static size_t prev_answer_step(const im_exercise *ex, size_t from)
{
    size_t i = from;
    while (i > 0) {
        i--;
        if (ex->steps[i].kind != IM_STEP_DISCUSS)
            return i;
    }
    return ex->n_steps; /* none */
}

static size_t next_discuss_step(const im_exercise *ex, size_t from)
{
    size_t i = from;
    while (i < ex->n_steps && ex->steps[i].kind != IM_STEP_DISCUSS)
        i++;
    return i;
}

im_rc im_couple_start(const im_exercise *ex, const char *name_a,
                      const char *name_b, const im_clock *clock,
                      const im_rng *rng, im_couple **out)
{
    *out = NULL;
    if (!ex || ex->mode == IM_MODE_SOLO || !name_ok(name_a) || !name_ok(name_b))
        return IM_ERR_INVALID;
    im_couple *c = calloc(1, sizeof *c);
    if (!c)
        return IM_ERR_NOMEM;
    c->ex = ex;
    c->clock = clock ? *clock : im_clock_system();
    c->rng = rng ? *rng : im_rng_system();
    memcpy(c->name[0], name_a, strlen(name_a) + 1);
    memcpy(c->name[1], name_b, strlen(name_b) + 1);
    randombytes_buf(c->session, sizeof c->session);
    if (im_sheet_init(&c->sheet[0], ex->n_steps) != IM_OK ||
        im_sheet_init(&c->sheet[1], ex->n_steps) != IM_OK) {
        im_couple_free(c);
        return IM_ERR_NOMEM;
    }
    switch (ex->mode) {
    case IM_MODE_REVEAL:
    case IM_MODE_MATCH:
        c->phase = IM_PHASE_ANSWERING;
        c->partner = 0;
        c->index = next_answer_step(ex, 0);
        break;
    case IM_MODE_CONSENT_LADDER:
        c->phase = IM_PHASE_LADDER;
        c->partner = -1;
        c->index = ex->n_steps;
        break;
    case IM_MODE_TURNS:
        c->first_speaker = (int)im_rng_below(&c->rng, 2) ^ 1;
        im_turns_enter(c, 0);
        break;
    default: break;
    }
    *out = c;
    return IM_OK;
}

void im_couple_free(im_couple *c)
{
    if (!c)
        return;
    im_couple_unbind(c);
    im_couple_locks_drop(c);
    im_sheet_free(&c->sheet[0]);
    im_sheet_free(&c->sheet[1]);
    free(c->result);
    free(c->result_yes);
    sodium_memzero(c, sizeof *c); /* the partners' names */
    free(c);
}

const im_exercise *im_couple_exercise(const im_couple *c)
{
    return c->ex;
}
im_couple_phase im_couple_phase_of(const im_couple *c)
{
    return c->phase;
}
int im_couple_paused(const im_couple *c)
{
    return c->paused;
}
size_t im_couple_index(const im_couple *c)
{
    return c->index;
}

const char *im_couple_name(const im_couple *c, int partner)
{
    return (partner == 0 || partner == 1) ? c->name[partner] : NULL;
}

int im_couple_partner(const im_couple *c)
{
    switch (c->phase) {
    case IM_PHASE_ANSWERING:
    case IM_PHASE_SPEAKING:
    case IM_PHASE_REFLECTING: return c->partner;
    case IM_PHASE_HANDOFF: return 1; /* the one the device goes to */
    default: return -1;
    }
}

int im_couple_listener(const im_couple *c)
{
    if (c->phase == IM_PHASE_SPEAKING || c->phase == IM_PHASE_REFLECTING)
        return c->partner ^ 1;
    return -1;
}

const im_step *im_couple_step(const im_couple *c)
{
    if (c->phase == IM_PHASE_HANDOFF || c->phase == IM_PHASE_OPENING ||
        c->index >= c->ex->n_steps)
        return NULL;
    return &c->ex->steps[c->index];
}

/* ---- Reveal and match ------------------------------------------------------- */

/* Compute the mutual yes set and erase every individual mark (inv. 3). */
static im_rc match_finish(im_couple *c)
{
    const im_exercise *ex = c->ex;
    size_t *res = calloc(ex->n_steps ? ex->n_steps : 1, sizeof *res);
    unsigned char *yes = calloc(ex->n_steps ? ex->n_steps : 1, 1);
    if (!res || !yes) {
        free(res);
        free(yes);
        return IM_ERR_NOMEM;
    }
    size_t n = 0;
    for (size_t i = 0; i < ex->n_steps; i++) {
        if (ex->steps[i].answer != IM_ANSWER_MATCH)
            continue;
        if (c->sheet[0].a[i].match == IM_MATCH_YES &&
            c->sheet[1].a[i].match == IM_MATCH_YES) {
            res[n] = i;
            yes[n] = 1;
            n++;
        }
    }
    for (int p = 0; p < 2; p++)
        for (size_t i = 0; i < c->sheet[p].n; i++)
            im_answer_clear(&c->sheet[p].a[i]);
    free(c->result);
    free(c->result_yes);
    c->result = res;
    c->result_yes = yes;
    c->n_result = n;
    return IM_OK;
}

/* Reveal: what is not shown is not kept either (engine_couple_secret.c
 * invariant 3): a step either partner did not answer loses both answers,
 * so the shared history holds only what both saw. */
static void reveal_keep_shown(im_couple *c)
{
    for (size_t i = 0; i < c->ex->n_steps; i++) {
        if (c->sheet[0].a[i].status == IM_STATUS_ANSWERED &&
            c->sheet[1].a[i].status == IM_STATUS_ANSWERED)
            continue;
        for (int p = 0; p < 2; p++)
            if (c->sheet[p].a[i].status == IM_STATUS_ANSWERED) {
                im_answer_clear(&c->sheet[p].a[i]);
                c->sheet[p].a[i].status = IM_STATUS_SKIPPED;
            }
    }
}

/* The second partner has answered, and every locked sheet is open:
 * reveal (or compute the match). */
static im_rc answering_finish(im_couple *c)
{
    if (c->ex->mode == IM_MODE_MATCH) {
        im_rc rc = match_finish(c);
        if (rc != IM_OK)
            return rc;
    } else if (c->lock[0].kind || c->lock[1].kind) {
        reveal_keep_shown(c);
    }
    im_couple_locks_drop(c);
    /* the locks are gone and with them the session id's use: the state
     * saved from now on depends on the result alone (invariant 3) */
    sodium_memzero(c->session, sizeof c->session);
    c->phase = IM_PHASE_REVEALED;
    c->partner = -1;
    c->index = next_discuss_step(c->ex, 0);
    c->revealed = 1;
    /* logged by the save of this very state (engine_couple_state.c) */
    if (c->vault && im_exercise_is_connection_map(c->ex))
        c->map_pending = 1;
    return IM_OK;
}

/* The second partner left their last step: the reveal, or first the
 * opening when a partner's sheet is sealed. */
static im_rc answering_done(im_couple *c)
{
    if (im_couple_sheet_closed(c, 0) || im_couple_sheet_closed(c, 1)) {
        c->phase = IM_PHASE_OPENING;
        c->partner = -1;
        c->index = c->ex->n_steps;
        return IM_OK;
    }
    return answering_finish(c);
}

im_rc im_couple_open_finish(im_couple *c)
{
    if (c->phase != IM_PHASE_OPENING || im_couple_sheet_closed(c, 0) ||
        im_couple_sheet_closed(c, 1))
        return IM_ERR_STATE;
    c->revealed = 0;
    im_rc rc = answering_finish(c);
    return rc == IM_OK ? im_couple_changed(c) : rc;
}

/* The answering partner's sheet is sealed: nothing on their turn moves. */
static int turn_closed(const im_couple *c)
{
    return c->phase == IM_PHASE_ANSWERING &&
           im_couple_sheet_closed(c, c->partner);
}

static im_rc answering_leave(im_couple *c, im_step_status mark)
{
    if (turn_closed(c))
        return IM_ERR_SEALED;
    im_answer *a = &c->sheet[c->partner].a[c->index];
    if (a->status != IM_STATUS_ANSWERED)
        a->status = mark == IM_STATUS_SKIPPED ? IM_STATUS_SKIPPED
                                              : IM_STATUS_SEEN;
    size_t i = next_answer_step(c->ex, c->index + 1);
    if (i < c->ex->n_steps) {
        c->index = i;
    } else if (c->partner == 0) {
        im_rc rc = im_couple_sheet_close(c, 0); /* sealed before it is saved */
        if (rc != IM_OK)
            return rc;
        c->phase = IM_PHASE_HANDOFF;
        c->index = c->ex->n_steps;
    } else {
        im_rc rc = answering_done(c);
        if (rc != IM_OK)
            return rc;
    }
    return im_couple_changed(c);
}

static im_rc revealed_next(im_couple *c)
{
    size_t i = next_discuss_step(c->ex, c->index + 1);
    if (c->index >= c->ex->n_steps || i >= c->ex->n_steps) {
        c->phase = IM_PHASE_DONE;
        c->index = c->ex->n_steps;
    } else {
        c->index = i;
    }
    return im_couple_changed(c);
}

im_rc im_couple_next(im_couple *c)
{
    if (c->paused)
        return IM_ERR_STATE;
    switch (c->phase) {
    case IM_PHASE_ANSWERING: return answering_leave(c, IM_STATUS_SEEN);
    case IM_PHASE_REVEALED: return revealed_next(c);
    case IM_PHASE_SPEAKING:
    case IM_PHASE_REFLECTING:
    case IM_PHASE_TOGETHER: return im_turns_next(c);
    default: return IM_ERR_STATE;
    }
}

im_rc im_couple_advance(im_couple *c, im_couple_outcome *out)
{
    c->revealed = c->map_logged = 0;
    im_rc rc = im_couple_next(c);
    if (out) {
        out->revealed = c->revealed;
        out->map_logged = c->map_logged;
    }
    return rc;
}

int im_exercise_is_connection_map(const im_exercise *ex)
{
    size_t scales = 0;
    for (size_t i = 0; i < ex->n_steps; i++)
        scales += ex->steps[i].answer == IM_ANSWER_SCALE;
    return scales == IM_CONNECTION_DIMENSIONS &&
           strstr(ex->id, "connection") != NULL;
}

static int has_tag(im_strings tags, const char *tag)
{
    for (size_t i = 0; i < tags.n; i++)
        if (!strcmp(tags.v[i], tag))
            return 1;
    return 0;
}

im_couple_kind im_couple_kind_of(const im_exercise *ex)
{
    if (ex->item && has_tag(ex->item->tags, "check-in"))
        return IM_COUPLE_KIND_CHECK_IN;
    switch (ex->mode) {
    case IM_MODE_TURNS: return IM_COUPLE_KIND_TURNS;
    case IM_MODE_MATCH: return IM_COUPLE_KIND_MAP;
    case IM_MODE_CONSENT_LADDER: return IM_COUPLE_KIND_LADDER;
    case IM_MODE_REVEAL:
        return im_exercise_is_connection_map(ex) ? IM_COUPLE_KIND_MAP
                                                 : IM_COUPLE_KIND_REVEAL;
    default: return 0;
    }
}

/* One pass over the Together items, adding the exercises of one kind. */
static size_t menu_kind(const im_library *lib, im_couple_kind kind,
                        im_couple_entry *out, size_t max, size_t n)
{
    for (size_t i = 0; i < im_library_item_count(lib); i++) {
        const im_item *it = im_library_item(lib, i);
        if (it->kind != IM_ITEM_TOGETHER)
            continue;
        for (size_t k = 0; k < it->n_exercises; k++) {
            const im_exercise *ex = &it->exercises[k];
            if (im_couple_kind_of(ex) != kind)
                continue;
            if (n < max)
                out[n] = (im_couple_entry){ex,          kind,      it->summary,
                                           it->minutes, it->cards, it->n_cards};
            n++;
        }
    }
    return n;
}

size_t im_couple_menu(const im_library *lib, im_couple_entry *out, size_t max)
{
    size_t n = 0;
    if (!lib)
        return 0;
    for (int kind = IM_COUPLE_KIND_TURNS; kind <= IM_COUPLE_KIND_CHECK_IN;
         kind++)
        n = menu_kind(lib, (im_couple_kind)kind, out, max, n);
    return n;
}

im_rc im_couple_begun_before(const im_library *lib, im_vault *v,
                             const char *exercise_id, int *begun)
{
    im_couple_summary *h = NULL;
    size_t n = 0;
    *begun = 0;
    if (!exercise_id)
        return IM_ERR_INVALID;
    im_rc rc = im_couple_history(lib, v, &h, &n);
    for (size_t i = 0; rc == IM_OK && i < n && !*begun; i++)
        *begun = !strcmp(h[i].ex->id, exercise_id);
    free(h);
    return rc;
}

im_rc im_couple_skip(im_couple *c)
{
    if (c->paused)
        return IM_ERR_STATE;
    switch (c->phase) {
    case IM_PHASE_ANSWERING: return answering_leave(c, IM_STATUS_SKIPPED);
    case IM_PHASE_REVEALED: return revealed_next(c);
    case IM_PHASE_SPEAKING:
    case IM_PHASE_REFLECTING:
    case IM_PHASE_TOGETHER: return im_turns_skip(c);
    default: return IM_ERR_STATE;
    }
}

im_rc im_couple_back(im_couple *c)
{
    if (c->paused)
        return IM_ERR_STATE;
    size_t i;
    switch (c->phase) {
    case IM_PHASE_ANSWERING:
        if (turn_closed(c))
            return IM_ERR_SEALED;
        /* never back into the other partner's answers */
        i = prev_answer_step(c->ex, c->index);
        if (i >= c->ex->n_steps)
            return IM_ERR_STATE;
        c->index = i;
        return im_couple_changed(c);
    case IM_PHASE_REVEALED:
        i = c->index;
        while (i > 0 && c->ex->steps[i - 1].kind != IM_STEP_DISCUSS)
            i--;
        if (i == 0 || c->index >= c->ex->n_steps)
            return IM_ERR_STATE;
        c->index = i - 1;
        return im_couple_changed(c);
    case IM_PHASE_SPEAKING:
    case IM_PHASE_REFLECTING:
    case IM_PHASE_TOGETHER: return im_turns_back(c);
    default: return IM_ERR_STATE;
    }
}

im_rc im_couple_handoff_done(im_couple *c)
{
    if (c->paused || c->phase != IM_PHASE_HANDOFF)
        return IM_ERR_STATE;
    if (im_couple_sheet_closed(c, 1))
        return IM_ERR_SEALED; /* their secret first */
    im_rc rc0 = im_couple_sheet_close(c, 0);
    if (rc0 != IM_OK)
        return rc0;
    c->phase = IM_PHASE_ANSWERING;
    c->partner = 1;
    c->index = next_answer_step(c->ex, 0);
    if (c->index >= c->ex->n_steps) {
        im_rc rc = answering_done(c);
        if (rc != IM_OK)
            return rc;
    }
    return im_couple_changed(c);
}

im_rc im_couple_not_now(im_couple *c)
{
    if (c->paused || c->phase == IM_PHASE_DONE)
        return IM_ERR_STATE;
    if (c->phase == IM_PHASE_SPEAKING)
        im_turns_pause(c);
    c->paused = 1;
    c->confirmed[0] = c->confirmed[1] = 0;
    return im_couple_changed(c);
}

im_rc im_couple_resume(im_couple *c)
{
    if (!c->paused)
        return IM_ERR_STATE;
    c->paused = 0;
    if (c->phase == IM_PHASE_SPEAKING)
        im_turns_resume(c);
    return im_couple_changed(c);
}

/* ---- Answers -------------------------------------------------------------------- */

/* The step and answer slot the current partner may write, or NULL. */
static im_answer *slot(im_couple *c, const im_step **st)
{
    *st = NULL;
    if (c->paused || c->index >= c->ex->n_steps)
        return NULL;
    if (c->phase != IM_PHASE_ANSWERING && c->phase != IM_PHASE_SPEAKING)
        return NULL;
    if (turn_closed(c))
        return NULL;
    *st = &c->ex->steps[c->index];
    return &c->sheet[c->partner].a[c->index];
}

/* Why there is no slot: a sealed sheet on its turn, or the state. */
static im_rc no_slot(const im_couple *c)
{
    return turn_closed(c) && !c->paused ? IM_ERR_SEALED : IM_ERR_STATE;
}

static im_rc saved(im_couple *c, im_rc rc)
{
    return rc == IM_OK ? im_couple_changed(c) : rc;
}

im_rc im_couple_answer_text(im_couple *c, const char *utf8)
{
    const im_step *st;
    im_answer *a = slot(c, &st);
    return a ? saved(c, im_answer_set_text(st, a, utf8)) : no_slot(c);
}

im_rc im_couple_answer_choices(im_couple *c, uint64_t chosen)
{
    const im_step *st;
    im_answer *a = slot(c, &st);
    return a ? saved(c, im_answer_set_choices(st, a, chosen)) : no_slot(c);
}

im_rc im_couple_answer_scale(im_couple *c, int value)
{
    const im_step *st;
    im_answer *a = slot(c, &st);
    return a ? saved(c, im_answer_set_scale(st, a, value)) : no_slot(c);
}

im_rc im_couple_answer_ladder(im_couple *c, const char *const *texts,
                              const int *before, size_t n)
{
    const im_step *st;
    im_answer *a = slot(c, &st);
    return a ? saved(c, im_answer_set_ladder(st, a, texts, before, n))
             : no_slot(c);
}

im_rc im_couple_answer_match(im_couple *c, im_match m)
{
    const im_step *st;
    im_answer *a = slot(c, &st);
    return a ? saved(c, im_answer_set_match(st, a, m)) : no_slot(c);
}

/* Whether both partners answered step i (invariant 2). */
static int both_gave(const im_couple *c, size_t i)
{
    return c->sheet[0].a[i].status == IM_STATUS_ANSWERED &&
           c->sheet[1].a[i].status == IM_STATUS_ANSWERED;
}

im_rc im_couple_get_answer(const im_couple *c, int partner, size_t step_index,
                           const im_answer **out)
{
    *out = NULL;
    if (partner != 0 && partner != 1)
        return IM_ERR_INVALID;
    if (step_index >= c->ex->n_steps)
        return IM_ERR_NOT_FOUND;
    if (c->ex->mode == IM_MODE_MATCH)
        return IM_ERR_SEALED; /* marks never leave; see match_result */
    if (c->ex->mode == IM_MODE_REVEAL) {
        int revealed = c->phase == IM_PHASE_REVEALED ||
                       c->phase == IM_PHASE_DONE;
        int own_turn = c->phase == IM_PHASE_ANSWERING && !c->paused &&
                       c->partner == partner &&
                       !im_couple_sheet_closed(c, partner);
        if (!revealed && !own_turn)
            return IM_ERR_SEALED;
        if (revealed && !both_gave(c, step_index))
            return IM_ERR_SEALED; /* invariant 2 */
    }
    *out = &c->sheet[partner].a[step_index];
    return IM_OK;
}

im_rc im_couple_match_result(const im_couple *c, size_t *steps, int *both_yes,
                             size_t max, size_t *n)
{
    *n = 0;
    if (c->ex->mode != IM_MODE_MATCH)
        return IM_ERR_STATE;
    if (c->phase != IM_PHASE_REVEALED && c->phase != IM_PHASE_DONE)
        return IM_ERR_SEALED;
    for (size_t i = 0; i < c->n_result && i < max; i++) {
        if (steps)
            steps[i] = c->result[i];
        if (both_yes)
            both_yes[i] = c->result_yes[i];
    }
    *n = c->n_result;
    return IM_OK;
}

int im_couple_match_all_yes(const im_couple *c)
{
    const im_exercise *ex = c->ex;
    if (ex->mode != IM_MODE_MATCH || c->phase != IM_PHASE_ANSWERING ||
        c->paused || c->index >= ex->n_steps ||
        ex->steps[c->index].answer != IM_ANSWER_MATCH ||
        im_couple_sheet_closed(c, c->partner))
        return 0;
    const im_sheet *own = &c->sheet[c->partner];
    for (size_t i = c->index + 1; i < ex->n_steps; i++)
        if (ex->steps[i].answer == IM_ANSWER_MATCH)
            return 0; /* not the last item */
    for (size_t i = 0; i < c->index; i++)
        if (ex->steps[i].answer == IM_ANSWER_MATCH &&
            own->a[i].match != IM_MATCH_YES)
            return 0;
    return 1;
}
