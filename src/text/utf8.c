/*
 * utf8.c - UTF-8 validation and decoding with maximal-subpart error units
 * (Unicode 15, table 3-7 "Well-Formed UTF-8 Byte Sequences").
 */
#include "text/text.h"

#include <stdio.h>
#include <string.h>

/* Second-byte range for each lead byte; the other continuation bytes are
 * always 80..BF. These ranges exclude overlongs (E0, F0), surrogates (ED)
 * and code points above U+10FFFF (F4). */
static int lead_info(unsigned char b, unsigned *need, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
        *need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
        *need = 2;
        if (b == 0xE0)
            *lo = 0xA0;
        else if (b == 0xED)
            *hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        *need = 3;
        if (b == 0xF0)
            *lo = 0x90;
        else if (b == 0xF4)
            *hi = 0x8F;
    } else {
        return 0;
    }
    return 1;
}

size_t evm_utf8_decode(const char *s, size_t len, size_t pos, int32_t *cp, int *valid)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char b = u[pos];
    if (b < 0x80) {
        *cp = b;
        if (valid)
            *valid = 1;
        return 1;
    }
    unsigned need;
    unsigned char lo, hi;
    if (!lead_info(b, &need, &lo, &hi)) {
        *cp = 0xFFFD;
        if (valid)
            *valid = 0;
        return 1;
    }
    uint32_t v = b & (need == 1 ? 0x1Fu : need == 2 ? 0x0Fu : 0x07u);
    for (unsigned i = 1; i <= need; i++) {
        unsigned char c = pos + i < len ? u[pos + i] : 0;
        int ok = pos + i < len && (i == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF));
        if (!ok) {
            *cp = 0xFFFD;
            if (valid)
                *valid = 0;
            return i;
        }
        v = (v << 6) | (c & 0x3Fu);
    }
    *cp = (int32_t)v;
    if (valid)
        *valid = 1;
    return need + 1;
}

evm_error evm_utf8_validate(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t pos = 0;
    while (pos < len) {
        /* ASCII fast path: 8 bytes at a time. */
        while (pos + 8 <= len) {
            uint64_t w;
            memcpy(&w, u + pos, 8);
            if (w & 0x8080808080808080ull)
                break;
            pos += 8;
        }
        if (pos >= len)
            break;
        if (u[pos] < 0x80) {
            pos++;
            continue;
        }
        int32_t cp;
        int ok;
        size_t n = evm_utf8_decode(s, len, pos, &cp, &ok);
        if (!ok) {
            if (bad_offset)
                *bad_offset = pos;
            return EVM_ERR_UTF8;
        }
        pos += n;
    }
    return EVM_OK;
}

evm_error evm_utf8_diag(const char *s, size_t len, size_t bad_offset, const char *what,
                        evm_diag *diag)
{
    if (!diag)
        return EVM_ERR_UTF8;
    const unsigned char *u = (const unsigned char *)s;
    size_t line = 1, col = 1;
    for (size_t i = 0; i < bad_offset && i < len; i++) {
        if (u[i] == '\n') {
            line++;
            col = 1;
        } else if ((u[i] & 0xC0) != 0x80) {
            col++; /* count lead bytes: one per code point (or per stray byte) */
        }
    }
    /* Show the lead byte, the continuation bytes it announces, and the byte
     * that cut the sequence short, so "C3 28" and "C0 AF" read as written. */
    char bytes[64] = "";
    size_t blen = 0;
    size_t show = 1;
    int truncated = 0;
    if (bad_offset < len) {
        unsigned char b = u[bad_offset];
        unsigned nominal = b >= 0xF0 && b <= 0xF7   ? 3
                           : b >= 0xE0 && b <= 0xEF ? 2
                           : b >= 0xC0 && b <= 0xDF ? 1
                                                    : 0;
        int cut = 0;
        while (show <= nominal && bad_offset + show < len) {
            unsigned char c = u[bad_offset + show];
            show++;
            if ((c & 0xC0) != 0x80) {
                cut = 1;
                break;
            }
        }
        truncated = !cut && show <= nominal;
        for (size_t i = 0; i < show && bad_offset + i < len; i++) {
            int w = snprintf(bytes + blen, sizeof bytes - blen, "%s0x%02X", i ? " " : "",
                             u[bad_offset + i]);
            if (w < 0 || (size_t)w >= sizeof bytes - blen)
                break;
            blen += (size_t)w;
        }
    }
    return evm_diag_set(diag, EVM_ERR_UTF8,
                        "%s%sbyte %zu (line %zu, column %zu): invalid UTF-8 sequence %s%s",
                        what ? what : "", what ? ": " : "", bad_offset, line, col, bytes,
                        truncated ? " (truncated at end of input)" : "");
}

size_t evm_utf8_scrub(char *s, size_t len)
{
    size_t from = 0, bad = 0, replaced = 0;
    while (from < len && evm_utf8_validate(s + from, len - from, &bad) == EVM_ERR_UTF8) {
        size_t at = from + bad;
        int32_t cp = 0;
        size_t n = evm_utf8_decode(s, len, at, &cp, NULL);
        memset(s + at, '?', n);
        replaced += n;
        from = at + n;
    }
    return replaced;
}
