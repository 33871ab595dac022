# Tests of the gazetteer area.
