/*
 * normalize.c - lookup keys for place names.
 *
 * A key is the name in NFKC, case folded, with combining marks stripped,
 * a few letters that have no decomposition mapped to their base letter
 * (ł→l, ø→o, đ→d, ħ→h, ı→i, æ→ae, œ→oe, þ→th), apostrophes, hyphens and
 * dots removed, and white space folded to single spaces. Text and gazetteer
 * go through the same function, so "P'yŏngyang", "Pyong-yang" and
 * "PYONGYANG" meet at "pyongyang".
 */
#include "gazetteer/gazetteer.h"

#include "core/alloc.h"

#include <string.h>
#include <utf8proc.h>

/* Folds characters that utf8proc leaves alone (no canonical decomposition)
 * or that we want unified before case folding. Returns the replacement code
 * point; -1 is never returned (utf8proc custom functions must map 1:1), so
 * characters to drop are mapped to U+0027 and removed in the byte pass. */
static utf8proc_int32_t fold_custom(utf8proc_int32_t cp, void *data)
{
    (void)data;
    switch (cp) {
    case 0x2018: /* ‘ */
    case 0x2019: /* ’ */
    case 0x201B: /* ‛ */
    case 0x02BC: /* ʼ modifier apostrophe */
    case 0x02BB: /* ʻ okina */
    case 0x02B9: /* ʹ modifier prime (Russian soft sign transliteration) */
    case 0x02BA: /* ʺ */
    case 0x0060: /* ` */
    case 0x00B4: /* ´ */
    case 0x2032: /* ′ */
        return 0x27;
    case 0x2010: /* hyphen */
    case 0x2011: /* non-breaking hyphen */
    case 0x2012: /* figure dash */
    case 0x2013: /* en dash */
    case 0x2014: /* em dash */
    case 0x2212: /* minus */
    case 0x00AD: /* soft hyphen */
        return '-';
    case 0x0141: /* Ł */
    case 0x0142: /* ł */
        return 'l';
    case 0x00D8: /* Ø */
    case 0x00F8: /* ø */
        return 'o';
    case 0x0110: /* Đ */
    case 0x0111: /* đ */
    case 0x00D0: /* Ð */
    case 0x00F0: /* ð */
        return 'd';
    case 0x0126: /* Ħ */
    case 0x0127: /* ħ */
        return 'h';
    case 0x0131: /* ı dotless i */
        return 'i';
    default:
        return cp;
    }
}

/* Byte pass over folded UTF-8: drops apostrophes, hyphens and dots, expands
 * æ/œ/þ/ß, folds white space. Writes at most `size` bytes; returns the
 * length it needed (which may exceed size). */
static size_t finish_key(const unsigned char *in, size_t len, char *out, size_t size)
{
    size_t n = 0;
    int pending_space = 0;
#define PUT(c)                                                                                     \
    do {                                                                                           \
        if (n < size)                                                                              \
            out[n] = (char)(c);                                                                    \
        n++;                                                                                       \
    } while (0)
    for (size_t i = 0; i < len; i++) {
        unsigned char c = in[i];
        if (c == '\'' || c == '-' || c == '.')
            continue;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pending_space = n > 0;
            continue;
        }
        if (pending_space) {
            PUT(' ');
            pending_space = 0;
        }
        /* æ (C3 A6), œ (C5 93), þ (C3 BE) after case folding. */
        if (c == 0xC3 && i + 1 < len && in[i + 1] == 0xA6) {
            PUT('a');
            PUT('e');
            i++;
        } else if (c == 0xC5 && i + 1 < len && in[i + 1] == 0x93) {
            PUT('o');
            PUT('e');
            i++;
        } else if (c == 0xC3 && i + 1 < len && in[i + 1] == 0xBE) {
            PUT('t');
            PUT('h');
            i++;
        } else {
            PUT(c);
        }
    }
#undef PUT
    return n;
}

static int is_plain_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || c == '`')
            return 0;
    }
    return 1;
}

evm_error evm_normalize_key_buf(const char *name, size_t len, char *buf, size_t size,
                                size_t *key_len)
{
    if (!name || !buf || size == 0)
        return EVM_ERR_ARG;
    size_t n;
    if (is_plain_ascii(name, len)) {
        /* Fast path: ASCII needs only lower-casing and the byte pass. */
        char small[256];
        if (len > sizeof small)
            return EVM_ERR_LIMIT;
        for (size_t i = 0; i < len; i++) {
            char c = name[i];
            small[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        n = finish_key((const unsigned char *)small, len, buf, size);
    } else {
        utf8proc_uint8_t *folded = NULL;
        utf8proc_ssize_t flen =
            utf8proc_map_custom((const utf8proc_uint8_t *)name, (utf8proc_ssize_t)len, &folded,
                                UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                    UTF8PROC_STRIPMARK | UTF8PROC_IGNORE,
                                fold_custom, NULL);
        if (flen < 0)
            return flen == UTF8PROC_ERROR_NOMEM ? EVM_ERR_NOMEM : EVM_ERR_UTF8;
        n = finish_key(folded, (size_t)flen, buf, size);
        free(folded); /* allocated by utf8proc with malloc */
    }
    while (n > 0 && n <= size && buf[n - 1] == ' ')
        n--;
    if (n >= size)
        return EVM_ERR_LIMIT;
    buf[n] = '\0';
    if (key_len)
        *key_len = n;
    return EVM_OK;
}

evm_error evm_normalize_key(const char *name, size_t len, char **key, size_t *key_len)
{
    size_t size = len * 3 + 16;
    for (int attempt = 0; attempt < 4; attempt++) {
        char *buf = evm_malloc(size);
        if (!buf)
            return EVM_ERR_NOMEM;
        size_t n = 0;
        evm_error err = EVM_OK;
        if (len > 256 && is_plain_ascii(name, len)) {
            /* Long ASCII input: the buffer path caps its scratch at 256 bytes. */
            for (size_t i = 0; i < len; i++) {
                char c = name[i];
                buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
            }
            n = finish_key((const unsigned char *)buf, len, buf, size);
            while (n > 0 && buf[n - 1] == ' ')
                n--;
            buf[n] = '\0';
        } else {
            err = evm_normalize_key_buf(name, len, buf, size, &n);
        }
        if (err == EVM_OK) {
            *key = buf;
            if (key_len)
                *key_len = n;
            return EVM_OK;
        }
        evm_free(buf);
        if (err != EVM_ERR_LIMIT)
            return err;
        size *= 4;
    }
    return EVM_ERR_LIMIT;
}
