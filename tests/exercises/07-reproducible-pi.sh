# tests/exercises/07-reproducible-pi.sh PROGRAM — the check of the exercise.
# Run by `make check EX=07-reproducible-pi` (and check-solution).
#
# Every run takes milliseconds; a worker that never returns fails after 20 s.
: "${TIMEOUT:=20}"
. tests/lib.sh
program=${1:?usage: 07-reproducible-pi.sh PROGRAM}

# For each number of points, 1 to 16 workers: worker counts that divide the
# points and ones that leave a remainder, more workers than points, one
# point, none. Whatever -j, the count inside must be the one main.c finds
# in one loop, and the same as with -j 1. 1000003 points give 786074 inside
# with this hash (the chapter's monte_carlo_pi and its test agree).
for n in 1000003 99991 1000 10 1 0; do
    first=
    for j in 1 2 3 4 7 16; do
        name="-n $n -j $j"
        run "$program" -n "$n" -j "$j"
        expect_exit "$name: self-check passes" 0
        expect_line "$name: every worker finished" \
            "check: workers that finished = $j \\(expected $j\\) ok"
        expect_value "$name: inside, the same as in one process" "inside" \
            "$(value 'inside, one process')"
        if [ -z "$first" ]; then
            first=$(value inside)
        else
            expect_value "$name: inside, the same as with -j 1" "inside" "$first"
        fi
        expect_value "$name: n calls of point() in all" "points looked at" "$n"
        expect_value "$name: no point left out" "points never looked at" 0
        expect_no_leftovers "$name: every worker reaped"
    done
    if [ "$n" -eq 1000003 ]; then
        expect_value "-n $n: the known count" "inside, one process" 786074
    fi
done
summary
