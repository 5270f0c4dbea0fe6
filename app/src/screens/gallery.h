/* gallery.h -- the toolkit gallery (--gallery): every widget on one
 * screen, no session.  No arguments. */
#ifndef UI_GALLERY_H
#define UI_GALLERY_H

#include "app/app.h"

extern const ui_screen_class ui_gallery_class;

#endif
