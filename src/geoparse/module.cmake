# Sources of the geoparse module (target_sources on evmap_lib).
