/*
 * number.c - numbers written with digits or words, for the claim parser.
 */
#include "text/text.h"

#include <string.h>

typedef enum wkind { W_NONE, W_UNIT, W_TEN, W_HUNDRED, W_SCALE, W_DOZEN, W_AND, W_A, W_HALF } wkind;

typedef struct nword {
    const char *w;
    wkind kind;
    double value;
} nword;

static const nword WORDS[] = {
    {"zero", W_UNIT, 0},
    {"one", W_UNIT, 1},
    {"two", W_UNIT, 2},
    {"three", W_UNIT, 3},
    {"four", W_UNIT, 4},
    {"five", W_UNIT, 5},
    {"six", W_UNIT, 6},
    {"seven", W_UNIT, 7},
    {"eight", W_UNIT, 8},
    {"nine", W_UNIT, 9},
    {"ten", W_UNIT, 10},
    {"eleven", W_UNIT, 11},
    {"twelve", W_UNIT, 12},
    {"thirteen", W_UNIT, 13},
    {"fourteen", W_UNIT, 14},
    {"fifteen", W_UNIT, 15},
    {"sixteen", W_UNIT, 16},
    {"seventeen", W_UNIT, 17},
    {"eighteen", W_UNIT, 18},
    {"nineteen", W_UNIT, 19},
    {"twenty", W_TEN, 20},
    {"thirty", W_TEN, 30},
    {"forty", W_TEN, 40},
    {"fifty", W_TEN, 50},
    {"sixty", W_TEN, 60},
    {"seventy", W_TEN, 70},
    {"eighty", W_TEN, 80},
    {"ninety", W_TEN, 90},
    {"hundred", W_HUNDRED, 100},
    {"thousand", W_SCALE, 1e3},
    {"million", W_SCALE, 1e6},
    {"billion", W_SCALE, 1e9},
    {"trillion", W_SCALE, 1e12},
    {"dozen", W_DOZEN, 12},
    {"and", W_AND, 0},
    {"a", W_A, 0},
    {"an", W_A, 0},
    {"half", W_HALF, 0.5},
};

static int lower_ascii(unsigned char b)
{
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
}

static int is_alpha(unsigned char b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b >= 0x80;
}

/* The number word at s[p..): its entry and its end, or NULL. */
static const nword *word_at(const char *s, size_t len, size_t p, size_t *end)
{
    size_t q = p;
    while (q < len && is_alpha((unsigned char)s[q]))
        q++;
    if (q == p)
        return NULL;
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++) {
        const char *w = WORDS[i].w;
        size_t k = 0;
        while (k < q - p && w[k] && lower_ascii((unsigned char)s[p + k]) == w[k])
            k++;
        if (k == q - p && w[k] == '\0') {
            *end = q;
            return &WORDS[i];
        }
    }
    return NULL;
}

/* Digits with optional thousands groups and one decimal part. */
static size_t digits_at(const char *s, size_t len, size_t p, double *value)
{
    size_t q = p;
    double v = 0;
    while (q < len && s[q] >= '0' && s[q] <= '9')
        v = v * 10 + (s[q++] - '0');
    if (q == p)
        return 0;
    if (q - p <= 3) {
        while (q + 3 < len && s[q] == ',' && s[q + 1] >= '0' && s[q + 1] <= '9' &&
               s[q + 2] >= '0' && s[q + 2] <= '9' && s[q + 3] >= '0' && s[q + 3] <= '9' &&
               !(q + 4 < len && s[q + 4] >= '0' && s[q + 4] <= '9')) {
            v = v * 1000 + (s[q + 1] - '0') * 100 + (s[q + 2] - '0') * 10 + (s[q + 3] - '0');
            q += 4;
        }
    }
    if (q + 1 < len && s[q] == '.' && s[q + 1] >= '0' && s[q + 1] <= '9') {
        double scale = 0.1;
        q++;
        while (q < len && s[q] >= '0' && s[q] <= '9') {
            v += (s[q++] - '0') * scale;
            scale /= 10;
        }
    }
    *value = v;
    return q - p;
}

