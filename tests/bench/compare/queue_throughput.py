"""Messages per second from one producer process to the parent: small ints
through a multiprocessing.Queue, then through a multiprocessing.Pipe.
It stands beside chapters/04-queues/queue_throughput.c (its pipe queue).
"""
import sys
import time
from multiprocessing import Pipe, Process, Queue

MESSAGES = 200_000


def produce_to_queue(queue, count):
    for i in range(count):
        queue.put(i)


def produce_to_pipe(conn, count):
    for i in range(count):
        conn.send(i)
    conn.close()


def receive_all(get, count):
    """Gets `count` messages; returns how many came in the order they were sent."""
    in_order = 0
    for i in range(count):
        if get() == i:
            in_order += 1
    return in_order


def measure(name, make_producer, get):
    start = time.perf_counter()
    producer = make_producer()
    producer.start()
    in_order = receive_all(get, MESSAGES)
    seconds = time.perf_counter() - start
    producer.join()
    if in_order != MESSAGES or producer.exitcode != 0:
        print(f"queue_throughput.py: {name}: {in_order} of {MESSAGES} messages "
              f"received in order, producer exit code {producer.exitcode}", file=sys.stderr)
        sys.exit(1)
    print(f"# {name}: {MESSAGES} messages in {seconds:.3f} s")
    print(f"COMPARE example=queue_throughput metric=messages_per_s_{name} "
          f"value={MESSAGES / seconds:.0f}")


def main():
    queue = Queue()
    measure("queue", lambda: Process(target=produce_to_queue, args=(queue, MESSAGES)),
            queue.get)

    receiver, sender = Pipe(duplex=False)
    measure("pipe", lambda: Process(target=produce_to_pipe, args=(sender, MESSAGES)),
            receiver.recv)


if __name__ == "__main__":
    main()
