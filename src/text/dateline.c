/*
 * dateline.c - datelines ("SEOUL, South Korea (AP) —") and bylines
 * ("By Kim Tong-Hyung, SEOUL") at the top of news articles.
 */
#include "text/text.h"

#include <string.h>
#include <utf8proc.h>

typedef struct line {
    const char *s;
    size_t end; /* end of the line (exclusive) */
} line;

static unsigned char byte_at(const line *l, size_t p)
{
    return p < l->end ? (unsigned char)l->s[p] : 0;
}

/* Category of the code point at p; *n gets its length (0 at the end). */
static utf8proc_category_t cat_at(const line *l, size_t p, int32_t *cp, size_t *n)
{
    if (p >= l->end) {
        *n = 0;
        *cp = 0;
        return UTF8PROC_CATEGORY_CN;
    }
    *n = evm_utf8_decode(l->s, l->end, p, cp, NULL);
    return utf8proc_category(*cp);
}

/* Length of a dash (—, –, ―, --, -) at p, else 0. */
static size_t dash_at(const line *l, size_t p)
{
    unsigned char b = byte_at(l, p);
    if (b == '-')
        return byte_at(l, p + 1) == '-' ? 2 : 1;
    if (b == 0xE2 && byte_at(l, p + 1) == 0x80) {
        unsigned char c = byte_at(l, p + 2);
        if (c == 0x93 || c == 0x94 || c == 0x95)
            return 3;
    }
    return 0;
}

/* A word at p: letters (any script), marks, and inner . ' ’ - characters.
 * Returns its end (p if there is no word) and counts its upper- and
 * lower-case letters. The word must end at a space, comma, parenthesis,
 * dash or the end of the line. With `caps_only`, returns p as soon as a
 * lower-case letter is seen (*lower is then 1 and *upper what was counted
 * so far): for callers that reject such words whatever their end. */
static size_t word_at(const line *l, size_t p, unsigned *upper, unsigned *lower, int caps_only)
{
    size_t q = p;
    *upper = *lower = 0;
    while (q < l->end) {
        unsigned char b = byte_at(l, q);
        if (q > p && (b == '.' || b == '\'' ||
                      (b == '-' && byte_at(l, q + 1) != '-' && byte_at(l, q + 1) != ' '))) {
            q++;
            continue;
        }
        if (b < 0x80) {
            /* ASCII: only the letters are in the categories below */
            if (b >= 'A' && b <= 'Z') {
                (*upper)++;
            } else if (b >= 'a' && b <= 'z') {
                (*lower)++;
                if (caps_only)
                    return p;
            } else {
                break;
            }
            q++;
            continue;
        }
        int32_t cp;
        size_t n;
        utf8proc_category_t c = cat_at(l, q, &cp, &n);
        if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT) {
            (*upper)++;
        } else if (c == UTF8PROC_CATEGORY_LL) {
            (*lower)++;
            if (caps_only)
                return p;
        } else if (c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_LM ||
                   c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
                   (cp == 0x2019 && q > p))
            ;
        else
            break;
        q += n;
    }
    if (q == p)
        return p;
    unsigned char b = byte_at(l, q);
    if (q < l->end && b != ' ' && b != ',' && b != '(' && b != ')' && b != '\t' && b != '\r' &&
        !dash_at(l, q))
        return p;
    return q;
}

/* One or more upper-case words separated by single spaces ("SEOUL",
 * "ST. LOUIS", "WŁADYWOSTOK"), with at least two capital letters in all.
 * Returns the end, or p. */
static size_t caps_run_at(const line *l, size_t p)
{
    unsigned up, low, total = 0;
    size_t q = word_at(l, p, &up, &low, 1);
    if (q == p || low || !up)
        return p;
    total = up;
    for (;;) {
        if (byte_at(l, q) != ' ')
            break;
        size_t r = word_at(l, q + 1, &up, &low, 1);
        if (r == q + 1 || low || !up)
            break;
        total += up;
        q = r;
    }
    return total >= 2 ? q : p;
}

