# Sources of the geoparse module.
target_sources(evmap_lib PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/geoparse.c
  ${CMAKE_CURRENT_LIST_DIR}/words.c)
