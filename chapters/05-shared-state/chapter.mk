# Chapter 05's programs in reading order: `make run CH=05` and the tour follow it.
ch05_programs := counter_global counter_shared counter_threads shared_array manager increment_cost
