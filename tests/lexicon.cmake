# Tests of the lexicon area.
