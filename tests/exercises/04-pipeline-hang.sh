# tests/exercises/04-pipeline-hang.sh PROGRAM — the check of the exercise.
# Run by `make check EX=04-pipeline-hang` (and check-solution).
. tests/lib.sh
program=${1:?usage: 04-pipeline-hang.sh PROGRAM}

# expect_ends NAME ROLE ENDS: the process of ROLE said "[ROLE pid] open ends: ENDS".
expect_ends() {
    got=$(sed -n "s/^\[$2 [0-9]*\] open ends: //p" "$WORK/out" | head -n 1)
    if [ "$got" = "$3" ]; then pass "$1"
    else fail "$1" "'[$2 pid] open ends: $3'" "'[$2 pid] open ends: ${got:-(no such line)}'"; fi
}

# 0 numbers (only ends of stream), 1, 10, and 20000: 160 000 bytes through
# each pipe, more than the 64 KiB a pipe holds, so the stages block on each
# other on the way. Expected sum: 1 + 4 + ... + n*n = n(n+1)(2n+1)/6.
for n in 10 0 1 20000; do
    run "$program" -n "$n"
    expect_value "-n $n: the pipeline ends" "result" "finished"
    expect_ends "-n $n: the generator keeps only what it writes" generator "numbers write"
    expect_ends "-n $n: the squarer keeps only what it reads and writes" squarer \
        "numbers read, squares write"
    expect_ends "-n $n: the summer keeps only what it reads" summer "squares read"
    expect_ends "-n $n: the parent keeps no end" parent "none"
    expect_value "-n $n: the sum of the squares" "sum" "$((n * (n + 1) * (2 * n + 1) / 6))"
    expect_exit "-n $n: self-check passes" 0
    expect_no_leftovers "-n $n: no stage left running"
    # A pipeline that hung once hangs for every n: 3 s each to learn nothing new.
    [ "$(value result)" = finished ] || break
done
summary
