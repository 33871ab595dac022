# Sources of the text module (target_sources on evmap_lib).
target_sources(evmap_lib PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/utf8.c
  ${CMAKE_CURRENT_LIST_DIR}/tokenize.c
  ${CMAKE_CURRENT_LIST_DIR}/sentences.c
  ${CMAKE_CURRENT_LIST_DIR}/dateline.c
  ${CMAKE_CURRENT_LIST_DIR}/number.c)
