# tests/chapters/02-processes.sh
. tests/lib.sh
ch=$BUILD/chapters/02-processes

listed=$(sed -n '/^ch02_programs :=/,/[^\\]$/p' chapters/02-processes/chapter.mk |
         sed 's/ch02_programs :=//; s/\\//' | tr ' ' '\n' | grep . | sort | tr '\n' ' ')
found=$(cd chapters/02-processes && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch02: chapter.mk lists every program"
else fail "ch02: chapter.mk lists every program" "$found" "$listed"; fi

for p in create_and_join join_or_not join_all_vs_each is_alive pids_and_names \
         process_struct separate_memory fork_buffer fork_buffer_fixed terminate \
         daemon_children; do
    expect_program_contract "$ch/$p"
done

# create_and_join: the greeting, and worker k's sum of squares below k*LIMIT.
run "$ch/create_and_join" -j 3 -n 10
expect_exit "create_and_join -j 3 passes its self-check" 0
expect_line "create_and_join: the child greets Peter" "\[child [0-9]+\] hello Peter"
for k in 1 2 3; do
    below=$((k * 10))
    sum=$(awk -v b=$below 'BEGIN { s = 0; for (i = 0; i < b; i++) s += i * i; print s }')
    expect_line "create_and_join: worker $k's sum" "\[worker $k pid [0-9]+\] sum of squares below $below = $sum"
done
expect_line "create_and_join: 3 joined" "joined: 3 workers, 3 exited 0"
pids=$(sed -n 's/^\[worker [0-9]* pid \([0-9]*\)\].*/\1/p' "$WORK/out" | sort -u | grep -c .)
if [ "$pids" -eq 3 ]; then pass "create_and_join: each worker its own process"
else fail "create_and_join: each worker its own process" "3 different pids" "$pids"; fi

# join_or_not: which of "finishing main" and "finishing fun" comes first is
# the whole lesson ("starting fun" may come before or after "finishing main").
finishing_order() { sed -n 's/^\[\(main\|child\) [0-9]*\] finishing \(.*\)/\2/p' "$WORK/out" | tr '\n' ','; }
run "$ch/join_or_not" -n 200
got=$(finishing_order)
if [ "$got" = "fun,main," ]; then pass "join_or_not: with join, main finishes last"
else fail "join_or_not: with join, main finishes last" "fun,main," "$got"; fi
run "$ch/join_or_not" -n 200 -J
got=$(finishing_order)
if [ "$got" = "main,fun," ]; then pass "join_or_not -J: main's code finishes first"
else fail "join_or_not -J: main's code finishes first" "main,fun," "$got"; fi
expect_exit "join_or_not -J passes its self-check" 0
expect_no_leftovers "join_or_not -J still reaps its child"
run "$ch/join_or_not" -n 99
expect_exit "join_or_not -n 99 (too short to be sure of the order) exits 2" 2

# join_all_vs_each: the self-check holds the wide-margin ratio; the sums printed.
# (Sleeps of 50 ms and more: under valgrind each start costs tens of ms.)
run "$ch/join_all_vs_each" -j 4 -n 50 --bench
expect_exit "join_all_vs_each -j 4: all at once well under the sum" 0
expect_line "join_all_vs_each: sum and longest" "sum of the sleeps: 0\.500 s, longest: 0\.200 s"
expect_line "join_all_vs_each --bench: one at a time" "BENCH program=join_all_vs_each case=start-join-each workers=4 seconds=[0-9.]+ .*"
expect_line "join_all_vs_each --bench: all at once" "BENCH program=join_all_vs_each case=start-all-join-all workers=4 seconds=[0-9.]+ speedup=[0-9.]+.*"
run "$ch/join_all_vs_each" -j 1 -n 100
expect_exit "join_all_vs_each -j 1: nothing to overlap, still passes" 0
expect_line "join_all_vs_each -j 1: no gain promised" "check: all at once took less than 3/4 of the sum = 0 \(expected 0\) ok"

# is_alive: the whole life, and the exit code given with -n.
run "$ch/is_alive" -n 42
expect_exit "is_alive -n 42 passes its self-check" 0
expect_line "is_alive: not alive before start" "before start: +alive: no, exit code: none yet"
expect_line "is_alive: alive after start" "after start: +alive: yes, exit code: none yet"
expect_line "is_alive: kill(pid, 0) sees the zombie" "it has exited: +kill\(pid, 0\) says: exists.*"
[ "$(uname -s)" = Linux ] &&
    expect_line "is_alive: /proc says Z" "it has exited: +kill\(pid, 0\) says: exists \(state Z: a zombie\)"
expect_line "is_alive: waitpid knows it ended" "checked with waitpid: +alive: no, exit code: 42"
expect_line "is_alive: after join" "after join: +alive: no, exit code: 42"

# pids_and_names: every child's parent is main; the names ps shows.
run "$ch/pids_and_names" -j 4
main=$(sed -n 's/^\[main\] pid //p' "$WORK/out")
n=$(grep -c "^\[[A-Za-z0-9-]* [0-9]*\] parent pid $main\$" "$WORK/out")
if [ "$n" -eq 4 ]; then pass "pids_and_names: 4 children of main ($main)"
else fail "pids_and_names: 4 children of main ($main)" 4 "$n"; fi
for name in Process-1 service Process-3 Process-4; do
    expect_line "pids_and_names: ps shows $name" "ps would show [0-9]+ as: $name"
done

# process_struct: the exit codes travel back through join.
run "$ch/process_struct" -n 7
expect_line "process_struct: the countdown" "\[countdown [0-9]+\] 7 6 5 4 3 2 1 liftoff"
expect_line "process_struct: the greeter" "\[greeter [0-9]+\] hello, Ada"
expect_line "process_struct: exit codes" "countdown exit code: 7 \(its count\), greeter exit code: 0"

# separate_memory: same address, different contents.
run "$ch/separate_memory" -n 3
child=$(sed -n 's/^\[child\] at \([^:]*\):.*/\1/p' "$WORK/out")
expect_line "separate_memory: the child's numbers" "\[child\] at [^:]+: 3 6 9 12 15"
expect_line "separate_memory: the parent's, at the same address" "\[parent\] at $child: 1 2 3 4 5"

# fork_buffer: each line written before fork comes out twice; with the
# fflush of fork_buffer_fixed, once. Both counted by the test as well.
for lines in 1 3 50; do
    run "$ch/fork_buffer" -n $lines
    expect_exit "fork_buffer -n $lines passes its self-check" 0
    expect_value "fork_buffer -n $lines: every line twice" "copies that came out" $((2 * lines))
    got=$(grep -c "^    | line [0-9]* of $lines, written before fork\$" "$WORK/out")
    if [ "$got" -eq $((2 * lines)) ]; then pass "fork_buffer -n $lines: the copies echoed"
    else fail "fork_buffer -n $lines: the copies echoed" $((2 * lines)) "$got"; fi
    run "$ch/fork_buffer_fixed" -n $lines
    expect_exit "fork_buffer_fixed -n $lines passes its self-check" 0
    expect_value "fork_buffer_fixed -n $lines: every line once" "copies that came out" $lines
    got=$(grep -c "^    | line [0-9]* of $lines, written before fork\$" "$WORK/out")
    if [ "$got" -eq $lines ]; then pass "fork_buffer_fixed -n $lines: the lines echoed once"
    else fail "fork_buffer_fixed -n $lines: the lines echoed once" $lines "$got"; fi
done
run "$ch/fork_buffer" -n 51
expect_exit "fork_buffer -n 51 (more than the buffer is sure to hold) exits 2" 2

# terminate: the three endings, with both ways of joining with a timeout.
for flag in "" -P; do
    run "$ch/terminate" -n 50 $flag
    expect_exit "terminate $flag passes its self-check" 0
    expect_line "terminate $flag: SIGTERM obeyed, -15" "obeys SIGTERM +-> ended by signal 15, exitcode -15"
    expect_line "terminate $flag: clean-up, 0" "cleans up first +-> exited 0 after its clean-up, exitcode 0"
    expect_line "terminate $flag: SIGKILL, -9" " +ended by signal 9, exitcode -9"
    expect_no_leftovers "terminate $flag leaves nothing behind"
    [ -n "$flag" ] || expect_line "terminate: says which join it used" \
        "join with a timeout: (pidfd_open \+ poll|waitpid\(WNOHANG\) every 10 ms)"
done
expect_value "terminate -P: the portable join" "join with a timeout" "waitpid(WNOHANG) every 10 ms"

# daemon_children: the daemon dies with its parent; the plain child is adopted.
run "$ch/daemon_children"
expect_exit "daemon_children passes its self-check" 0
expect_line "daemon_children: the daemon died by SIGKILL" "daemon child: +died with its parent \(signal 9\)"
expect_line "daemon_children: the plain child adopted" "plain child: +still running, orphaned; its parent is now [0-9]+ \(us\)"
expect_line "daemon_children: the plain child reaped, status 0" "plain child: +told to finish, reaped: exit status 0"
expect_no_leftovers "daemon_children leaves nothing behind"
