/*
 * textedit.h -- the UTF-8 text buffer behind the single-line text field,
 * the password field and the multi-line editor.
 *
 * Pure data: no SDL, no rendering, no globals.  The widget owns one
 * im_textedit, forwards key and text events to it, and draws
 * im_textedit_text() with the preedit (IME composition) shown at the caret.
 * Moving up/down by visual line, and Home/End of a visual line, are the
 * widget's business because only it knows the wrapping: it computes a byte
 * offset and calls im_textedit_set_caret().  Home/End of a logical line
 * (between newlines) are here: IM_MOVE_LINE_START / IM_MOVE_LINE_END.
 *
 * Positions are BYTE offsets into the UTF-8 text.  "Character" below means a
 * user-perceived character, approximated as: one code point plus everything
 * that attaches to it -- combining marks (U+0300 block and the other common
 * mark ranges), variation selectors, emoji skin-tone modifiers, ZWJ
 * sequences (U+200D joins the next code point), tag characters, a pair of
 * regional indicators (one flag), and CR LF.  Caret motion and deletion by
 * character never split a UTF-8 sequence nor such a cluster.
 *
 * Invariants:
 *   1. The text is always valid UTF-8, NUL-terminated, and contains no NUL
 *      and no C0 control other than '\n' and '\t' (multi-line only).
 *   2. caret and anchor are always on character boundaries within
 *      [0, length].  The selection is [min(anchor, caret), max(...)); it is
 *      empty when anchor == caret.
 *   3. Inserting replaces the selection.  Text given to insert or preedit is
 *      made valid first: each invalid UTF-8 byte sequence becomes U+FFFD (a
 *      visible replacement character; reported by IM_TEXT_REPAIRED).
 *      CR LF and CR become '\n'; in single-line mode newlines and tabs become
 *      spaces; NUL and other C0 controls are dropped.
 *   4. With max_chars > 0 the text never holds more than max_chars code
 *      points.  An insert that would exceed it keeps the longest prefix that
 *      fits, never cutting a character (cluster), and reports
 *      IM_TEXT_TRUNCATED; if nothing fits, the buffer (and the selection) is
 *      left unchanged and IM_TEXT_FULL is returned.
 *   5. Memory that ever held text (buffer, preedit, grown-out-of buffers,
 *      bytes freed by deletion) is wiped with a write the compiler cannot
 *      elide before it is released: the field may hold a passphrase.
 *   6. A failed allocation leaves the buffer exactly as it was
 *      (IM_TEXT_NOMEM).
 */
#ifndef IM_INPUT_TEXTEDIT_H
#define IM_INPUT_TEXTEDIT_H

#include <stddef.h>
#include <stdint.h>

#include "innermost/wipe.h" /* im_mem_wipe, im_mem_wipe_free: core's one wipe */

