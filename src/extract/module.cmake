# Sources of the extract module (target_sources on evmap_lib).
target_sources(evmap_lib PRIVATE ${CMAKE_CURRENT_LIST_DIR}/claims.c)
target_sources(evmap_lib PRIVATE ${CMAKE_CURRENT_LIST_DIR}/events.c)
