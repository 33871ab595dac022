#include "evmap.h"

#include <stdarg.h>
#include <stdio.h>

const char *evm_error_describe(evm_error err)
{
    switch (err) {
    case EVM_OK:
        return "success";
    case EVM_ERR_NOMEM:
        return "out of memory";
    case EVM_ERR_IO:
        return "input/output error";
    case EVM_ERR_FORMAT:
        return "malformed data";
    case EVM_ERR_VERSION:
        return "unsupported data format version";
    case EVM_ERR_UTF8:
        return "invalid UTF-8";
    case EVM_ERR_ARG:
        return "invalid argument";
    case EVM_ERR_NOT_FOUND:
        return "not found";
    case EVM_ERR_LIMIT:
        return "input exceeds a limit";
    case EVM_ERR_GEOMETRY:
        return "geometry library error";
    case EVM_ERR_INTERNAL:
        return "internal error";
    case EVM_ERR__COUNT:
        break;
    }
    return "unknown error";
}

evm_error evm_diag_set(evm_diag *diag, evm_error err, const char *fmt, ...)
{
    if (diag) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(diag->message, sizeof diag->message, fmt, ap);
        va_end(ap);
    }
    return err;
}
