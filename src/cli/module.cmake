# Sources of the CLI beyond main.c.
target_sources(evmap PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cmd_lookup.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_places.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_check.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_distance.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_map.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_batch.c)
