# Tests of the extract area.
evm_add_unit_test(test_claims ${CMAKE_CURRENT_LIST_DIR}/extract/test_claims.c)
evm_add_unit_test(test_events ${CMAKE_CURRENT_LIST_DIR}/extract/test_events.c)
