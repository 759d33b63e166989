"""The GIL demo: one CPU-bound loop (a sum in pure Python) run sequentially,
split over N threads and split over N processes; the speedup of each.
It stands beside chapters/01-threads-vs-processes/cpu_bound.c (and gil_simulated.c).
"""
import os
import sys
import threading
import time
from multiprocessing import Pool

ITEMS = 20_000_000


def add_up(first, last):
    total = 0
    for i in range(first, last):
        total += i
    return total


def add_up_range(bounds):
    return add_up(*bounds)


def timed(run):
    start = time.perf_counter()
    total = run()
    return time.perf_counter() - start, total


def in_threads(ranges):
    results = [0] * len(ranges)

    def work(k):
        results[k] = add_up(*ranges[k])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(ranges))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results)


def in_processes(ranges):
    with Pool(len(ranges)) as pool:
        return sum(pool.map(add_up_range, ranges))


def main():
    workers = max(2, os.cpu_count() or 1)
    ranges = [(ITEMS * w // workers, ITEMS * (w + 1) // workers) for w in range(workers)]
    expected = ITEMS * (ITEMS - 1) // 2

    sequential, total_s = timed(lambda: add_up(0, ITEMS))
    threads, total_t = timed(lambda: in_threads(ranges))
    processes, total_p = timed(lambda: in_processes(ranges))
    if not total_s == total_t == total_p == expected:
        print(f"gil.py: wrong sums {total_s} {total_t} {total_p}, expected {expected}",
              file=sys.stderr)
        sys.exit(1)

    print(f"# {ITEMS} items: sequential {sequential:.3f} s, {workers} threads "
          f"{threads:.3f} s, {workers} processes {processes:.3f} s")
    for metric, value in (("seconds_sequential", sequential),
                          ("speedup_threads", sequential / threads),
                          ("speedup_processes", sequential / processes)):
        print(f"COMPARE example=gil metric={metric} value={value:.3f}")


if __name__ == "__main__":
    main()
