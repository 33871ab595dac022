/*
 * test_timex.c - date expressions normalised against an article date, the
 * calendar helpers against known dates, the latest full date, and every
 * month and weekday key of the lexicon, and every other word a pattern
 * starts with.
 */
#include "check.h"
#include "lexicon/lexicon.h"
#include "timex/timex.h"

#include <stdio.h>
#include <string.h>

typedef struct tcase {
    const char *text;
    evm_date art;
    evm_tense tense;
    const char *iso;     /* first expression; NULL: none expected */
    const char *surface; /* its exact bytes */
    const char *part;
} tcase;

static const tcase cases[] = {
    /* 2023-09-12 was a Tuesday. */
    {"Kim arrived on Tuesday.", {2023, 9, 12}, EVM_TENSE_PAST, "2023-09-12", "Tuesday", ""},
    {"He left Sunday afternoon by train.",
     {2023, 9, 12},
     EVM_TENSE_PAST,
     "2023-09-10",
     "Sunday afternoon",
     "afternoon"},
    {"They will meet on Thursday.", {2023, 9, 12}, EVM_TENSE_FUTURE, "2023-09-14", "Thursday", ""},
    {"The talks ended Thursday.", {2023, 9, 12}, EVM_TENSE_PAST, "2023-09-07", "Thursday", ""},
    {"He spoke last Tuesday.", {2023, 9, 12}, EVM_TENSE_PAST, "2023-09-05", "last Tuesday", ""},
    {"Talks resume next Tuesday.", {2023, 9, 12}, EVM_TENSE_PAST, "2023-09-19", "next Tuesday", ""},
    {"It began on Monday, Sept. 11, 2023, in the east.",
     {2023, 9, 12},
     EVM_TENSE_PAST,
     "2023-09-11",
     "Monday, Sept. 11, 2023",
     ""},
    {"Sept. 11, 2023", {0, 0, 0}, EVM_TENSE_PAST, "2023-09-11", "Sept. 11, 2023", ""},
    {"The meeting (September 11) was brief.",
     {2023, 9, 12},
     EVM_TENSE_PAST,
     "2023-09-11",
     "September 11",
     ""},
    {"on 11 September 2023 in Moscow",
     {0, 0, 0},
     EVM_TENSE_PAST,
     "2023-09-11",
     "11 September 2023",
     ""},
    {"dated 2023-09-11.", {0, 0, 0}, EVM_TENSE_PAST, "2023-09-11", "2023-09-11", ""},
    {"It happened in July.", {2023, 9, 12}, EVM_TENSE_PAST, "2023-07", "July", ""},
    {"It happened in November.", {2023, 9, 12}, EVM_TENSE_PAST, "2022-11", "November", ""},
    {"A summit is planned in November.",
     {2023, 9, 12},
     EVM_TENSE_FUTURE,
     "2023-11",
     "November",
     ""},
    {"He visited in 2019.", {2023, 9, 12}, EVM_TENSE_PAST, "2019", "2019", ""},
    {"She said so yesterday.", {2023, 9, 12}, EVM_TENSE_PAST, "2023-09-11", "yesterday", ""},
    {"He is there today.", {2023, 9, 12}, EVM_TENSE_PAST, "2023-09-12", "today", ""},
    {"He goes tomorrow morning.",
     {2023, 9, 12},
     EVM_TENSE_FUTURE,
     "2023-09-13",
     "tomorrow morning",
     "morning"},
    {"The envoy came last week.", {2023, 9, 12}, EVM_TENSE_PAST, "2023-W36", "last week", ""},
    {"They meet next week.", {2023, 9, 12}, EVM_TENSE_FUTURE, "2023-W38", "next week", ""},
    {"as reported last month", {2023, 9, 12}, EVM_TENSE_PAST, "2023-08", "last month", ""},
    {"Earlier this month he went.",
     {2023, 9, 12},
     EVM_TENSE_PAST,
     "2023-09",
     "Earlier this month",
     ""},
    {"three days ago", {2023, 9, 12}, EVM_TENSE_PAST, "2023-09-09", "three days ago", ""},
    {"in mid-September", {2023, 10, 2}, EVM_TENSE_PAST, "2023-09", "mid-September", ""},
    /* Year boundary: 2024-01-02 was a Tuesday. */
    {"as said last month", {2024, 1, 2}, EVM_TENSE_PAST, "2023-12", "last month", ""},
    {"They met on Saturday.", {2024, 1, 2}, EVM_TENSE_PAST, "2023-12-30", "Saturday", ""},
    {"It opened on December 28.", {2024, 1, 2}, EVM_TENSE_PAST, "2023-12-28", "December 28", ""},
    {"It opens on January 5.", {2023, 12, 30}, EVM_TENSE_FUTURE, "2024-01-05", "January 5", ""},
    {"It happened last week.", {2024, 1, 2}, EVM_TENSE_PAST, "2023-W52", "last week", ""},
    {"It happens this week.", {2024, 1, 2}, EVM_TENSE_PAST, "2024-W01", "this week", ""},
    {"It happened last year.", {2024, 1, 2}, EVM_TENSE_PAST, "2023", "last year", ""},
    /* Leap years. */
    {"on Feb. 29, 2024", {0, 0, 0}, EVM_TENSE_PAST, "2024-02-29", "Feb. 29, 2024", ""},
    {"on Feb. 29, 2023", {0, 0, 0}, EVM_TENSE_PAST, NULL, NULL, ""},
    {"yesterday", {2024, 3, 1}, EVM_TENSE_PAST, "2024-02-29", "yesterday", ""},
    {"yesterday", {2023, 3, 1}, EVM_TENSE_PAST, "2023-02-28", "yesterday", ""},
    /* Ambiguous month words need a cue; relative words need an article date. */
    {"You may go.", {2023, 9, 12}, EVM_TENSE_PAST, NULL, NULL, ""},
    {"The march was long.", {2023, 9, 12}, EVM_TENSE_PAST, NULL, NULL, ""},
    {"It ended in May.", {2023, 9, 12}, EVM_TENSE_PAST, "2023-05", "May", ""},
    {"Jan said hello.", {2023, 9, 12}, EVM_TENSE_PAST, NULL, NULL, ""},
    {"on Tuesday", {0, 0, 0}, EVM_TENSE_PAST, NULL, NULL, ""},
    {"2019 people were there.", {2023, 9, 12}, EVM_TENSE_PAST, NULL, NULL, ""},
};

