/*
 * trusted_store.h -- the seam for storage the file's editor cannot roll
 * back (Android Keystore, iOS Keychain), for what a vault key cannot
 * protect: the manifest's write counter (whole-file rollback) and the
 * wrong-try count (written while locked).
 *
 * STATUS: the core side is written and tested with an in-memory store
 * (tests/vault/test_vault_trusted.c).  The platform sides are NOT written
 * or verified here.  The intended mapping, for whoever does them:
 *   - Android: values in EncryptedSharedPreferences keyed by a Keystore
 *     key with setUserAuthenticationRequired(false), backed up never
 *     (android:allowBackup="false" already; also exclude from device
 *     transfer).  JNI calls from the SDL activity into these callbacks.
 *   - iOS: one Keychain item per name, kSecClassGenericPassword,
 *     kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly (not synced, not in
 *     backups restored to another device).
 * Neither survives a factory reset or a rooted / jailbroken device whose
 * owner is the attacker; both beat "copy the data folder back".
 *
 * A desktop has no such place: with no store set, core keeps the counter
 * in the file only, and whole-file rollback is not detected (README).
 *
 * Contract: get returns 0 and *value, or -1 if there is none (or it failed:
 * core treats both as "nothing known"); put returns 0 on success.  Names
 * are short ASCII ("<vault id hex>.generation", "<vault id hex>.tries").
 * Callbacks run on the thread that calls core (the unlock worker, too).
 */
#ifndef INNERMOST_TRUSTED_STORE_H
#define INNERMOST_TRUSTED_STORE_H

#include <stdint.h>

#include "innermost/vault.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct im_trusted_store {
    void *ctx;
    int (*get)(void *ctx, const char *name, uint64_t *value);
    int (*put)(void *ctx, const char *name, uint64_t value);
} im_trusted_store;

/* Use ts (copied; NULL: none) for v from now on.  With a store: every
 * unlock compares the sealed write counter with the one kept there and
 * reports an older file as im_history.rolled_back; the counter is stored
 * at unlock and at lock; the wrong-try count is kept there too and the
 * larger of the two counts is used. */
void im_vault_set_trusted_store(im_vault *v, const im_trusted_store *ts);

#ifdef __cplusplus
}
#endif
#endif