#ifdef __cplusplus
extern "C" {
#endif

/* Results of the editing calls: 0 or a combination of these bits. */
#define IM_TEXT_OK 0
#define IM_TEXT_TRUNCATED 0x01 /* only part of the input fit (max_chars) */
#define IM_TEXT_FULL 0x02      /* nothing fit; buffer unchanged */
#define IM_TEXT_REPAIRED 0x04  /* invalid UTF-8 replaced by U+FFFD */
#define IM_TEXT_NOMEM 0x08     /* out of memory; buffer unchanged */
#define IM_TEXT_UNCHANGED 0x10 /* nothing to do (e.g. backspace at 0) */

typedef enum im_text_move {
    IM_MOVE_LEFT = 1,   /* one character back (or collapse selection) */
    IM_MOVE_RIGHT,      /* one character forward (or collapse) */
    IM_MOVE_WORD_LEFT,  /* to the start of the previous word */
    IM_MOVE_WORD_RIGHT, /* to the end of the next word */
    IM_MOVE_START,      /* start of the text */
    IM_MOVE_END,        /* end of the text */
    IM_MOVE_LINE_START, /* just after the newline before the caret (or 0) */
    IM_MOVE_LINE_END    /* just before the newline at or after the caret (or the end) */
} im_text_move;

/* Where user-perceived characters (grapheme clusters) end, supplied by
 * the caller (the app feeds UAX #29 breaks from utf8proc: input/grapheme.c)
 * so this buffer stays free of Unicode tables.  cluster_end returns the end
 * (> pos, <= len) of the cluster starting at byte pos of s[0..len);
 * attaches says whether cp may belong to the cluster before it (a mark,
 * joiner, spacing mark, Hangul vowel or trailing jamo, regional
 * indicator, ...): a character that does not is a certain boundary.
 * Without it (NULL), the built-in approximation described above is used. */
typedef struct im_text_breaks {
    size_t (*cluster_end)(const char *s, size_t len, size_t pos, void *ctx);
    int (*attaches)(uint32_t cp, void *ctx);
    void *ctx;
} im_text_breaks;

/* Where a buffer keeps its text and preedit: alloc(n) returns n writable
 * bytes or NULL; release(p) frees what alloc returned (the buffer has
 * wiped it by then).  A secret field passes locked memory here. */
typedef struct im_text_alloc {
    void *(*alloc)(size_t n);
    void (*release)(void *p);
} im_text_alloc;

/* Fields are private: use the functions. */
typedef struct im_textedit {
    const im_text_breaks *breaks; /* NULL: the built-in clusters */
    const im_text_alloc *mem;     /* NULL: malloc and free */
    char *buf;                    /* NUL-terminated, `len` bytes of text */
    size_t len, cap;
    size_t caret, anchor;
    size_t nchars;    /* code points in buf (for max_chars) */
    size_t max_chars; /* 0 = unlimited */
    int multiline;
    char *pre; /* preedit, NUL-terminated, may be NULL */
    size_t pre_len, pre_cap;
    size_t pre_cursor; /* byte offset of the IME cursor in pre */
} im_textedit;

/* An empty buffer.  multiline: 1 for the editor, 0 for a field.  max_chars:
 * limit in code points, 0 for none.  Allocates nothing until text arrives. */
void im_textedit_init(im_textedit *te, int multiline, size_t max_chars);

/* Wipe and free everything; te is then an empty buffer again (it may be
 * reused or dropped), still with its allocator. */
void im_textedit_free(im_textedit *te);
/* Keep the text and preedit in memory from a (which must outlive the
 * buffer; NULL: malloc and free) from now on; what is there moves (the old
 * copy wiped).  0, or -1 without memory (nothing changed). */
int im_textedit_set_alloc(im_textedit *te, const im_text_alloc *a);
const im_text_alloc *im_textedit_alloc(const im_textedit *te);
/* Uses b (which must outlive the buffer; NULL: built-in) for character
 * boundaries from now on; the caret and anchor are snapped to them. */
void im_textedit_set_breaks(im_textedit *te, const im_text_breaks *b);

/* Replace the whole text (e.g. loading a draft); the caret goes to the end,
 * no selection, no preedit.  Same results as im_textedit_insert. */
int im_textedit_set_text(im_textedit *te, const char *utf8, size_t len);

/* The text, NUL-terminated and valid UTF-8; "" when empty, never NULL.
 * Valid until the next call that edits. */
const char *im_textedit_text(const im_textedit *te);
size_t im_textedit_length(const im_textedit *te); /* bytes */
size_t im_textedit_chars(const im_textedit *te);  /* code points */

/* Insert at the caret, replacing the selection and ending any preedit (SDL
 * delivers a committed composition as SDL_TEXTINPUT, which lands here).
 * The caret ends after the inserted text.  Returns IM_TEXT_* bits. */
int im_textedit_insert(im_textedit *te, const char *utf8, size_t len);

/* Delete the selection if there is one; otherwise one character (cluster)
 * or one word before / after the caret.  IM_TEXT_UNCHANGED at an edge. */
int im_textedit_delete_back(im_textedit *te);
int im_textedit_delete_forward(im_textedit *te);
int im_textedit_delete_word_back(im_textedit *te);
int im_textedit_delete_word_forward(im_textedit *te);

/* Delete the selection; IM_TEXT_UNCHANGED if it is empty. */
int im_textedit_delete_selection(im_textedit *te);

/* Move the caret.  extend = 1 keeps the anchor (Shift held); extend = 0
 * drops the selection -- and LEFT / RIGHT with a selection just collapse it
 * to its start / end, as every platform does. */
void im_textedit_move(im_textedit *te, im_text_move how, int extend);

/* Put the caret at byte offset `pos` (from the widget's hit-testing or its
 * up/down/Home/End by visual line).  pos is clamped to the text and moved
 * back to the start of the character it falls in.  extend as above. */
void im_textedit_set_caret(im_textedit *te, size_t pos, int extend);

/* Select [anchor, caret) explicitly (e.g. double-click a word); both are
 * snapped as in set_caret. */
void im_textedit_select(im_textedit *te, size_t anchor, size_t caret);
void im_textedit_select_all(im_textedit *te);

/* Select the word at (or just before) byte offset pos (double-tap). */
void im_textedit_select_word(im_textedit *te, size_t pos);

size_t im_textedit_caret(const im_textedit *te);
size_t im_textedit_anchor(const im_textedit *te);
/* Selection bounds as byte offsets, *start <= *end; returns end - start. */
size_t im_textedit_selection(const im_textedit *te, size_t *start, size_t *end);

/* A malloc'd NUL-terminated copy of the selection for the clipboard, its
 * length in *len (may be NULL).  NULL if the selection is empty or memory
 * ran out.  Release it with im_mem_wipe_free (it may be a secret). */
char *im_textedit_copy_selection(const im_textedit *te, size_t *len);

/* Character boundaries and words around a byte offset, for widgets (e.g.
 * drawing, hit-testing, up/down).  next returns len at the end, prev 0 at
 * the start. */
size_t im_textedit_next_char(const im_textedit *te, size_t pos);
size_t im_textedit_prev_char(const im_textedit *te, size_t pos);
size_t im_textedit_next_word(const im_textedit *te, size_t pos);
size_t im_textedit_prev_word(const im_textedit *te, size_t pos);
/* The logical line (between newlines) holding byte offset pos: its first
 * byte and the offset of its newline (or the length).  A single-line
 * buffer is one line.  pos is clamped to the text. */
size_t im_textedit_line_start(const im_textedit *te, size_t pos);
size_t im_textedit_line_end(const im_textedit *te, size_t pos);

/* IME composition (SDL_TEXTEDITING): the uncommitted text shown at the
 * caret, underlined by the widget; it is NOT part of the text.  `cursor_cp`
 * is SDL's edit.start: the IME cursor in code points within the preedit
 * (clamped).  An empty string clears it.  Returns IM_TEXT_REPAIRED /
 * IM_TEXT_NOMEM bits.  The selection stays until the commit replaces it. */
int im_textedit_preedit_set(im_textedit *te, const char *utf8, size_t len, size_t cursor_cp);
/* Insert the preedit as typed text (same as im_textedit_insert of it) and
 * clear it; for IMEs that commit without a TEXTINPUT event. */
int im_textedit_preedit_commit(im_textedit *te);
/* Drop the preedit (Escape, focus lost); wiped. */
void im_textedit_preedit_cancel(im_textedit *te);
/* The preedit ("" when none) and its IME cursor as a byte offset in it. */
const char *im_textedit_preedit(const im_textedit *te);
size_t im_textedit_preedit_cursor(const im_textedit *te);

/* What the widget draws: the text with the preedit spliced in at the caret,
 * written to out (NUL-terminated, truncated to cap - 1 bytes at a code point
 * boundary).  Returns the full length needed (excluding NUL); the preedit
 * spans [caret, caret + preedit length) in it. */
size_t im_textedit_display(const im_textedit *te, char *out, size_t cap);

/* Utilities shared with the widgets: is s[0..len) valid UTF-8?  And the
 * number of code points in valid UTF-8. */
int im_utf8_valid(const char *s, size_t len);
size_t im_utf8_count(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
