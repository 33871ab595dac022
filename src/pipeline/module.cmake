# Sources of the pipeline module.
target_sources(evmap_lib PRIVATE ${CMAKE_CURRENT_LIST_DIR}/pipeline.c)
