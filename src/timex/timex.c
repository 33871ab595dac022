/*
 * timex.c - a small token scanner and pattern matcher for date expressions.
 * The rules are documented in timex.h. Words are looked up in the lexicon
 * (months, weekdays); everything else is matched here.
 */
#include "timex/timex.h"

#include "lexicon/lexicon.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* ---- calendar -------------------------------------------------------- */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int evm_date_days_in_month(int year, int month)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) {
        return 0;
    }
    return month == 2 && is_leap(year) ? 29 : dim[month - 1];
}

int evm_date_valid(evm_date d)
{
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= evm_date_days_in_month(d.year, d.month);
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
long evm_date_to_days(evm_date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

evm_date evm_date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    evm_date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

evm_date evm_date_add_days(evm_date d, long n)
{
    return evm_date_from_days(evm_date_to_days(d) + n);
}

int evm_date_weekday(evm_date d)
{
    long z = evm_date_to_days(d); /* 1970-01-01 was a Thursday (4) */
    long w = (z % 7 + 7 + 3) % 7; /* 0 Monday */
    return (int)w + 1;
}

void evm_date_iso_week(evm_date d, int *iso_year, int *week)
{
    /* The ISO week belongs to the year of its Thursday. */
    evm_date thu = evm_date_add_days(d, 4 - evm_date_weekday(d));
    evm_date jan1 = {thu.year, 1, 1};
    long ord = evm_date_to_days(thu) - evm_date_to_days(jan1);
    if (iso_year) {
        *iso_year = thu.year;
    }
    if (week) {
        *week = (int)(ord / 7 + 1);
    }
}

const char *evm_date_precision_name(evm_date_precision p)
{
    switch (p) {
    case EVM_DATE_PREC_DAY:
        return "day";
    case EVM_DATE_PREC_WEEK:
        return "week";
    case EVM_DATE_PREC_MONTH:
        return "month";
    case EVM_DATE_PREC_YEAR:
        return "year";
    case EVM_DATE_PREC_NONE:
    default:
        return "none";
    }
}

/* ---- tokens ------------------------------------------------------------ */

enum { TK_WORD, TK_NUM, TK_PUNCT };

typedef struct tok {
    size_t start, end; /* end includes a dot of an abbreviation ("Sept.") */
    int kind;
    int ndigits; /* TK_NUM */
    long value;  /* TK_NUM */
    char w[24];  /* TK_WORD: lower case, without dot; TK_PUNCT: the byte */
    int dotted;  /* TK_WORD: an abbreviation whose dot is part of the token */
} tok;

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Each ASCII letter in lower case, 0 for every other byte (is_alpha()
 * and the fold in one load); filled by mw_init(), which scan() runs
 * first. */
static unsigned char alpha_lower[256];

/* Reads the token at or after *pos (skipping white space); 0 at end. */
static int next_tok(const char *s, size_t *pos, size_t end, tok *t)
{
    size_t p = *pos;
    while (p < end && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')) {
        p++;
    }
    if (p >= end) {
        return 0;
    }
    memset(t, 0, sizeof *t);
    t->start = p;
    unsigned char f = alpha_lower[(unsigned char)s[p]];
    if (f) {
        size_t n = 0;
        do {
            if (n + 1 < sizeof t->w) {
                t->w[n++] = (char)f;
            }
            p++;
        } while (p < end && (f = alpha_lower[(unsigned char)s[p]]) != 0);
        t->w[n] = '\0';
        t->kind = TK_WORD;
        /* A listed abbreviation keeps its dot ("Sept.", "Tues."). */
        if (p < end && s[p] == '.' && n + 1 < sizeof t->w) {
            char buf[sizeof t->w];
            memcpy(buf, t->w, n);
            buf[n] = '.';
            if (evm_lex_lookup(buf, n + 1) & EVM_LEX_ABBREV) {
                t->dotted = 1;
                p++;
            }
        }
    } else if (is_digit(s[p])) {
        long v = 0;
        while (p < end && is_digit(s[p])) {
            if (t->ndigits < 9) {
                v = v * 10 + (s[p] - '0');
            }
            t->ndigits++;
            p++;
        }
        t->value = v;
        t->kind = TK_NUM;
        /* Ordinal suffixes belong to the number ("11th"). */
        if (p + 2 <= end) {
            char a = (char)(s[p] | 0x20), b = (char)(s[p + 1] | 0x20);
            if ((a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
                (a == 't' && b == 'h')) {
                if (p + 2 == end || !is_alpha(s[p + 2])) {
                    p += 2;
                }
            }
        }
    } else {
        t->kind = TK_PUNCT;
        t->w[0] = s[p];
        p++;
    }
    t->end = p;
    *pos = p;
    return 1;
}

#define WIN 10

typedef struct ctx {
    evm_date art;
    int have_art;
    evm_tense tense;
    /* result sink */
    evm_timex *out;
    size_t max, n, found;
    evm_date latest;
    int latest_mode;
} ctx;

static int is_w(const tok *t, const char *w)
{
    /* The first two letters first: most comparisons end there. */
    return t->kind == TK_WORD && t->w[0] == w[0] &&
           (w[0] == '\0' || (t->w[1] == w[1] && (w[1] == '\0' || strcmp(t->w + 2, w + 2) == 0)));
}

static int is_p(const tok *t, char c)
{
    return t->kind == TK_PUNCT && t->w[0] == c;
}

/* The first two letters of the lexicon's month (bit 1) and weekday (bit 2)
 * keys, built once per process from its MONTH and WEEKDAY lists: a word
 * token (lower case ASCII letters) of two letters or more whose first two
 * have no bit is neither, and is not looked up. With a key that does not
 * start with two ASCII letters, or a list not found, every word is looked
 * up (mw_all). Bit 4: the first two letters of the other words a pattern
 * of match_at() may start with (starters[]); a word token with none of the
 * three bits starts no pattern. */
static unsigned char mw_prefix[26][26];
/* The same bits by the first three letters of the keys that have three
 * letters or more (a word of three letters or more can only be a key of its
 * length, or one more with a dot: their first three letters are the same),
 * for the words of three letters or more. */
static unsigned char mw_prefix3[26][26][26];
/* Every word match_at() compares its first token with, besides months and
 * weekdays (keep in step with match_at() and parse_count()). */
static const char *const starters[] = {
    "early", "mid",  "late", "yesterday", "today", "tomorrow", "tonight", "earlier", "later",
    "last",  "this", "next", "past",      "a",     "an",       "one",     "two",     "three",
    "four",  "five", "six",  "seven",     "eight", "nine",     "ten"};
static int mw_all;
static pthread_once_t mw_once = PTHREAD_ONCE_INIT;

static int fold_letter(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    return c >= 'a' && c <= 'z' ? c - 'a' : -1;
}

static void mw_init(void)
{
    for (int c = 'a'; c <= 'z'; c++) {
        alpha_lower[c] = (unsigned char)c;
        alpha_lower[c - 'a' + 'A'] = (unsigned char)c;
    }
    for (size_t i = 0; i < sizeof starters / sizeof starters[0]; i++) {
        const char *w = starters[i];
        if (w[1] != '\0') { /* one-letter words always pass mw_maybe() */
            mw_prefix[w[0] - 'a'][w[1] - 'a'] |= 4u;
        }
        if (w[1] != '\0' && w[2] != '\0') {
            mw_prefix3[w[0] - 'a'][w[1] - 'a'][w[2] - 'a'] |= 4u;
        }
    }
    static const char *const names[2] = {"MONTH", "WEEKDAY"};
    for (int b = 0; b < 2; b++) {
        size_t list = EVM_LEX_LIST_COUNT;
        for (size_t i = 0; i < EVM_LEX_LIST_COUNT; i++) {
            const char *name = evm_lex_list_name(i);
            if (name && strcmp(name, names[b]) == 0) {
                list = i;
            }
        }
        if (list == EVM_LEX_LIST_COUNT) {
            mw_all = 1;
            return;
        }
        for (size_t j = 0;; j++) {
            const char *w = evm_lex_list_word(list, j);
            if (!w) {
                break;
            }
            int x = fold_letter(w[0]), y = x >= 0 ? fold_letter(w[1]) : -1;
            if (x < 0 || y < 0) {
                mw_all = 1;
                return;
            }
            mw_prefix[x][y] |= (unsigned char)(1u << b);
            int z = w[2] != '\0' ? fold_letter(w[2]) : -1;
            if (z >= 0) { /* else no word of three letters or more is this key */
                mw_prefix3[x][y][z] |= (unsigned char)(1u << b);
            }
        }
    }
}

void evm_timex_prepare(void)
{
    pthread_once(&mw_once, mw_init);
}

/* False only for a word token that is certainly no month (bit 1) or
 * weekday (bit 2) key, with or without its dot, or starter (bit 4). */
static inline int mw_maybe(const tok *t, unsigned bit)
{
    if (mw_all || t->w[1] == '\0') {
        return 1;
    }
    if (t->w[2] != '\0') {
        return (mw_prefix3[t->w[0] - 'a'][t->w[1] - 'a'][t->w[2] - 'a'] & bit) != 0;
    }
    return (mw_prefix[t->w[0] - 'a'][t->w[1] - 'a'] & bit) != 0;
}

/* Month of a word token, with its dot when it has one. */
static int tok_month(const tok *t, int *abbrev_dotted)
{
    if (t->kind != TK_WORD) {
        return 0;
    }
    if (!mw_maybe(t, 1u)) {
        *abbrev_dotted = 0;
        return 0;
    }
    char buf[28];
    size_t n = strlen(t->w);
    *abbrev_dotted = 0;
    if (t->dotted) {
        memcpy(buf, t->w, n);
        buf[n] = '.';
        int m = evm_lex_month(buf, n + 1);
        *abbrev_dotted = m != 0;
        return m;
    }
    return evm_lex_month(t->w, n);
}

static int tok_weekday(const tok *t, int *abbrev_dotted)
{
    if (t->kind != TK_WORD) {
        return 0;
    }
    if (!mw_maybe(t, 2u)) {
        *abbrev_dotted = 0;
        return 0;
    }
    size_t n = strlen(t->w);
    *abbrev_dotted = 0;
    int d = evm_lex_weekday(t->w, n);
    if (d) {
        return d;
    }
    if (t->dotted) {
        char buf[28];
        memcpy(buf, t->w, n);
        buf[n] = '.';
        d = evm_lex_weekday(buf, n + 1);
        *abbrev_dotted = d != 0;
    }
    return d;
}

/* A month word that is also an ordinary word needs a cue. */
static int month_ambiguous(const tok *t)
{
    return strcmp(t->w, "may") == 0 || strcmp(t->w, "march") == 0 || strcmp(t->w, "august") == 0 ||
           strlen(t->w) <= 4;
}

static int is_cue(const tok *t)
{
    static const char *const cues[] = {
        "in",      "since",   "during", "by",         "until",  "till", "from", "of",
        "before",  "after",   "early",  "late",       "mid",    "last", "next", "this",
        "through", "between", "on",     "throughout", "around", "for",  "to",   "and"};
    for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++) {
        if (is_w(t, cues[i])) {
            return 1;
        }
    }
    return 0;
}

static void emit(ctx *c, size_t start, size_t end, evm_date d, evm_date_precision p, int relative,
                 const char *part, const char *modifier)
{
    if (c->latest_mode) {
        if (!relative && p == EVM_DATE_PREC_DAY &&
            (c->latest.year == 0 || evm_date_to_days(d) > evm_date_to_days(c->latest))) {
            c->latest = d;
        }
        return;
    }
    c->found++;
    if (c->n >= c->max) {
        return;
    }
    evm_timex *x = &c->out[c->n++];
    memset(x, 0, sizeof *x);
    x->start = start;
    x->end = end;
    x->precision = p;
    x->relative = relative;
    x->date = d;
    switch (p) {
    case EVM_DATE_PREC_DAY:
        snprintf(x->iso, sizeof x->iso, "%04d-%02d-%02d", d.year, d.month, d.day);
        break;
    case EVM_DATE_PREC_WEEK: {
        int wy = 0, wk = 0;
        evm_date_iso_week(d, &wy, &wk);
        snprintf(x->iso, sizeof x->iso, "%04d-W%02d", wy, wk);
        break;
    }
    case EVM_DATE_PREC_MONTH:
        x->date.day = 0;
        snprintf(x->iso, sizeof x->iso, "%04d-%02d", d.year, d.month);
        break;
    case EVM_DATE_PREC_YEAR:
    default:
        x->date.month = x->date.day = 0;
        snprintf(x->iso, sizeof x->iso, "%04d", d.year);
        break;
    }
    if (part) {
        snprintf(x->part_of_day, sizeof x->part_of_day, "%s", part);
    }
    if (modifier) {
        snprintf(x->modifier, sizeof x->modifier, "%s", modifier);
    }
}

static const char *part_of_day(const tok *t)
{
    static const char *const parts[] = {"morning", "afternoon", "evening",   "night",
                                        "noon",    "midnight",  "overnight", "dawn"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (is_w(t, parts[i])) {
            return parts[i];
        }
    }
    return NULL;
}

static int year_ok(const tok *t)
{
    return t->kind == TK_NUM && t->ndigits == 4 && t->value >= 1000 && t->value <= 2999;
}

static int day_ok(const tok *t)
{
    return t->kind == TK_NUM && t->ndigits <= 2 && t->value >= 1 && t->value <= 31;
}

/* Weekday wd nearest the article date: dir -1 on or before, +1 on or after,
 * -2 strictly before, +2 strictly after. */
static evm_date weekday_near(evm_date art, int wd, int dir)
{
    int aw = evm_date_weekday(art);
    long back = (aw - wd + 7) % 7, fwd = (wd - aw + 7) % 7;
    if (dir == -2 && back == 0) {
        back = 7;
    }
    if (dir == 2 && fwd == 0) {
        fwd = 7;
    }
    return evm_date_add_days(art, dir < 0 ? -back : fwd);
}

static evm_date add_months(evm_date d, int n)
{
    int m = d.year * 12 + (d.month - 1) + n;
    evm_date r = {m / 12, m % 12 + 1, 1};
    return r;
}

static long parse_count(const tok *t)
{
    static const char *const words[] = {"a",   "one",   "two",   "three", "four", "five",
                                        "six", "seven", "eight", "nine",  "ten"};
    if (t->kind == TK_NUM && t->ndigits <= 3) {
        return t->value;
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (is_w(t, words[i])) {
            return i == 0 ? 1 : (long)i;
        }
    }
    if (is_w(t, "an")) {
        return 1;
    }
    return -1;
}

/* No pattern starts with a punctuation token, nor with a word that is no
 * month, weekday or starter (by its first two or three letters). */
static inline int may_start(const tok *t)
{
    return t->kind != TK_PUNCT && (t->kind != TK_WORD || mw_maybe(t, 7u));
}

/* Tries every pattern at window position 0; returns the number of tokens
 * consumed (0: no match). `prev` is the token before (NULL at the start).
 * Called only when may_start(&w[0]). */
static int match_at(ctx *c, tok *w, int nw, const tok *prev)
{
    int ab = 0;
    evm_date art = c->art;
    int past = c->tense == EVM_TENSE_PAST;

    /* 2023-09-11 */
    if (nw >= 5 && w[0].kind == TK_NUM && w[0].ndigits == 4 && is_p(&w[1], '-') &&
        w[2].kind == TK_NUM && w[2].ndigits == 2 && is_p(&w[3], '-') && w[4].kind == TK_NUM &&
        w[4].ndigits == 2 && w[1].start == w[0].end && w[3].start == w[2].end &&
        w[4].start == w[3].end) {
        evm_date d = {(int)w[0].value, (int)w[2].value, (int)w[4].value};
        if (evm_date_valid(d)) {
            emit(c, w[0].start, w[4].end, d, EVM_DATE_PREC_DAY, 0, NULL, NULL);
            return 5;
        }
    }

    /* early/mid/late + month or year */
    const char *modifier = NULL;
    int k = 0;
    if (is_w(&w[0], "early") || is_w(&w[0], "mid") || is_w(&w[0], "late")) {
        modifier = w[0].w;
        k = (nw > 1 && is_p(&w[1], '-')) ? 2 : 1;
        if (k >= nw) {
            return 0;
        }
    }

    /* Month [day][,] [year] */
    int m = tok_month(&w[k], &ab);
    if (m) {
        int i = k + 1;
        int day = 0, year = 0;
        size_t end = w[k].end;
        if (i < nw && day_ok(&w[i]) && !(w[i].ndigits == 4)) {
            day = (int)w[i].value;
            end = w[i].end;
            i++;
            if (i + 1 < nw && is_p(&w[i], ',') && year_ok(&w[i + 1])) {
                year = (int)w[i + 1].value;
                end = w[i + 1].end;
                i += 2;
            } else if (i < nw && year_ok(&w[i])) {
                year = (int)w[i].value;
                end = w[i].end;
                i++;
            }
        } else if (i < nw && year_ok(&w[i])) {
            year = (int)w[i].value;
            end = w[i].end;
            i++;
        } else if (i + 1 < nw && is_p(&w[i], ',') && year_ok(&w[i + 1])) {
            year = (int)w[i + 1].value;
            end = w[i + 1].end;
            i += 2;
        }
        int cued = day || year || modifier || (prev && is_cue(prev));
        if (!cued && month_ambiguous(&w[k])) {
            return 0;
        }
        /* Undotted short forms ("mar", "jan") only with a day number. */
        if (!ab && strlen(w[k].w) <= 4 && !day && strcmp(w[k].w, "may") != 0 &&
            strcmp(w[k].w, "june") != 0 && strcmp(w[k].w, "july") != 0) {
            return 0;
        }
        if (day) {
            evm_date d = {year, m, day};
            int rel = 0;
            if (!year) {
                if (!c->have_art) {
                    return i;
                }
                rel = 1;
                d.year = art.year;
                if (evm_date_valid(d) || (m == 2 && day == 29)) {
                    long dd = evm_date_to_days(
                        d.day <= evm_date_days_in_month(d.year, m) ? d : (evm_date){d.year, m, 28});
                    long ad = evm_date_to_days(art);
                    if (past && dd > ad) {
                        d.year--;
                    } else if (!past && dd < ad) {
                        d.year++;
                    }
                }
            }
            if (!evm_date_valid(d)) {
                return i;
            }
            const char *part = NULL;
            if (i < nw && (part = part_of_day(&w[i])) != NULL) {
                end = w[i].end;
                i++;
            }
            emit(c, w[0].start, end, d, EVM_DATE_PREC_DAY, rel, part, modifier);
            return i;
        }
        evm_date d = {year, m, 1};
        int rel = 0;
        if (!year) {
            if (!c->have_art) {
                return i;
            }
            rel = 1;
            d.year = art.year;
            if (past && m > art.month) {
                d.year--;
            } else if (!past && m < art.month) {
                d.year++;
            }
        }
        emit(c, w[0].start, end, d, EVM_DATE_PREC_MONTH, rel, NULL, modifier);
        return i;
    }

    /* Day Month [Year]: "11 September 2023", "11th of September" */
    if (day_ok(&w[0]) && nw >= 2) {
        int i = 1;
        if (i < nw && is_w(&w[i], "of")) {
            i++;
        }
        if (i < nw && (m = tok_month(&w[i], &ab)) != 0) {
            evm_date d = {0, m, (int)w[0].value};
            size_t end = w[i].end;
            i++;
            int rel = 0;
            if (i < nw && year_ok(&w[i])) {
                d.year = (int)w[i].value;
                end = w[i].end;
                i++;
            } else {
                if (!c->have_art) {
                    return i;
                }
                rel = 1;
                d.year = art.year;
                evm_date probe = d;
                if (!evm_date_valid(probe)) {
                    probe.day = 28;
                }
                long dd = evm_date_to_days(probe), ad = evm_date_to_days(art);
                if (past && dd > ad) {
                    d.year--;
                } else if (!past && dd < ad) {
                    d.year++;
                }
            }
            if (evm_date_valid(d)) {
                emit(c, w[0].start, end, d, EVM_DATE_PREC_DAY, rel, NULL, NULL);
            }
            return i;
        }
    }

    /* "in 2019", "late 2022" */
    if (year_ok(&w[k]) && (modifier || (prev && is_cue(prev)))) {
        if (!(k + 1 < nw && (is_p(&w[k + 1], '-') || is_p(&w[k + 1], '/')) &&
              w[k + 1].start == w[k].end)) {
            evm_date d = {(int)w[k].value, 0, 0};
            emit(c, w[0].start, w[k].end, d, EVM_DATE_PREC_YEAR, 0, NULL, modifier);
            return k + 1;
        }
    }
    if (modifier) {
        return 0;
    }

    /* Weekday, possibly "Monday, Sept. 11, 2023" (then the full date wins). */
    int wd = tok_weekday(&w[0], &ab);
    if (wd) {
        int i = 1;
        if (i < nw && is_p(&w[i], ',')) {
            i++;
        }
        if (i < nw && tok_month(&w[i], &ab) && i + 1 < nw && day_ok(&w[i + 1])) {
            size_t before = c->n;
            int used = may_start(&w[i]) ? match_at(c, &w[i], nw - i, &w[i - 1]) : 0;
            if (used) {
                if (!c->latest_mode && c->n > before) {
                    c->out[before].start = w[0].start;
                }
                return i + used;
            }
        }
        if (!c->have_art) {
            return 1;
        }
        int dir = past ? -1 : 1;
        if (prev && is_w(prev, "last")) {
            dir = -2;
        } else if (prev && (is_w(prev, "next") || is_w(prev, "coming"))) {
            dir = 2;
        }
        evm_date d = weekday_near(art, wd, dir);
        size_t end = w[0].end;
        i = 1;
        const char *part = NULL;
        if (i < nw && (part = part_of_day(&w[i])) != NULL) {
            end = w[i].end;
            i++;
        }
        size_t start = w[0].start;
        if (prev && (dir == 2 || dir == -2)) {
            start = prev->start; /* "last Tuesday", "next Friday" */
        }
        emit(c, start, end, d, EVM_DATE_PREC_DAY, 1, part, NULL);
        return i;
    }

    if (!c->have_art) {
        return 0;
    }

    /* yesterday / today / tomorrow / tonight [part of day] */
    {
        static const struct {
            const char *w;
            int off;
            const char *part;
        } rel[] = {{"yesterday", -1, NULL},
                   {"today", 0, NULL},
                   {"tomorrow", 1, NULL},
                   {"tonight", 0, "night"}};
        for (size_t r = 0; r < sizeof rel / sizeof rel[0]; r++) {
            if (is_w(&w[0], rel[r].w)) {
                int i = 1;
                size_t end = w[0].end;
                const char *part = rel[r].part;
                if (!part && i < nw && (part = part_of_day(&w[i])) != NULL) {
                    end = w[i].end;
                    i++;
                }
                emit(c, w[0].start, end, evm_date_add_days(art, rel[r].off), EVM_DATE_PREC_DAY, 1,
                     part, NULL);
                return i;
            }
        }
    }

    /* [earlier|later] last/this/next week|month|year|weekend|night */
    {
        int i = 0;
        if (is_w(&w[0], "earlier") || is_w(&w[0], "later")) {
            i = 1;
        }
        if (i + 1 < nw && (is_w(&w[i], "last") || is_w(&w[i], "this") || is_w(&w[i], "next") ||
                           is_w(&w[i], "past"))) {
            int off = is_w(&w[i], "last") || is_w(&w[i], "past") ? -1 : is_w(&w[i], "next") ? 1 : 0;
            const tok *u = &w[i + 1];
            size_t end = u->end;
            if (is_w(u, "week")) {
                evm_date mon = evm_date_add_days(art, 1 - evm_date_weekday(art) + 7 * off);
                emit(c, w[0].start, end, mon, EVM_DATE_PREC_WEEK, 1, NULL, NULL);
                return i + 2;
            }
            if (is_w(u, "month")) {
                evm_date d = add_months((evm_date){art.year, art.month, 1}, off);
                emit(c, w[0].start, end, d, EVM_DATE_PREC_MONTH, 1, NULL, NULL);
                return i + 2;
            }
            if (is_w(u, "year")) {
                evm_date d = {art.year + off, 0, 0};
                emit(c, w[0].start, end, d, EVM_DATE_PREC_YEAR, 1, NULL, NULL);
                return i + 2;
            }
            if (is_w(u, "night") && off == -1) {
                emit(c, w[0].start, end, evm_date_add_days(art, -1), EVM_DATE_PREC_DAY, 1, "night",
                     NULL);
                return i + 2;
            }
            if (is_w(u, "weekend")) {
                /* The Saturday of that weekend. */
                int aw = evm_date_weekday(art);
                evm_date sat;
                if (off == 0) {
                    sat = evm_date_add_days(art, aw >= 6 ? 6 - aw : (past ? 6 - aw - 7 : 6 - aw));
                } else if (off < 0) {
                    sat = evm_date_add_days(art, aw == 7 ? -8 : -(aw + 1));
                    if (aw == 6) {
                        sat = evm_date_add_days(art, -7);
                    }
                } else {
                    sat = evm_date_add_days(art, aw >= 6 ? 13 - aw : 6 - aw);
                }
                emit(c, w[0].start, end, sat, EVM_DATE_PREC_DAY, 1, "weekend", NULL);
                return i + 2;
            }
            if (off == 0 && (u->kind == TK_WORD) && part_of_day(u)) {
                emit(c, w[0].start, end, art, EVM_DATE_PREC_DAY, 1, part_of_day(u), NULL);
                return i + 2;
            }
        }
    }

    /* N days/weeks/months/years ago */
    if (nw >= 3) {
        long n = parse_count(&w[0]);
        if (n >= 0 && w[2].kind == TK_WORD && is_w(&w[2], "ago")) {
            const tok *u = &w[1];
            if (is_w(u, "day") || is_w(u, "days")) {
                emit(c, w[0].start, w[2].end, evm_date_add_days(art, -n), EVM_DATE_PREC_DAY, 1,
                     NULL, NULL);
                return 3;
            }
            if (is_w(u, "week") || is_w(u, "weeks")) {
                evm_date d = evm_date_add_days(art, 1 - evm_date_weekday(art) - 7 * n);
                emit(c, w[0].start, w[2].end, d, EVM_DATE_PREC_WEEK, 1, NULL, NULL);
                return 3;
            }
            if (is_w(u, "month") || is_w(u, "months")) {
                evm_date d = add_months((evm_date){art.year, art.month, 1}, (int)-n);
                emit(c, w[0].start, w[2].end, d, EVM_DATE_PREC_MONTH, 1, NULL, NULL);
                return 3;
            }
            if (is_w(u, "year") || is_w(u, "years")) {
                evm_date d = {art.year - (int)n, 0, 0};
                emit(c, w[0].start, w[2].end, d, EVM_DATE_PREC_YEAR, 1, NULL, NULL);
                return 3;
            }
        }
    }
    return 0;
}

/* Slides a window of WIN tokens over the text: each token is read once (the
 * token after win[k] is the one read from win[k].end, so the window after
 * consuming `used` tokens is the old one shifted, topped up at its end).
 * The token before the window (match_at()'s `prev`) stays in the buffer,
 * right before it. */
static void scan(ctx *c, const char *s, size_t start, size_t end)
{
    pthread_once(&mw_once, mw_init);
    tok buf[4 * WIN];
    size_t first = 0, nw = 0; /* the window is buf[first .. first + nw) */
    size_t pos = start;       /* where the token after the window starts */
    int at_end = 0;
    while (1) {
        if (first + WIN > sizeof buf / sizeof buf[0]) {
            /* first >= 1 here: keep buf[first - 1], the token before. */
            memmove(buf, buf + first - 1, (nw + 1) * sizeof buf[0]);
            first = 1;
        }
        while (nw < WIN && !at_end) {
            if (next_tok(s, &pos, end, &buf[first + nw]))
                nw++;
            else
                at_end = 1;
        }
        if (nw == 0) {
            break;
        }
        tok *win = buf + first;
        int used = may_start(win) ? match_at(c, win, (int)nw, first ? win - 1 : NULL) : 0;
        if (used <= 0) {
            used = 1;
        }
        if ((size_t)used > nw) {
            used = (int)nw; /* patterns never consume more than they see */
        }
        first += (size_t)used;
        nw -= (size_t)used;
    }
}

evm_error evm_timex_find(const char *text, size_t start, size_t end, evm_date article_date,
                         evm_tense tense_hint, evm_timex *out, size_t max, size_t *count)
{
    if (!text || !count || start > end || (!out && max > 0)) {
        return EVM_ERR_ARG;
    }
    ctx c;
    memset(&c, 0, sizeof c);
    if (article_date.year != 0 || article_date.month != 0 || article_date.day != 0) {
        if (!evm_date_valid(article_date)) {
            return EVM_ERR_ARG;
        }
        c.have_art = 1;
    }
    c.art = article_date;
    c.tense = tense_hint;
    c.out = out;
    c.max = max;
    scan(&c, text, start, end);
    *count = c.n;
    return c.found > c.n ? EVM_ERR_LIMIT : EVM_OK;
}

evm_error evm_timex_latest_full_date(const char *text, size_t len, evm_date *out)
{
    if (!text || !out) {
        return EVM_ERR_ARG;
    }
    ctx c;
    memset(&c, 0, sizeof c);
    c.latest_mode = 1;
    scan(&c, text, 0, len);
    if (c.latest.year == 0) {
        return EVM_ERR_NOT_FOUND;
    }
    *out = c.latest;
    return EVM_OK;
}
