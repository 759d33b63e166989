# Chapter 06's programs in reading order: `make run CH=06` and the tour follow it.
ch06_programs := pool_squares pool_methods pool_rounds pool_functions pool_timeout pool_survives executor pool_size pool_chunksize pool_threads
