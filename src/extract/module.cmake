# Sources of the extract module (target_sources on evmap_lib).
