/*
 * fuzz_claims.c - the claim parser.
 *
 * Input: a header of mention records, then the sentence text. Byte 0: the
 * number of mentions (mod 9); each mention takes 4 bytes (start, length,
 * kind, resolved?) scaled into the text; then the text. The whole text is
 * one sentence, except that byte 1's high bit starts it at the first '.'.
 * A topic place is passed when byte 1's low bit is set.
 */
#include "extract/claims.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t nm = data[0] % 9;
    unsigned ctl = data[1];
    size_t hdr = 2 + 4 * nm;
    if (size < hdr)
        return 0;
    const char *text = (const char *)data + hdr;
    size_t len = size - hdr;
    size_t s0 = 0;
    if (ctl & 0x80) {
        const char *dot = memchr(text, '.', len);
        s0 = dot ? (size_t)(dot - text) + 1 : 0;
    }
    evm_claim_place places[8];
    static const char *const pnames[] = {"Alpha", "Beta", NULL, "Gamma"};
    for (size_t i = 0; i < nm; i++) {
        const uint8_t *m = data + 2 + 4 * i;
        size_t span = len - s0;
        size_t start = s0 + (span ? (size_t)m[0] * span / 256 : 0);
        size_t end = start + (size_t)m[1] % 24;
        if (end > len)
            end = len;
        places[i].start = start;
        places[i].end = end;
        places[i].kind = m[2] % 4;
        places[i].place_id = (m[3] & 1) ? EVM_CLAIM_NO_PLACE : (uint32_t)i;
        places[i].name = pnames[m[3] >> 6];
        places[i].demonym = (m[3] & 2) != 0;
    }
    evm_claim_place topic = {0, 0, 100, EVM_CLAIM_PLACE_CITY, "Topic"};
    evm_claim_input in = {text, len, s0, len, nm ? places : NULL, nm, (ctl & 1) ? &topic : NULL};
    evm_claim_list list = {0};
    evm_error err = evm_claims_extract(&in, &list, NULL);
    if (err == EVM_OK) {
        for (size_t i = 0; i < list.count; i++) {
            const evm_claim *c = &list.items[i];
            if (c->start > c->end || c->end > len)
                abort(); /* a claim's clause must lie in the text */
            if (c->subject >= (int)nm || c->reference >= (int)nm)
                abort();
        }
        (void)evm_claims_next_topic(&in, list.items, list.count);
    }
    evm_claim_list_free(&list);
    return 0;
}
