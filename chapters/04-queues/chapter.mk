# Chapter 04's programs in reading order: `make run CH=04` and the tour follow it.
ch04_programs := producer_consumer queue_throughput