static void test_table(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const tcase *t = &cases[i];
        evm_timex out[4];
        size_t n = 99;
        evm_error e = evm_timex_find(t->text, 0, strlen(t->text), t->art, t->tense, out, 4, &n);
        CHECK_EQ_INT(e, EVM_OK);
        if (!t->iso) {
            CHECK_MSG(n == 0, "case %zu \"%s\": found %s", i, t->text, n ? out[0].iso : "");
            continue;
        }
        CHECK_MSG(n >= 1, "case %zu \"%s\": nothing found", i, t->text);
        if (n < 1) {
            continue;
        }
        CHECK_MSG(strcmp(out[0].iso, t->iso) == 0, "case %zu \"%s\": %s != %s", i, t->text,
                  out[0].iso, t->iso);
        size_t len = out[0].end - out[0].start;
        CHECK_MSG(len == strlen(t->surface) && memcmp(t->text + out[0].start, t->surface, len) == 0,
                  "case %zu: surface \"%.*s\" != \"%s\"", i, (int)len, t->text + out[0].start,
                  t->surface);
        CHECK_EQ_STR(out[0].part_of_day, t->part);
    }
}

static void test_fields(void)
{
    const char *s = "Kim met Putin last week and returned on Sunday night.";
    evm_timex out[4];
    size_t n = 0;
    evm_date art = {2023, 9, 14};
    CHECK_EQ_INT(evm_timex_find(s, 0, strlen(s), art, EVM_TENSE_PAST, out, 4, &n), EVM_OK);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(out[0].precision, EVM_DATE_PREC_WEEK);
    CHECK_EQ_INT(out[0].date.year, 2023);
    CHECK_EQ_INT(out[0].date.month, 9);
    CHECK_EQ_INT(out[0].date.day, 4); /* the Monday */
    CHECK_EQ_INT(out[1].precision, EVM_DATE_PREC_DAY);
    CHECK_EQ_STR(out[1].iso, "2023-09-10");
    CHECK_EQ_STR(out[1].part_of_day, "night");
    CHECK(out[1].relative);
    /* Sub-span: only the second half is searched. */
    size_t half = (size_t)(strstr(s, "and") - s);
    CHECK_EQ_INT(evm_timex_find(s, half, strlen(s), art, EVM_TENSE_PAST, out, 4, &n), EVM_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_STR(out[0].iso, "2023-09-10");
    /* Limit and argument errors. */
    CHECK_EQ_INT(evm_timex_find(s, 0, strlen(s), art, EVM_TENSE_PAST, out, 1, &n), EVM_ERR_LIMIT);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(evm_timex_find(NULL, 0, 0, art, EVM_TENSE_PAST, out, 4, &n), EVM_ERR_ARG);
    CHECK_EQ_INT(evm_timex_find(s, 5, 2, art, EVM_TENSE_PAST, out, 4, &n), EVM_ERR_ARG);
    evm_date bad = {2023, 2, 30};
    CHECK_EQ_INT(evm_timex_find(s, 0, strlen(s), bad, EVM_TENSE_PAST, out, 4, &n), EVM_ERR_ARG);
    CHECK_EQ_STR(evm_date_precision_name(EVM_DATE_PREC_MONTH), "month");
}

static void test_calendar(void)
{
    /* Known weekdays. */
    CHECK_EQ_INT(evm_date_weekday((evm_date){1970, 1, 1}), 4);
    CHECK_EQ_INT(evm_date_weekday((evm_date){2000, 2, 29}), 2);
    CHECK_EQ_INT(evm_date_weekday((evm_date){2001, 9, 11}), 2);
    CHECK_EQ_INT(evm_date_weekday((evm_date){2023, 9, 13}), 3);
    CHECK_EQ_INT(evm_date_weekday((evm_date){2024, 1, 1}), 1);
    CHECK_EQ_INT(evm_date_weekday((evm_date){1900, 1, 1}), 1);
    CHECK_EQ_INT(evm_date_to_days((evm_date){1970, 1, 1}), 0);
    CHECK_EQ_INT(evm_date_to_days((evm_date){2000, 3, 1}), 11017);
    evm_date d = evm_date_add_days((evm_date){2024, 2, 28}, 1);
    CHECK(d.year == 2024 && d.month == 2 && d.day == 29);
    d = evm_date_add_days((evm_date){2023, 12, 31}, 1);
    CHECK(d.year == 2024 && d.month == 1 && d.day == 1);
    CHECK_EQ_INT(evm_date_days_in_month(1900, 2), 28);
    CHECK_EQ_INT(evm_date_days_in_month(2000, 2), 29);
    CHECK_EQ_INT(evm_date_days_in_month(2023, 13), 0);
    CHECK(!evm_date_valid((evm_date){2023, 4, 31}));
    int y = 0, w = 0;
    evm_date_iso_week((evm_date){2021, 1, 3}, &y, &w); /* Sunday of 2020-W53 */
    CHECK(y == 2020 && w == 53);
    evm_date_iso_week((evm_date){2024, 12, 30}, &y, &w); /* Monday of 2025-W01 */
    CHECK(y == 2025 && w == 1);
    evm_date_iso_week((evm_date){2023, 9, 11}, &y, &w);
    CHECK(y == 2023 && w == 37);
}

static void test_latest(void)
{
    const char *s = "SEOUL, Sept. 12, 2023 - Talks first planned on 3 August 2023 and announced "
                    "2023-09-10 went ahead Tuesday. In 2019 the two met on April 25.";
    evm_date d = {0, 0, 0};
    CHECK_EQ_INT(evm_timex_latest_full_date(s, strlen(s), &d), EVM_OK);
    CHECK(d.year == 2023 && d.month == 9 && d.day == 12);
    const char *none = "No date here, only Tuesday and in July.";
    CHECK_EQ_INT(evm_timex_latest_full_date(none, strlen(none), &d), EVM_ERR_NOT_FOUND);
    CHECK_EQ_INT(evm_timex_latest_full_date(NULL, 0, &d), EVM_ERR_ARG);
}

/* Every month and weekday key of the lexicon, capitalised, dotted or not,
 * is read as its month or weekday: the scan's two-letter pre-test
 * (timex.c, mw_prefix) lets each of them through. */
static void test_lexicon_keys(void)
{
    evm_timex_prepare();
    size_t month_list = EVM_LEX_LIST_COUNT, weekday_list = EVM_LEX_LIST_COUNT;
    for (size_t i = 0; i < EVM_LEX_LIST_COUNT; i++) {
        const char *name = evm_lex_list_name(i);
        if (name && strcmp(name, "MONTH") == 0)
            month_list = i;
        if (name && strcmp(name, "WEEKDAY") == 0)
            weekday_list = i;
    }
    CHECK(month_list < EVM_LEX_LIST_COUNT && weekday_list < EVM_LEX_LIST_COUNT);
    size_t months = 0, weekdays = 0;
    for (size_t j = 0; month_list < EVM_LEX_LIST_COUNT && evm_lex_list_word(month_list, j); j++) {
        const char *w = evm_lex_list_word(month_list, j);
        char text[64];
        snprintf(text, sizeof text, "Talks began on %c%s 12, 2023 in Seoul.", w[0] - 32, w + 1);
        evm_date d = {0, 0, 0};
        CHECK_EQ_INT(evm_timex_latest_full_date(text, strlen(text), &d), EVM_OK);
        CHECK_MSG(d.month == evm_lex_month(w, strlen(w)) && d.day == 12, "%s: month %d", text,
                  d.month);
        months++;
    }
    for (size_t j = 0; weekday_list < EVM_LEX_LIST_COUNT && evm_lex_list_word(weekday_list, j);
         j++) {
        const char *w = evm_lex_list_word(weekday_list, j);
        char text[64];
        snprintf(text, sizeof text, "Talks began on %c%s in Seoul.", w[0] - 32, w + 1);
        evm_timex tx[4];
        size_t n = 0;
        CHECK_EQ_INT(evm_timex_find(text, 0, strlen(text), (evm_date){2023, 9, 13}, EVM_TENSE_PAST,
                                    tx, 4, &n),
                     EVM_OK);
        CHECK_MSG(n == 1 && evm_date_weekday(tx[0].date) == evm_lex_weekday(w, strlen(w)),
                  "%s: %zu expressions", text, n);
        weekdays++;
    }
    CHECK(months >= 12 && weekdays >= 7);
}

/* One expression per word a pattern may start with besides months and
 * weekdays (match_at()'s first-two-letters pre-test must let each through),
 * capitalised and not. */
static void test_starters(void)
{
    static const char *const exprs[] = {
        "early 2023",    "mid-2021",       "late 2022",         "yesterday",        "today",
        "tomorrow",      "tonight",        "earlier this week", "later this month", "last week",
        "this week",     "next month",     "past year",         "a day ago",        "an year ago",
        "one week ago",  "two days ago",   "three months ago",  "four years ago",   "five days ago",
        "six weeks ago", "seven days ago", "eight years ago",   "nine months ago",  "ten days ago"};
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        for (int cap = 0; cap < 2; cap++) {
            char text[80];
            snprintf(text, sizeof text, "It was said %s in Seoul.", exprs[i]);
            size_t at = strlen("It was said ");
            if (cap)
                text[at] = (char)(text[at] - 32);
            evm_timex tx[4];
            size_t n = 0;
            CHECK_EQ_INT(evm_timex_find(text, 0, strlen(text), (evm_date){2023, 9, 13},
                                        EVM_TENSE_PAST, tx, 4, &n),
                         EVM_OK);
            CHECK_MSG(n == 1 && tx[0].start == at && tx[0].end == at + strlen(exprs[i]),
                      "%s: %zu expressions", text, n);
        }
    }
}

int main(void)
{
    test_table();
    test_fields();
    test_calendar();
    test_latest();
    test_lexicon_keys();
    test_starters();
    return check_finish();
}
