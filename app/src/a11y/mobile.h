/*
 * mobile.h -- what the phone bridges share: the snapshot (tree.h) as flat
 * numbers and strings that cross into Java (a11y/android.c and the
 * provider InnermostAccessibility.java, for TalkBack) or Objective-C
 * (ios/im_a11y_ios.m, for VoiceOver), the text a reader may be given, and
 * the node under a finger (explore by touch).
 *
 * Design.  The platform code on the other side of the language boundary
 * is not built or run here (no Android or iOS SDK on the build machine),
 * so everything it would have to decide is decided in this portable C and
 * tested on Linux against the real app's snapshots (test_a11y_mobile):
 * which node a finger is on, what text a secret field gives, where a node
 * is in the screen's units.  What is left in Java and Objective-C is
 * mapping these numbers to the platform's own calls.
 *
 * The numbers of a node are UI_A11Y_MF_COUNT ints in the order below; the
 * Java provider names the same offsets (F_ID_LO ... in
 * InnermostAccessibility.java), as it names tree.h's roles, states and
 * actions, and test_a11y_mobile reads that file to check every name has
 * the value it has here.
 *
 * Invariants.
 *  1. A secret node's text is one bullet (U+2022) per character, never its
 *     content (tree.h invariant 1 carried across the boundary).
 *  2. Bounds are in the platform's screen units: window position plus
 *     pixels times to_screen (tree.h, ui_a11y_tree.window), rounded to the
 *     nearest unit, width and height never negative.
 */
#ifndef UI_A11Y_MOBILE_H
#define UI_A11Y_MOBILE_H

#include <stddef.h>
#include <stdint.h>

#include "a11y/tree.h"

/* The ints of one node, in this order. */
enum {
    UI_A11Y_MF_ID_LO = 0, /* the id's low and high 32 bits (tree.h invariant 3) */
    UI_A11Y_MF_ID_HI,
    UI_A11Y_MF_ROLE,    /* ui_a11y_role */
    UI_A11Y_MF_STATES,  /* UI_A11Y_ST_* */
    UI_A11Y_MF_ACTIONS, /* UI_A11Y_ACT_* */
    UI_A11Y_MF_PARENT,  /* index, -1 for the window */
    UI_A11Y_MF_X,       /* bounds in screen units (invariant 2) */
    UI_A11Y_MF_Y,
    UI_A11Y_MF_W,
    UI_A11Y_MF_H,
    UI_A11Y_MF_HAS_VALUE, /* sliders: 1, then value, min, max */
    UI_A11Y_MF_VALUE,
    UI_A11Y_MF_MIN,
    UI_A11Y_MF_MAX,
    UI_A11Y_MF_TEXT_CHARS, /* text fields: length in characters */
    UI_A11Y_MF_CARET,
    UI_A11Y_MF_SEL_START,
    UI_A11Y_MF_SEL_END,
    UI_A11Y_MF_COUNT
};

/* The strings of one node, in this order (ui_a11y_mobile_string). */
enum { UI_A11Y_MS_NAME = 0, UI_A11Y_MS_DESCRIPTION, UI_A11Y_MS_TEXT, UI_A11Y_MS_COUNT };

/* Writes t's nodes' numbers into out (t->count * UI_A11Y_MF_COUNT ints);
 * returns how many nodes were written: all of them, or 0 when cap is too
 * small or t is NULL. */
int ui_a11y_mobile_numbers(const ui_a11y_tree *t, int32_t *out, size_t cap);

/* String `which` (UI_A11Y_MS_*) of node i of t: its name, its live
 * description, or the text a reader may be given (invariant 1; "" for a
 * node that is no text field).  The pointer is into t's arena or buf
 * (cap bytes, for a secret's bullets: cut at a whole bullet); "" for an i
 * out of range. */
const char *ui_a11y_mobile_string(const ui_a11y_tree *t, int i, int which, char *buf, size_t cap);

/* The node a finger at (x, y) in screen units is on: the last exposed node
 * (reading order: the deepest, the topmost of overlapping ones) whose
 * bounds hold the point and which is not offscreen; 0 (the window) when
 * none; -1 for a NULL tree.  A modal dialog takes every point (nothing
 * under it is reached). */
int ui_a11y_mobile_hit(const ui_a11y_tree *t, int x, int y);

/* Where node i's characters are, for the phones' per-character geometry
 * (Android's EXTRA_DATA_TEXT_CHARACTER_LOCATION_KEY extra data, iOS's
 * frame of a text range): 4 ints (x, y, w, h, screen units as invariant
 * 2) for each UTF-16 unit [start, start + len) of the text the bridge
 * gives for it (a field's text or bullets, ui_a11y_mobile_string; the
 * name of words to read), each the box of the character the unit is part
 * of (a surrogate pair's two units share it; tree.h invariant 6); a unit
 * whose character has no box (its line not shown) or lies past the text
 * gets w = h = -1.  Writes at most cap / 4 units; returns how many. */
int ui_a11y_mobile_char_rects(const ui_a11y_tree *t, int i, int start, int len, int32_t *out, size_t cap);

/* UTF-8 s as UTF-16 (Java's and NSString's strings: a character outside
 * the BMP, an emoji, is a surrogate pair -- JNI's NewStringUTF takes
 * "modified UTF-8" and would mangle it).  Writes at most cap units, cut
 * before a character that does not fit whole; returns the units written.
 * An invalid byte becomes U+FFFD. */
size_t ui_a11y_mobile_utf16(const char *s, uint16_t *out, size_t cap);

#endif
