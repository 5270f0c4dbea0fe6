/*
 * passphrase_strength.c -- a zxcvbn-style estimate of how many guesses a
 * passphrase takes (passphrase.h).
 *
 * Design notes
 *   - The text is decoded to code points and estimated in chunks of
 *     IM_PP_ANALYSE_MAX (the guesses multiply; a chunk found earlier in the
 *     text only doubles them, so a long text repeating itself stays weak).
 *     Within a chunk every
 *     guessable piece found in it becomes a match [i, j] with a guess count,
 *     kept as log10 so nothing overflows:
 *       dictionary  a substring (lowercased, or with l33t symbols read as
 *                   letters, or reversed) found in the ranked list: rank x
 *                   capitalisation variants x substitution variants (x2 if
 *                   reversed);
 *       repeat      a primitive group repeated: guesses(group) x count;
 *       sequence    3+ code points in one class with a constant step of at
 *                   most 5: a start (4 if obvious, 10 digits, 26 letters)
 *                   x length (x2 going down);
 *       keyboard    3+ neighbouring QWERTY keys: zxcvbn's formula over the
 *                   94 keys, average degree 4.6 and the number of turns;
 *       date        digits read as day, month and year (1, 2 or 4 digits
 *                   each, with or without one repeated separator), or a
 *                   4-digit year 1900-2049: years from IM_PP_REF_YEAR
 *                   (at least 20) x 365 (x4 with separators).
 *     Anything else is brute force at 10 guesses a character.
 *   - The cheapest cover: dynamic programming over (end, number of pieces)
 *     minimising the product, then zxcvbn's total k! x product + 10^4^(k-1),
 *     which charges an attacker for not knowing how the pieces are put
 *     together.
 *   - IM_PP_REF_YEAR is a constant, not today's date, so an estimate never
 *     changes under a test; a few years of drift move a date by a few
 *     percent of its guesses.
 *
 * Invariants
 *   1. Work space is one heap block per call, wiped (it holds pieces of the
 *      passphrase) and freed before returning; nothing global is written.
 *   2. The estimate never exceeds brute force (10 per code point): a match
 *      can only lower it.
 */
#include "innermost/passphrase.h"
#include "innermost/utf8.h"

#include "passphrase_lists.h"

#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define IM_PP_REF_YEAR  2026
#define DICT_MAX_LEN    24 /* longest word in ranked.txt */
#define REPEAT_BASE_MAX 64
#define MATCH_CAP       8192
#define LOG10_INF       1e300

typedef struct pp_match {
    int i, j;  /* first and last code point, inclusive */
    double lg; /* log10 guesses                        */
    im_pp_weakness kind;
} pp_match;

/* One chunk's work space. */
typedef struct pp_work {
    unsigned cp[IM_PP_ANALYSE_MAX];
    int n;
    pp_match m[MATCH_CAP];
    int nm;
} pp_work;

static double log10_sum(double a, double b) /* log10(10^a + 10^b) */
{
    double hi = a > b ? a : b, lo = a > b ? b : a;
    return hi + log10(1.0 + pow(10.0, lo - hi));
}

/* log10 of sum_{i=1..min(a,b)} C(a+b, i): zxcvbn's variation count. */
static double log10_variations(int a, int b)
{
    if (a == 0 || b == 0)
        return log10(2.0);
    int lim = a < b ? a : b, n = a + b;
    double sum = 0, c = 1;
    for (int i = 1; i <= lim; i++) {
        c = c * (n - i + 1) / i;
        sum += c;
    }
    return log10(sum);
}

static void add_match(pp_work *w, int i, int j, double lg, im_pp_weakness k)
{
    if (w->nm < MATCH_CAP)
        w->m[w->nm++] = (pp_match){i, j, lg, k};
}

static int is_lower(unsigned c)
{
    return c >= 'a' && c <= 'z';
}
static int is_upper(unsigned c)
{
    return c >= 'A' && c <= 'Z';
}
static int is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

