/* Pseudo-random inputs (fixed seed): the tokenizer, splitter and dateline
 * finder keep their invariants on any bytes, strict mode agrees with
 * evm_utf8_validate(), and lenient mode never lets a word span bad bytes. */
#include "check.h"
#include "text/text.h"

#include <string.h>

static uint32_t rng = 12345;

static uint32_t next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

/* Fragments that exercise the rules, mixed with random bytes. */
static const char *const FRAGS[] = {
    "U.S.",     " ",     "\n",    "\n\n",     "’s",           "'",           "-",
    "—",        "Sept.", "1,260", "2.9",      "Władywostok",  "Владивосток", "블라디",
    ". ",       "? ",    "“",     "”",        "(AP)",         "SEOUL",       ", ",
    "By ",      "km",    "21st",  "\xC0\xAF", "\xED\xA0\x80", "\xFF",        "\xE2\x80",
    "\xF0\x9F", "...",   "a.m.",  "No. ",     "O’Neill"};

int main(void)
{
    evm_tokens t = {0};
    evm_sentence_list l = {0};
    char buf[512];
    for (int iter = 0; iter < 3000; iter++) {
        size_t len = 0;
        while (len < sizeof buf - 32) {
            uint32_t r = next_rand();
            if (r % 4 == 0) {
                buf[len++] = (char)(next_rand() & 0xFF);
            } else {
                const char *f = FRAGS[r % (sizeof FRAGS / sizeof FRAGS[0])];
                size_t fl = strlen(f);
                memcpy(buf + len, f, fl);
                len += fl;
            }
            if (r % 97 == 0)
                break;
        }
        size_t bad;
        int valid = evm_utf8_validate(buf, len, &bad) == EVM_OK;
        evm_error strict = evm_tokenize(buf, len, 0, &t, NULL);
        CHECK(valid ? strict == EVM_OK : strict == EVM_ERR_UTF8);
        CHECK_EQ_INT(evm_tokenize(buf, len, EVM_TOKENIZE_LENIENT, &t, NULL), EVM_OK);
        size_t prev = 0;
        int ok = 1;
        for (size_t i = 0; i < t.count; i++) {
            const evm_token *k = &t.items[i];
            if (k->start < prev || k->end <= k->start || k->end > len)
                ok = 0;
            /* Words and numbers are valid UTF-8. */
            if ((k->kind == EVM_TOK_WORD || k->kind == EVM_TOK_NUMBER) &&
                evm_utf8_validate(buf + k->start, k->end - k->start, NULL) != EVM_OK)
                ok = 0;
            if (k->kind == EVM_TOK_INVALID &&
                evm_utf8_validate(buf + k->start, k->end - k->start, NULL) == EVM_OK)
                ok = 0;
            prev = k->end;
        }
        CHECK(ok);
        CHECK_EQ_INT(evm_sentences(buf, len, &t, &l, NULL), EVM_OK);
        size_t covered = 0;
        for (size_t i = 0; i < l.count; i++) {
            CHECK(l.items[i].tok_start == covered);
            covered = l.items[i].tok_end;
        }
        CHECK_EQ_INT(covered, t.count);
        evm_dateline d;
        evm_error de = evm_find_dateline(buf, len, &d);
        CHECK(de == EVM_OK || de == EVM_ERR_NOT_FOUND);
        if (de == EVM_OK)
            CHECK(d.place.start < d.place.end && d.place.end <= len);
        double v;
        size_t n;
        evm_error ne = evm_parse_number(buf, len, &v, &n);
        CHECK(ne == EVM_ERR_NOT_FOUND || (ne == EVM_OK && n <= len));
    }
    evm_tokens_free(&t);
    evm_sentence_list_free(&l);
    return check_finish();
}
