# Sources of the geometry module (target_sources on evmap_lib).
target_sources(evmap_lib PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/geo_ctx.c
  ${CMAKE_CURRENT_LIST_DIR}/geodesic.c
  ${CMAKE_CURRENT_LIST_DIR}/geoline.c
  ${CMAKE_CURRENT_LIST_DIR}/country.c
  ${CMAKE_CURRENT_LIST_DIR}/route_countries.c
  ${CMAKE_CURRENT_LIST_DIR}/geolibs.c)
