/* error.c -- plain sentences for result codes (see innermost/error.h). */
#include "innermost/error.h"

// clang-format off
static const struct {
    const char *name;
    const char *message;
} im_rc_table[IM_ERR_COUNT_] = {
    [IM_OK]               = {"IM_OK", "Done."},
    [IM_ERR_WRONG_SECRET] = {"IM_ERR_WRONG_SECRET",
                             "That passphrase or code did not open your journal."},
    [IM_ERR_DAMAGED]      = {"IM_ERR_DAMAGED",
                             "Part of the saved data is damaged and could not be read."},
    [IM_ERR_UNREADABLE]   = {"IM_ERR_UNREADABLE",
                             "The saved data could not be opened. It may be damaged or from another app."},
    [IM_ERR_DISK_FULL]    = {"IM_ERR_DISK_FULL",
                             "The device is out of space, so nothing was saved. Free some space and try again."},
    [IM_ERR_NOT_FOUND]    = {"IM_ERR_NOT_FOUND", "That could not be found."},
    [IM_ERR_INVALID]      = {"IM_ERR_INVALID",
                             "That input could not be used. Please check it and try again."},
    [IM_ERR_TOO_LARGE]    = {"IM_ERR_TOO_LARGE",
                             "That is longer than Innermost can keep in one piece."},
    [IM_ERR_LOCKED]       = {"IM_ERR_LOCKED", "Innermost is locked. Unlock it first."},
    [IM_ERR_BUSY]         = {"IM_ERR_BUSY",
                             "Innermost is already open in another window."},
    [IM_ERR_NOMEM]        = {"IM_ERR_NOMEM", "The device ran out of memory."},
    [IM_ERR_IO]           = {"IM_ERR_IO",
                             "Saving or reading failed. Your earlier data is unchanged."},
    [IM_ERR_PARSE]        = {"IM_ERR_PARSE", "The file is not in the expected format."},
    [IM_ERR_EXISTS]       = {"IM_ERR_EXISTS", "That already exists."},
    [IM_ERR_WEAK_SECRET]  = {"IM_ERR_WEAK_SECRET",
                             "That passphrase is too easy to guess. Use several "
                             "words, or a long phrase only you would think of."},
    [IM_ERR_SEALED]       = {"IM_ERR_SEALED",
                             "These answers stay private until both of you have answered."},
    [IM_ERR_STATE]        = {"IM_ERR_STATE", "That can't be done right now."},
    [IM_ERR_REPLACED]     = {"IM_ERR_REPLACED",
                             "That passphrase or recovery code was replaced and no longer opens your journal."},
};
// clang-format on

const char *im_rc_message(im_rc rc)
{
    if ((unsigned)rc < IM_ERR_COUNT_ && im_rc_table[rc].message)
        return im_rc_table[rc].message;
    return "Something went wrong.";
}

const char *im_rc_name(im_rc rc)
{
    if ((unsigned)rc < IM_ERR_COUNT_ && im_rc_table[rc].name)
        return im_rc_table[rc].name;
    return "IM_ERR_UNKNOWN";
}
