# Sources of the verify module (target_sources on evmap_lib).
