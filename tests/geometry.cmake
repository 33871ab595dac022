# Tests of the geometry area.