/* Position after single spaces/tabs (and one hyphen when `hyphen`). */
static size_t gap(const char *s, size_t len, size_t p, int hyphen)
{
    if (hyphen && p < len && s[p] == '-')
        return p + 1;
    size_t q = p;
    while (q < len && (s[q] == ' ' || s[q] == '\t'))
        q++;
    return q;
}

evm_error evm_parse_number(const char *s, size_t len, double *value, size_t *consumed)
{
    if (!s || !value || !consumed)
        return EVM_ERR_ARG;
    double total = 0, current = 0, last_scale = 1e300;
    size_t end = 0, p = 0, e;
    int have = 0;      /* a number has been read */
    int pending_a = 0; /* "a"/"an" or "half a" seen, needs a scale next */
    double half = 1;   /* 0.5 after "half a" */
    int last = W_NONE; /* kind of the previous word */

    size_t nd = digits_at(s, len, 0, &current);
    if (nd) {
        have = 1;
        end = p = nd;
        last = W_UNIT;
        /* "1.5 million", "3 dozen": scale words may follow digits. */
        for (;;) {
            size_t q = gap(s, len, p, 0);
            const nword *w = q > p ? word_at(s, len, q, &e) : NULL;
            if (!w || (w->kind != W_SCALE && w->kind != W_HUNDRED && w->kind != W_DOZEN) ||
                w->value >= last_scale)
                break;
            if (w->kind == W_SCALE) {
                total += current * w->value;
                current = 0;
                last_scale = w->value;
            } else {
                current *= w->value;
            }
            end = p = e;
        }
        *value = total + current;
        *consumed = end;
        return EVM_OK;
    }

    while (p < len) {
        const nword *w = word_at(s, len, p, &e);
        if (!w)
            break;
        int ok = 1;
        switch (w->kind) {
        case W_A:
            ok = !have && !pending_a;
            pending_a = 1;
            break;
        case W_HALF:
            /* only "half a"/"half an" + scale */
            ok = !have && !pending_a;
            if (ok) {
                size_t q = gap(s, len, e, 0);
                const nword *n = q > e ? word_at(s, len, q, &e) : NULL;
                ok = n && n->kind == W_A;
                half = 0.5;
                pending_a = 1;
            }
            break;
        case W_UNIT:
            ok = !pending_a && (last == W_NONE || last == W_HUNDRED || last == W_SCALE ||
                                last == W_AND || (last == W_TEN && w->value < 10 && w->value > 0));
            if (ok)
                current += w->value;
            break;
        case W_TEN:
            ok = !pending_a &&
                 (last == W_NONE || last == W_HUNDRED || last == W_SCALE || last == W_AND);
            if (ok)
                current += w->value;
            break;
        case W_HUNDRED:
            ok = (pending_a || (have && current > 0 && current < 100)) && last != W_AND;
            if (ok)
                current = (pending_a ? 1 : current) * 100 * half;
            pending_a = 0;
            break;
        case W_DOZEN:
            ok = (pending_a || (have && current > 0)) && last != W_AND;
            if (ok)
                current = (pending_a ? 1 : current) * 12 * half;
            pending_a = 0;
            break;
        case W_SCALE:
            ok = (pending_a || (have && (current > 0 || last == W_UNIT))) && last != W_AND &&
                 w->value < last_scale;
            if (ok) {
                total += (pending_a ? 1 : current) * w->value * half;
                current = 0;
                last_scale = w->value;
            }
            pending_a = 0;
            break;
        case W_AND:
            ok = have && (last == W_HUNDRED || last == W_SCALE);
            break;
        default:
            ok = 0;
            break;
        }
        if (!ok)
            break;
        last = (int)w->kind;
        if (w->kind != W_A && w->kind != W_HALF && w->kind != W_AND) {
            have = 1;
            end = e;
        }
        half = w->kind == W_HALF || w->kind == W_A ? half : 1;
        /* "twenty-five": a hyphen only joins a ten to a unit. */
        p = gap(s, len, e, w->kind == W_TEN);
        if (p == e)
            break;
    }
    if (!have)
        return EVM_ERR_NOT_FOUND;
    *value = total + current;
    *consumed = end;
    return EVM_OK;
}
