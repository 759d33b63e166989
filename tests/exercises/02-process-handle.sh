# tests/exercises/02-process-handle.sh PROGRAM — the check of the exercise.
# Run by `make check EX=02-process-handle` (and check-solution).
. tests/lib.sh
program=${1:?usage: 02-process-handle.sh PROGRAM}

for code in 7 0 255; do
    run "$program" -n "$code"
    expect_exit "-n $code: every answer right" 0
    expect_line "-n $code: a zombie is not alive" "quick: alive once it has ended +0"
    expect_line "-n $code: the exit code" "quick: exitcode +$code"
    expect_no_leftovers "-n $code: nothing left running"
done
expect_line "join(200) gives up on a running child" "slow: join\(200\) returned +0"
expect_line "join(200) waits about 200 ms" "slow: join\(200\) took at least 150 ms +1"
expect_line "join(200) does not wait for the end" "slow: join\(200\) took less than 2 s +1"
expect_line "exitcode of a child ended by SIGTERM" "slow: exitcode +-15"
expect_line "exitcode of a child ended by SIGKILL" "killed: exitcode +-9"
summary
