# tests/exercises/01-primes-in-processes.sh PROGRAM — the check of the exercise.
# Run by `make check EX=01-primes-in-processes` (and check-solution).
. tests/lib.sh
program=${1:?usage: 01-primes-in-processes.sh PROGRAM}

for case in "1000 1" "1000 4" "99991 3" "100000 7" "10 4" "3 5"; do
    n=${case% *} j=${case#* }
    run "$program" -n "$n" -j "$j"
    expect_exit "-n $n -j $j: self-check passes" 0
    expect_value "-n $n -j $j: the count is right" "primes below $n" "$(primes_below "$n")"
    expect_line "-n $n -j $j: every child reaped" "check: children left unreaped = 0 .* ok"
    expect_split "-n $n -j $j: $j workers share [0, $n)" "$n" "$j"
    expect_distinct "-n $n -j $j: each worker is its own process" pid "$j" "$(value 'parent pid')"
    expect_no_leftovers "-n $n -j $j: nothing left running"
done
summary
