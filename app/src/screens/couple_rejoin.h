/*
 * couple_rejoin.h -- Together's page for a device owner who left the couple
 * space while another member stayed (couple_link.c, "joining again"): what
 * happened, and the way back, proven by the staying member's own
 * passphrase typed here (core: im_couple_space_rejoin).  Together
 * (together.c) holds the panel and shows it in its list's place; Back from
 * it asks for the owner's passphrase as Together's list does.
 */
#ifndef UI_COUPLE_REJOIN_H
#define UI_COUPLE_REJOIN_H

#include "app/app.h"

/* The panel's actions: clear of Together's own (tg_shared.h, below 500). */
#define UI_REJOIN_ACT_JOIN 500

typedef struct ui_couple_rejoin ui_couple_rejoin;

/* The panel, when the session is the owner's, unlocked, out of a couple
 * space that goes on without them (im_couple_space_rejoin_offered); else
 * NULL (no space: Together starts afresh; a member; an error). */
ui_couple_rejoin *ui_couple_rejoin_new(ui_app *app);
void ui_couple_rejoin_free(ui_couple_rejoin *r);

/* Adds the page to col (Together's body column, emptied). */
void ui_couple_rejoin_show(ui_couple_rejoin *r, ui_app *app, ui_widget *col);
/* The page's widgets are gone (Together's body emptied): the panel holds
 * none of them until the next show.  r NULL: nothing. */
void ui_couple_rejoin_hide(ui_couple_rejoin *r);

/* 1 if a was the panel's (taken). */
int ui_couple_rejoin_action(ui_couple_rejoin *r, ui_app *app, const ui_action *a);

/* The screen's tick and deadline, forwarded (the wrong-try wait). */
void ui_couple_rejoin_tick(ui_couple_rejoin *r, ui_app *app);
int64_t ui_couple_rejoin_deadline(ui_couple_rejoin *r, ui_app *app);

/* The screen's work_done, forwarded: 0 when the work was not the panel's;
 * 1 when it was and the panel stays (its line says why); 2 when the owner
 * is out no more (joined again, or there is no space left to join):
 * Together frees the panel and shows itself, with the words of
 * ui_couple_rejoin_note. */
int ui_couple_rejoin_work_done(ui_couple_rejoin *r, ui_app *app);
const char *ui_couple_rejoin_note(const ui_couple_rejoin *r);

#endif
