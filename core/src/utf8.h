/*
 * utf8.h -- core's sources reach the one UTF-8 decoder here; it is public
 * (innermost/utf8.h) so the app uses the same one.
 */
#ifndef IM_UTF8_H
#define IM_UTF8_H

#include "innermost/utf8.h"

#endif
