# Sources of the CLI beyond main.c (target_sources on evmap).
