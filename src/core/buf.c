#include "core/buf.h"

#include "core/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

evm_error evm_grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return EVM_OK;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return EVM_ERR_NOMEM;
        ncap *= 2;
    }
    if (size && ncap > SIZE_MAX / size)
        return EVM_ERR_NOMEM;
    void *p = evm_realloc(*items, ncap * size);
    if (!p)
        return EVM_ERR_NOMEM;
    *items = p;
    *cap = ncap;
    return EVM_OK;
}

evm_error evm_buf_reserve(evm_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return EVM_ERR_NOMEM;
    void *items = b->data;
    evm_error err = evm_grow(&items, &b->cap, b->len + extra + 1, 1);
    b->data = items;
    return err;
}

evm_error evm_buf_append(evm_buf *b, const void *data, size_t len)
{
    evm_error err = evm_buf_reserve(b, len);
    if (err)
        return err;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return EVM_OK;
}

evm_error evm_buf_puts(evm_buf *b, const char *s)
{
    return evm_buf_append(b, s, strlen(s));
}

evm_error evm_buf_printf(evm_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return EVM_ERR_INTERNAL;
    if ((size_t)n < sizeof small)
        return evm_buf_append(b, small, (size_t)n);
    evm_error err = evm_buf_reserve(b, (size_t)n);
    if (err)
        return err;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return EVM_OK;
}

void evm_buf_free(evm_buf *b)
{
    evm_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
