/*
 * alloc.h - the library's allocator.
 *
 * Every allocation in libevmap goes through these functions so that the
 * allocation-failure test build (EVMAP_ALLOC_HOOKS) can fail the Nth call
 * and show that each cleanup path works. Semantics are those of the C
 * library functions they wrap; evm_free(NULL) is a no-op.
 */
#ifndef EVM_CORE_ALLOC_H
#define EVM_CORE_ALLOC_H

#include <stddef.h>

void *evm_malloc(size_t size);
void *evm_calloc(size_t count, size_t size);
void *evm_realloc(void *ptr, size_t size);
void evm_free(void *ptr);
/* Duplicates the NUL-terminated `s`; caller frees with evm_free(). */
char *evm_strdup(const char *s);
/* Duplicates `len` bytes of `s` and adds a NUL; caller frees with evm_free(). */
char *evm_strndup(const char *s, size_t len);

/* How many allocations of the calling thread have failed so far (in every
 * build). A caller of a function that cannot tell out of memory from bad
 * input (cJSON's parsers return NULL for both) compares it before and after
 * the call; this works when cJSON allocates through evm_malloc (the CLI and
 * the tests set cJSON_InitHooks). */
unsigned long evm_alloc_failures(void);

/* Allocation-failure injection (test builds only; no-ops otherwise).
 * evm_alloc_fail_after(n): the (n+1)th allocation from now fails; n < 0
 * disables failures. evm_alloc_count(): allocations made since the last
 * evm_alloc_fail_after() call. */
void evm_alloc_fail_after(long n);
long evm_alloc_count(void);

#endif
