# Tests of the verify area.
