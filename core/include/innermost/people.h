/*
 * people.h -- a second (third, ...) private space on the same device.
 *
 * The data folder holds the owner's vault.  Anyone else the owner lets in
 * gets a vault of their own -- the same schema, the same code paths, their
 * own master key, passphrase and recovery code -- in a subfolder with a
 * random name, people/<32 hex digits>/.  Nothing in the owner's vault
 * names them, and nothing in theirs names the owner: a person's journal,
 * runs and progress are simply records of another vault, which no key of
 * the owner opens (and the other way round).
 *
 * Unlocking a person takes one passphrase and says nothing about who it
 * opened or how many there are: im_people_unlock derives one key for all
 * of them (they share one salt and cost, people.c) and tries it on every
 * person's slot; with nobody there it still runs one derivation.  What the
 * files on disk do tell is in docs/people.md.
 *
 * Invariants:
 *   1. A folder under people/ counts as a person only once it holds a whole
 *      vault: creation builds it under a hidden name and renames it into
 *      place, so a kill leaves nothing half made that is reported.
 *   2. A wrong passphrase or code changes nothing on disk (vault.h inv. 3).
 *   3. Nothing here names a person or stores a count.
 */
#ifndef INNERMOST_PEOPLE_H
#define INNERMOST_PEOPLE_H

#include "innermost/error.h"
#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IM_PEOPLE_DIR_NAME "people"
#define IM_PEOPLE_MAX      8 /* spaces besides the owner's */

/* Adds a person beside owner (which must be unlocked: IM_ERR_LOCKED): a new
 * vault under passphrase, its recovery code written to recovery_code (show
 * it once, then wipe it).  kdf: the cost for a first person (NULL: the
 * owner's authenticated one, im_vault_kdf_local); later people take the
 * cost the others share.  IM_ERR_EXISTS if passphrase already opens
 * someone's space here, whatever their group (the two could not be told apart: this tells the
 * one adding no more than "Switch person" with it would), IM_ERR_TOO_LARGE
 * with IM_PEOPLE_MAX people already.  Takes one derivation to check the
 * others and one to make the slot; leaves nothing behind on failure, and a
 * kill leaves nothing that counts as a person (invariant 1). */
IM_MUST_CHECK
im_rc im_people_add(im_vault *owner, const char *passphrase,
                    const im_kdf_params *kdf,
                    char recovery_code[IM_RECOVERY_CODE_SIZE]);

/* The space passphrase opens among the people of data_dir, opened and
 * unlocked into *out; IM_ERR_WRONG_SECRET if it opens none (whether or not
 * anyone is there) or more than one (two spaces that share it after a
 * restore: opening either would hand it to the other; docs/people.md).  One Argon2id derivation whatever the number of people
 * (two or more only if their costs were made to differ: people.c);
 * with nobody there the derivation still runs, at cost_if_none (NULL: the
 * minimum).  IM_ERR_BUSY if that space is open elsewhere. */
IM_MUST_CHECK
im_rc im_people_unlock(const char *data_dir, const char *passphrase,
                       const im_kdf_params *cost_if_none, im_vault **out);

/* The same with a person's recovery code (no derivation: a code is 160
 * random bits).  Afterwards the vault wants a new passphrase, as after an
 * owner's recovery-code unlock (im_vault_recovery_used). */
IM_MUST_CHECK
im_rc im_people_unlock_recovery(const char *data_dir, const char *code,
                                im_vault **out);

/* 1 if v is a person's vault (a folder under people/), 0 if not. */
int im_people_is_person(const im_vault *v);

/* How many people's spaces data_dir holds (folders that hold a vault). */
IM_MUST_CHECK
im_rc im_people_count(const char *data_dir, int *n);

/* Erases person's space for good (its files and its folder) and frees the
 * handle whatever the result.  IM_ERR_INVALID for the owner's vault. */
IM_MUST_CHECK
im_rc im_people_remove(im_vault *person);

#ifdef __cplusplus
}
#endif

#endif
