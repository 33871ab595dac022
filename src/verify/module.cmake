# Sources of the verify module (target_sources on evmap_lib).
target_sources(evmap_lib PRIVATE ${CMAKE_CURRENT_LIST_DIR}/verify.c ${CMAKE_CURRENT_LIST_DIR}/check.c)
