# tests/exercises/05-racy-counter.sh PROGRAM — the check of the exercise.
# Run by `make check EX=05-racy-counter` (and check-solution).
. tests/lib.sh
program=${1:?usage: 05-racy-counter.sh PROGRAM}

# The driver's children start adding at one moment and run side by side
# for tens of milliseconds, so with two or more an unprotected ++ loses
# additions; seven such runs make sure of it even on a busy machine. One
# process alone has nobody to race with, and -n 0 adds nothing: both must
# still come out exact.
for case in "4 200000" "2 200000" "8 50000" "3 100000" "6 100000" "16 25000" \
            "5 80000" "1 100000" "5 0"; do
    j=${case% *} n=${case#* }
    run "$program" -j "$j" -n "$n"
    expect_value "-j $j -n $n: no addition lost" "total" "$((j * n))"
    expect_exit "-j $j -n $n: self-check passes" 0
    expect_no_leftovers "-j $j -n $n: nothing left behind"
done
summary