/* ---- dictionary ---- */

/* The rank of key[0..len) in the ranked list, 0 if it is not there: a
 * binary search in the bucket of words of that length. */
static unsigned dict_rank(const char *key, size_t len)
{
    im_pp_bucket b = im_pp_ranked_bucket(len);
    size_t lo = 0, hi = b.count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(b.words + mid * len, key, len);
        if (c == 0)
            return b.ranks[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* l33t symbol -> letter, two tables for the ambiguous "1" and "|". */
static unsigned unleet(unsigned c, int table)
{
    switch (c) {
    case '4':
    case '@': return 'a';
    case '8': return 'b';
    case '(':
    case '{':
    case '[':
    case '<': return 'c';
    case '3': return 'e';
    case '6':
    case '9': return 'g';
    case '1':
    case '|': return table ? 'l' : 'i';
    case '!': return 'i';
    case '0': return 'o';
    case '$':
    case '5': return 's';
    case '+':
    case '7': return 't';
    case '%': return 'x';
    case '2': return 'z';
    default: return 0;
    }
}

static double upper_variations(const unsigned *cp, int i, int j)
{
    int up = 0, low = 0;
    for (int k = i; k <= j; k++) {
        up += is_upper(cp[k]);
        low += is_lower(cp[k]);
    }
    if (up == 0)
        return 0;
    if (low == 0 || (up == 1 && (is_upper(cp[i]) || is_upper(cp[j]))))
        return log10(2.0);
    return log10_variations(up, low);
}

/* Dictionary matches of [i, j], forward or reversed, plain or l33t. */
static void match_dictionary(pp_work *w)
{
    char key[DICT_MAX_LEN + 1];
    for (int i = 0; i < w->n; i++) {
        for (int j = i + 1; j < w->n && j - i < DICT_MAX_LEN; j++) {
            int len = j - i + 1;
            for (int mode = 0; mode < 4; mode++) {
                /* mode 0: plain, 1: reversed, 2/3: l33t tables */
                int subs = 0, ok = 1;
                for (int k = 0; k < len && ok; k++) {
                    unsigned c = w->cp[mode == 1 ? j - k : i + k];
                    if (is_upper(c))
                        c += 'a' - 'A';
                    if (mode >= 2 && !is_lower(c)) {
                        unsigned l = unleet(c, mode - 2);
                        if (l) {
                            c = l;
                            subs++;
                        }
                    }
                    ok = is_lower(c) || is_digit(c);
                    key[k] = (char)c;
                }
                if (!ok || (mode >= 2 && subs == 0))
                    continue;
                unsigned rank = dict_rank(key, (size_t)len);
                if (!rank)
                    continue;
                double lg = log10((double)rank) + upper_variations(w->cp, i, j);
                if (mode == 1)
                    lg += log10(2.0);
                if (mode >= 2)
                    lg += log10_variations(subs, len - subs);
                add_match(w, i, j, lg, IM_PP_WEAK_COMMON);
            }
        }
    }
}

/* ---- repeats, sequences ---- */

static double estimate_span(const unsigned *cp, int n, im_pp_weakness *weak);

static int is_primitive(const unsigned *g, int b)
{
    for (int p = 1; p < b; p++) {
        if (b % p)
            continue;
        int same = 1;
        for (int k = p; k < b && same; k++)
            same = g[k] == g[k - p];
        if (same)
            return 0;
    }
    return 1;
}

static void match_repeats(pp_work *w)
{
    for (int i = 0; i < w->n; i++) {
        for (int b = 1; b <= REPEAT_BASE_MAX && i + 2 * b <= w->n; b++) {
            if (i >= b && memcmp(&w->cp[i - b], &w->cp[i],
                                 (size_t)b * sizeof w->cp[0]) == 0)
                continue; /* not the start of the run */
            int count = 1;
            while (i + (count + 1) * b <= w->n &&
                   memcmp(&w->cp[i], &w->cp[i + count * b],
                          (size_t)b * sizeof w->cp[0]) == 0)
                count++;
            if (count < 2 || (b == 1 && count < 3) ||
                !is_primitive(&w->cp[i], b))
                continue;
            im_pp_weakness ignored;
            double base = estimate_span(&w->cp[i], b, &ignored);
            if (base >= LOG10_INF)
                continue;
            add_match(w, i, i + count * b - 1, base + log10((double)count),
                      IM_PP_WEAK_REPEAT);
        }
    }
}

static int same_class(unsigned a, unsigned b)
{
    return (is_lower(a) && is_lower(b)) || (is_upper(a) && is_upper(b)) ||
           (is_digit(a) && is_digit(b));
}

static void match_sequences(pp_work *w)
{
    int i = 0;
    while (i + 2 < w->n) {
        int d = (int)w->cp[i + 1] - (int)w->cp[i];
        int j = i + 1;
        if (d != 0 && abs(d) <= 5 && same_class(w->cp[i], w->cp[i + 1])) {
            while (j + 1 < w->n && (int)w->cp[j + 1] - (int)w->cp[j] == d &&
                   same_class(w->cp[j], w->cp[j + 1]))
                j++;
        }
        if (j - i + 1 >= 3) {
            unsigned c = w->cp[i];
            double base = strchr("aAzZ019", (int)c) ? 4 : is_digit(c) ? 10 : 26;
            double lg = log10(base * (j - i + 1) * (d < 0 ? 2 : 1));
            add_match(w, i, j, lg, IM_PP_WEAK_SEQUENCE);
            i = j;
        } else {
            i++;
        }
    }
}

/* ---- keyboard walks (QWERTY) ---- */

static const char *const kb_rows[2][4] = {
    {"`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./"},
    {"~!@#$%^&*()_+", "QWERTYUIOP{}|", "ASDFGHJKL:\"", "ZXCVBNM<>?"},
};
static const double kb_offset[4] = {0.0, 1.5, 1.75, 2.25};

/* Key position of c: row and x; shifted set.  0 if not a key. */
static int kb_pos(unsigned c, int *row, double *x, int *shifted)
{
    if (c < 0x21 || c > 0x7e)
        return 0;
    for (int s = 0; s < 2; s++)
        for (int r = 0; r < 4; r++) {
            const char *p = strchr(kb_rows[s][r], (int)c);
            if (p) {
                *row = r;
                *x = (double)(p - kb_rows[s][r]) + kb_offset[r];
                *shifted = s;
                return 1;
            }
        }
    return 0;
}

/* Direction from a to b (0 if not neighbours): one of six. */
static int kb_step(unsigned a, unsigned b)
{
    int ra, rb, sa, sb;
    double xa, xb;
    if (!kb_pos(a, &ra, &xa, &sa) || !kb_pos(b, &rb, &xb, &sb))
        return 0;
    double dx = xb - xa;
    if (ra == rb && fabs(dx) > 0.9 && fabs(dx) < 1.1)
        return dx > 0 ? 1 : 2;
    if (abs(ra - rb) == 1 && fabs(dx) < 0.8)
        return 3 + (rb > ra) * 2 + (dx > 0);
    return 0;
}

static double log10_choose(int n, int k)
{
    double r = 0;
    for (int i = 1; i <= k; i++)
        r += log10((double)(n - k + i) / i);
    return r;
}

static void match_keyboard(pp_work *w)
{
    const double starts = 94, degree = 4.6;
    int i = 0;
    while (i + 2 < w->n) {
        int j = i, turns = 0, last = 0;
        while (j + 1 < w->n) {
            int s = kb_step(w->cp[j], w->cp[j + 1]);
            if (!s)
                break;
            if (s != last)
                turns++;
            last = s;
            j++;
        }
        int len = j - i + 1;
        if (len >= 3) {
            double sum = LOG10_INF;
            for (int a = 2; a <= len; a++)
                for (int t = 1; t <= turns && t <= a - 1; t++) {
                    double term = log10_choose(a - 1, t - 1) + log10(starts) +
                                  t * log10(degree);
                    sum = sum >= LOG10_INF ? term : log10_sum(sum, term);
                }
            int up = 0;
            for (int k = i; k <= j; k++) {
                int r, sh = 0;
                double x;
                kb_pos(w->cp[k], &r, &x, &sh);
                up += sh;
            }
            if (up)
                sum += log10_variations(up, len - up);
            add_match(w, i, j, sum, IM_PP_WEAK_KEYBOARD);
            i = j;
        } else {
            i++;
        }
    }
}

/* ---- dates ---- */

static int year_of(int v, int digits)
{
    if (digits == 4)
        return v >= 1900 && v <= 2049 ? v : -1;
    if (digits == 2)
        return v > 50 ? 1900 + v : 2000 + v;
    return -1;
}

static double date_guesses(int year, int sep)
{
    int span = abs(year - IM_PP_REF_YEAR);
    if (span < 20)
        span = 20;
    return log10((double)span * 365.0 * (sep ? 4 : 1));
}

/* Whether three numbers (with their digit counts) read as d/m/y in some
 * order with the year first or last; the year, or -1. */
static int dmy(const int v[3], const int nd[3])
{
    for (int yfirst = 0; yfirst < 2; yfirst++) {
        int y = yfirst ? 0 : 2, a = yfirst ? 1 : 0, b = yfirst ? 2 : 1;
        int year = year_of(v[y], nd[y]);
        if (year < 0 || nd[a] > 2 || nd[b] > 2)
            continue;
        if ((v[a] >= 1 && v[a] <= 31 && v[b] >= 1 && v[b] <= 12) ||
            (v[b] >= 1 && v[b] <= 31 && v[a] >= 1 && v[a] <= 12))
            return year;
    }
    return -1;
}

static int digits_value(const unsigned *cp, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++)
        v = v * 10 + (int)(cp[k] - '0');
    return v;
}

static void match_dates(pp_work *w)
{
    for (int i = 0; i < w->n; i++) {
        /* Without separators: 4 to 8 digits split three ways. */
        for (int len = 4; len <= 8 && i + len <= w->n; len++) {
            int all = 1;
            for (int k = 0; k < len; k++)
                all &= is_digit(w->cp[i + k]);
            if (!all)
                break;
            int best = -1;
            for (int l1 = 1; l1 <= 4; l1++)
                for (int l2 = 1; l2 <= 2; l2++) {
                    int l3 = len - l1 - l2;
                    if (l3 < 1 || l3 > 4)
                        continue;
                    int v[3] = {digits_value(&w->cp[i], l1),
                                digits_value(&w->cp[i + l1], l2),
                                digits_value(&w->cp[i + l1 + l2], l3)};
                    int nd[3] = {l1, l2, l3};
                    int y = dmy(v, nd);
                    if (y >= 0 && (best < 0 || abs(y - IM_PP_REF_YEAR) <
                                                   abs(best - IM_PP_REF_YEAR)))
                        best = y;
                }
            if (best >= 0)
                add_match(w, i, i + len - 1, date_guesses(best, 0),
                          IM_PP_WEAK_DATE);
            if (len == 4) {
                int y = year_of(digits_value(&w->cp[i], 4), 4);
                if (y >= 0) {
                    int span = abs(y - IM_PP_REF_YEAR);
                    add_match(w, i, i + 3, log10(span < 20 ? 20 : span),
                              IM_PP_WEAK_DATE);
                }
            }
        }
        /* With one separator twice: d sep m sep y, 1-4 digits each. */
        int v[3], nd[3], k = i, ok = 1;
        unsigned sep = 0;
        for (int part = 0; part < 3 && ok; part++) {
            int start = k;
            while (k < w->n && k - start < 4 && is_digit(w->cp[k]))
                k++;
            nd[part] = k - start;
            ok = nd[part] > 0;
            if (ok)
                v[part] = digits_value(&w->cp[start], nd[part]);
            if (ok && part < 2) {
                unsigned c = k < w->n ? w->cp[k] : 0;
                ok = c && strchr("/\\_.- ", (int)c) && (!sep || c == sep);
                sep = c;
                k++;
            }
        }
        if (ok) {
            int y = dmy(v, nd);
            if (y >= 0)
                add_match(w, i, k - 1, date_guesses(y, 1), IM_PP_WEAK_DATE);
        }
    }
}

/* ---- the cheapest cover ---- */

static double log10_factorial(int k)
{
    double r = 0;
    for (int i = 2; i <= k; i++)
        r += log10((double)i);
    return r;
}

/* Minimum log10 guesses over covers of w->cp[0..n-1]; *weak is the kind of
 * the longest non-brute-force piece in it.  The matches must be in w. */
static double cover(pp_work *w, im_pp_weakness *weak)
{
    int n = w->n;
    size_t cells = (size_t)n * (size_t)(n + 1);
    double *lg = malloc(cells * sizeof *lg);
    int *from = malloc(cells * sizeof *from); /* match index, -1-i: brute */
    if (!lg || !from) {
        free(lg);
        free(from);
        return LOG10_INF;
    }
    for (size_t c = 0; c < cells; c++)
        lg[c] = LOG10_INF;
#define AT(j, k) ((size_t)(j) * (size_t)(n + 1) + (size_t)(k))
    for (int j = 0; j < n; j++) {
        /* brute force over [i, j] and every match ending at j */
        for (int e = -(j + 1); e < w->nm; e++) {
            int i;
            double g;
            if (e < 0) {
                i = -e - 1;
                g = (double)(j - i + 1);
            } else {
                if (w->m[e].j != j)
                    continue;
                i = w->m[e].i;
                g = w->m[e].lg;
            }
            if (!(i == 0 && j == n - 1)) {
                double floor_g = log10(i == j ? 10.0 : 50.0);
                if (g < floor_g)
                    g = floor_g;
            }
            if (i == 0) {
                if (g < lg[AT(j, 1)]) {
                    lg[AT(j, 1)] = g;
                    from[AT(j, 1)] = e;
                }
                continue;
            }
            for (int k = 1; k <= i; k++) {
                double prev = lg[AT(i - 1, k)];
                if (prev >= LOG10_INF)
                    continue;
                if (prev + g < lg[AT(j, k + 1)]) {
                    lg[AT(j, k + 1)] = prev + g;
                    from[AT(j, k + 1)] = e;
                }
            }
        }
    }
    double best = LOG10_INF;
    int best_k = 1;
    for (int k = 1; k <= n; k++) {
        double p = lg[AT(n - 1, k)];
        if (p >= LOG10_INF)
            continue;
        double total = log10_factorial(k) + p;
        if (k > 1)
            total = log10_sum(total, 4.0 * (k - 1));
        if (total < best) {
            best = total;
            best_k = k;
        }
    }
    /* Walk back for the hint: the longest guessable piece. */
    *weak = IM_PP_WEAK_NONE;
    int longest = 0, j = n - 1, k = best_k;
    while (best < LOG10_INF && j >= 0 && k >= 1) {
        int e = from[AT(j, k)], i;
        if (e < 0) {
            i = -e - 1;
        } else {
            i = w->m[e].i;
            if (j - i + 1 > longest) {
                longest = j - i + 1;
                *weak = w->m[e].kind;
            }
        }
        j = i - 1;
        k--;
    }
#undef AT
    sodium_memzero(lg, cells * sizeof *lg);
    sodium_memzero(from, cells * sizeof *from);
    free(lg);
    free(from);
    return best;
}

/* The estimate of n code points (n <= IM_PP_ANALYSE_MAX); LOG10_INF if out
 * of memory.  Used for the whole text and, by repeats, for a group. */
static double estimate_span(const unsigned *cp, int n, im_pp_weakness *weak)
{
    *weak = IM_PP_WEAK_NONE;
    if (n == 0)
        return 0;
    pp_work *w = malloc(sizeof *w);
    if (!w)
        return LOG10_INF;
    memcpy(w->cp, cp, (size_t)n * sizeof cp[0]);
    w->n = n;
    w->nm = 0;
    match_dictionary(w);
    match_repeats(w);
    match_sequences(w);
    match_keyboard(w);
    match_dates(w);
    double r = cover(w, weak);
    sodium_memzero(w, sizeof *w);
    free(w);
    return r;
}

/* Decode UTF-8 into at most max code points; the total count, or -1. */
static long utf8_decode(const unsigned char *s, unsigned *cp, long max)
{
    long count = 0;
    size_t i = 0, n = strlen((const char *)s);
    while (i < n) {
        uint32_t v;
        size_t len = im_utf8_decode((const char *)s + i, n - i, &v, NULL);
        if (len == 0)
            return -1;
        if (count < max)
            cp[count] = v;
        count++;
        i += len;
    }
    return count;
}

im_rc im_pp_strength_estimate(const char *passphrase, im_pp_strength *out)
{
    if (!passphrase || !out)
        return IM_ERR_INVALID;
    size_t bytes = strlen(passphrase);
    unsigned *cp = malloc((bytes + 1) * sizeof *cp);
    if (!cp)
        return IM_ERR_NOMEM;
    long total = utf8_decode((const unsigned char *)passphrase, cp,
                             (long)bytes + 1);
    if (total < 0) {
        sodium_memzero(cp, (bytes + 1) * sizeof *cp);
        free(cp);
        return IM_ERR_INVALID;
    }
    /* Chunks of IM_PP_ANALYSE_MAX code points, each estimated on its own;
     * a chunk that already occurs earlier in the text (a long text
     * repeating itself, at any phase) adds only a doubling.  The first
     * chunk's weakness is the hint. */
    double lg = 0;
    im_pp_weakness weak = IM_PP_WEAK_NONE;
    for (long at = 0; at < total || at == 0; at += IM_PP_ANALYSE_MAX) {
        int n = (int)(total - at < IM_PP_ANALYSE_MAX ? total - at
                                                     : IM_PP_ANALYSE_MAX);
        int seen = 0;
        for (long prev = 0; prev < at && !seen; prev++)
            seen = memcmp(&cp[prev], &cp[at], (size_t)n * sizeof *cp) == 0;
        im_pp_weakness w = IM_PP_WEAK_NONE;
        double part = seen ? log10(2.0) : estimate_span(&cp[at], n, &w);
        if (part >= LOG10_INF) {
            lg = LOG10_INF;
            break;
        }
        if (at == 0)
            weak = w;
        lg += part;
        if (total == 0)
            break;
    }
    sodium_memzero(cp, (bytes + 1) * sizeof *cp);
    free(cp);
    if (lg >= LOG10_INF)
        return IM_ERR_NOMEM;
    out->guesses_log10 = lg;
    out->level = lg < IM_PP_MIN_GUESSES_LOG10      ? IM_PP_TOO_EASY
                 : lg < IM_PP_STRONG_GUESSES_LOG10 ? IM_PP_FAIR
                                                   : IM_PP_STRONG;
    if (weak == IM_PP_WEAK_NONE && out->level == IM_PP_TOO_EASY)
        weak = IM_PP_WEAK_SHORT;
    out->weakness = out->level == IM_PP_STRONG ? IM_PP_WEAK_NONE : weak;
    return IM_OK;
}
