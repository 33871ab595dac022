# Sources of the emit module (target_sources on evmap_lib).
