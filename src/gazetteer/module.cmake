# Sources of the gazetteer module (target_sources on evmap_lib).
