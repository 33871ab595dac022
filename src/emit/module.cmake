# Sources of the emit module.
target_sources(evmap_lib PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/geojson_util.c
  ${CMAKE_CURRENT_LIST_DIR}/places_layer.c
  ${CMAKE_CURRENT_LIST_DIR}/lines.c
  ${CMAKE_CURRENT_LIST_DIR}/claims_layer.c
  ${CMAKE_CURRENT_LIST_DIR}/events_layer.c
  ${CMAKE_CURRENT_LIST_DIR}/html.c
  ${CMAKE_CURRENT_LIST_DIR}/json_print.c
  ${CMAKE_CURRENT_LIST_DIR}/qml.c)

# Web assets inlined into map.html, embedded as byte arrays at build time
# (see src/emit/assets/README.md and cmake/EmbedAssets.cmake).
set(_evm_assets_dir ${CMAKE_CURRENT_LIST_DIR}/assets)
set(_evm_assets
  evm_asset_leaflet_js=${_evm_assets_dir}/leaflet/leaflet.js
  evm_asset_leaflet_css=${_evm_assets_dir}/leaflet/leaflet.css
  evm_asset_leaflet_license=${_evm_assets_dir}/leaflet/LICENSE
  evm_asset_page_map_js=${_evm_assets_dir}/page/map.js
  evm_asset_page_map_css=${_evm_assets_dir}/page/map.css
  evm_asset_basemap_geojson=${_evm_assets_dir}/world-atlas/countries-110m.geojson)
set(_evm_assets_files)
foreach(_a IN LISTS _evm_assets)
  string(REGEX REPLACE "^[^=]*=" "" _f "${_a}")
  list(APPEND _evm_assets_files ${_f})
endforeach()
set(_evm_assets_out ${CMAKE_CURRENT_BINARY_DIR}/emit_generated)
string(REPLACE ";" "|" _evm_assets_arg "${_evm_assets}")
add_custom_command(
  OUTPUT ${_evm_assets_out}/emit_assets.c ${_evm_assets_out}/emit_assets.h
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_evm_assets_out}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT_C=${_evm_assets_out}/emit_assets.c
          -DOUTPUT_H=${_evm_assets_out}/emit_assets.h "-DASSETS=${_evm_assets_arg}"
          -P ${PROJECT_SOURCE_DIR}/cmake/EmbedAssets.cmake
  DEPENDS ${_evm_assets_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedAssets.cmake
  COMMENT "Embedding map.html assets"
  VERBATIM)
target_sources(evmap_lib PRIVATE ${_evm_assets_out}/emit_assets.c ${_evm_assets_out}/emit_assets.h)
target_include_directories(evmap_lib PRIVATE ${_evm_assets_out})
