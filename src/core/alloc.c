#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

#ifdef EVMAP_ALLOC_HOOKS
#include <stdatomic.h>
static atomic_long fail_after = -1;
static atomic_long count;

static int should_fail(void)
{
    long n = atomic_fetch_add(&count, 1);
    long limit = atomic_load(&fail_after);
    return limit >= 0 && n >= limit;
}

void evm_alloc_fail_after(long n)
{
    atomic_store(&count, 0);
    atomic_store(&fail_after, n);
}

long evm_alloc_count(void)
{
    return atomic_load(&count);
}
#else
static int should_fail(void)
{
    return 0;
}

void evm_alloc_fail_after(long n)
{
    (void)n;
}

long evm_alloc_count(void)
{
    return 0;
}
#endif

/* Failed allocations of this thread (evm_alloc_failures()). */
static _Thread_local unsigned long failures;

static void *counted(void *p)
{
    if (!p)
        failures++;
    return p;
}

unsigned long evm_alloc_failures(void)
{
    return failures;
}

void *evm_malloc(size_t size)
{
    return counted(should_fail() ? NULL : malloc(size ? size : 1));
}

void *evm_calloc(size_t count_, size_t size)
{
    return counted(should_fail() ? NULL : calloc(count_ ? count_ : 1, size ? size : 1));
}

void *evm_realloc(void *ptr, size_t size)
{
    return counted(should_fail() ? NULL : realloc(ptr, size ? size : 1));
}

void evm_free(void *ptr)
{
    free(ptr);
}

char *evm_strndup(const char *s, size_t len)
{
    char *copy = evm_malloc(len + 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

char *evm_strdup(const char *s)
{
    return evm_strndup(s, strlen(s));
}
