# Sources of the emit module.
target_sources(evmap_lib PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/geojson_util.c
  ${CMAKE_CURRENT_LIST_DIR}/places_layer.c)
