/*
 * engine_couple_state.c -- a couple run's saved form and its record in the
 * vault (IM_KIND_COUPLE).
 *
 * Saved form (record_codec.h, sequential):
 *   u32 IM_COUPLE_MAGIC, str exercise id, u8 phase (right after the id, for
 *   im_couple_find_open), u8 paused, str name A, str name B, u8 partner+1,
 *   str current step id (absent: none), sheet A, sheet B,
 *   u32 n result, n x (str step id, u8 both yes), u32 open, u8 confirmed A,
 *   u8 confirmed B, u8 first speaker, u8 spoken, i64 speak start,
 *   i64 speak used, and (IMC2) 16 bytes of session id, then (optional, read
 *   when present) u8 keep: bit p set when partner p said yes to "Keep this
 *   in our shared history" at the reveal (engine_partner.c: kept after one
 *   of them leaves only with both bits), then (optional: written whenever
 *   they were recorded, keep then always written, 0 or not) u8 places:
 *   1 + partner 0's place on Together's list (engine_couple_places.c).  A
 *   session without it is an older one: its places are the old rule's.
 *   (A build before places refuses a session with them as damaged.)
 * A sheet is, in IMC2, u8 0 and the sheet, or a partner's lock with the
 * sheet sealed under their partner key (engine_couple_secret.c); IMC1
 * (still read) has plain sheets and no session id (a new one is drawn).
 * The sealed answers are in it: it is written only into the vault, where
 * it is encrypted, and read back only by im_couple_load, which restores
 * the phase -- and with it the seal.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_couple.h"

im_rc im_couple_save(const im_couple *c, unsigned char **data, size_t *len)
{
    const im_exercise *ex = c->ex;
    im_wbuf w = {0};
    im_wbuf_u32(&w, IM_COUPLE_MAGIC);
    im_wbuf_text(&w, ex->id);
    im_wbuf_u8(&w, (unsigned)c->phase);
    im_wbuf_u8(&w, (unsigned)c->paused);
    im_wbuf_text(&w, c->name[0]);
    im_wbuf_text(&w, c->name[1]);
    im_wbuf_u8(&w, (unsigned)(c->partner + 1));
    im_wbuf_text(&w, c->index < ex->n_steps ? ex->steps[c->index].id : NULL);
    im_rc rc = im_couple_sheet_write(&w, c, 0);
    if (rc == IM_OK)
        rc = im_couple_sheet_write(&w, c, 1);
    if (rc != IM_OK) {
        im_wbuf_wipe(&w);
        return rc;
    }
    im_wbuf_u32(&w, (uint32_t)c->n_result);
    for (size_t i = 0; i < c->n_result; i++) {
        im_wbuf_text(&w, ex->steps[c->result[i]].id);
        im_wbuf_u8(&w, c->result_yes[i]);
    }
    im_wbuf_u32(&w, (uint32_t)c->open);
    im_wbuf_u8(&w, (unsigned)c->confirmed[0]);
    im_wbuf_u8(&w, (unsigned)c->confirmed[1]);
    im_wbuf_u8(&w, (unsigned)c->first_speaker);
    im_wbuf_u8(&w, (unsigned)c->spoken);
    im_wbuf_i64(&w, c->speak_start_ms);
    im_wbuf_i64(&w, c->speak_used_ms);
    im_wbuf_raw(&w, c->session, sizeof c->session);
    if (c->keep[0] || c->keep[1] || c->places)
        im_wbuf_u8(&w, (unsigned)(c->keep[0] | c->keep[1] << 1));
    if (c->places)
        im_wbuf_u8(&w, (unsigned)c->places);
    return im_state_take(&w, data, len);
}

/* Whether a phase can happen in a mode (a damaged or crafted state must
 * not, say, put a match into REVEALED without a result). */
static int phase_fits(im_mode mode, unsigned phase)
{
    switch (mode) {
    case IM_MODE_REVEAL:
    case IM_MODE_MATCH:
        return phase == IM_PHASE_ANSWERING || phase == IM_PHASE_HANDOFF ||
               phase == IM_PHASE_REVEALED || phase == IM_PHASE_DONE ||
               phase == IM_PHASE_OPENING;
    case IM_MODE_CONSENT_LADDER:
        return phase == IM_PHASE_LADDER || phase == IM_PHASE_DONE;
    case IM_MODE_TURNS:
        return phase == IM_PHASE_SPEAKING || phase == IM_PHASE_REFLECTING ||
               phase == IM_PHASE_TOGETHER || phase == IM_PHASE_DONE;
    default: return 0;
    }
}

