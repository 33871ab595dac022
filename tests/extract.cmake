# Tests of the extract area.
