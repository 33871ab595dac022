/* Lookup keys: one key for the spellings a reader treats as the same name. */
#include "check.h"
#include "core/alloc.h"
#include "gazetteer/gazetteer.h"

static void key_is(const char *name, const char *want)
{
    char *key = NULL;
    size_t len = 0;
    evm_error err = evm_normalize_key(name, strlen(name), &key, &len);
    CHECK_MSG(err == EVM_OK, "normalising '%s': %s", name, evm_error_describe(err));
    if (err == EVM_OK) {
        CHECK_MSG(strcmp(key, want) == 0, "'%s' -> '%s', want '%s'", name, key, want);
        CHECK_EQ_INT(len, strlen(want));
    }
    evm_free(key);
}

int main(void)
{
    key_is("Pyongyang", "pyongyang");
    key_is("P'yŏngyang", "pyongyang");
    key_is("P’yŏngyang", "pyongyang");
    key_is("Pyong-yang", "pyongyang");
    key_is("PYONGYANG", "pyongyang");
    key_is("Władywostok", "wladywostok");
    key_is("São Paulo", "sao paulo");
    key_is("Zürich", "zurich");
    key_is("  St.  Petersburg ", "st petersburg");
    key_is("Øresund", "oresund");
    key_is("Владивосток", "владивосток");
    key_is("ВЛАДИВОСТОК", "владивосток");
    key_is("블라디보스토크", "블라디보스토크");
    key_is("U.S.", "us");
    key_is("Côte d’Ivoire", "cote divoire");
    key_is("Straße", "strasse");
    key_is("ﬁnland", "finland"); /* NFKC folds the ligature */

    /* The buffer variant agrees and reports overflow instead of truncating. */
    char buf[8];
    size_t len;
    CHECK(evm_normalize_key_buf("Vladivostok", 11, buf, sizeof buf, &len) == EVM_ERR_LIMIT);
    char big[64];
    CHECK(evm_normalize_key_buf("Vladivostok", 11, big, sizeof big, &len) == EVM_OK);
    CHECK_EQ_STR(big, "vladivostok");

    /* Invalid UTF-8 is an error, not a key. */
    char *key = NULL;
    CHECK(evm_normalize_key("Mos\xC0\xAFow", 8, &key, NULL) == EVM_ERR_UTF8);
    CHECK(key == NULL);
    return check_finish();
}
