# EVMAP_VALGRIND=ON: every unit test (a test whose command is the executable
# target of the same name) is registered again as valgrind_<test>, run
# under memcheck with label "valgrind"; definite and indirect leaks and any
# memory error fail it. Use a build without EVMAP_SANITIZE (the top-level
# CMakeLists refuses both). CLI script tests are not wrapped: they run bash.
#   ctest --test-dir build-vg -L valgrind
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
endif()
