# Bad-input catalogue (issue 7): tests/bad-inputs/catalogue.tsv lists each
# bad input with its command, exit status and expected message; run.sh makes
# the inputs (the 100 MB and 10 MB ones at test time) and checks every row.
add_test(NAME bad_inputs COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh)
set_tests_properties(bad_inputs PROPERTIES
  LABELS bad-inputs TIMEOUT 900
  ENVIRONMENT "EVMAP=$<TARGET_FILE:evmap>;EVMAP_IDX=${EVMAP_INDEX_PATH};EVMAP_SRC=${PROJECT_SOURCE_DIR};EVMAP_BUILD=${PROJECT_BINARY_DIR}")
evm_note_script_test(bad_inputs bash ${CMAKE_CURRENT_LIST_DIR}/run.sh)
