/*
 * couple_space.h -- the couple's one shared space: Together sessions,
 * their revealed history and the connection map's history, sealed under a
 * random couple key that each member's own vault (the owner's, or a
 * person's under people/) can reach after its own unlock, and nobody else.
 * Design notes and invariants: core/src/couple_space.c.
 *
 * On disk: <data folder>/couple/ is a vault folder (innermost.db,
 * innermost.lock) whose records are sealed under the couple key.
 */
#ifndef INNERMOST_COUPLE_SPACE_H
#define INNERMOST_COUPLE_SPACE_H

#include "innermost/engine.h"
#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IM_COUPLE_SPACE_DIR       "couple"
#define IM_COUPLE_MEMBER_ID_BYTES 16
#define IM_COUPLE_MEMBERS_MAX     8

/* 1 if data_dir holds a couple space. */
int im_couple_space_exists(const char *data_dir);

/* Make the couple space of data_dir with member (unlocked) as its first
 * member; *out is the space, open and unlocked.  IM_ERR_EXISTS if there is
 * one already.  A kill leaves either no space or a whole one (and at worst
 * an unused key pair record in member). */
IM_MUST_CHECK
im_rc im_couple_space_create(const char *data_dir, im_vault *member,
                             im_vault **out);

/* Open data_dir's couple space with member's key (member unlocked: its own
 * passphrase, or the owner's for a partner without a profile).
 * IM_ERR_NOT_FOUND if there is no space or member is not one of it (never
 * joined, or left), IM_ERR_BUSY if it is open elsewhere. */
IM_MUST_CHECK
im_rc im_couple_space_open(const char *data_dir, im_vault *member,
                           im_vault **out);

/* im_couple_space_open with what the open found in the space's files that
 * no member wrote (couple_space.c invariants 6 and 9), in *found (may be
 * NULL: then it is said on stderr), bits of:
 *   IM_COUPLE_FOUND_MARK  a 'leaving' mark not sealed under the current
 *                         couple key (planted, a copy of an older one, or
 *                         an older build's clear one): nothing happened
 *                         and it went;
 *   IM_COUPLE_FOUND_ROWS  member rows unlike the sealed list of members
 *                         (one gone, changed, swapped, or no member's):
 *                         put back as the list has them -- or, when it is
 *                         member's own row that is gone or does not open
 *                         as its own, IM_ERR_DAMAGED: member stays one,
 *                         keeps its pair, and is in again once another
 *                         member's open puts the row back.
 * Nobody ever leaves but by their own leave.  With lib (as
 * im_couple_space_enter) a member whose join or leave a kill cut short
 * has its own vault tidied too (invariant 8). */
#define IM_COUPLE_FOUND_MARK 1u
#define IM_COUPLE_FOUND_ROWS 2u
IM_MUST_CHECK
im_rc im_couple_space_open_found(const char *data_dir, im_vault *member,
                                 const im_library *lib, im_vault **out,
                                 unsigned *found);

/* Link member (unlocked: its passphrase was just proven) to the space
 * (unlocked, opened by a member).  IM_ERR_EXISTS if it is one already,
 * IM_ERR_TOO_LARGE past IM_COUPLE_MEMBERS_MAX.  The couple key turns (every
 * record re-sealed), so no list of members from before is current. */
IM_MUST_CHECK
im_rc im_couple_space_join(im_vault *space, im_vault *member);

/* The same for the person of data_dir whose passphrase this is (people.h:
 * the partner proves it here, on the owner's or a member's open space);
 * IM_ERR_WRONG_SECRET if it opens no one's space.  One derivation. */
IM_MUST_CHECK
im_rc im_couple_space_join_person(im_vault *space, const char *data_dir,
                                  const char *passphrase,
                                  const im_kdf_params *cost_if_none);

/* Joining again after a leave (core/src/couple_rejoin.c).
 * *yes 1 if data_dir has a couple space that member (unlocked) is no
 * member of -- it left (im_couple_space_leave_with) while another member
 * stayed -- so im_couple_space_rejoin may take it back in; 0 when there is
 * no space (nothing to join again: Together starts afresh, as at a first
 * visit) or member is in it.  An error (IM_ERR_BUSY: open elsewhere) says
 * nothing either way.  No derivation; writes nothing but what any open
 * does (a leave a kill cut short is finished). */
IM_MUST_CHECK
im_rc im_couple_space_rejoin_offered(const char *data_dir, im_vault *member,
                                     int *yes);

