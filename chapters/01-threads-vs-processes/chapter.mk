# Chapter 01's programs in reading order: `make run CH=01` and the tour follow it.
ch01_programs := cpu_bound gil_simulated lock_contention
