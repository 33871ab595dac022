# Tests of the text area.
evm_add_unit_test(test_text_utf8 ${CMAKE_CURRENT_LIST_DIR}/text/test_utf8.c)
evm_add_unit_test(test_text_tokenize ${CMAKE_CURRENT_LIST_DIR}/text/test_tokenize.c)
evm_add_unit_test(test_text_sentences ${CMAKE_CURRENT_LIST_DIR}/text/test_sentences.c)
evm_add_unit_test(test_text_dateline ${CMAKE_CURRENT_LIST_DIR}/text/test_dateline.c)
evm_add_unit_test(test_text_number ${CMAKE_CURRENT_LIST_DIR}/text/test_number.c)
evm_add_unit_test(test_text_robust ${CMAKE_CURRENT_LIST_DIR}/text/test_robust.c)
