# Sources of the timex module.
target_sources(evmap_lib PRIVATE ${CMAKE_CURRENT_LIST_DIR}/timex.c)
