# Chapter 06's programs in reading order: `make run CH=06` and the tour follow it.
ch06_programs := pool_squares pool_methods pool_functions pool_timeout pool_survives pool_chunksize
