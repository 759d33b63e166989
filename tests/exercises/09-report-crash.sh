# tests/exercises/09-report-crash.sh PROGRAM — the check of the exercise.
# Run by `make check EX=09-report-crash` (and check-solution).
#
# A run takes under a second (the tasks sleep 15 ms a place in the queue);
# a wait that never returns fails after 20 s.
: "${TIMEOUT:=20}"
. tests/lib.sh
program=${1:?usage: 09-report-crash.sh PROGRAM}

sum_to() { echo $(($1 * ($1 + 1) / 2)); }

# Task 2 dies of SIGSEGV, task 3 exits 3, task 4 dies of SIGKILL, every
# other task i exits 0 with the sum 1 .. (i + 1) x 1000. They end last
# started first, so a status filed under the wrong task shows. 1 and 2
# tasks: no crash at all; 3: a crash but no SIGKILL; 64, the most, not
# under valgrind (64 children under it are slow, and prove nothing more).
sizes="8 5 3 12 1 2"
[ -n "${MEMCHECK:-}" ] || sizes="$sizes 64"
for n in $sizes; do
    name="-n $n"
    run "$program" -n "$n"
    expect_exit "$name: self-check passes" 0
    i=0
    while [ "$i" -lt "$n" ]; do
        case $i in
            2) want="killed by signal 11 \\(Segmentation fault\\), no result" ;;
            3) want="exited 3, no result" ;;
            4) want="killed by signal 9 \\(Killed\\), no result" ;;
            *) want="exited 0, result $(sum_to $(((i + 1) * 1000)))" ;;
        esac
        expect_line "$name: task $i reported as it ended" "task +$i \\[pid [0-9]+\\]: $want"
        i=$((i + 1))
    done
    expect_value "$name: every child reaped by wait_all" "children left unreaped" 0
    expect_line "$name: every task's run marked reaped" \
        "check: tasks reaped = $n \\(expected $n\\) ok"
    expect_no_leftovers "$name: nothing left running"
done
summary
