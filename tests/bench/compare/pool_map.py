"""Pool.map's cost per task for a trivial function (add one), with chunksize=1
and with Pool.map's own default chunksize, on os.cpu_count() workers.
It stands beside chapters/06-pools/pool_chunksize.c (chunksize 1 and auto).
"""
import os
import sys
import time
from multiprocessing import Pool

TASKS = {"chunksize_1": 50_000, "chunksize_default": 200_000}


def add_one(x):
    return x + 1


def main():
    workers = os.cpu_count() or 1
    with Pool(workers) as pool:
        pool.map(add_one, range(1000))          # every worker is up and running
        for metric, tasks in TASKS.items():
            chunksize = 1 if metric == "chunksize_1" else None
            start = time.perf_counter()
            results = pool.map(add_one, range(tasks), chunksize)
            seconds = time.perf_counter() - start
            if results != list(range(1, tasks + 1)):
                print(f"pool_map.py: wrong results with {metric}", file=sys.stderr)
                sys.exit(1)
            print(f"# {metric}: {tasks} tasks in {seconds:.3f} s")
            print(f"COMPARE example=pool_map metric=us_per_task_{metric} "
                  f"value={seconds / tasks * 1e6:.4f}")


if __name__ == "__main__":
    main()
