# Sources of the geometry module (target_sources on evmap_lib).
