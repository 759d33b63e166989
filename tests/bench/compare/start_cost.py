"""Process start cost: the median microseconds to start and join a Process
whose function returns at once, with the 'fork' and the 'spawn' start
methods (and a Thread, for scale). It stands beside
chapters/08-costs/creation_cost.c (its fork and fork + exec rows).
"""
import statistics
import sys
import threading
import time
from multiprocessing import get_context

STARTS = {"thread": 200, "fork": 100, "spawn": 20}


def nothing():
    pass


def median_us(make, starts):
    times = []
    for _ in range(starts):
        start = time.perf_counter()
        worker = make()
        worker.start()
        worker.join()
        times.append(time.perf_counter() - start)
        if getattr(worker, "exitcode", 0) != 0:
            print(f"start_cost.py: a worker ended with exit code {worker.exitcode}",
                  file=sys.stderr)
            sys.exit(1)
    return statistics.median(times) * 1e6


def main():
    ways = {"thread": lambda: threading.Thread(target=nothing)}
    for method in ("fork", "spawn"):
        ctx = get_context(method)
        ways[method] = lambda ctx=ctx: ctx.Process(target=nothing)

    for way, make in ways.items():
        value = median_us(make, STARTS[way])
        print(f"# {way}: {STARTS[way]} starts, median {value:.1f} us")
        print(f"COMPARE example=start_cost metric=us_per_start_{way} value={value:.1f}")


if __name__ == "__main__":
    main()
