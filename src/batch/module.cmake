# Sources of the batch (corpus mode) module.
target_sources(evmap_lib PRIVATE ${CMAKE_CURRENT_LIST_DIR}/batch.c)
