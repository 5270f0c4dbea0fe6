/* strings.c -- the English table of strings.h. */
#include "app/strings.h"

static const char *const english[STR_COUNT_] = {
    [STR_NONE_] = "",
#define S(id, en) [id] = en,
#include "strings/shell.def"
#include "strings/player.def"
#include "strings/journal.def"
#include "strings/together.def"
#include "strings/gates.def"
#include "strings/safety.def"
#include "strings/files.def"
#include "strings/people.def"
#include "strings/rejoin.def"
#undef S
};

const char *ui_str(ui_str_id id)
{
    if ((int)id <= 0 || id >= STR_COUNT_ || !english[id]) return "";
    return english[id];
}
