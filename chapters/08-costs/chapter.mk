# Chapter 08's programs in reading order: `make run CH=08` and the tour follow it.
ch08_programs := creation_cost granularity moving_data amdahl
