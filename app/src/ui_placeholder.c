/* ui.c -- placeholder so innermost_ui is never empty; replaced by the toolkit. */
int im_ui_placeholder_(void);
int im_ui_placeholder_(void) { return 0; }
