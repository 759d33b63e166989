# Chapter 09's programs in reading order: `make run CH=09` and the tour follow it.
ch09_programs := log_lines worker_errors crash_isolation interrupt start_methods
