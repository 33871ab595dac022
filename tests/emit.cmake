# Tests of the emit area.
evm_add_unit_test(test_emit_html ${CMAKE_CURRENT_LIST_DIR}/emit/test_html.c)
evm_add_unit_test(test_emit_qml ${CMAKE_CURRENT_LIST_DIR}/emit/test_qml.c)
evm_add_unit_test(test_emit_json_print ${CMAKE_CURRENT_LIST_DIR}/emit/test_json_print.c)
evm_add_unit_test(test_emit_records ${CMAKE_CURRENT_LIST_DIR}/emit/test_records.c)
