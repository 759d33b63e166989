# tests/exercises/04-restore-order.sh PROGRAM — the check of the exercise.
# Run by `make check EX=04-restore-order` (and check-solution).
. tests/lib.sh
program=${1:?usage: 04-restore-order.sh PROGRAM}

# squares_of V...: the squares, in the order of the values, on one line.
squares_of() { echo "$@" | awk '{ for (i = 1; i <= NF; i++) printf "%s%d", (i > 1 ? " " : ""), $i * $i; print "" }'; }
# values N: the driver's values for -n N: value k = 37 * k % 101.
values() { awk -v n="$1" 'BEGIN { for (k = 0; k < n; k++) printf "%s%d", (k ? " " : ""), 37 * k % 101; print "" }'; }

# -r first: the results arrive in reverse order for certain, so a program
# that keeps the order of arrival fails here, whatever the machine's timing.
# Without -r they arrive in the order the workers happen to finish; the
# check looks only at the restored list, never at the order of arrival.
for args in "-r" "" "-n 30 -r" "-n 30" "-n 1" "-n 100 -r" "-n 100"; do
    case $args in
        -n*) n=${args#-n }; n=${n% -r}; want=$(squares_of $(values "$n")) ;;
        *) want=$(squares_of 2 4 6 3 5 8 9 7) ;;
    esac
    name="${args:-no options}"
    run "$program" $args
    expect_value "$name: the squares in the order of the values" "squares" "$want"
    expect_exit "$name: self-check passes" 0
    expect_no_leftovers "$name: every worker reaped"
done
summary
