# Chapter 02's programs in reading order: `make run CH=02` and the tour follow it.
ch02_programs := create_and_join join_or_not join_all_vs_each is_alive pids_and_names \
                 process_struct separate_memory fork_buffer fork_buffer_fixed \
                 terminate daemon_children
