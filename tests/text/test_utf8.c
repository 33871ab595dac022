/* UTF-8 validation, decoding, diagnostics, and strict vs lenient tokenizing. */
#include "check.h"
#include "text/text.h"

#include <string.h>

static evm_error validate(const char *s, size_t len, size_t *bad)
{
    *bad = (size_t)-1;
    return evm_utf8_validate(s, len, bad);
}

static void test_validate(void)
{
    size_t bad;
    /* Valid: ASCII, 2-, 3-, 4-byte forms, the edges of the ranges. */
    const char ok[] = "Vladivostok Владивосток 블라디보스토크 \xF0\x9F\x9A\x82 \xEF\xBF\xBF "
                      "\xF4\x8F\xBF\xBF \xED\x9F\xBF \xEE\x80\x80";
    CHECK_EQ_INT(validate(ok, sizeof ok - 1, &bad), EVM_OK);
    CHECK_EQ_INT(bad, (size_t)-1);
    CHECK_EQ_INT(validate("", 0, &bad), EVM_OK);
    CHECK_EQ_INT(validate("a\0b", 3, &bad), EVM_OK); /* NUL is a valid code point */

    struct {
        const char *s;
        size_t len;
        size_t bad;
    } cases[] = {
        {"ab\xC0\xAF", 4, 2},        /* overlong '/' */
        {"\xE0\x80\xAF", 3, 0},      /* overlong 3-byte */
        {"\xF0\x80\x80\xAF", 4, 0},  /* overlong 4-byte */
        {"x\xED\xA0\x80y", 5, 1},    /* surrogate U+D800 */
        {"\xED\xBF\xBF", 3, 0},      /* surrogate U+DFFF */
        {"\xF4\x90\x80\x80", 4, 0},  /* U+110000 */
        {"\xF5\x80\x80\x80", 4, 0},  /* lead byte above F4 */
        {"abc\xFF", 4, 3},           /* 0xFF never appears */
        {"Seoul \x80", 7, 6},        /* stray continuation byte */
        {"\xC3\x28", 2, 0},          /* lead byte then ASCII */
        {"Pusan \xEB\xB6", 8, 6},    /* truncated at end of input */
        {"12345678\xE2\x80", 10, 8}, /* truncated after the ASCII fast path */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CHECK_EQ_INT(validate(cases[i].s, cases[i].len, &bad), EVM_ERR_UTF8);
        CHECK_EQ_INT(bad, cases[i].bad);
    }
    CHECK_EQ_INT(evm_utf8_validate("\xFF", 1, NULL), EVM_ERR_UTF8);
}

static void test_decode(void)
{
    int32_t cp;
    int valid;
    const char *s = "\xC5\x81\xE2\x80\x99\xF0\x9F\x9A\x82";
    CHECK_EQ_INT(evm_utf8_decode(s, 9, 0, &cp, &valid), 2);
    CHECK_EQ_INT(cp, 0x141);
    CHECK_EQ_INT(valid, 1);
    CHECK_EQ_INT(evm_utf8_decode(s, 9, 2, &cp, &valid), 3);
    CHECK_EQ_INT(cp, 0x2019);
    CHECK_EQ_INT(evm_utf8_decode(s, 9, 5, &cp, &valid), 4);
    CHECK_EQ_INT(cp, 0x1F682);
    /* Maximal subparts: C0 alone, then AF alone; E2 80 cut by ASCII. */
    CHECK_EQ_INT(evm_utf8_decode("\xC0\xAF", 2, 0, &cp, &valid), 1);
    CHECK_EQ_INT(cp, 0xFFFD);
    CHECK_EQ_INT(valid, 0);
    CHECK_EQ_INT(evm_utf8_decode("\xE2\x80x", 3, 0, &cp, &valid), 2);
    CHECK_EQ_INT(evm_utf8_decode("\xED\xA0\x80", 3, 0, &cp, &valid), 1);
    CHECK_EQ_INT(evm_utf8_decode("\xF0\x9F\x9A", 3, 0, &cp, &valid), 3);
    CHECK_EQ_INT(valid, 0);
}

