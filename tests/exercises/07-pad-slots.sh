# tests/exercises/07-pad-slots.sh PROGRAM — the check of the exercise.
# Run by `make check EX=07-pad-slots` (and check-solution).
#
# It decides by the layout main.c measures and by pi's bits, never by the
# times main.c prints. A thread that never ends fails after 20 s.
: "${TIMEOUT:=20}"
. tests/lib.sh
program=${1:?usage: 07-pad-slots.sh PROGRAM}

# expect_multiple NAME KEY MIN: the number in "KEY: number bytes" is a
# multiple of MIN and at least MIN.
expect_multiple() {
    got=$(value "$2" | sed 's/ bytes$//')
    case $got in
        ''|*[!0-9]*) fail "$1" "a multiple of $3 bytes, at least $3" "'$2: $(value "$2")'" ;;
        *) if [ "$got" -ge "$3" ] && [ $((got % $3)) -eq 0 ]; then pass "$1"
           else fail "$1" "a multiple of $3 bytes, at least $3" "$got bytes"; fi ;;
    esac
}

# 1 to 8 threads, the steps cut evenly or not; then more threads than
# steps. The layout does not depend on -j, yet every run is judged in full:
# each one must stand on its own.
for case in "1 1000000" "2 1000000" "3 1000000" "4 1000000" "5 1000003" \
            "6 1000003" "7 1000003" "8 1000003" "8 5"; do
    j=${case% *} n=${case#* }
    name="-j $j -n $n"
    run "$program" -j "$j" -n "$n"
    expect_exit "$name: self-check passes" 0
    expect_multiple "$name: slots aligned to a cache line" "slot alignment" 64
    expect_multiple "$name: neighbouring sums a cache line or more apart" \
        "smallest distance between neighbouring sums" 64
    expect_value "$name: every distance a multiple of a cache line" \
        "distances not a multiple of 64 bytes" 0
    expect_value "$name: every sum at the start of a cache line" \
        "sums at the start of a cache line" "64 of 64"
    expect_value "$name: pi equal to one thread's, bit for bit" "pi" "$(value 'pi, one thread')"
    expect_no_leftovers "$name: nothing left running"
done
summary
