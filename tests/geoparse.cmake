# Tests of the geoparse area.
