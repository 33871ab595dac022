/* Sentence splitting: abbreviations, quotes, paragraphs, bylines. */
#include "check.h"
#include "text/text.h"

#include "core/alloc.h"

#include <string.h>

static evm_tokens toks;
static evm_sentence_list sents;

/* Splits `s` and compares the sentences' exact bytes with `want`. */
static void expect(int line, const char *s, const char *const *want, size_t n)
{
    evm_diag d = {""};
    CHECK_MSG(evm_tokenize(s, strlen(s), 0, &toks, &d) == EVM_OK, "line %d: %s", line, d.message);
    CHECK_MSG(evm_sentences(s, strlen(s), &toks, &sents, &d) == EVM_OK, "line %d: %s", line,
              d.message);
    CHECK_MSG(sents.count == n, "line %d: %zu sentences, want %zu", line, sents.count, n);
    size_t next_tok = 0;
    for (size_t i = 0; i < sents.count; i++) {
        const evm_sentence *e = &sents.items[i];
        size_t len = e->end - e->start;
        if (i < n)
            CHECK_MSG(len == strlen(want[i]) && memcmp(s + e->start, want[i], len) == 0,
                      "line %d: sentence %zu is '%.*s', want '%s'", line, i, (int)len, s + e->start,
                      want[i]);
        /* Token ranges cover all tokens in order and agree with the bytes. */
        CHECK_MSG(e->tok_start == next_tok && e->tok_end > e->tok_start, "line %d", line);
        CHECK(toks.items[e->tok_start].start == e->start);
        CHECK(toks.items[e->tok_end - 1].end == e->end);
        CHECK(toks.items[e->tok_start].flags & EVM_TF_SENT_INITIAL);
        for (size_t k = e->tok_start + 1; k < e->tok_end; k++)
            CHECK(!(toks.items[k].flags & EVM_TF_SENT_INITIAL));
        next_tok = e->tok_end;
    }
    CHECK_MSG(next_tok == toks.count, "line %d: sentences leave tokens out", line);
}
#define EXPECT(s, ...)                                                                             \
    do {                                                                                           \
        const char *const w_[] = {__VA_ARGS__};                                                    \
        expect(__LINE__, s, w_, sizeof w_ / sizeof w_[0]);                                         \
    } while (0)

static void test_basic(void)
{
    EXPECT("The train left at dawn. It reached the border by noon! Was it late? Nobody knew.",
           "The train left at dawn.", "It reached the border by noon!", "Was it late?",
           "Nobody knew.");
    /* A lowercase word after the period does not start a sentence. */
    EXPECT("It moved at 2.9 km/h. and then stopped.", "It moved at 2.9 km/h. and then stopped.");
    /* Non-cased scripts after a period do start one. */
    EXPECT("He arrived. 블라디보스토크는 조용했다.", "He arrived.", "블라디보스토크는 조용했다.");
    /* CJK full stops split without a space. */
    EXPECT("列車が到着した。指導者が降りた。", "列車が到着した。", "指導者が降りた。");
    /* Scraped text that lost its paragraph break; dotted names stay. */
    EXPECT("He was 82.His family said \"fine.\"Then it rained.", "He was 82.",
           "His family said \"fine.\"", "Then it rained.");
    EXPECT("Visit example.com or the U.S.A. today.", "Visit example.com or the U.S.A. today.");
    /* Numbers and opening quotes start sentences too. */
    EXPECT("The trip was long. 1,180 kilometers is far. “We arrived,” he said.",
           "The trip was long.", "1,180 kilometers is far.", "“We arrived,” he said.");
}

static void test_abbreviations(void)
{
    /* Titles and months never end a sentence. */
    EXPECT("He met Adm. Nikolai Yevmenov and Gen. Park on Sept. 13 at the port. Talks followed.",
           "He met Adm. Nikolai Yevmenov and Gen. Park on Sept. 13 at the port.",
           "Talks followed.");
    EXPECT("Aides to Sen. Kim and Dr. Lee met Mr. Ri in St. Petersburg near Mt. Elbrus.",
           "Aides to Sen. Kim and Dr. Lee met Mr. Ri in St. Petersburg near Mt. Elbrus.");
    /* "U.S." mid-sentence before a name stays; at the end before a sentence
     * starter it splits. */
    EXPECT("The U.S. Navy watched the train. Officials in the U.S. The move angered Seoul.",
           "The U.S. Navy watched the train.", "Officials in the U.S.", "The move angered Seoul.");
    EXPECT("The envoy flew to Washington, D.C. He returned on Friday.",
           "The envoy flew to Washington, D.C.", "He returned on Friday.");
    EXPECT("The train left at 6 a.m. Monday and arrived at 9 p.m. It was late.",
           "The train left at 6 a.m. Monday and arrived at 9 p.m.", "It was late.");
    /* An abbreviation at the end of the text closes it. */
    EXPECT("Sanctions came from the U.S.", "Sanctions came from the U.S.");
    /* An initial does not end a sentence. */
    EXPECT("The report by J. Kim was short.", "The report by J. Kim was short.");
}

