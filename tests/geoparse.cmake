# Tests of the geoparse area.
evm_add_unit_test(test_geoparse ${CMAKE_CURRENT_LIST_DIR}/geoparse/test_geoparse.c)
