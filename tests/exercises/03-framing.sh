# tests/exercises/03-framing.sh PROGRAM — the check of the exercise.
# Run by `make check EX=03-framing` (and check-solution).
. tests/lib.sh
program=${1:?usage: 03-framing.sh PROGRAM}

# Small messages, messages larger than a pipe (65536 bytes), empty ones.
for case in "50 100" "200 200000" "30 1000000" "100 0"; do
    n=${case% *} s=${case#* }
    run "$program" -n "$n" -s "$s"
    expect_exit "-n $n -s $s: self-check passes" 0
    expect_value "-n $n -s $s: every message whole" "messages whole" "$n of $n"
    expect_value "-n $n -s $s: the end is clean" "end" "clean"
done
# The sender stops half-way through its last message: that is no clean end.
for case in "5 200000" "40 1000"; do
    n=${case% *} s=${case#* }
    run "$program" -n "$n" -s "$s" -t
    expect_exit "-n $n -s $s -t: self-check passes" 0
    expect_value "-n $n -s $s -t: all but the cut message" "messages whole" "$((n - 1)) of $n"
    expect_value "-n $n -s $s -t: the end is broken" "end" "broken"
done
summary
