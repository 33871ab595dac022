# Tests of the timex area.
evm_add_unit_test(test_timex ${CMAKE_CURRENT_LIST_DIR}/timex/test_timex.c)
