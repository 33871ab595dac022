# Tests of the lexicon area.
evm_add_unit_test(test_lexicon ${CMAKE_CURRENT_LIST_DIR}/lexicon/test_lexicon.c)
