# Tests of the geometry area.
evm_add_unit_test(test_geometry_geodesic ${CMAKE_CURRENT_LIST_DIR}/geometry/test_geodesic.c)
evm_add_unit_test(test_geometry_line ${CMAKE_CURRENT_LIST_DIR}/geometry/test_line.c)
evm_add_unit_test(test_geometry_country ${CMAKE_CURRENT_LIST_DIR}/geometry/test_country.c)
