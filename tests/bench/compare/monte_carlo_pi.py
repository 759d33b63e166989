"""Pure-Python Monte Carlo estimate of pi: nanoseconds per random point,
first in one process, then split over a multiprocessing.Pool of all CPUs.
It stands beside chapters/07-cpu-bound/monte_carlo_pi.c (its ns/point column).
"""
import os
import random
import sys
import time
from multiprocessing import Pool

POINTS = 4_000_000


def count_inside(job):
    """How many of `count` random points of the unit square fall inside the
    quarter circle; each job has its own seeded generator."""
    seed, count = job
    draw = random.Random(seed).random
    inside = 0
    for _ in range(count):
        x = draw()
        y = draw()
        if x * x + y * y < 1.0:
            inside += 1
    return inside


def report(metric, value):
    print(f"COMPARE example=monte_carlo_pi metric={metric} value={value:.3f}")


def check(label, inside):
    estimate = 4.0 * inside / POINTS
    print(f"# {label}: pi ~ {estimate:.5f}")
    if abs(estimate - 3.14159) > 0.01:
        print(f"monte_carlo_pi.py: {label} estimate {estimate} is not close to pi",
              file=sys.stderr)
        sys.exit(1)


def main():
    workers = os.cpu_count() or 1

    start = time.perf_counter()
    inside = count_inside((0, POINTS))
    seconds = time.perf_counter() - start
    check("sequential", inside)
    report("ns_per_point_sequential", seconds / POINTS * 1e9)

    # One job per worker, each with its own seed, so no two draw the same points.
    jobs = [(1 + w, POINTS * (w + 1) // workers - POINTS * w // workers)
            for w in range(workers)]
    start = time.perf_counter()
    with Pool(workers) as pool:
        inside = sum(pool.map(count_inside, jobs))
    seconds = time.perf_counter() - start
    check(f"pool of {workers}", inside)
    report("ns_per_point_pool", seconds / POINTS * 1e9)


if __name__ == "__main__":
    main()
