# Sources of the gazetteer module.
target_sources(evmap_lib PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/normalize.c
  ${CMAKE_CURRENT_LIST_DIR}/index.c
  ${CMAKE_CURRENT_LIST_DIR}/extra.c
  ${CMAKE_CURRENT_LIST_DIR}/geonames.c
  ${CMAKE_CURRENT_LIST_DIR}/rank.c)
