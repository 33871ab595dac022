/*
 * json_print.c - cJSON_PrintUnformatted() output without its number
 * formatting costs; see json_print.h for the contract.
 */
#include "emit/json_print.h"

#include <limits.h>
#include <stdbool.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* Room for any number cJSON prints ("%1.17g" of a double: at most 24 bytes
 * plus its NUL; cJSON's own buffer is 26). */
#define NUMBER_ROOM 32

/* fast_number()'s text is at most 17 bytes ('-', nine digits, '.', six
 * decimals; or '-' and 15 digits) and ends at tmp + NUMBER_ROOM at the
 * latest; put_number_text() copies FAST_COPY bytes from its start whatever
 * its length (a few moves instead of a memcpy() call of n bytes), so the
 * buffer has FAST_COPY bytes more. */
#define FAST_COPY 24
#define FAST_ROOM (NUMBER_ROOM + FAST_COPY)

static inline evm_error put(evm_buf *out, const char *s, size_t n)
{
    return evm_json_put_raw(out, s, n);
}

/* "00" to "99". */
static const char digit_pairs[] = "00010203040506070809"
                                  "10111213141516171819"
                                  "20212223242526272829"
                                  "30313233343536373839"
                                  "40414243444546474849"
                                  "50515253545556575859"
                                  "60616263646566676869"
                                  "70717273747576777879"
                                  "80818283848586878889"
                                  "90919293949596979899";

/* Writes the decimal digits of v ("0" for 0) ending at `end`, two at a
 * time; returns the start. */
static char *digits_before(char *end, uint64_t v)
{
    while (v >= 100) {
        uint64_t r = v % 100;
        v /= 100;
        end -= 2;
        memcpy(end, digit_pairs + 2 * r, 2);
    }
    if (v >= 10) {
        end -= 2;
        memcpy(end, digit_pairs + 2 * v, 2);
    } else {
        *--end = (char)('0' + v);
    }
    return end;
}

/* Writes k / 10^6 (k > 0) in fixed notation, trailing zeros dropped (and
 * the point with them), '-' first when neg, ending at `end` at the latest:
 * the six decimals at end - 6, the text ending after the last nonzero one.
 * Returns the length; *start gets the first byte. */
static size_t millionths(char *end, uint64_t k, bool neg, const char **start)
{
    uint64_t whole = k / 1000000, frac = k % 1000000;
    char *p;
    if (frac == 0) {
        p = digits_before(end, whole);
    } else {
        /* The six decimals, zero-padded, then the trailing zeros dropped. */
        char *six = end - 6;
        memcpy(six, digit_pairs + 2 * (frac / 10000), 2);
        memcpy(six + 2, digit_pairs + 2 * (frac / 100 % 100), 2);
        memcpy(six + 4, digit_pairs + 2 * (frac % 100), 2);
        size_t nd = 6;
        while (six[nd - 1] == '0')
            nd--; /* stops at a nonzero digit: frac > 0 */
        end = six + nd;
        six[-1] = '.';
        p = digits_before(six - 1, whole);
    }
    if (neg)
        *--p = '-';
    *start = p;
    return (size_t)(end - p);
}

/* Formats d as cJSON would when that is provable without printf: integers
 * below 1e15 (cJSON prints them with "%d" or "%1.15g", the same digits),
 * and numbers 1e-4 <= |d| < 1e9 that are the double nearest to k / 10^6
 * for an integer k. For those, "%1.15g" rounds d to 15 significant digits,
 * a grid on which k / 10^6 lies (|d| < 1e9) and from which d is less than
 * half a step away (d is within half an ulp of k / 10^6, 2.2e-16 |d|, the
 * half step at least 5e-16 |d|), in fixed notation (|d| >= 1e-4), trailing
 * zeros dropped; and reading that back gives d again, so cJSON keeps it.
 * Writes the text in tmp, ending at tmp + NUMBER_ROOM at the latest, and
 * returns its length (*start gets its first byte), or 0 when cJSON must
 * decide. */
