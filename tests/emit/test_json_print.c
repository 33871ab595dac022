/*
 * test_json_print - evm_json_print() gives exactly cJSON_PrintUnformatted()'s
 * bytes: numbers of every kind (integers, six-decimal coordinates, random
 * bit patterns, zeros of both signs, NaN and infinities, the edges of the
 * fast path), strings with every byte value (and the bytes to escape and
 * their neighbours at every position of strings of up to 70 bytes), keys, nesting, empty
 * containers, booleans, null and raw items; and evm_json_put_number() and
 * evm_json_put_string() print what the same values print as items (numbers
 * also after a prefix in a buffer with room), evm_json_put_size(v) what
 * evm_json_put_number((double)v) prints, evm_json_put_round6(deg) what
 * evm_json_put_number(evm_round6(deg)) prints, evm_json_put_milli(k) what
 * evm_json_put_number((double)k / 1000) prints.
 */
#include "check.h"
#include "emit/geojson_util.h"
#include "emit/json_print.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t next_u64(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int same_as_cjson(const cJSON *item)
{
    char *want = cJSON_PrintUnformatted(item);
    evm_buf got = {0};
    evm_error err = evm_json_print(item, &got);
    int ok = want && err == EVM_OK && got.data && strcmp(want, got.data) == 0;
    if (!ok)
        fprintf(stderr, "want %s\n got %s\n", want ? want : "(null)",
                got.data ? got.data : "(null)");
    cJSON_free(want);
    evm_buf_free(&got);
    return ok;
}

static int number_same(double d)
{
    cJSON *n = cJSON_CreateNumber(d);
    int ok = n && same_as_cjson(n);
    /* evm_json_put_number(d) prints what the tree's item prints. */
    char *want = n ? cJSON_PrintUnformatted(n) : NULL;
    evm_buf got = {0};
    ok = ok && want && evm_json_put_number(&got, d) == EVM_OK && got.data &&
         strcmp(got.data, want) == 0;
    evm_buf_free(&got);
    /* And after a prefix in a buffer with room (the in-place copy). */
    ok = ok && evm_buf_reserve(&got, 256) == EVM_OK && EVM_JSON_PUT_LIT(&got, "[") == EVM_OK &&
         evm_json_put_number(&got, d) == EVM_OK && got.data[0] == '[' &&
         strcmp(got.data + 1, want) == 0 && got.len == 1 + strlen(want);
    cJSON_free(want);
    evm_buf_free(&got);
    if (!ok)
        fprintf(stderr, "number %.17g\n", d);
    cJSON_Delete(n);
    return ok;
}

/* evm_json_put_size(v) prints what evm_json_put_number((double)v) prints,
 * into an empty buffer and after a prefix in a buffer with room. */
static int size_same(size_t v)
{
    evm_buf want = {0}, got = {0}, roomy = {0};
    int ok = evm_json_put_number(&want, (double)v) == EVM_OK &&
             evm_json_put_size(&got, v) == EVM_OK && want.data && got.data &&
             strcmp(want.data, got.data) == 0 && want.len == got.len &&
             evm_buf_reserve(&roomy, 256) == EVM_OK && EVM_JSON_PUT_LIT(&roomy, "x") == EVM_OK &&
             evm_json_put_size(&roomy, v) == EVM_OK && strcmp(roomy.data + 1, want.data) == 0 &&
             roomy.len == 1 + want.len;
    if (!ok)
        fprintf(stderr, "size %zu: want %s got %s\n", v, want.data ? want.data : "(null)",
                got.data ? got.data : "(null)");
    evm_buf_free(&want);
    evm_buf_free(&got);
    evm_buf_free(&roomy);
    return ok;
}

/* evm_json_put_round6(deg) prints what evm_json_put_number(evm_round6(deg))
 * prints. */