static void test_diag(void)
{
    /* Line 3, column 4 counts code points: "Łód" is three. */
    const char s[] = "first line\nsecond\n\xC5\x81\xC3\xB3"
                     "d\xC3\x28 rest";
    evm_tokens t = {0};
    evm_diag d = {""};
    CHECK_EQ_INT(evm_tokenize(s, sizeof s - 1, 0, &t, &d), EVM_ERR_UTF8);
    CHECK_EQ_STR(d.message, "byte 23 (line 3, column 4): invalid UTF-8 sequence 0xC3 0x28");
    CHECK_EQ_INT(t.count, 0);

    CHECK_EQ_INT(evm_tokenize("ab \xC0\xAF", 5, 0, &t, &d), EVM_ERR_UTF8);
    CHECK_EQ_STR(d.message, "byte 3 (line 1, column 4): invalid UTF-8 sequence 0xC0 0xAF");
    CHECK_EQ_INT(evm_tokenize("\xED\xA0\x80", 3, 0, &t, &d), EVM_ERR_UTF8);
    CHECK_EQ_STR(d.message, "byte 0 (line 1, column 1): invalid UTF-8 sequence 0xED 0xA0 0x80");
    CHECK_EQ_INT(evm_tokenize("x \xFF y", 5, 0, &t, &d), EVM_ERR_UTF8);
    CHECK_EQ_STR(d.message, "byte 2 (line 1, column 3): invalid UTF-8 sequence 0xFF");
    CHECK_EQ_INT(evm_tokenize("Busan\xEB\xB6", 7, 0, &t, &d), EVM_ERR_UTF8);
    CHECK_EQ_STR(d.message, "byte 5 (line 1, column 6): invalid UTF-8 sequence 0xEB 0xB6 "
                            "(truncated at end of input)");
    CHECK_EQ_INT(evm_utf8_diag("\xFF", 1, 0, "article.txt", &d), EVM_ERR_UTF8);
    CHECK_EQ_STR(d.message, "article.txt: byte 0 (line 1, column 1): invalid UTF-8 sequence 0xFF");
    evm_tokens_free(&t);
}

/* Lenient mode: each maximal invalid subpart is one INVALID token, words
 * never span it, and every other offset is unchanged. */
static void test_lenient(void)
{
    evm_tokens t = {0};
    evm_diag d = {""};
    const char s[] = "Nak\xC0\xAFhodka port \xED\xA0\x80x \xFFSeoul\xE2\x80";
    size_t len = sizeof s - 1;
    CHECK_EQ_INT(evm_tokenize(s, len, EVM_TOKENIZE_LENIENT, &t, &d), EVM_OK);
    struct {
        size_t start, end;
        uint32_t kind;
    } want[] = {
        /* N0 a1 k2 C0=3 AF=4 h5..a9 _10 p11..t14 _15 ED16 A0=17 80=18 x19 _20 FF21
         * S22..l26 E2=27 80=28 */
        {0, 3, EVM_TOK_WORD},      {3, 4, EVM_TOK_INVALID},   {4, 5, EVM_TOK_INVALID},
        {5, 10, EVM_TOK_WORD},     {11, 15, EVM_TOK_WORD},    {16, 17, EVM_TOK_INVALID},
        {17, 18, EVM_TOK_INVALID}, {18, 19, EVM_TOK_INVALID}, {19, 20, EVM_TOK_WORD},
        {21, 22, EVM_TOK_INVALID}, {22, 27, EVM_TOK_WORD},    {27, 29, EVM_TOK_INVALID},
    };
    CHECK_EQ_INT(t.count, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < t.count && i < sizeof want / sizeof want[0]; i++) {
        CHECK_EQ_INT(t.items[i].start, want[i].start);
        CHECK_EQ_INT(t.items[i].end, want[i].end);
        CHECK_EQ_INT(t.items[i].kind, want[i].kind);
    }
    /* The same text decoded with evm_utf8_decode visits the same units. */
    size_t units = 0;
    for (size_t p = 0; p < len;) {
        int32_t cp;
        p += evm_utf8_decode(s, len, p, &cp, NULL);
        units++;
    }
    CHECK_EQ_INT(units, 3 + 2 + 5 + 1 + 4 + 1 + 3 + 1 + 1 + 1 + 5 + 1);
    /* Strict mode on the same input fails at the first bad byte. */
    CHECK_EQ_INT(evm_tokenize(s, len, 0, &t, &d), EVM_ERR_UTF8);
    CHECK(strncmp(d.message, "byte 3 (line 1, column 4)", 25) == 0);
    evm_tokens_free(&t);
}

int main(void)
{
    test_validate();
    test_decode();
    test_diag();
    test_lenient();
    return check_finish();
}
