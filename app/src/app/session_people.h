/*
 * session_people.h -- the hooks session.c calls for other people's spaces
 * (session_people.c; the public side is in session.h).  Host-internal.
 */
#ifndef UI_SESSION_PEOPLE_H
#define UI_SESSION_PEOPLE_H

#include "app/session.h"

/* On the worker: runs w's kind if it is one of the people's (UI_WORK_SWITCH,
 * UI_WORK_SWITCH_RECOVER, UI_WORK_ADD_PERSON) and returns 1, else 0. */
int ui_session_people_work(ui_session *s, ui_work *w);
/* Main thread, the work joined: a switch that opened someone's space makes
 * it the session's vault (the owner's handle closed). */
void ui_session_people_finish(ui_session *s, ui_work_kind kind);
/* Main thread, at the end of a lock (keys wiped, journal closed): a
 * person's handle is closed and the owner's opened again, locked.  1 if
 * that happened (the lock screen must be built again, for the owner). */
int ui_session_people_leave(ui_session *s);
/* ui_session_erase in a person's space: only it goes. */
im_rc ui_session_people_erase(ui_session *s);

/* session.c, on the worker after member's unlock: the couple space entered
 * into w->couple when member is one of it (NULL otherwise). */
void ui_session_couple_enter(ui_session *s, im_vault *member, ui_work *w);
/* session.c, on the main thread after an enter: a toast when the couple
 * space's open found what no member wrote (w->couple_found) or the
 * member's own row taken (w->couple_own_row_gone); both then cleared. */
void ui_session_tell_found(ui_session *s, ui_work *w);

/* session.c: the settings read from a newly opened vault. */
void ui_session_load_prefs(ui_session *s);

#endif
