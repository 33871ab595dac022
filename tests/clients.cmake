# Tests with real clients (GDAL, QGIS, Chromium, check-geojson), label "clients".
#
# make_fixtures writes a directory of layers with the emitters
# (clients_fixtures, a ctest fixture); each client test then validates that
# directory and exits 77 (skipped) only when its tool is not installed.
# The scripts take any output directory, so they also check `evmap map -o DIR`.
#
# Tools (see tests/clients/README.md): apt gdal-bin python3-qgis chromium;
# npm (pinned in tests/clients/package-lock.json) @placemarkio/check-geojson,
# installed with `npm ci --prefix tests/clients`.
add_executable(make_fixtures ${CMAKE_CURRENT_LIST_DIR}/clients/make_fixtures.c)
target_link_libraries(make_fixtures PRIVATE evmap_lib)

set(EVM_CLIENTS_DIR ${CMAKE_CURRENT_BINARY_DIR}/clients-fixtures)
add_test(NAME clients_make_fixtures
  COMMAND ${CMAKE_COMMAND} -E make_directory ${EVM_CLIENTS_DIR})
add_test(NAME clients_fixtures
  COMMAND make_fixtures ${EVM_CLIENTS_DIR})
set_tests_properties(clients_make_fixtures PROPERTIES FIXTURES_SETUP clients_dir LABELS clients)
set_tests_properties(clients_fixtures PROPERTIES
  FIXTURES_SETUP clients_layers FIXTURES_REQUIRED clients_dir LABELS clients)

# The committed copy in tests/clients/fixtures/ must be what the emitters
# write today, byte for byte (output is stable across runs). To refresh it:
#   build/tests/make_fixtures tests/clients/fixtures
add_test(NAME clients_fixtures_committed
  COMMAND diff -r ${EVM_CLIENTS_DIR} ${CMAKE_CURRENT_LIST_DIR}/clients/fixtures)
set_tests_properties(clients_fixtures_committed PROPERTIES
  FIXTURES_REQUIRED clients_layers LABELS clients)

foreach(client check_geojson ogrinfo qgis chromium)
  add_test(NAME clients_${client}
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/clients/run_${client}.sh ${EVM_CLIENTS_DIR})
  set_tests_properties(clients_${client} PROPERTIES
    FIXTURES_REQUIRED clients_layers LABELS clients SKIP_RETURN_CODE 77 TIMEOUT 180)
endforeach()

# The same clients on what `evmap map` writes for the example article.
set(EVM_MAP_EXAMPLE_DIR ${CMAKE_CURRENT_BINARY_DIR}/map-example)
add_test(NAME clients_map_example
  COMMAND evmap map ${PROJECT_SOURCE_DIR}/examples/leader-train-trip.txt
          -o ${EVM_MAP_EXAMPLE_DIR} --gazetteer ${EVMAP_INDEX_PATH})
set_tests_properties(clients_map_example PROPERTIES FIXTURES_SETUP map_example LABELS clients)
foreach(client check_geojson ogrinfo qgis chromium)
  add_test(NAME clients_map_${client}
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/clients/run_${client}.sh ${EVM_MAP_EXAMPLE_DIR})
  set_tests_properties(clients_map_${client} PROPERTIES
    FIXTURES_REQUIRED map_example LABELS clients SKIP_RETURN_CODE 77 TIMEOUT 180)
endforeach()
