# Sources of the timex module.
