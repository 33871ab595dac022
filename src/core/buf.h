/*
 * buf.h - a growable byte buffer and a growable array, used across modules.
 */
#ifndef EVM_CORE_BUF_H
#define EVM_CORE_BUF_H

#include "evmap.h"

#include <stdarg.h>
#include <stddef.h>

/* A growable, NUL-terminated byte buffer. Zero-initialise, then append;
 * free with evm_buf_free(). `data` is NULL until the first append. */
typedef struct evm_buf {
    char *data;
    size_t len;
    size_t cap;
} evm_buf;

evm_error evm_buf_reserve(evm_buf *b, size_t extra);
evm_error evm_buf_append(evm_buf *b, const void *data, size_t len);
evm_error evm_buf_puts(evm_buf *b, const char *s);
evm_error evm_buf_printf(evm_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void evm_buf_free(evm_buf *b);

/* Grows the array `*items` (of `*cap` elements of `size` bytes) so it holds at
 * least `need` elements. Returns EVM_ERR_NOMEM on failure (array unchanged). */
evm_error evm_grow(void **items, size_t *cap, size_t need, size_t size);

#endif