/* member (unlocked), no member of data_dir's couple space, joins it again
 * with the consent of a member who stayed: passphrase is the passphrase of
 * that member's own space (people.h), typed on member's open session, as
 * the link flow has a partner type theirs (im_couple_space_join_person).
 * One derivation (at cost_if_none when it opens nobody's space: people.h).
 *   IM_ERR_WRONG_SECRET  passphrase opens no space here, or the space of a
 *                        person who is no member (member's own passphrase
 *                        is never consent): nothing changes; the caller
 *                        counts it as any wrong try;
 *   IM_ERR_NOT_FOUND     there is no couple space (start afresh:
 *                        im_couple_space_create);
 *   IM_ERR_EXISTS        member is in it already;
 *   IM_ERR_BUSY          it is open elsewhere.
 * member gets a new key pair in its own vault (one transaction), then a
 * wrap of the couple key in the space (one transaction): a kill at any
 * moment leaves member out (a pair without its wrap, dropped at its next
 * im_couple_space_enter) or in, never half.  Nothing comes back: what the
 * leave erased stays erased, and member reads what the space holds now,
 * as the member who stayed does.  On IM_OK *out is the space, opened with
 * member's key as im_couple_space_enter opens it (member's own couple
 * records, if any, moved in); else *out is NULL.  lib: the content
 * library (as for im_couple_space_enter).  Slow. */
IM_MUST_CHECK
im_rc im_couple_space_rejoin(const char *data_dir, im_vault *member,
                             const im_library *lib, const char *passphrase,
                             const im_kdf_params *cost_if_none, im_vault **out);

/* How many members the space has: as its sealed list says when space is
 * unlocked, as its clear rows show without the key. */
IM_MUST_CHECK
im_rc im_couple_space_members(im_vault *space, size_t *n);

/* leaver (unlocked) leaves: a new couple key, every record re-sealed under
 * it and wrapped for those who stay only, the leaver's wrap and key pair
 * destroyed -- so a copy of the leaver's old key opens nothing written
 * after.  IM_ERR_NOT_FOUND if leaver is no member; IM_ERR_STATE for the
 * last member (erase the space instead). */
IM_MUST_CHECK
im_rc im_couple_space_leave(im_vault *space, im_vault *leaver);

/* The place on Together's list (engine.h: person) that is a member's own:
 * the device owner's vault is the first partner (Together's first name is
 * the owner's), a person's vault (people.h) the second. */
#define IM_COUPLE_PLACE_OWNER  0u
#define IM_COUPLE_PLACE_PERSON 1u
unsigned im_couple_space_place_of(const im_vault *member);

/* *ends 1 if member's leave (im_couple_space_leave_with) would end the
 * space: no other member is in it, so whoever else uses Together (a
 * partner without a profile of their own) reaches it only through
 * member's unlock; 0 when another member would keep it.  IM_ERR_NOT_FOUND
 * if member is no member.  No derivation. */
IM_MUST_CHECK
im_rc im_couple_space_leave_ends(im_vault *space, im_vault *member, int *ends);

/* member (unlocked) leaves the couple space of its own accord -- from its
 * Settings, with its own passphrase (one derivation; IM_ERR_WRONG_SECRET:
 * nothing changes):
 *   - another member stays: member's place on the list
 *     (im_couple_space_place_of) loses its partner record, its sheet in
 *     every unfinished session and every revealed session that both did
 *     not keep (im_partner_leave's erase), and a 'leaving' mark naming
 *     member, sealed under the current couple key, goes in with them, in
 *     ONE space transaction (member's own record says first that it is
 *     leaving); then the couple key turns without member's wrap
 *     (im_couple_space_leave) and member's key pair goes.  A kill after
 *     that transaction leaves a mark that the next open finishes, whoever
 *     opens (the leaver is let in no more); a mark no member sealed under
 *     the current key does nothing (im_couple_space_open_found).
 *     *ended = 0.
 *   - member is the last (im_couple_space_leave_ends): the space's files
 *     are erased, as the last member's quit does, and member's pair goes.
 *     *ended = 1.
 * *space is closed and set NULL on IM_OK (the leaver's handle holds the
 * new key; nothing of it stays in memory), and after a failed erase of
 * the last member's space; on any other rc it is as it was.  ended may
 * be NULL. */
IM_MUST_CHECK
im_rc im_couple_space_leave_with(im_vault **space, im_vault *member,
                                 const im_library *lib, const char *passphrase,
                                 int *ended);