static size_t read_step(im_rbuf *r, const im_exercise *ex)
{
    size_t at = r->pos;
    if (im_rbuf_u32(r) == 0xFFFFFFFFu)
        return ex->n_steps;
    r->pos = at;
    char id[IM_CONTENT_ID_MAX + 32];
    im_rbuf_id(r, id, sizeof id);
    return r->err ? ex->n_steps : im_exercise_step_index(ex, id);
}

static im_rc read_result(im_rbuf *r, im_couple *c)
{
    uint32_t n = im_rbuf_u32(r);
    if (r->err || n > c->ex->n_steps)
        return IM_ERR_DAMAGED;
    c->result = calloc(n ? n : 1, sizeof *c->result);
    c->result_yes = calloc(n ? n : 1, 1);
    if (!c->result || !c->result_yes)
        return IM_ERR_NOMEM;
    for (uint32_t i = 0; i < n && !r->err; i++) {
        size_t s = read_step(r, c->ex);
        unsigned yes = im_rbuf_u8(r);
        /* Drop steps since removed, and a mutual "maybe" kept by a state
         * saved by older builds: only a mutual yes is shown now. */
        if (s < c->ex->n_steps && yes == 1) {
            /* Insert in step order: the content may have been reordered
             * since the result was saved (steps are matched by id). */
            size_t k = c->n_result;
            while (k > 0 && c->result[k - 1] > s) {
                c->result[k] = c->result[k - 1];
                c->result_yes[k] = c->result_yes[k - 1];
                k--;
            }
            if (k > 0 && c->result[k - 1] == s)
                return IM_ERR_DAMAGED; /* the same step twice */
            c->result[k] = s;
            c->result_yes[k] = (unsigned char)yes;
            c->n_result++;
        }
    }
    return r->err ? IM_ERR_DAMAGED : IM_OK;
}

/* Check the loaded fields against each other; a state that could not have
 * been produced is refused rather than half-trusted. */
static int couple_consistent(const im_couple *c, unsigned partner1)
{
    const im_exercise *ex = c->ex;
    if (partner1 > 2 || c->paused > 1 || c->first_speaker > 1 ||
        c->spoken > 1 || c->confirmed[0] > 1 || c->confirmed[1] > 1 ||
        c->open > im_ladder_rungs(ex) || c->speak_start_ms < 0 ||
        c->speak_used_ms < 0)
        return 0;
    if ((c->phase == IM_PHASE_ANSWERING || c->phase == IM_PHASE_SPEAKING ||
         c->phase == IM_PHASE_REFLECTING) &&
        (partner1 == 0 || c->index >= ex->n_steps))
        return 0;
    if (c->n_result && ex->mode != IM_MODE_MATCH)
        return 0;
    /* a lock only before the reveal; the opening only with one closed */
    int locked = c->lock[0].kind || c->lock[1].kind;
    if (locked && c->phase != IM_PHASE_ANSWERING &&
        c->phase != IM_PHASE_HANDOFF && c->phase != IM_PHASE_OPENING)
        return 0;
    if (c->phase == IM_PHASE_OPENING && (!locked || partner1 != 0))
        return 0;
    /* engine_couple_places.c invariant 2: a seal is its partner's place's */
    for (int p = 0; p < 2; p++)
        if (c->lock[p].person &&
            !im_couple_place_fits(c, p, c->lock[p].person - 1))
            return 0;
    return 1;
}

