# tests/exercises/05-mutex-placement.sh PROGRAM — the check of the exercise.
# Run by `make check EX=05-mutex-placement` (and check-solution).
#
# A mutex in shared memory without PTHREAD_PROCESS_SHARED can leave a
# waiter asleep for ever: such a run fails after 10 s, not the usual 60.
: "${TIMEOUT:=10}"
. tests/lib.sh
program=${1:?usage: 05-mutex-placement.sh PROGRAM}

# "lock seen by other processes" does not depend on timing: a child holds
# the lock while the parent tries it. The total needs the lock to work
# under contention, from 1 to 8 processes started at once.
for case in "4 100000" "2 200000" "8 100000" "7 30000" "1 1000" "3 0"; do
    j=${case% *} n=${case#* }
    run "$program" -j "$j" -n "$n"
    expect_value "-j $j -n $n: one lock in every process" \
        "lock seen by other processes" "yes"
    expect_exit "-j $j -n $n: self-check passes" 0
    expect_value "-j $j -n $n: no addition lost" "total" "$((j * n))"
    expect_no_leftovers "-j $j -n $n: nothing left behind"
done
summary
