/* mobile.c -- the snapshot as the phone bridges take it; see mobile.h. */
#include "a11y/mobile.h"

#include <string.h>

#define BULLET "\xE2\x80\xA2" /* U+2022, three bytes */

static uint32_t next_cp(const unsigned char *s, size_t *len);

/* origin + px * scale, rounded to the nearest unit (halves away from 0). */
static int32_t to_screen(int origin, int px, float scale)
{
    float v = (float)origin + (float)px * scale;
    return v >= 0 ? (int32_t)(v + 0.5f) : -(int32_t)(-v + 0.5f);
}

int ui_a11y_mobile_numbers(const ui_a11y_tree *t, int32_t *out, size_t cap)
{
    if (!t || !out || cap < (size_t)t->count * UI_A11Y_MF_COUNT) return 0;
    float s = t->window.to_screen > 0 ? t->window.to_screen : 1.0f;
    for (int i = 0; i < t->count; i++) {
        const ui_a11y_node *n = &t->nodes[i];
        int32_t *f = out + (size_t)i * UI_A11Y_MF_COUNT;
        memset(f, 0, UI_A11Y_MF_COUNT * sizeof *f);
        f[UI_A11Y_MF_ID_LO] = (int32_t)(uint32_t)(n->id & 0xffffffffu);
        f[UI_A11Y_MF_ID_HI] = (int32_t)(uint32_t)(n->id >> 32);
        f[UI_A11Y_MF_ROLE] = (int32_t)n->role;
        f[UI_A11Y_MF_STATES] = (int32_t)n->states;
        f[UI_A11Y_MF_ACTIONS] = (int32_t)n->actions;
        f[UI_A11Y_MF_PARENT] = n->parent;
        int32_t x0 = to_screen(t->window.x, n->bounds.x, s), y0 = to_screen(t->window.y, n->bounds.y, s);
        int32_t x1 = to_screen(t->window.x, n->bounds.x + n->bounds.w, s);
        int32_t y1 = to_screen(t->window.y, n->bounds.y + n->bounds.h, s);
        f[UI_A11Y_MF_X] = x0;
        f[UI_A11Y_MF_Y] = y0;
        f[UI_A11Y_MF_W] = x1 > x0 ? x1 - x0 : 0;
        f[UI_A11Y_MF_H] = y1 > y0 ? y1 - y0 : 0;
        f[UI_A11Y_MF_HAS_VALUE] = n->has_value;
        f[UI_A11Y_MF_VALUE] = n->value;
        f[UI_A11Y_MF_MIN] = n->min;
        f[UI_A11Y_MF_MAX] = n->max;
        f[UI_A11Y_MF_TEXT_CHARS] = n->text_chars;
        f[UI_A11Y_MF_CARET] = n->caret;
        f[UI_A11Y_MF_SEL_START] = n->sel_start;
        f[UI_A11Y_MF_SEL_END] = n->sel_end;
    }
    return t->count;
}

/* One bullet per character, as many as fit in cap with the NUL. */
static const char *bullets(int chars, char *buf, size_t cap)
{
    size_t used = 0;
    for (int k = 0; k < chars && used + sizeof BULLET <= cap; k++, used += sizeof BULLET - 1)
        memcpy(buf + used, BULLET, sizeof BULLET - 1);
    if (cap) buf[used < cap ? used : cap - 1] = 0;
    return cap ? buf : "";
}

const char *ui_a11y_mobile_string(const ui_a11y_tree *t, int i, int which, char *buf, size_t cap)
{
    if (!t || i < 0 || i >= t->count) return "";
    const ui_a11y_node *n = &t->nodes[i];
    switch (which) {
    case UI_A11Y_MS_NAME: return n->name ? n->name : "";
    case UI_A11Y_MS_DESCRIPTION: return n->description ? n->description : "";
    case UI_A11Y_MS_TEXT:
        if (n->states & UI_A11Y_ST_SECRET) return buf ? bullets(n->text_chars, buf, cap) : "";
        return n->text ? n->text : "";
    default: return "";
    }
}

