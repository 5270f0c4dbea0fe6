/*
 * vault_pref_foreach.c -- enumerating the plain preferences (vault.h), which
 * backup needs to carry them.  It lives beside the vault's own files so the
 * vault's modules stay as their author wrote them; it belongs to the vault.
 */
#include "vault_internal.h"

im_rc im_vault_pref_foreach(im_vault *v, im_pref_fn fn, void *ctx)
{
    if (!v || !fn)
        return IM_ERR_INVALID;
    sqlite3_stmt *st;
    im_rc rc = im_store_prepare(v->db, "SELECT key, value FROM pref ORDER BY key",
                                &st);
    if (rc)
        return rc;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        if (key && fn(ctx, key, sqlite3_column_int64(st, 1)) != 0)
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rc = im_store_rc(v->db, s);
    sqlite3_finalize(st);
    return rc;
}
