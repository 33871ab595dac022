# Tests of the timex area.
