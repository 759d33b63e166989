# tests/exercises/01-primes-in-threads.sh PROGRAM — the check of the exercise.
# Run by `make check EX=01-primes-in-threads` (and check-solution).
. tests/lib.sh
program=${1:?usage: 01-primes-in-threads.sh PROGRAM}

# Sizes the worker count divides, and sizes it does not; more workers than items.
for case in "1000 1" "1000 4" "99991 3" "100000 7" "10 4" "3 5"; do
    n=${case% *} j=${case#* }
    run "$program" -n "$n" -j "$j"
    expect_exit "-n $n -j $j: self-check passes" 0
    expect_value "-n $n -j $j: the count is right" "primes below $n" "$(primes_below "$n")"
    expect_split "-n $n -j $j: $j workers share [0, $n)" "$n" "$j"
    expect_distinct "-n $n -j $j: each worker is its own thread, not main" thread "$j" 0
done
summary
