# Tests of the gazetteer area.
evm_add_unit_test(test_normalize ${CMAKE_CURRENT_LIST_DIR}/gazetteer/test_normalize.c)
evm_add_unit_test(test_lookup ${CMAKE_CURRENT_LIST_DIR}/gazetteer/test_lookup.c)
evm_add_unit_test(test_index_sources ${CMAKE_CURRENT_LIST_DIR}/gazetteer/test_index_sources.c)
set_tests_properties(test_index_sources PROPERTIES
  ENVIRONMENT "EVMAP_GAZETTEER=${EVMAP_INDEX_PATH};EVMAP_SOURCES=${PROJECT_BINARY_DIR}/gazetteer/sources")
evm_add_cli_test(cli_gazetteer_errors cli/gazetteer_errors.sh)
evm_add_cli_test(cli_gazetteer_extra cli/gazetteer_extra.sh)
evm_add_cli_test(cli_lookup cli/lookup.sh)
evm_add_cli_test(cli_gazetteer_geonames cli/gazetteer_geonames.sh)
