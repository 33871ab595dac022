# Sources of the text module (target_sources on evmap_lib).
target_sources(evmap_lib PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/utf8.c
  ${CMAKE_CURRENT_LIST_DIR}/tokenize.c
  ${CMAKE_CURRENT_LIST_DIR}/sentences.c
  ${CMAKE_CURRENT_LIST_DIR}/dateline.c
  ${CMAKE_CURRENT_LIST_DIR}/number.c)

# Throughput benchmark of tokenizer + sentence splitter (not a test):
#   bench_text FILE [N]   prints MB/s
if(TARGET evmap_lib AND EXISTS ${PROJECT_SOURCE_DIR}/bench/bench_text.c)
  add_executable(bench_text ${PROJECT_SOURCE_DIR}/bench/bench_text.c)
  target_link_libraries(bench_text PRIVATE evmap_lib)
endif()