static const char *const MONTHS[] = {
    "January",   "February", "March",    "April",    "May",  "June", "July", "August",
    "September", "October",  "November", "December", "Jan",  "Feb",  "Mar",  "Apr",
    "Jun",       "Jul",      "Aug",      "Sep",      "Sept", "Oct",  "Nov",  "Dec"};

/* "Sept. 12", "September 12", "Sept 12, 2026" at p: returns the end or p. */
static size_t date_at(const line *l, size_t p)
{
    size_t q = p;
    while (q < l->end && ((byte_at(l, q) >= 'a' && byte_at(l, q) <= 'z') ||
                          (byte_at(l, q) >= 'A' && byte_at(l, q) <= 'Z')))
        q++;
    int month = 0;
    for (size_t i = 0; i < sizeof MONTHS / sizeof MONTHS[0] && !month; i++)
        month = strlen(MONTHS[i]) == q - p && strncmp(MONTHS[i], l->s + p, q - p) == 0;
    if (!month)
        return p;
    if (byte_at(l, q) == '.')
        q++;
    if (byte_at(l, q) != ' ')
        return p;
    q++;
    size_t d = q;
    while (byte_at(l, q) >= '0' && byte_at(l, q) <= '9' && q - d < 3)
        q++;
    if (q == d || q - d > 2)
        return p;
    if (byte_at(l, q) == ',' && byte_at(l, q + 1) == ' ') {
        size_t y = q + 2, r = y;
        while (byte_at(l, r) >= '0' && byte_at(l, r) <= '9')
            r++;
        if (r - y == 4)
            q = r;
    }
    return q;
}

/* Capitalised words ("South Korea", "Calif.", "D.C.", "Republic of
 * Korea"), at most four. Returns the end or p. */
static size_t region_at(const line *l, size_t p)
{
    size_t q = p;
    unsigned words = 0;
    for (;;) {
        size_t w = words ? q + 1 : q;
        if (words && byte_at(l, q) != ' ')
            break;
        if (words && w + 3 < l->end && strncmp(l->s + w, "of ", 3) == 0) {
            size_t r = w + 3;
            unsigned up, low;
            size_t e = word_at(l, r, &up, &low, 0);
            int32_t cp;
            size_t n;
            utf8proc_category_t c = cat_at(l, r, &cp, &n);
            if (e == r || !(c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT))
                break;
            q = e;
            words++;
            continue;
        }
        unsigned up, low;
        size_t e = word_at(l, w, &up, &low, 0);
        int32_t cp;
        size_t n;
        utf8proc_category_t c = cat_at(l, w, &cp, &n);
        if (e == w || !(c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT) || words >= 4)
            break;
        q = e;
        words++;
    }
    return words ? q : p;
}

static size_t skip_spaces(const line *l, size_t p)
{
    while (byte_at(l, p) == ' ' || byte_at(l, p) == '\t')
        p++;
    return p;
}

/* A dateline at the start of the line at p. */
static int parse_dateline(const line *l, size_t p, evm_dateline *d)
{
    size_t q = caps_run_at(l, p);
    if (q == p)
        return 0;
    evm_dateline r;
    memset(&r, 0, sizeof r);
    r.city = (evm_span){p, q};
    r.place = r.city;
    for (int k = 0; k < 3 && byte_at(l, q) == ',' && byte_at(l, q + 1) == ' '; k++) {
        size_t t = q + 2, e = date_at(l, t);
        if (e != t && r.date.end == 0) {
            r.date = (evm_span){t, e};
            q = e;
            continue;
        }
        e = region_at(l, t);
        if (e == t || r.region.end || r.date.end)
            break;
        r.region = (evm_span){t, e};
        r.place.end = e;
        q = e;
    }
    size_t s = skip_spaces(l, q);
    int short_agency = 0;
    if (byte_at(l, s) == '(') {
        size_t a = s + 1, e = a;
        while (e < l->end && e - a < 40 && byte_at(l, e) != ')')
            e++;
        if (byte_at(l, e) == ')' && e > a && byte_at(l, a) >= 'A' && byte_at(l, a) <= 'Z') {
            r.agency = (evm_span){a, e};
            short_agency = e - a <= 12 && !memchr(l->s + a, ' ', e - a);
            q = e + 1;
            s = skip_spaces(l, q);
        }
    }
    size_t dl = dash_at(l, s);
    if (dl)
        q = s + dl;
    else if (!short_agency)
        return 0;
    r.whole = (evm_span){p, q};
    *d = r;
    return 1;
}

