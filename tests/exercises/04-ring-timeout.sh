# tests/exercises/04-ring-timeout.sh PROGRAM — the check of the exercise.
# Run by `make check EX=04-ring-timeout` (and check-solution).
. tests/lib.sh
program=${1:?usage: 04-ring-timeout.sh PROGRAM}

# expect_between NAME KEY LOW HIGH: "KEY: value" holds a whole number in LOW..HIGH.
expect_between() {
    got=$(value "$2")
    case $got in
        '' | *[!0-9]*) ok= ;;
        *) ok=$([ "$got" -ge "$3" ] && [ "$got" -le "$4" ] && echo yes) ;;
    esac
    if [ -n "$ok" ]; then pass "$1"; else fail "$1" "'$2' from $3 to $4" "'$2: $got'"; fi
}

# An empty ring: the get waits out its 200 ms, though the driver wakes it
# every 20 ms with nothing to take, then returns false. The only timing
# the check looks at, with a wide margin: 150 ms to 2 s.
run "$program" -m empty
expect_value "-m empty: the get returns" "result" "finished"
expect_between "-m empty: the get waits out its 200 ms" "waited ms" 150 2000
expect_value "-m empty: the get returns false" "returned" "false"
expect_exit "-m empty: self-check passes" 0
expect_no_leftovers "-m empty: nothing left running"

# A value comes 100 ms into a wait of 1999 ms: the get must return it then,
# not at its deadline. (1999: its 999 ms of nanoseconds overflow tv_nsec,
# and pthread_cond_timedwait refuses the deadline, unless they are carried
# into tv_sec.)
run "$program" -m late -t 1999
expect_value "-m late -t 1999: the get returns" "result" "finished"
expect_value "-m late -t 1999: the get returns the value" "value" "42"
expect_between "-m late -t 1999: ... once it comes, not at the deadline" "waited ms" 0 999
expect_exit "-m late -t 1999: self-check passes" 0
expect_no_leftovers "-m late -t 1999: nothing left running"

# The value lands while the driver holds the lock across the get's deadline:
# the wait ends in ETIMEDOUT, yet the value is there and must be taken.
run "$program" -m edge
expect_value "-m edge: the get returns" "result" "finished"
expect_value "-m edge: a value there when time ran out is taken" "value" "42"
expect_exit "-m edge: self-check passes" 0
expect_no_leftovers "-m edge: nothing left running"

# Several consumers, one producer: each value got exactly once, and every
# consumer ends with a get that timed out.
for case in "1000 4" "3000 1" "2000 8"; do
    n=${case% *} j=${case#* }
    run "$program" -m many -n "$n" -j "$j"
    expect_value "-n $n -j $j: every get returns" "result" "finished"
    expect_value "-n $n -j $j: every value got exactly once" "values got exactly once" "$n"
    expect_value "-n $n -j $j: no value got twice" "values got" "$n"
    expect_value "-n $n -j $j: the sum of the values got" "sum of values got" "$((n * (n + 1) / 2))"
    expect_value "-n $n -j $j: every consumer ends by a timeout" \
        "consumers ended by a timeout" "$j of $j"
    expect_exit "-n $n -j $j: self-check passes" 0
    expect_no_leftovers "-n $n -j $j: nothing left running"
done
summary