im_rc im_couple_load(const im_library *lib, const unsigned char *data,
                     size_t len, const im_clock *clock, const im_rng *rng,
                     im_couple **out)
{
    *out = NULL;
    if (!data || len > IM_RUN_STATE_MAX)
        return IM_ERR_INVALID;
    im_rbuf r;
    im_rbuf_open(&r, data, len);
    char exid[IM_CONTENT_ID_MAX + 32];
    uint32_t magic = im_rbuf_u32(&r);
    if (magic != IM_COUPLE_MAGIC && magic != IM_COUPLE_MAGIC_V1)
        return IM_ERR_DAMAGED;
    im_rbuf_id(&r, exid, sizeof exid);
    unsigned phase = im_rbuf_u8(&r);
    unsigned paused = im_rbuf_u8(&r);
    if (r.err)
        return IM_ERR_DAMAGED;
    const im_exercise *ex = im_library_find_exercise(lib, exid);
    if (!ex)
        return IM_ERR_NOT_FOUND;
    if (!phase_fits(ex->mode, phase))
        return IM_ERR_DAMAGED;
    char *a = im_rbuf_text(&r, IM_PARTNER_NAME_MAX, NULL);
    char *b = im_rbuf_text(&r, IM_PARTNER_NAME_MAX, NULL);
    im_couple *c = NULL;
    im_rc rc = (!a || !b || !*a || !*b)
                   ? IM_ERR_DAMAGED
                   : im_couple_start(ex, a, b, clock, rng, &c);
    im_str_wipe_free(a);
    im_str_wipe_free(b);
    if (rc != IM_OK)
        return rc;
    c->phase = (im_couple_phase)phase;
    c->paused = (int)paused;
    unsigned partner1 = im_rbuf_u8(&r);
    c->partner = (int)partner1 - 1;
    c->index = read_step(&r, ex);
    if (magic == IM_COUPLE_MAGIC) {
        rc = im_couple_sheet_read(&r, c, 0);
        if (rc == IM_OK)
            rc = im_couple_sheet_read(&r, c, 1);
    } else {
        rc = im_sheet_load(&r, ex, &c->sheet[0]);
        if (rc == IM_OK)
            rc = im_sheet_load(&r, ex, &c->sheet[1]);
    }
    free(c->result);
    free(c->result_yes);
    c->result = NULL;
    c->result_yes = NULL;
    if (rc == IM_OK)
        rc = read_result(&r, c);
    c->open = im_rbuf_u32(&r);
    c->confirmed[0] = (int)im_rbuf_u8(&r);
    c->confirmed[1] = (int)im_rbuf_u8(&r);
    c->first_speaker = (int)im_rbuf_u8(&r);
    c->spoken = (int)im_rbuf_u8(&r);
    c->speak_start_ms = im_rbuf_i64(&r);
    c->speak_used_ms = im_rbuf_i64(&r);
    if (magic == IM_COUPLE_MAGIC)
        im_rbuf_raw(&r, c->session, sizeof c->session);
    if (rc == IM_OK && magic == IM_COUPLE_MAGIC && !r.err && r.pos < r.len) {
        unsigned keep = im_rbuf_u8(&r);
        if (keep > 3)
            rc = IM_ERR_DAMAGED;
        c->keep[0] = (int)(keep & 1);
        c->keep[1] = (int)(keep >> 1 & 1);
        if (rc == IM_OK && !r.err && r.pos < r.len) {
            unsigned places = im_rbuf_u8(&r);
            if (places < 1 || places > 2)
                rc = IM_ERR_DAMAGED;
            c->places = (int)places;
        }
    }
    if (rc == IM_OK && magic == IM_COUPLE_MAGIC && r.pos != r.len)
        rc = IM_ERR_DAMAGED; /* nothing after keep and places */
    if (rc == IM_OK && (r.err || !couple_consistent(c, partner1)))
        rc = IM_ERR_DAMAGED;
    if (rc != IM_OK) {
        im_couple_free(c);
        return rc;
    }
    *out = c;
    return IM_OK;
}

/* ---- Vault --------------------------------------------------------------------- */

/* The connection-map event of a revealed couple: each partner's rating of
 * each dimension (the scale prompts in order), not rated where the reveal
 * shows nothing (either partner skipped it).  0 when nothing is rated: no
 * event then. */
