/*
 * timex.h - date expressions in news text, normalised against the article
 * date to ISO 8601 (issue 5).
 *
 * Resolution rules (documented here because news style decides them):
 *  - A bare weekday ("Tuesday", "on Sunday afternoon") is the nearest such
 *    day within a week of the article date: on or before it for
 *    EVM_TENSE_PAST (the default: news reports what happened), on or after it
 *    for EVM_TENSE_FUTURE. "last Tuesday" is strictly before, "next Tuesday"
 *    and "this coming Tuesday" strictly after, whatever the hint.
 *  - A month and day without a year ("September 11") takes the year that puts
 *    it on or before the article date (past) or on or after it (future).
 *  - A month alone ("in July") is in the article year, or the previous year
 *    when past and the month is after the article month (next year when
 *    future and before it). Ambiguous month words ("May", "March", "Jan")
 *    need a cue: a day number, a year, or a preposition/modifier before them.
 *  - "last/this/next week" and "N weeks ago" have precision week: `date` is
 *    the Monday and `iso` the ISO 8601 week ("2023-W36").
 *  - "last/this/next month", "earlier/later this month": precision month.
 *    "last/this/next year", "in 2019" (a year needs a preposition cue):
 *    precision year. "yesterday", "today", "tomorrow", "tonight",
 *    "N days ago": precision day.
 *  - A part of the day after a day expression ("afternoon", "night") is kept
 *    in `part_of_day`; "early/mid/late" before a month or year in `modifier`.
 *  - Relative expressions are skipped when the article date is unknown
 *    (year 0); absolute ones ("Sept. 11, 2023", "2023-09-11") are always found.
 */
#ifndef EVM_TIMEX_H
#define EVM_TIMEX_H

#include "evmap.h"

#include <stddef.h>

/* A calendar date; 0 marks an unknown part (month 0: year only). */
typedef struct evm_date {
    int year;  /* 1..9999, 0 unknown */
    int month; /* 1..12, 0 unknown */
    int day;   /* 1..31, 0 unknown */
} evm_date;

typedef enum evm_date_precision {
    EVM_DATE_PREC_NONE = 0,
    EVM_DATE_PREC_YEAR,
    EVM_DATE_PREC_MONTH,
    EVM_DATE_PREC_WEEK, /* date is the Monday of the ISO week */
    EVM_DATE_PREC_DAY
} evm_date_precision;

/* Returns "day", "month", "year", "week" or "none" (static). */
const char *evm_date_precision_name(evm_date_precision p);

typedef enum evm_tense {
    EVM_TENSE_PAST = 0, /* default */
    EVM_TENSE_FUTURE
} evm_tense;

/* One date expression found in the text. */
typedef struct evm_timex {
    size_t start, end; /* byte offsets of the expression, half-open */
    evm_date date;     /* normalised; parts beyond the precision are 0 */
    evm_date_precision precision;
    char iso[12];         /* "2023-09-11", "2023-09", "2023", "2023-W36" */
    char part_of_day[12]; /* "morning", "afternoon", "evening", "night", ... or "" */
    char modifier[8];     /* "early", "mid", "late" or "" */
    int relative;         /* 1 when resolved against the article date */
} evm_timex;

/* Finds the date expressions in text[start, end) and normalises them against
 * article_date (which may be all 0: relative expressions are then skipped).
 * Writes at most `max` results to out in text order and their number to
 * *count. Errors: EVM_ERR_ARG (NULL text or count, start > end, out NULL
 * with max > 0, article_date given but not a valid calendar date);
 * EVM_ERR_LIMIT when more than `max` expressions were found (out and *count
 * then hold the first `max`). No allocation; thread-safe. */
evm_error evm_timex_find(const char *text, size_t start, size_t end, evm_date article_date,
                         evm_tense tense_hint, evm_timex *out, size_t max, size_t *count);

/* Writes to *out the latest full (year-month-day) absolute date written in
 * text[0, len) ("Sept. 11, 2023", "11 September 2023", "2023-09-11").
 * Used as the article date when none is given. Errors: EVM_ERR_ARG (NULL),
 * EVM_ERR_NOT_FOUND (no full date). */
evm_error evm_timex_latest_full_date(const char *text, size_t len, evm_date *out);

/* Builds the tables the scans share (once per process; the scans also do it
 * themselves): call before threads start scanning. */
void evm_timex_prepare(void);

/* Calendar helpers (proleptic Gregorian). */
int evm_date_valid(evm_date d);                  /* 1 for a full valid y-m-d */
int evm_date_days_in_month(int year, int month); /* 0 for a bad month */
int evm_date_weekday(evm_date d);                /* ISO 1 Monday .. 7 Sunday */
long evm_date_to_days(evm_date d);               /* days since 1970-01-01 */
evm_date evm_date_from_days(long days);
evm_date evm_date_add_days(evm_date d, long n);
/* ISO 8601 week of a full date: writes year and week (1..53). */
void evm_date_iso_week(evm_date d, int *iso_year, int *week);

#endif /* EVM_TIMEX_H */