int ui_a11y_mobile_char_rects(const ui_a11y_tree *t, int i, int start, int len, int32_t *out, size_t cap)
{
    if (!t || i < 0 || i >= t->count || start < 0 || len <= 0 || !out) return 0;
    const ui_a11y_node *n = &t->nodes[i];
    /* the text as given: a secret's bullets are one unit each */
    const unsigned char *p = (const unsigned char *)(n->role == UI_A11Y_ROLE_TEXT_FIELD ? (n->text ? n->text : "")
                                                                                        : n->name);
    int secret = n->role == UI_A11Y_ROLE_TEXT_FIELD && !n->text;
    float s = t->window.to_screen > 0 ? t->window.to_screen : 1.0f;
    int written = 0, unit = 0;
    for (int k = 0; written < len && (size_t)(written + 1) * 4 <= cap; k++) {
        int units = 1;
        if (!secret) {
            if (!*p) break;
            size_t bytes;
            units = next_cp(p, &bytes) >= 0x10000 ? 2 : 1;
            p += bytes;
        } else if (k >= n->text_chars) {
            break;
        }
        for (int u = 0; u < units; u++, unit++) {
            if (unit < start || written >= len || (size_t)(written + 1) * 4 > cap) continue;
            int32_t *r = out + (size_t)written++ * 4;
            if (k < n->box_first || k >= n->box_first + n->box_count) {
                r[0] = r[1] = 0;
                r[2] = r[3] = -1;
                continue;
            }
            ui_rect b = n->boxes[k - n->box_first];
            int32_t x0 = to_screen(t->window.x, b.x, s), y0 = to_screen(t->window.y, b.y, s);
            int32_t x1 = to_screen(t->window.x, b.x + b.w, s), y1 = to_screen(t->window.y, b.y + b.h, s);
            r[0] = x0;
            r[1] = y0;
            r[2] = x1 > x0 ? x1 - x0 : 0;
            r[3] = y1 > y0 ? y1 - y0 : 0;
        }
    }
    /* past the text: no box */
    for (; written < len && (size_t)(written + 1) * 4 <= cap; written++) {
        int32_t *r = out + (size_t)written * 4;
        r[0] = r[1] = 0;
        r[2] = r[3] = -1;
    }
    return written;
}

/* Whether node i is node a or inside it. */
static int within(const ui_a11y_tree *t, int i, int a)
{
    for (; i >= 0; i = t->nodes[i].parent)
        if (i == a) return 1;
    return 0;
}

static int holds_point(const ui_a11y_tree *t, const ui_a11y_node *n, int x, int y)
{
    float s = t->window.to_screen > 0 ? t->window.to_screen : 1.0f;
    int32_t x0 = to_screen(t->window.x, n->bounds.x, s), y0 = to_screen(t->window.y, n->bounds.y, s);
    int32_t x1 = to_screen(t->window.x, n->bounds.x + n->bounds.w, s);
    int32_t y1 = to_screen(t->window.y, n->bounds.y + n->bounds.h, s);
    return x >= x0 && x < x1 && y >= y0 && y < y1;
}

int ui_a11y_mobile_hit(const ui_a11y_tree *t, int x, int y)
{
    if (!t || t->count == 0) return -1;
    int modal = -1;
    for (int i = 1; i < t->count; i++)
        if (t->nodes[i].states & UI_A11Y_ST_MODAL) modal = i;
    int hit = modal > 0 ? modal : 0;
    for (int i = 1; i < t->count; i++) {
        const ui_a11y_node *n = &t->nodes[i];
        if (n->role == UI_A11Y_ROLE_NONE || (n->states & UI_A11Y_ST_OFFSCREEN)) continue;
        if (modal > 0 && !within(t, i, modal)) continue;
        if (holds_point(t, n, x, y)) hit = i; /* later in reading order: deeper or on top */
    }
    return hit;
}

/* The code point at s (*len its bytes), or 0xFFFD for a bad sequence. */
static uint32_t next_cp(const unsigned char *s, size_t *len)
{
    uint32_t c = s[0];
    int n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    *len = 1;
    if (n == 0) return 0xFFFD;
    if (n == 1) return c;
    c &= 0x7Fu >> n;
    for (int k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0xFFFD;
        c = c << 6 | (s[k] & 0x3Fu);
    }
    static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0xFFFD;
    *len = (size_t)n;
    return c;
}

size_t ui_a11y_mobile_utf16(const char *s, uint16_t *out, size_t cap)
{
    size_t used = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t len;
        uint32_t c = next_cp(p, &len);
        if (c >= 0x10000) {
            if (used + 2 > cap) break;
            c -= 0x10000;
            out[used++] = (uint16_t)(0xD800 + (c >> 10));
            out[used++] = (uint16_t)(0xDC00 + (c & 0x3FF));
        } else {
            if (used + 1 > cap) break;
            out[used++] = (uint16_t)c;
        }
        p += len;
    }
    return used;
}
