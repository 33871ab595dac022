# Tests of the emit area.