static void test_quotes_brackets(void)
{
    EXPECT("“The trip went well.” Kim smiled. (He waved.) Then he left.", "“The trip went well.”",
           "Kim smiled.", "(He waved.)", "Then he left.");
    EXPECT("He said: \"We are ready.\" Russia agreed.", "He said: \"We are ready.\"",
           "Russia agreed.");
    EXPECT("She asked, ‘Is it far?’ He nodded.", "She asked, ‘Is it far?’", "He nodded.");
    EXPECT("They waited… and waited. «Он приехал». Всё.", "They waited… and waited.",
           "«Он приехал».", "Всё.");
}

static void test_layout(void)
{
    /* Hard-wrapped lines stay one sentence; a blank line always splits. */
    EXPECT("The armored train crossed\nthe Tumen River before\ndawn on Tuesday.\n\nThe "
           "Kremlin\nconfirmed the visit",
           "The armored train crossed\nthe Tumen River before\ndawn on Tuesday.",
           "The Kremlin\nconfirmed the visit");
    EXPECT("A headline without a period\n\nBody text starts here.", "A headline without a period",
           "Body text starts here.");
    /* A byline line and a dateline-only line are sentences of their own. */
    EXPECT("Leader's train reaches Pacific port\nBy Jane Doe and Park Min-jun\nVLADIVOSTOK, "
           "Russia (AP) —\nThe train arrived on time. Crowds gathered.",
           "Leader's train reaches Pacific port", "By Jane Doe and Park Min-jun",
           "VLADIVOSTOK, Russia (AP) —", "The train arrived on time.", "Crowds gathered.");
    /* A dateline followed by text on the same line is part of the sentence. */
    EXPECT("By Jane Doe, SEOUL\nSEOUL, South Korea (AP) — The train left. It was slow.",
           "By Jane Doe, SEOUL", "SEOUL, South Korea (AP) — The train left.", "It was slow.");
    /* "By" in running text is not a byline. */
    EXPECT("The train was slow\nBy Tuesday, the leader was in Russia.",
           "The train was slow\nBy Tuesday, the leader was in Russia.");
}

static void test_edges(void)
{
    CHECK_EQ_INT(evm_tokenize("", 0, 0, &toks, NULL), EVM_OK);
    CHECK_EQ_INT(evm_sentences("", 0, &toks, &sents, NULL), EVM_OK);
    CHECK_EQ_INT(sents.count, 0);
    EXPECT("No period at the end", "No period at the end");
    EXPECT("...", "...");
    CHECK_EQ_INT(evm_sentences("x", 1, NULL, &sents, NULL), EVM_ERR_ARG);
    /* Calling twice on the same tokens gives the same result. */
    const char *s = "One. Two. Three.";
    CHECK_EQ_INT(evm_tokenize(s, strlen(s), 0, &toks, NULL), EVM_OK);
    CHECK_EQ_INT(evm_sentences(s, strlen(s), &toks, &sents, NULL), EVM_OK);
    CHECK_EQ_INT(evm_sentences(s, strlen(s), &toks, &sents, NULL), EVM_OK);
    CHECK_EQ_INT(sents.count, 3);
    CHECK_EQ_INT(sents.items[2].start, 10);
    CHECK_EQ_INT(sents.items[2].tok_start, 4);
}

/* Every allocation failure is reported as EVM_ERR_NOMEM and leaves empty,
 * freeable results (only meaningful in an EVMAP_ALLOC_HOOKS build). */
static void test_alloc_failures(void)
{
#ifdef EVMAP_ALLOC_HOOKS
    const char *s = "The train left. It arrived in Vladivostok on Sept. 12. Crowds waited.";
    for (long n = 0; n < 8; n++) {
        evm_tokens t = {0};
        evm_sentence_list l = {0};
        evm_diag d = {""};
        evm_alloc_fail_after(n);
        evm_error e1 = evm_tokenize(s, strlen(s), 0, &t, &d);
        evm_error e2 = e1 ? e1 : evm_sentences(s, strlen(s), &t, &l, &d);
        evm_alloc_fail_after(-1);
        CHECK(e1 == EVM_OK || (e1 == EVM_ERR_NOMEM && t.count == 0));
        CHECK(e2 == EVM_OK || (e2 == EVM_ERR_NOMEM && l.count == 0));
        if (e2 == EVM_OK)
            CHECK_EQ_INT(l.count, 3);
        evm_tokens_free(&t);
        evm_sentence_list_free(&l);
    }
#endif
}

int main(void)
{
    test_alloc_failures();
    test_basic();
    test_abbreviations();
    test_quotes_brackets();
    test_layout();
    test_edges();
    evm_tokens_free(&toks);
    evm_sentence_list_free(&sents);
    return check_finish();
}
