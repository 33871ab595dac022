/* Datelines and bylines at the top of articles. */
#include "check.h"
#include "text/text.h"

#include <string.h>

static void check_span(int line, const char *s, evm_span sp, const char *want)
{
    size_t len = sp.end - sp.start;
    CHECK_MSG(len == strlen(want) && memcmp(s + sp.start, want, len) == 0,
              "line %d: span [%zu,%zu) is '%.*s', want '%s'", line, sp.start, sp.end, (int)len,
              s + sp.start, want);
}
#define SPAN(s, sp, want) check_span(__LINE__, s, sp, want)

static void test_styles(void)
{
    evm_dateline d;
    /* AP with region. */
    const char *s = "SEOUL, South Korea (AP) — The leader’s train crossed into Russia.";
    CHECK_EQ_INT(evm_find_dateline(s, strlen(s), &d), EVM_OK);
    SPAN(s, d.place, "SEOUL, South Korea");
    SPAN(s, d.city, "SEOUL");
    SPAN(s, d.region, "South Korea");
    SPAN(s, d.agency, "AP");
    SPAN(s, d.whole, "SEOUL, South Korea (AP) —");
    CHECK_EQ_INT(d.date.end - d.date.start, 0);
    CHECK_EQ_INT(d.author.end - d.author.start, 0);
    CHECK_EQ_INT(d.place.start, 0);
    CHECK_EQ_INT(d.place.end, 18);
    CHECK_EQ_INT(d.agency.start, 20);
    CHECK_EQ_INT(d.whole.end, 27); /* the em dash is 3 bytes */

    /* AP without region. */
    s = "SEOUL (AP) — North Korea fired two missiles.";
    CHECK_EQ_INT(evm_find_dateline(s, strlen(s), &d), EVM_OK);
    SPAN(s, d.place, "SEOUL");
    SPAN(s, d.agency, "AP");
    CHECK_EQ_INT(d.region.end - d.region.start, 0);

    /* Reuters with a date and an ASCII hyphen. */
    s = "MOSCOW, Sept. 12 (Reuters) - The Kremlin said talks went well.";
    CHECK_EQ_INT(evm_find_dateline(s, strlen(s), &d), EVM_OK);
    SPAN(s, d.place, "MOSCOW");
    SPAN(s, d.date, "Sept. 12");
    SPAN(s, d.agency, "Reuters");
    SPAN(s, d.whole, "MOSCOW, Sept. 12 (Reuters) -");

    /* No agency, only a dash. */
    s = "WASHINGTON — The State Department said little.";
    CHECK_EQ_INT(evm_find_dateline(s, strlen(s), &d), EVM_OK);
    SPAN(s, d.place, "WASHINGTON");
    CHECK_EQ_INT(d.agency.end - d.agency.start, 0);

    /* Byline with a place, then an article without a dateline. */
    s = "By Kim Tong-Hyung, SEOUL\n\nThe leader left by train on Tuesday.";
    CHECK_EQ_INT(evm_find_dateline(s, strlen(s), &d), EVM_OK);
    SPAN(s, d.author, "Kim Tong-Hyung");
    SPAN(s, d.place, "SEOUL");
    SPAN(s, d.whole, "By Kim Tong-Hyung, SEOUL");

    /* Headline, byline and dateline: the dateline's place wins, the author stays. */
    s = "Train reaches port\nBy Jane Doe and Park Min-jun, SEOUL\n\nVLADIVOSTOK, Russia, "
        "Sept. 13 (AP) — The train arrived.";
    CHECK_EQ_INT(evm_find_dateline(s, strlen(s), &d), EVM_OK);
    SPAN(s, d.place, "VLADIVOSTOK, Russia");
    SPAN(s, d.region, "Russia");
    SPAN(s, d.date, "Sept. 13");
    SPAN(s, d.author, "Jane Doe and Park Min-jun");

    /* Multi-word and non-ASCII capitals, an AP-style state abbreviation. */
    s = "ST. LOUIS, Mo. (AP) — Rain fell.";
    CHECK_EQ_INT(evm_find_dateline(s, strlen(s), &d), EVM_OK);
    SPAN(s, d.place, "ST. LOUIS, Mo.");
    s = "  WŁADYWOSTOK (PAP) – Pociąg dotarł.";
    CHECK_EQ_INT(evm_find_dateline(s, strlen(s), &d), EVM_OK);
    SPAN(s, d.place, "WŁADYWOSTOK");
    CHECK_EQ_INT(d.place.start, 2);
    CHECK_EQ_INT(d.place.end, 14);
    SPAN(s, d.agency, "PAP");
    s = "NEW DELHI (Reuters) -- Talks began.";
    CHECK_EQ_INT(evm_find_dateline(s, strlen(s), &d), EVM_OK);
    SPAN(s, d.place, "NEW DELHI");
    s = "Washington, D.C.\nWASHINGTON, D.C. — Officials met.";
    CHECK_EQ_INT(evm_find_dateline(s, strlen(s), &d), EVM_OK);
    SPAN(s, d.place, "WASHINGTON, D.C.");
    CHECK_EQ_INT(d.place.start, 17);
}

static void test_negatives(void)
{
    evm_dateline d;
    memset(&d, 0x5A, sizeof d);
    const char *cases[] = {
        "The leader's train left Pyongyang on Tuesday.",
        "NATO said on Monday that it was watching.",        /* capitals, no dash */
        "MOSCOW, Russia said on Monday it was ready.",      /* no dash or agency */
        "By Tuesday, the leader was in Russia.",            /* not a byline */
        "By Jane Doe, Associated Press\n\nThe train left.", /* byline without a place */
        "A (B) — c",                                        /* one capital letter */
        "",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK_MSG(evm_find_dateline(cases[i], strlen(cases[i]), &d) == EVM_ERR_NOT_FOUND,
                  "case %zu", i);
    CHECK_EQ_INT(d.place.start, 0x5A5A5A5A5A5A5A5Aull); /* untouched */
    /* A dateline far down the article is not a dateline. */
    char buf[6000];
    memset(buf, 'x', sizeof buf);
    for (size_t i = 80; i < 5000; i += 81)
        buf[i] = '\n';
    const char *tail = "\nSEOUL (AP) — text";
    memcpy(buf + 5000, tail, strlen(tail) + 1);
    CHECK_EQ_INT(evm_find_dateline(buf, strlen(buf), &d), EVM_ERR_NOT_FOUND);
}

static void test_line_predicate(void)
{
    const char *s = "By Jane Doe";
    CHECK(evm_line_is_dateline(s, 0, strlen(s)));
    s = "SEOUL (AP) —  \r";
    CHECK(evm_line_is_dateline(s, 0, strlen(s)));
    s = "SEOUL (AP) — The train left.";
    CHECK(!evm_line_is_dateline(s, 0, strlen(s)));
    s = "By the end of the day";
    CHECK(!evm_line_is_dateline(s, 0, strlen(s)));
}

int main(void)
{
    test_styles();
    test_negatives();
    test_line_predicate();
    return check_finish();
}
