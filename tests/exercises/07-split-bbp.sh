# tests/exercises/07-split-bbp.sh PROGRAM — the check of the exercise.
# Run by `make check EX=07-split-bbp` (and check-solution).
#
# Every run but the last takes well under a second; a worker that never
# ends fails after 20 s.
: "${TIMEOUT:=20}"
. tests/lib.sh
program=${1:?usage: 07-split-bbp.sh PROGRAM}

# check_position NAME P J DIGITS: one run, and all it must show.
check_position() {
    run "$program" -p "$2" -j "$3"
    expect_exit "$1: self-check passes" 0
    expect_line "$1: every worker finished" "check: workers that finished = $3 \\(expected $3\\) ok"
    expect_value "$1: the ranges cut well (main.c's verdict)" "ranges" ok
    expect_value "$1: the fraction of one process, bit for bit" "fraction" \
        "$(value 'fraction, one process')"
    expect_value "$1: the digits $4" "hex digits of pi after position $2" "$4"
    expect_no_leftovers "$1: every worker reaped"
}

# Positions 0 to 13: pi = 3.243F6A8885A308D313198A2E0370734... in hex.
# 1000: the same from bc (scale=1300; obase=16; 4*a(1)). 99999: the same
# from Machin's formula in Python integers. 999999: Bailey's table
# (digits "at position 10^6", counted from 1). 1 to 5 workers: more
# workers than terms (-p 0 and 1), terms that divide evenly and not.
for case in "0 243F6A88" "1 43F6A888" "7 885A308D" "13 8D313198" "1000 49F1C09B" \
            "99999 535EA16C"; do
    p=${case% *} digits=${case#* }
    for j in 1 2 3 4 5; do
        check_position "-p $p -j $j" "$p" "$j" "$digits"
    done
done
# A million terms: about half a second each way; skipped under valgrind.
if [ -z "${MEMCHECK:-}" ]; then
    check_position "-p 999999 -j 3" 999999 3 26C65E52
fi
summary
