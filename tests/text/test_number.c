/* evm_parse_number: digits and number words. */
#include "check.h"
#include "text/text.h"

#include <string.h>

static void expect(int line, const char *s, double value, size_t consumed)
{
    double v = -1;
    size_t n = 0;
    evm_error err = evm_parse_number(s, strlen(s), &v, &n);
    CHECK_MSG(err == EVM_OK, "line %d: '%s' not parsed", line, s);
    CHECK_MSG(v == value, "line %d: '%s' = %.17g, want %.17g", line, s, v, value);
    CHECK_MSG(n == consumed, "line %d: '%s' consumed %zu, want %zu", line, s, n, consumed);
}
#define EXPECT(s, v, n) expect(__LINE__, s, v, n)

static void none(int line, const char *s)
{
    double v = 42;
    size_t n = 7;
    CHECK_MSG(evm_parse_number(s, strlen(s), &v, &n) == EVM_ERR_NOT_FOUND, "line %d: '%s'", line,
              s);
    CHECK(v == 42 && n == 7);
}
#define NONE(s) none(__LINE__, s)

int main(void)
{
    /* digits */
    EXPECT("1,260 kilometers", 1260, 5);
    EXPECT("2.9", 2.9, 3);
    EXPECT("10,000.5 tons", 10000.5, 8);
    EXPECT("1,000,000", 1e6, 9);
    EXPECT("12,3456", 12, 2); /* a comma must group exactly three digits */
    EXPECT("1234,567", 1234, 4);
    EXPECT("7.", 7, 1);
    EXPECT("680km", 680, 3);
    EXPECT("21st", 21, 2);
    /* digits + scale */
    EXPECT("1.5 million people", 1.5e6, 11);
    EXPECT("2 billion", 2e9, 9);
    EXPECT("3 dozen", 36, 7);
    EXPECT("300 thousand", 3e5, 12);
    EXPECT("2.5 Million", 2.5e6, 11);
    EXPECT("5 millions", 5, 1);
    /* words */
    EXPECT("a hundred soldiers", 100, 9);
    EXPECT("A hundred", 100, 9);
    EXPECT("two dozen carriages", 24, 9);
    EXPECT("a dozen", 12, 7);
    EXPECT("twenty-five cars", 25, 11);
    EXPECT("twenty five", 25, 11);
    EXPECT("three hundred", 300, 13);
    EXPECT("three hundred and fifty miles", 350, 23);
    EXPECT("three hundred and", 300, 13);
    EXPECT("one thousand two hundred", 1200, 24);
    EXPECT("two million three hundred thousand", 2300000, 34);
    EXPECT("half a million", 5e5, 14);
    EXPECT("a hundred thousand", 1e5, 18);
    EXPECT("ninety-nine", 99, 11);
    EXPECT("eleven hundred", 1100, 14);
    EXPECT("zero", 0, 4);
    EXPECT("Seven days", 7, 5);
    EXPECT("forty-year", 40, 5);
    EXPECT("one two", 1, 3);
    EXPECT("twenty nineteen", 20, 6);
    /* not numbers */
    NONE("a few");
    NONE("several hundred");
    NONE("dozens of trains");
    NONE("hundreds");
    NONE("a");
    NONE("half");
    NONE("first");
    NONE("onerous");
    NONE("tenth");
    NONE("");
    NONE("and five");
    NONE("half an hour"); /* "half a(n)" needs a scale word */
    NONE("an eighteen");
    NONE("thousand"); /* a scale needs a count or "a" */
    double v;
    size_t n;
    CHECK_EQ_INT(evm_parse_number(NULL, 0, &v, &n), EVM_ERR_ARG);
    return check_finish();
}