static int round6_same(double deg)
{
    evm_buf want = {0}, got = {0}, roomy = {0};
    int ok = evm_json_put_number(&want, evm_round6(deg)) == EVM_OK &&
             evm_json_put_round6(&got, deg) == EVM_OK && want.data && got.data &&
             strcmp(want.data, got.data) == 0 && want.len == got.len &&
             evm_buf_reserve(&roomy, 256) == EVM_OK && EVM_JSON_PUT_LIT(&roomy, "x") == EVM_OK &&
             evm_json_put_round6(&roomy, deg) == EVM_OK && strcmp(roomy.data + 1, want.data) == 0 &&
             roomy.len == 1 + want.len;
    if (!ok)
        fprintf(stderr, "round6 %.17g: want %s got %s\n", deg, want.data ? want.data : "(null)",
                got.data ? got.data : "(null)");
    evm_buf_free(&want);
    evm_buf_free(&got);
    evm_buf_free(&roomy);
    return ok;
}

static void test_round6(void)
{
    static const double fixed[] = {0.0,
                                   -0.0,
                                   1.0,
                                   -1.0,
                                   0.5,
                                   1e-4,
                                   -1e-4,
                                   9.9e-5,
                                   0.0000995,
                                   0.0000994,
                                   0.0000005,
                                   -0.0000005,
                                   0.0000015,
                                   0.0000025,
                                   180.0,
                                   -180.0,
                                   179.9999995,
                                   90.0,
                                   12.3456785,
                                   -12.3456785,
                                   1e8,
                                   1e8 + 0.5,
                                   99999999.9999995,
                                   1e9,
                                   -1e9,
                                   1e14,
                                   1e300,
                                   5e-324};
    int bad = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        bad += !round6_same(fixed[i]);
    bad += !round6_same(NAN) + !round6_same(INFINITY) + !round6_same(-INFINITY);
    for (int i = 0; i < 200000 && bad < 10; i++) {
        uint64_t r = next_u64();
        double d;
        switch (i % 4) {
        case 0: /* any coordinate */
            d = (double)(int64_t)(r % 360000000000ull) / 1e9 - 180.0;
            break;
        case 1: /* a tie or near-tie of the sixth decimal */
            d = ((double)(int64_t)(r % 360000000ull) - 180000000.0 + 0.5) / 1e6;
            if (i % 8 == 1)
                d = nextafter(d, (r >> 40) & 1 ? INFINITY : -INFINITY);
            break;
        case 2: /* a small value, about the 1e-4 edge */
            d = (double)(int64_t)(r % 400000) / 1e9 - 0.0002;
            break;
        default: /* any bit pattern */
            memcpy(&d, &r, sizeof d);
            break;
        }
        bad += !round6_same(d);
    }
    CHECK_EQ_INT(bad, 0);
}

/* evm_json_put_milli(k) prints what evm_json_put_number((double)k / 1000)
 * prints. */
static int milli_same(long k)
{
    evm_buf want = {0}, got = {0}, roomy = {0};
    int ok = evm_json_put_number(&want, (double)k / 1000) == EVM_OK &&
             evm_json_put_milli(&got, k) == EVM_OK && want.data && got.data &&
             strcmp(want.data, got.data) == 0 && want.len == got.len &&
             evm_buf_reserve(&roomy, 256) == EVM_OK && EVM_JSON_PUT_LIT(&roomy, "x") == EVM_OK &&
             evm_json_put_milli(&roomy, k) == EVM_OK && strcmp(roomy.data + 1, want.data) == 0 &&
             roomy.len == 1 + want.len;
    if (!ok)
        fprintf(stderr, "milli %ld: want %s got %s\n", k, want.data ? want.data : "(null)",
                got.data ? got.data : "(null)");
    evm_buf_free(&want);
    evm_buf_free(&got);
    evm_buf_free(&roomy);
    return ok;
}

static void test_milli(void)
{
    static const long fixed[] = {
        0,    1,     -1,   9,   10,          99,           100,           999,      1000,
        1001, -1000, 1234, 500, 99999999999, 100000000000, -100000000000, LONG_MAX, LONG_MIN};
    int bad = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        bad += !milli_same(fixed[i]);
    for (long k = -2000; k <= 2000; k++)
        bad += !milli_same(k);
    for (int i = 0; i < 20000 && bad < 10; i++) {
        uint64_t r = next_u64();
        bad += !milli_same((long)(r >> 1 >> (i % 63)) * (i % 3 ? 1 : -1));
    }
    CHECK_EQ_INT(bad, 0);
}

