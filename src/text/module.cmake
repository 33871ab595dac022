# Sources of the text module (target_sources on evmap_lib).