/* A byline "By Name[ and Name][, PLACE[, Region]]" filling the whole line
 * [p, l->end). */
static int parse_byline(const line *l, size_t p, evm_dateline *d)
{
    if (p + 3 > l->end || strncmp(l->s + p, "By ", 3) != 0 || l->end - p > 160)
        return 0;
    size_t q = p + 3, name = q;
    size_t comma = 0;
    unsigned words = 0;
    while (q < l->end) {
        q = skip_spaces(l, q);
        if (q >= l->end || byte_at(l, q) == ',')
            break;
        unsigned up, low;
        size_t e = word_at(l, q, &up, &low, 0);
        if (e == q)
            return 0;
        int connector =
            (e - q == 3 && strncmp(l->s + q, "and", 3) == 0) ||
            (e - q == 2 && (strncmp(l->s + q, "de", 2) == 0 || strncmp(l->s + q, "da", 2) == 0)) ||
            (e - q == 3 && strncmp(l->s + q, "van", 3) == 0);
        int32_t cp;
        size_t n;
        utf8proc_category_t c = cat_at(l, q, &cp, &n);
        if (!connector && c != UTF8PROC_CATEGORY_LU && c != UTF8PROC_CATEGORY_LT)
            return 0;
        words++;
        q = e;
    }
    if (!words || words > 8)
        return 0;
    evm_dateline r;
    memset(&r, 0, sizeof r);
    size_t name_end = q;
    while (name_end > name && byte_at(l, name_end - 1) == ' ')
        name_end--;
    r.author = (evm_span){name, name_end};
    if (byte_at(l, q) == ',') {
        comma = q;
        size_t t = skip_spaces(l, comma + 1);
        size_t e = caps_run_at(l, t);
        if (e != t) {
            r.city = (evm_span){t, e};
            r.place = r.city;
            if (byte_at(l, e) == ',' && byte_at(l, e + 1) == ' ') {
                size_t g = region_at(l, e + 2);
                if (g != e + 2) {
                    r.region = (evm_span){e + 2, g};
                    r.place.end = g;
                    e = g;
                }
            }
        } else {
            /* "By Jane Doe, Associated Press": capitalised words only. */
            e = region_at(l, t);
            if (e == t)
                return 0;
        }
        if (skip_spaces(l, e) < l->end)
            return 0;
        q = e;
    }
    r.whole = (evm_span){p, q};
    *d = r;
    return 1;
}

static size_t trim_end(const char *text, size_t start, size_t end)
{
    while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r'))
        end--;
    return end;
}

int evm_line_is_dateline(const char *text, size_t start, size_t end)
{
    line l = {text, trim_end(text, start, end)};
    evm_dateline d;
    if (parse_byline(&l, start, &d))
        return 1;
    if (parse_dateline(&l, start, &d))
        return skip_spaces(&l, d.whole.end) >= l.end;
    return 0;
}

evm_error evm_find_dateline(const char *text, size_t len, evm_dateline *out)
{
    if (!text || !out)
        return EVM_ERR_ARG;
    size_t limit = len < 4096 ? len : 4096;
    size_t p = 0;
    unsigned lines = 0;
    evm_dateline byline;
    int have_byline = 0;
    memset(&byline, 0, sizeof byline);
    while (p < limit && lines < 12) {
        const char *nl = memchr(text + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - text) : len;
        line l = {text, trim_end(text, p, e)};
        size_t s = skip_spaces(&l, p);
        if (s < l.end) {
            lines++;
            evm_dateline d;
            if (parse_dateline(&l, s, &d)) {
                if (have_byline)
                    d.author = byline.author;
                *out = d;
                return EVM_OK;
            }
            if (!have_byline && parse_byline(&l, s, &d)) {
                byline = d;
                have_byline = 1;
            }
        }
        p = e + 1;
    }
    if (have_byline && byline.place.end > byline.place.start) {
        *out = byline;
        return EVM_OK;
    }
    return EVM_ERR_NOT_FOUND;
}