static size_t fast_number(double d, char tmp[FAST_ROOM], const char **start)
{
    double a = fabs(d);
    if (!(a > 0) || !(a < 1e15))
        return 0; /* zero (signed), NaN, infinities, large: cJSON's way */
    char *end = tmp + NUMBER_ROOM;
    if (a == floor(a)) {
        char *p = digits_before(end, (uint64_t)a);
        if (d < 0)
            *--p = '-';
        *start = p;
        return (size_t)(end - p);
    }
    if (a < 1e-4 || a >= 1e9)
        return 0;
    /* nearbyint(a * 1e6) in the default rounding mode (evmap never
     * changes it): below 2^52, adding 2^52 rounds to an integer, to
     * even on a tie, and subtracting it again is exact. */
    double scaled = (a * 1e6 + 0x1p52) - 0x1p52;
    if (scaled / 1e6 != a)
        return 0;
    uint64_t k = (uint64_t)scaled;
    if (k % 1000000 == 0)
        return 0; /* cannot happen (a is not an integer); stay safe */
    return millionths(end, k, d < 0, start);
}

/* Appends fast_number()'s n bytes at text (in a FAST_ROOM buffer). */
static inline evm_error put_number_text(evm_buf *out, const char *text, size_t n)
{
    if (out->data && out->cap - out->len > FAST_COPY) {
        char *o = out->data + out->len;
        memcpy(o, text, FAST_COPY); /* the bytes after the n are overwritten later */
        out->len += n;
        o[n] = '\0';
        return EVM_OK;
    }
    return put(out, text, n);
}

/* What this cJSON prints for the numbers 0 and -0 (valueint 0, as
 * cJSON_CreateNumber() makes them): asked once per process, since cJSON's
 * versions differ there. Empty when it could not print them. */
static char zero_text[2][NUMBER_ROOM];
static pthread_once_t zero_once = PTHREAD_ONCE_INIT;

static void zero_init(void)
{
    for (int neg = 0; neg < 2; neg++) {
        cJSON item;
        memset(&item, 0, sizeof item);
        item.type = cJSON_Number;
        item.valuedouble = neg ? -0.0 : 0.0;
        char slow[64];
        if (cJSON_PrintPreallocated(&item, slow, (int)sizeof slow, 0) &&
            strlen(slow) < sizeof zero_text[neg])
            memcpy(zero_text[neg], slow, strlen(slow) + 1);
    }
}

static evm_error print_number(const cJSON *item, evm_buf *out)
{
    char buf[FAST_ROOM];
    const char *text;
    size_t n = fast_number(item->valuedouble, buf, &text);
    if (n)
        return put_number_text(out, text, n);
    if (item->valuedouble == 0 && item->valueint == 0) {
        pthread_once(&zero_once, zero_init);
        const char *z = zero_text[signbit(item->valuedouble) ? 1 : 0];
        if (*z)
            return put(out, z, strlen(z));
    }
    /* cJSON prints a lone number item (never its siblings) into buf. */
    char slow[64];
    if (!cJSON_PrintPreallocated((cJSON *)item, slow, (int)sizeof slow, 0))
        return EVM_ERR_LIMIT;
    return put(out, slow, strlen(slow));
}

/* The bytes cJSON escapes: below 0x20, '"' and '\\'. */
static const unsigned char needs_escape[256] = {1, 1, 1, 1, 1, 1, 1, 1, 1,         1,         1, 1,
                                                1, 1, 1, 1, 1, 1, 1, 1, 1,         1,         1, 1,
                                                1, 1, 1, 1, 1, 1, 1, 1, ['"'] = 1, ['\\'] = 1};