static void test_sizes(void)
{
    static const size_t fixed[] = {0,
                                   1,
                                   9,
                                   10,
                                   11,
                                   99,
                                   100,
                                   101,
                                   999,
                                   1000,
                                   65535,
                                   4294967295u,
                                   999999999999999u,
                                   1000000000000000u,
                                   9007199254740993u,
                                   SIZE_MAX};
    int bad = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        bad += !size_same(fixed[i]);
    for (int i = 0; i < 20000 && bad < 10; i++) {
        uint64_t r = next_u64();
        bad += !size_same((size_t)(i % 2 ? r % 100000000 : r >> (i % 64)));
    }
    CHECK_EQ_INT(bad, 0);
}

static void test_numbers(void)
{
    static const double fixed[] = {0.0,
                                   -0.0,
                                   1.0,
                                   -1.0,
                                   0.5,
                                   0.1,
                                   0.0001,
                                   0.00011,
                                   0.00009999,
                                   1e-5,
                                   1e9,
                                   -1e9,
                                   999999999.999999,
                                   1e15,
                                   1e15 - 1,
                                   -1e15,
                                   1e16,
                                   2147483647.0,
                                   2147483648.0,
                                   -2147483648.0,
                                   -2147483649.0,
                                   37.617635,
                                   -122.419416,
                                   179.999999,
                                   -180.0,
                                   1234.5,
                                   3.14159265358979,
                                   1.0 / 3.0,
                                   2.0 / 3.0,
                                   1e300,
                                   5e-324,
                                   123456789.123456,
                                   0.000001,
                                   100.000001};
    int bad = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        bad += !number_same(fixed[i]);
    bad += !number_same(NAN) + !number_same(INFINITY) + !number_same(-INFINITY);
    for (int i = 0; i < 200000 && bad < 10; i++) {
        uint64_t r = next_u64();
        double d;
        switch (i % 5) {
        case 0: /* a coordinate rounded to 6 decimals */
            d = round(((double)(r % 360000000) / 1e6 - 180.0) * 1e6) / 1e6;
            break;
        case 1: /* a distance rounded to 1, 2 or 3 decimals */
            d = round((double)(r % 100000000) / 1000.0 * pow(10, (double)(i % 3))) /
                pow(10, (double)(i % 3));
            break;
        case 2: /* any bit pattern */
            memcpy(&d, &r, sizeof d);
            break;
        case 3: /* an integer */
            d = (double)((int64_t)(r % 4000000000000000ull) - 2000000000000000ll);
            break;
        default: /* a fraction of any size */
            d = (double)(r % 1000000007) / (double)(1 + (r >> 40) % 1000003) *
                pow(10, (double)((int)(r >> 32) % 24 - 12));
            break;
        }
        bad += !number_same(d);
    }
    CHECK_EQ_INT(bad, 0);
}

static void test_strings(void)
{
    char all[256];
    for (int i = 1; i < 256; i++)
        all[i - 1] = (char)i;
    all[255] = '\0';
    const char *cases[] = {"",
                           "plain",
                           "quote \" and \\ backslash",
                           "tab\tnl\ncr\rbs\bff\f",
                           "\x01\x1f\x7f",
                           "caf\xc3\xa9 \xe2\x80\x99",
                           all};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *s = cJSON_CreateString(cases[i]);
        CHECK(s && same_as_cjson(s));
        char *want = s ? cJSON_PrintUnformatted(s) : NULL;
        evm_buf got = {0};
        CHECK(evm_json_put_string(&got, cases[i], strlen(cases[i])) == EVM_OK);
        CHECK(want && got.data && strcmp(want, got.data) == 0);
        got.len = 0;
        CHECK(evm_json_put_cstr(&got, cases[i]) == EVM_OK);
        CHECK(want && got.data && strcmp(want, got.data) == 0 && got.len == strlen(want));
        cJSON_free(want);
        evm_buf_free(&got);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, cases[i], cases[i]);
        CHECK(same_as_cjson(o));
        cJSON_Delete(s);
        cJSON_Delete(o);
    }
}

/* The bytes that matter at every position of strings of 1 to 24, 47 and 70
 * bytes (the eight-byte copy and its byte-by-byte rest; evm_json_put_cstr()'s
 * short-string copy and its fallback), the others plain or high. */
