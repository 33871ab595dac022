# Tests of the verify area.
evm_add_unit_test(test_verify ${CMAKE_CURRENT_LIST_DIR}/verify/test_verify.c)
