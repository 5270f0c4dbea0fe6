/* protect.c -- see protect.h. */
#include "platform/protect.h"

#include <stdio.h>

#ifdef IM_HAVE_APPLE_BACKUP_EXCLUSION
#include "im_apple_backup.h"

static int apple_protect(void *ctx, const char *dir)
{
    (void)ctx;
    return im_apple_protect_dir(dir);
}

static int apple_exclude(void *ctx, const char *dir)
{
    (void)ctx;
    return im_apple_exclude_from_backup(dir);
}

static const ui_protect_ops apple_ops = { apple_protect, apple_exclude, NULL };
#endif

const ui_protect_ops *ui_protect_platform_ops(void)
{
#ifdef IM_HAVE_APPLE_BACKUP_EXCLUSION
    return &apple_ops;
#else
    return NULL;
#endif
}

int ui_protect_data_dir(const ui_protect_ops *ops, const char *dir, char *err, size_t errlen)
{
    if (!ops) return 0;
    int bad_class = ops->set_protection_class && ops->set_protection_class(ops->ctx, dir) != 0;
    int bad_backup = ops->exclude_from_backup && ops->exclude_from_backup(ops->ctx, dir) != 0;
    if (!bad_class && !bad_backup) return 0;
    snprintf(err, errlen, "the data folder could not be %s%s%s", bad_backup ? "kept out of backups" : "",
             bad_backup && bad_class ? " or " : "", bad_class ? "given data protection" : "");
    return -1;
}
