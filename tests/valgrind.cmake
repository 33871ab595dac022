# EVMAP_VALGRIND=ON: the test suite again under valgrind memcheck, label
# "valgrind"; any memory error and any definite or indirect leak fails a test
# (--error-exitcode, --errors-for-leak-kinds=definite,indirect). Use a build
# without EVMAP_SANITIZE (the top-level CMakeLists refuses both).
#   ctest --test-dir build-vg -L valgrind
#
# - Unit tests (a test whose command is the executable target of the same
#   name) and make_fixtures (clients_fixtures): valgrind_<test>, the
#   executable run under valgrind.
# - Script tests (bash or python scripts that run $EVMAP; evm_add_cli_test
#   and evm_note_script_test in tests/CMakeLists.txt): valgrind_<test> runs
#   the script through tests/valgrind/run_script.sh, which points EVMAP (and
#   EVMAP_GAZC, the index compiler) at wrappers running them under valgrind,
#   one log per run; a non-empty log fails the test even when the script
#   ignores that run's exit status. All of them: cli_gazetteer_errors,
#   cli_gazetteer_extra, cli_lookup, cli_gazetteer_geonames, cli_claims_table,
#   cli_measure, cli_map, cli_batch, bad_inputs, and clients_map_example
#   (`evmap map` on the example article).
# - cli_claims_table runs every 4th row of tests/extract/claims-cases.tsv
#   (EVM_VALGRIND_CLAIMS_TABLE_STRIDE): one `evmap check` per row takes about
#   4 s under valgrind (all 55 rows: 233 s), and valgrind_test_claims already
#   runs every row through the claim parser and checker in one process.
# - The bad-input catalogue runs every row but EVM_VALGRIND_BAD_INPUTS_SKIP:
#   line-4m-places (4 MB through the geoparser) and numbers10m-check (10 MB
#   through the claim parser) take 3 and 10 s natively, and many minutes under
#   valgrind; they test time and size limits, and the same code runs under
#   valgrind on the small articles of every other row. (The 100 MB rows stay:
#   evmap stops reading past the size limit and refuses them, and batch
#   skips the long line without holding it.)
# - Not wrapped: the clients tests (GDAL, QGIS, Chromium, check-geojson read
#   evmap's files; no evmap code runs in them), clients_fixtures_committed
#   (a diff) and clients_make_fixtures (mkdir).
# - The allocation-failure tests under valgrind are in alloc.cmake.
# Time on the 2-core CI machine: see docs/hardening.md.
if(EVMAP_VALGRIND)
  find_program(VALGRIND_PROGRAM valgrind REQUIRED)
  set(EVM_VALGRIND ${VALGRIND_PROGRAM} --error-exitcode=1 --leak-check=full
      --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
      --track-origins=yes --quiet)
  get_property(_tests DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} PROPERTY TESTS)
  foreach(t IN LISTS _tests)
    if(TARGET ${t} AND NOT t MATCHES "^valgrind_" AND NOT t STREQUAL "test_alloc_failures")
      get_test_property(${t} ENVIRONMENT _env)
      add_test(NAME valgrind_${t} COMMAND ${EVM_VALGRIND} $<TARGET_FILE:${t}>)
      set_tests_properties(valgrind_${t} PROPERTIES LABELS valgrind TIMEOUT 1200)
      if(_env)
        set_tests_properties(valgrind_${t} PROPERTIES ENVIRONMENT "${_env}")
      endif()
    endif()
  endforeach()

  # make_fixtures writes every layer with the emitters.
  set(_vg_fixtures ${CMAKE_CURRENT_BINARY_DIR}/valgrind-clients-fixtures)
  list(JOIN EVM_VALGRIND " " _vg_string)
  add_test(NAME valgrind_clients_fixtures
    COMMAND bash -c "mkdir -p ${_vg_fixtures} && ${_vg_string} $<TARGET_FILE:make_fixtures> ${_vg_fixtures}")
  set_tests_properties(valgrind_clients_fixtures PROPERTIES LABELS valgrind TIMEOUT 1200)

  # Script tests: every evmap they start runs under valgrind.
  set(EVM_VALGRIND_BAD_INPUTS_SKIP "^(line-4m-places|numbers10m-check)$")
  set(EVM_VALGRIND_CLAIMS_TABLE_STRIDE 4)
  set(_vg_run ${CMAKE_CURRENT_SOURCE_DIR}/valgrind/run_script.sh)
  set(_vg_logs ${CMAKE_CURRENT_BINARY_DIR}/valgrind-logs)
  get_property(_scripts GLOBAL PROPERTY EVM_SCRIPT_TESTS)
  foreach(t IN LISTS _scripts)
    get_property(_cmd GLOBAL PROPERTY EVM_SCRIPT_COMMAND_${t})
    get_test_property(${t} ENVIRONMENT _env)
    if(NOT _env)
      set(_env "")
    endif()
    list(APPEND _env "EVMAP_VG=${_vg_string}")
    if(t STREQUAL "bad_inputs")
      list(APPEND _env "EVMAP_BAD_INPUTS_SKIP=${EVM_VALGRIND_BAD_INPUTS_SKIP}")
    elseif(t STREQUAL "cli_claims_table")
      list(APPEND _env "EVMAP_CLAIMS_TABLE_STRIDE=${EVM_VALGRIND_CLAIMS_TABLE_STRIDE}")
    endif()
    add_test(NAME valgrind_${t} COMMAND bash ${_vg_run} ${_vg_logs}/${t} ${_cmd})
    set_tests_properties(valgrind_${t} PROPERTIES LABELS valgrind TIMEOUT 1800
      ENVIRONMENT "${_env}")
  endforeach()

  # `evmap map` on the example article (what the clients tests load).
  add_test(NAME valgrind_clients_map_example
    COMMAND bash ${_vg_run} ${_vg_logs}/clients_map_example
            bash -c "\"$EVMAP\" map ${PROJECT_SOURCE_DIR}/examples/leader-train-trip.txt -o ${CMAKE_CURRENT_BINARY_DIR}/valgrind-map-example --gazetteer ${EVMAP_INDEX_PATH}")
  set_tests_properties(valgrind_clients_map_example PROPERTIES LABELS valgrind TIMEOUT 600
    ENVIRONMENT "EVMAP=$<TARGET_FILE:evmap>;EVMAP_VG=${_vg_string}")
endif()