/* cJSON's print_string_ptr() of the n bytes at s (no NUL among them). */
static evm_error print_string_n(const char *s, size_t n, evm_buf *out)
{
    static const char hex[] = "0123456789abcdef";
    /* Worst case: every byte becomes \u00xx. */
    if (n > (SIZE_MAX - 3) / 6)
        return EVM_ERR_LIMIT;
    if (!out->data || out->cap - out->len <= 6 * n + 3) { /* evm_buf_reserve() would grow */
        evm_error err = evm_buf_reserve(out, 6 * n + 3);
        if (err)
            return err;
    }
    char *o = out->data + out->len;
    *o++ = '"';
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    /* Eight bytes at a time while none of them needs escaping: a byte of x
     * is below 0x20, or equal to '"' or '\\' (x ^ that byte is zero), when
     * the has-less-than test of the word sets its top bit. */
    const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
    while (i + 8 <= n) {
        uint64_t x, q, b;
        memcpy(&x, p + i, 8);
        q = x ^ (ones * '"');
        b = x ^ (ones * '\\');
        uint64_t hit = ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b);
        if (hit & tops)
            break;
        memcpy(o, p + i, 8);
        o += 8;
        i += 8;
    }
    for (; i < n; i++) {
        unsigned char ch = p[i];
        if (!needs_escape[ch]) {
            *o++ = (char)ch;
            continue;
        }
        *o++ = '\\';
        switch (ch) {
        case '\\':
            *o++ = '\\';
            break;
        case '"':
            *o++ = '"';
            break;
        case '\b':
            *o++ = 'b';
            break;
        case '\f':
            *o++ = 'f';
            break;
        case '\n':
            *o++ = 'n';
            break;
        case '\r':
            *o++ = 'r';
            break;
        case '\t':
            *o++ = 't';
            break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[ch >> 4];
            *o++ = hex[ch & 15];
            break;
        }
    }
    *o++ = '"';
    *o = '\0';
    out->len = (size_t)(o - out->data);
    return EVM_OK;
}

/* cJSON's print_string_ptr(): NULL prints as "". */
static evm_error print_string(const char *s, evm_buf *out)
{
    if (!s)
        return put(out, "\"\"", 2);
    return print_string_n(s, strlen(s), out);
}

static evm_error print_value(const cJSON *item, evm_buf *out);

static evm_error print_children(const cJSON *item, evm_buf *out, int object)
{
    evm_error err = put(out, object ? "{" : "[", 1);
    for (const cJSON *c = item->child; c && !err; c = c->next) {
        if (object) {
            err = print_string(c->string, out);
            if (!err)
                err = put(out, ":", 1);
        }
        if (!err)
            err = print_value(c, out);
        if (!err && c->next)
            err = put(out, ",", 1);
    }
    return err ? err : put(out, object ? "}" : "]", 1);
}

static evm_error print_value(const cJSON *item, evm_buf *out)
{
    switch (item->type & 0xFF) {
    case cJSON_NULL:
        return put(out, "null", 4);
    case cJSON_False:
        return put(out, "false", 5);
    case cJSON_True:
        return put(out, "true", 4);
    case cJSON_Number:
        return print_number(item, out);
    case cJSON_Raw:
        return item->valuestring ? put(out, item->valuestring, strlen(item->valuestring))
                                 : EVM_ERR_LIMIT;
    case cJSON_String:
        return print_string(item->valuestring, out);
    case cJSON_Array:
        return print_children(item, out, 0);
    case cJSON_Object:
        return print_children(item, out, 1);
    default:
        return EVM_ERR_LIMIT;
    }
}

evm_error evm_json_print(const cJSON *item, evm_buf *out)
{
    if (!item)
        return EVM_ERR_LIMIT;
    evm_error err = evm_buf_reserve(out, 1);
    if (!err)
        err = print_value(item, out);
    return err;
}

evm_error evm_json_put_string(evm_buf *out, const char *s, size_t n)
{
    return print_string_n(s, n, out);
}

evm_error evm_json_put_text(evm_buf *out, const char *s, size_t n)
{
    const char *nul = memchr(s, '\0', n);
    return print_string_n(s, nul ? (size_t)(nul - s) : n, out);
}

/* The bytes of a short string copied as they are read, up to its NUL, while
 * none needs escaping: what print_string_n() writes for it, without
 * strlen(); -1 (nothing written) for a longer string or one to escape. */
#define SHORT_CSTR 64

evm_error evm_json_put_cstr(evm_buf *out, const char *s)
{
    if (!s)
        return EVM_ERR_NOMEM;
    if (out->data && out->cap - out->len > SHORT_CSTR + 2) {
        char *o = out->data + out->len;
        const unsigned char *p = (const unsigned char *)s;
        o[0] = '"';
        for (size_t i = 0; i < SHORT_CSTR; i++) {
            unsigned char ch = p[i];
            if (needs_escape[ch]) { /* the NUL too: one test per plain byte */
                if (ch != '\0')
                    break;
                o[i + 1] = '"';
                o[i + 2] = '\0';
                out->len += i + 2;
                return EVM_OK;
            }
            o[i + 1] = (char)ch;
        }
        /* Longer, or a byte to escape: the general printer from the start
         * (it writes over these bytes; out->len has not moved). */
    }
    return print_string_n(s, strlen(s), out);
}

