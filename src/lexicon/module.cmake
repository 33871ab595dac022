# Sources of the lexicon module.
target_sources(evmap_lib PRIVATE ${CMAKE_CURRENT_LIST_DIR}/lexicon.c)