static void test_string_positions(void)
{
    /* Every byte cJSON escapes and its neighbours, the other ASCII edges and
     * some high bytes (every value is in test_strings()). */
    unsigned char probe_bytes[0x24 + 8];
    for (int b = 1; b <= 0x24; b++)
        probe_bytes[b - 1] = (unsigned char)b;
    const unsigned char more[] = {'[', '\\', ']', 'z', 0x7f, 0x80, 0xc3, 0xff};
    memcpy(probe_bytes + 0x24, more, sizeof more);
    for (int fill = 0; fill < 2; fill++) {
        for (size_t len = 1; len <= 70; len += len < 24 ? 1 : 23) {
            for (size_t at = 0; at < len; at++) {
                for (size_t bi = 0; bi < sizeof probe_bytes; bi++) {
                    unsigned char ch = probe_bytes[bi];
                    char str[80];
                    memset(str, fill ? 0xC3 : 'a', len);
                    str[at] = (char)ch;
                    str[len] = '\0';
                    cJSON *s = cJSON_CreateString(str);
                    char *want = s ? cJSON_PrintUnformatted(s) : NULL;
                    evm_buf got = {0};
                    int ok = want && evm_json_put_string(&got, str, len) == EVM_OK && got.data &&
                             strcmp(want, got.data) == 0;
                    /* evm_json_put_cstr() after some bytes already in the buffer. */
                    evm_buf cs = {0};
                    ok = ok && evm_json_put_raw(&cs, "x", 1) == EVM_OK &&
                         evm_json_put_cstr(&cs, str) == EVM_OK && cs.data && cs.data[0] == 'x' &&
                         strcmp(want, cs.data + 1) == 0 && cs.len == strlen(want) + 1;
                    evm_buf_free(&cs);
                    if (!ok)
                        fprintf(stderr, "string of %zu, byte %d at %zu\n", len, (int)ch, at);
                    CHECK(ok);
                    cJSON_free(want);
                    evm_buf_free(&got);
                    cJSON_Delete(s);
                }
            }
        }
    }
}

static void test_trees(void)
{
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "type", "Feature");
    cJSON *g = cJSON_AddObjectToObject(f, "geometry");
    cJSON_AddStringToObject(g, "type", "LineString");
    cJSON *coords = cJSON_AddArrayToObject(g, "coordinates");
    for (int i = 0; i < 5; i++) {
        cJSON *pt = cJSON_CreateArray();
        cJSON_AddItemToArray(pt, cJSON_CreateNumber(131.885 + i * 0.123457));
        cJSON_AddItemToArray(pt, cJSON_CreateNumber(43.115 - i * 1e-6));
        cJSON_AddItemToArray(coords, pt);
    }
    cJSON *p = cJSON_AddObjectToObject(f, "properties");
    cJSON_AddTrueToObject(p, "t");
    cJSON_AddFalseToObject(p, "f");
    cJSON_AddNullToObject(p, "n");
    cJSON_AddRawToObject(p, "raw", "[1,2]");
    cJSON_AddObjectToObject(p, "empty_object");
    cJSON_AddArrayToObject(p, "empty_array");
    cJSON_AddItemToObjectCS(p, "ref", cJSON_CreateStringReference("a\"b"));
    cJSON_AddNumberToObject(p, "km", 1234.56789);
    CHECK(same_as_cjson(f));
    CHECK(same_as_cjson(coords));
    cJSON_Delete(f);
    cJSON *empty = cJSON_CreateArray();
    CHECK(same_as_cjson(empty));
    cJSON_Delete(empty);
    /* A string item without text prints as "" in both. */
    cJSON *o = cJSON_CreateObject();
    cJSON *s = cJSON_CreateString("x");
    cJSON_AddItemToObject(o, "k", s);
    cJSON_free(s->valuestring);
    s->valuestring = NULL;
    CHECK(same_as_cjson(o));
    cJSON_Delete(o);
}

int main(void)
{
    test_numbers();
    test_sizes();
    test_round6();
    test_milli();
    test_strings();
    test_string_positions();
    test_trees();
    return check_finish();
}
