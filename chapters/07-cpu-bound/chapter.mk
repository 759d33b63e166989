# Chapter 07's programs in reading order: `make run CH=07` and the tour follow it.
ch07_programs := monte_carlo_pi pi_digits bbp_digits cpu_map false_sharing
