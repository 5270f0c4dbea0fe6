/* settings.c -- Settings (being built). */
#include <stdlib.h>

#include "app/strings.h"
#include "screens/areas.h"
#include "screens/start.h"
#include "widgets/basic.h"

ui_screen *ui_settings_screen(ui_app *app)
{
    (void)app;
    ui_widget *col = ui_column_new(16, UI_SPACING_PT);
    if (!col) return NULL;
    ui_widget_add(col, ui_label_new(ui_str(STR_AREA_SOON), UI_TEXT_BODY));
    return ui_area_simple_screen(UI_AREA_SETTINGS, NULL, col);
}
