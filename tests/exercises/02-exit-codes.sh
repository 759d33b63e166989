# tests/exercises/02-exit-codes.sh PROGRAM — the check of the exercise.
# Run by `make check EX=02-exit-codes` (and check-solution).
. tests/lib.sh
program=${1:?usage: 02-exit-codes.sh PROGRAM}

for n in 1 4 9; do
    run "$program" -j "$n"
    expect_exit "-j $n: self-check passes" 0
    k=0
    while [ "$k" -lt "$n" ]; do
        if [ $((k % 4)) -eq 3 ]; then want=-15; else want=$((k * 3 % 7)); fi
        expect_line "-j $n: worker $k's exitcode is $want" "worker $k: exitcode $want"
        k=$((k + 1))
    done
    expect_no_leftovers "-j $n: every child reaped"
done
summary
