# Tests of the cli area.
add_test(NAME cli_claims_table COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/cli/claims_table.py)
set_tests_properties(cli_claims_table PROPERTIES
  ENVIRONMENT "EVMAP=$<TARGET_FILE:evmap>;EVMAP_IDX=${EVMAP_INDEX_PATH};EVMAP_TESTS=${CMAKE_CURRENT_LIST_DIR}")
evm_note_script_test(cli_claims_table python3 ${CMAKE_CURRENT_LIST_DIR}/cli/claims_table.py)
evm_add_cli_test(cli_measure cli/measure.sh)
evm_add_cli_test(cli_map cli/map.sh)