/* What proves that partner person (a place on Together's list) leaves, in
 * the session of member (unlocked) on space (couple_space.c invariant 7):
 *   SECRET          person has no profile in the space (or there is no
 *                   space: space == member): their secret for Together, or
 *                   member's passphrase (im_partner_leave_in), as before;
 *   OWN_PASSPHRASE  person's place is member's own and another member
 *                   stays: member's own passphrase only, and member's
 *                   space leaves the couple's (im_couple_space_leave_with);
 *   OWN_SPACE       person is another member, with a space of their own:
 *                   they leave from it; nothing typed here proves them.
 * Together's "person forgot their secret" (im_partner_forget_in) asks the
 * same: OWN_SPACE is refused (forgotten from their own space), SECRET and
 * OWN_PASSPHRASE take the passphrase of member, the vault that opened the
 * space (for OWN_PASSPHRASE: member's own).  No derivation. */
typedef enum im_couple_leave_proof {
    IM_COUPLE_LEAVE_SECRET = 0,
    IM_COUPLE_LEAVE_OWN_PASSPHRASE = 1,
    IM_COUPLE_LEAVE_OWN_SPACE = 2
} im_couple_leave_proof;
IM_MUST_CHECK
im_rc im_couple_space_leave_proof(im_vault *space, im_vault *member,
                                  unsigned person,
                                  im_couple_leave_proof *proof);

/* Together's "person leaves the couple space", in the session of member
 * (unlocked) on *space (NULL: Together runs on member itself), as
 * im_couple_space_leave_proof says: SECRET is im_partner_leave_in;
 * OWN_PASSPHRASE is im_couple_space_leave_with (the 'leaving' mark, the
 * rotation; *space closed and set NULL on IM_OK, *left = 1); OWN_SPACE is
 * IM_ERR_WRONG_SECRET whatever secret is, and nothing changes -- the
 * caller counts it as any wrong try.  left may be NULL.  Slow. */
IM_MUST_CHECK
im_rc im_couple_space_partner_leave(im_vault **space, im_vault *member,
                                    const im_library *lib, unsigned person,
                                    const char *secret, int *left);

/* member (unlocked) is going for good -- its own vault is about to be
 * erased -- and space (open, unlocked) is closed and freed here whatever
 * happens.  With others in the space, member leaves it as in
 * im_couple_space_leave; as its last member, the space's files are erased
 * (im_vault_erase), since no key could ever open them again.  This is what
 * "erase everything" means for the couple's space. */
IM_MUST_CHECK
im_rc im_couple_space_quit(im_vault *space, im_vault *member);

/* After member's own key rotated (im_vault_rekey: a passphrase change, a
 * new recovery code): member gets a new key pair and the couple key is
 * rotated, so the member's old master key opens nothing written after. */
IM_MUST_CHECK
im_rc im_couple_space_rekey(im_vault *space, im_vault *member);

/* What a caller runs at each unlock: data_dir's space opened with member
 * (im_couple_space_open) and member's own couple records moved into it
 * (im_couple_space_migrate: the first open moves them, a later one
 * finishes a move a kill cut short, else finds nothing to do).  A failed
 * move leaves the space open (*out set) and is retried next time; its
 * rc is returned in *move_rc (may be NULL). */
IM_MUST_CHECK
im_rc im_couple_space_enter(const char *data_dir, im_vault *member,
                            const im_library *lib, im_vault **out,
                            im_rc *move_rc);

/* im_couple_space_rekey for member on data_dir's space, opened and closed
 * here: what a caller runs right after member's own rekey.  IM_OK with
 * nothing done when there is no space or member is not in it. */
IM_MUST_CHECK
im_rc im_couple_space_after_rekey(const char *data_dir, im_vault *member);

/* Move from's couple records (IM_KIND_COUPLE, IM_KIND_PARTNER and the
 * connection-map progress events) into the space.  Crash safe and
 * idempotent: call it at every open until it returns IM_OK; a record is
 * readable in at least one of the two at every moment.  A session still
 * sealed with an older per-session lock (bound to from's id) stays in
 * from.  *moved (may be NULL) counts the records moved. */
IM_MUST_CHECK
im_rc im_couple_space_migrate(im_vault *from, im_vault *space,
                              const im_library *lib, size_t *moved);

#ifdef __cplusplus
}
#endif
#endif
