# Chapter 03's programs in reading order: `make run CH=03` and the tour follow it.
ch03_programs := duplex_pipe framed_stream send_structs pipe_deadlock