evm_error evm_json_put_number(evm_buf *out, double d)
{
    /* print_number()'s fast case first: it reads valuedouble only. */
    char buf[FAST_ROOM];
    const char *text;
    size_t n = fast_number(d, buf, &text);
    if (n)
        return put_number_text(out, text, n);
    /* The item cJSON_CreateNumber(d) makes (valueint saturated). */
    cJSON item;
    memset(&item, 0, sizeof item);
    item.type = cJSON_Number;
    item.valuedouble = d;
    if (d != d)
        item.valueint = 0; /* NaN prints as null whatever valueint holds */
    else if (d >= INT_MAX)
        item.valueint = INT_MAX;
    else if (d <= (double)INT_MIN)
        item.valueint = INT_MIN;
    else
        item.valueint = (int)d;
    return print_number(&item, out);
}

evm_error evm_json_put_round6(evm_buf *out, double deg)
{
    /* t = deg * 1e6 as evm_round6() computes it, and R = round(|t|) (half
     * away from zero): adding and subtracting 2^52 rounds |t| < 2^52 to
     * the nearest integer, a tie to even; r - |t| is exact (Sterbenz, or
     * r = 0), -0.5 for a tie rounded down. evm_round6() gives d = +-R / 10^6
     * (0 for R = 0, and evm_json_put_number() prints that). For
     * 100 <= R < 10^14, fast_number(d) prints millionths(R): |d| >= 1e-4
     * (the double nearest 100 / 10^6 is the one nearest 1e-4) and below
     * 1e8; an integer exactly when 10^6 divides R (otherwise d is at least
     * 1e-6 from every integer, far more than its ulp); and |d| * 1e6, within
     * 2.3e-16 R < 0.5 of R, rounds back to R, whose quotient by 1e6 is d
     * again. Other values go the general way. */
    double t = deg * 1e6, at = fabs(t);
    if (at < 1e14) {
        double r = (at + 0x1p52) - 0x1p52;
        if (r - at == -0.5)
            r += 1.0;
        if (r >= 100.0) {
            char buf[FAST_ROOM];
            const char *text;
            size_t n = millionths(buf + NUMBER_ROOM, (uint64_t)r, t < 0, &text);
            return put_number_text(out, text, n);
        }
    }
    double d = round(t) / 1e6;
    return evm_json_put_number(out, d == 0.0 ? 0.0 : d);
}

evm_error evm_json_put_milli(evm_buf *out, long k)
{
    /* d = (double)k / 1000 is the double nearest (1000 k) / 10^6 ((double)k
     * is k for |k| < 2^53); for 1 <= |k| < 10^11, R = 1000 |k| lies in
     * [100, 10^14), where evm_json_put_round6() shows fast_number(d) to
     * print millionths(R). Other values go the general way. */
    uint64_t m = k < 0 ? 0 - (uint64_t)k : (uint64_t)k;
    if (m >= 1 && m < 100000000000u) {
        char buf[FAST_ROOM];
        const char *text;
        size_t n = millionths(buf + NUMBER_ROOM, 1000 * m, k < 0, &text);
        return put_number_text(out, text, n);
    }
    return evm_json_put_number(out, (double)k / 1000);
}

evm_error evm_json_put_size(evm_buf *out, size_t v)
{
    /* For 0 < v < 1e15, (double)v is v exactly (below 2^53) and
     * fast_number() prints its digits_before(); 0 and larger values go the
     * general way. */
    if (v == 0 || v >= 1000000000000000u)
        return evm_json_put_number(out, (double)v);
    char buf[FAST_ROOM];
    char *end = buf + NUMBER_ROOM, *p = digits_before(end, (uint64_t)v);
    return put_number_text(out, p, (size_t)(end - p));
}

evm_error evm_json_put_origin(evm_buf *out, const char *article_id, const char *layer)
{
    evm_error err = EVM_JSON_PUT_LIT(out, ",\"article_id\":");
    if (!err)
        err = article_id ? evm_json_put_cstr(out, article_id) : EVM_JSON_PUT_LIT(out, "null");
    if (!err)
        err = EVM_JSON_PUT_LIT(out, ",\"layer\":");
    return err ? err : evm_json_put_cstr(out, layer);
}