static int couple_map_event(const im_couple *c, im_progress_event *e)
{
    const im_exercise *ex = c->ex;
    int rated = 0, d = 0;
    /* step: the couple record's id, so a leave can tell which maps both
     * kept (engine_partner.c invariant 5); none while it has no record */
    char session[32] = "";
    if (c->record_id > 0)
        snprintf(session, sizeof session, IM_COUPLE_MAP_STEP "%lld",
                 (long long)c->record_id);
    *e = im_progress_event_make(IM_PROGRESS_CONNECTION_MAP, ex->id,
                                session[0] ? session : NULL);
    for (size_t i = 0; i < ex->n_steps && d < IM_CONNECTION_DIMENSIONS; i++) {
        if (ex->steps[i].answer != IM_ANSWER_SCALE)
            continue;
        for (int p = 0; p < 2; p++) {
            const im_answer *a = NULL;
            int v = im_couple_get_answer(c, p, i, &a) == IM_OK && a ? a->scale
                                                                    : -1;
            e->ratings[p][d] = v < 0 ? IM_PROGRESS_NOT_RATED : v;
            rated |= v >= 0;
        }
        d++;
    }
    return rated;
}

im_rc im_couple_changed(im_couple *c)
{
    if (c->wiped)
        return IM_ERR_LOCKED; /* never save the emptied state over the record */
    if (!c->vault)
        return IM_OK;
    unsigned char *data;
    size_t len;
    im_progress_event map;
    size_t n_events = c->map_pending && couple_map_event(c, &map) ? 1 : 0;
    im_rc rc = im_couple_save(c, &data, &len);
    if (rc == IM_OK) {
        rc = im_engine_store(c->vault, IM_KIND_COUPLE, &c->record_id, data, len,
                             &map, n_events);
        im_state_free(data, len);
    }
    if (rc == IM_OK && c->map_pending) {
        c->map_pending = 0;
        c->map_logged = n_events == 1;
    }
    c->unsaved = rc != IM_OK;
    return rc;
}

/*
 * The attached vault is locking: both partners' answers (sealed ones
 * included), the match result and the names must not stay in memory.  A
 * change whose save failed gets one more try while the keys are still
 * there; then all of it is wiped and the session refuses to save from now
 * on (its record keeps the last saved state, seal intact; resume from it
 * after unlock).  A closing vault is forgotten.
 */
static void couple_on_lock(void *ctx, im_vault *v, int closing)
{
    im_couple *c = ctx;
    (void)v;
    if (!closing && c->unsaved && !c->wiped)
        (void)im_couple_changed(c);
    im_sheet_wipe(&c->sheet[0]);
    im_sheet_wipe(&c->sheet[1]);
    im_couple_locks_close(c);
    free(c->result);
    free(c->result_yes);
    c->result = NULL;
    c->result_yes = NULL;
    c->n_result = 0;
    sodium_memzero(c->name, sizeof c->name);
    c->wiped = 1;
    if (closing) {
        c->listening = 0;
        c->vault = NULL;
    }
}

void im_couple_unbind(im_couple *c)
{
    im_engine_unbind(c->vault, &c->listening, couple_on_lock, c);
}

/* Point c at v (and listen to v's lock), leaving any earlier vault. */
static im_rc couple_bind(im_couple *c, im_vault *v, int64_t id)
{
    c->record_id = id;
    return im_engine_bind(&c->vault, &c->listening, v, couple_on_lock, c);
}

im_rc im_couple_attach(im_couple *c, im_vault *v, int64_t *id)
{
    if (!c || !v)
        return IM_ERR_INVALID;
    if (c->wiped)
        return IM_ERR_LOCKED;
    im_rc rc = couple_bind(c, v, id ? *id : 0);
    if (rc == IM_OK)
        rc = im_couple_changed(c);
    if (id)
        *id = c->record_id;
    return rc;
}

im_rc im_couple_resume_from(const im_library *lib, im_vault *v, int64_t id,
                            const im_clock *clock, const im_rng *rng,
                            im_couple **out)
{
    im_buf b = {0};
    *out = NULL;
    im_rc rc = im_record_get(v, IM_KIND_COUPLE, id, &b);
    if (rc != IM_OK)
        return rc;
    rc = im_couple_load(lib, b.data, b.len, clock, rng, out);
    im_buf_free(&b);
    if (rc == IM_OK && (rc = couple_bind(*out, v, id)) != IM_OK) {
        im_couple_free(*out);
        *out = NULL;
    }
    return rc;
}
