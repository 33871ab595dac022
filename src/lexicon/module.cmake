# Sources of the lexicon module.
