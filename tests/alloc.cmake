# Allocation-failure test (EVMAP_ALLOC_HOOKS builds only): every allocation
# of a small article's run fails in turn, step by step (index, extra
# gazetteers, geoparse, claims, events, itineraries, every layer and map.html)
# and through the pipeline (see tests/alloc/test_alloc_failures.c). It uses
# the tiny index compiled from fuzz/fixtures/tiny (hand-written sources) so
# that each of the thousands of runs opens an index of a few KB, not the full
# 49 MB one.
if(EVMAP_ALLOC_HOOKS)
  set(EVM_TINY_INDEX ${CMAKE_CURRENT_BINARY_DIR}/alloc-tiny.idx)
  file(GLOB _tiny_sources ${PROJECT_SOURCE_DIR}/fuzz/fixtures/tiny/*)
  add_custom_command(
    OUTPUT ${EVM_TINY_INDEX}
    COMMAND evmap-gazc --sources ${PROJECT_SOURCE_DIR}/fuzz/fixtures/tiny -o ${EVM_TINY_INDEX}
    DEPENDS evmap-gazc ${_tiny_sources}
    COMMENT "Compiling the tiny gazetteer index (allocation-failure test)"
    VERBATIM)
  add_custom_target(alloc_tiny_index ALL DEPENDS ${EVM_TINY_INDEX})
  add_executable(test_alloc_failures ${CMAKE_CURRENT_LIST_DIR}/alloc/test_alloc_failures.c)
  target_link_libraries(test_alloc_failures PRIVATE evmap_lib)
  target_include_directories(test_alloc_failures PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  add_dependencies(test_alloc_failures alloc_tiny_index)
  set(_args ${EVM_TINY_INDEX} ${CMAKE_CURRENT_LIST_DIR}/alloc/extra.tsv
            ${CMAKE_CURRENT_LIST_DIR}/alloc/extra.geojson)
  add_test(NAME test_alloc_failures COMMAND test_alloc_failures ${_args})
  set_tests_properties(test_alloc_failures PROPERTIES LABELS alloc TIMEOUT 1500)
  # The same through the commands: evmap honours EVMAP_ALLOC_FAIL_AFTER here.
  add_test(NAME cli_alloc_sweep COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/alloc/cli_sweep.sh)
  set(_sweep_env "EVMAP=$<TARGET_FILE:evmap>;EVMAP_TINY=${EVM_TINY_INDEX};EVMAP_TESTS=${CMAKE_CURRENT_LIST_DIR}")
  set_tests_properties(cli_alloc_sweep PROPERTIES LABELS alloc TIMEOUT 1500
    ENVIRONMENT "${_sweep_env}")
  if(EVMAP_VALGRIND)
    # Under valgrind every 127th N only: a run takes one to three seconds there
    # (every 61st: 98 runs, 290 s).
    add_test(NAME valgrind_cli_alloc_sweep
      COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/valgrind/run_script.sh
              ${CMAKE_CURRENT_BINARY_DIR}/valgrind-logs/cli_alloc_sweep
              bash ${CMAKE_CURRENT_LIST_DIR}/alloc/cli_sweep.sh)
    set_tests_properties(valgrind_cli_alloc_sweep PROPERTIES LABELS "valgrind;alloc" TIMEOUT 3000
      ENVIRONMENT "${_sweep_env};EVMAP_VG=${_vg_string};EVMAP_ALLOC_SWEEP_STRIDE=127")
    add_test(NAME valgrind_test_alloc_failures
      COMMAND ${EVM_VALGRIND} $<TARGET_FILE:test_alloc_failures> ${_args})
    set_tests_properties(valgrind_test_alloc_failures PROPERTIES
      LABELS "valgrind;alloc" TIMEOUT 3000)
  endif()
endif()
