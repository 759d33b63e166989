# Chapter 10's programs in reading order: `make run CH=10` and the tour follow it.
ch10_programs := parallel_sum parallel_fetch batch_files progress_bar worker_memory adaptive_workers rolling_stats
