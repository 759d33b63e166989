# Chapter 04's programs in reading order: `make run CH=04` and the tour follow it.
ch04_programs := producer_consumer random_values share_words ordered_results task_workers pipeline many_to_many queue_throughput
