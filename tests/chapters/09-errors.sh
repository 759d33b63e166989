# tests/chapters/09-errors.sh
. tests/lib.sh
ch=$BUILD/chapters/09-errors

listed=$(sed -n 's/^ch09_programs := //p' chapters/09-errors/chapter.mk | tr ' ' '\n' | sort | tr '\n' ' ')
found=$(cd chapters/09-errors && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch09: chapter.mk lists every program"
else fail "ch09: chapter.mk lists every program" "$found" "$listed"; fi

for p in log_lines worker_errors crash_isolation interrupt start_methods; do
    expect_program_contract "$ch/$p"
done

# log_lines: whole.log (a write a line) holds every line whole, each
# process's lines all there; pieces.log (a write a field) has as many lines
# and bytes, none lost, but its broken lines are only counted. The
# directory is gone after the run, also after Ctrl-C.
for args in "-j 4 -n 200" "-j 1 -n 50" "-j 3 -n 120 -p none" "-j 6 -n 30 -p yield"; do
    set -- $args
    j=$2 n=$4 main=$(($2 * 2 + 2))
    total=$((j * n + main))
    run "$ch/log_lines" $args
    expect_exit "log_lines $args: self-check" 0
    expect_line "log_lines $args: says how many lines" \
        "$j workers x $n lines \+ $main from main = $total lines a file"
    expect_value "log_lines $args: every line in whole.log" "whole.log lines" "$total"
    expect_value "log_lines $args: no broken line in whole.log" "whole.log broken lines" 0
    each=$(w=1; while [ $w -le "$j" ]; do printf ', worker-%s %s' $w "$n"; w=$((w + 1)); done)
    expect_value "log_lines $args: each process's lines in whole.log" \
        "whole.log lines of each" "main $main$each"
    expect_value "log_lines $args: every line in pieces.log" "pieces.log lines" "$total"
    if [ "$(value 'whole.log bytes')" = "$(value 'pieces.log bytes')" ] &&
       [ "$(value 'whole.log bytes')" -gt $((total * 50)) ]
    then pass "log_lines $args: as many bytes in both files"
    else fail "log_lines $args: as many bytes in both files" "$(value 'whole.log bytes')" "$(value 'pieces.log bytes')"; fi
    expect_line "log_lines $args: a sample line of main's" \
        "  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} \[main [0-9]+\] INFO starting $j workers, $n records each"
    bytes=$(value 'whole.log bytes')
    for check in "lines in whole.log=$total" "broken lines in whole.log=0" \
                 "workers with all their lines in whole.log=$j" "main's lines in whole.log=$main" \
                 "lines in pieces.log, mixed but none lost=$total" "workers that exited 0=$j" \
                 "bytes in pieces.log, the same as in whole.log=$bytes"; do
        expect_line "log_lines $args: check ${check%=*}" \
            "check: ${check%=*} = ${check#*=} \(expected ${check#*=}\) ok"
    done
    dir=$(value directory | cut -d' ' -f1)
    case $dir in
        /tmp/log_lines.??????) if [ -e "$dir" ]; then fail "log_lines $args: removes $dir" "no $dir" "it is there"
                               else pass "log_lines $args: removes its directory"; fi ;;
        *) fail "log_lines $args: names its directory" "/tmp/log_lines.XXXXXX" "'$dir'" ;;
    esac
    expect_no_leftovers "log_lines $args: every worker reaped"
done
# With a yield between fields and 4 workers, some line breaks (almost always
# hundreds): the demonstration works. Up to 3 tries, so never flaky.
for try in 1 2 3; do
    run "$ch/log_lines" -j 4 -n 500
    [ "$(value 'pieces.log broken lines')" -gt 0 ] && break
done
if [ "$(value 'pieces.log broken lines')" -gt 0 ]; then pass "log_lines: pieces.log has broken lines"
else fail "log_lines: pieces.log has broken lines" "some in 3 runs" "none"; fi
# the samples shown as broken: there are some, and none is a well-formed line
samples=$(sed -n '/^pieces.log, a write/,/^pieces.log lines:/p' "$WORK/out" | grep '^  ')
whole=$(printf '%s\n' "$samples" | grep -Ec '^  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} \[(main|worker-[0-9]+) [0-9]+\] (INFO|WARNING|ERROR) [a-z0-9 ,()-]+$')
if [ -n "$samples" ] && [ "$whole" -eq 0 ]; then pass "log_lines: shows broken lines of pieces.log"
else fail "log_lines: shows broken lines of pieces.log" "some, none well-formed" "$(printf '%s\n' "$samples" | grep -c .) shown, $whole well-formed"; fi
for bad in "-p" "-p sleep" "-p YIELD" "-n 0" "-n 1000001" "-j 65"; do
    run "$ch/log_lines" $bad
    expect_exit "log_lines $bad exits 2" 2
    expect_stderr_one_line "log_lines $bad gives one line"
done
if [ -z "${MEMCHECK:-}" ]; then
    run_interrupted 300 "$ch/log_lines" -n 300000
    expect_interrupted "log_lines -n 300000 stops on Ctrl-C"
    dir=$(value directory | cut -d' ' -f1)
    if [ -n "$dir" ] && [ ! -e "$dir" ]; then pass "log_lines: Ctrl-C removes the directory too"
    else fail "log_lines: Ctrl-C removes the directory too" "no '$dir'" "$(ls -d "$dir" 2>&1)"; fi
fi

# worker_errors: exactly the multiples of 7 (0 included) fail, each error
# comes back in its item's place, every other item is 2 x item, once.
for args in "-j 4 -n 20" "-j 1 -n 20" "-j 3 -n 50" "-j 2 -n 6" "-j 8 -n 1"; do
    set -- $args
    j=$2 n=$4 m=$((($4 + 6) / 7))
    run "$ch/worker_errors" $args
    expect_exit "worker_errors $args: self-check" 0
    expect_value "worker_errors $args: successes" successes $((n - m))
    failed=$(i=0; while [ $i -lt "$n" ]; do printf ' %s' $i; i=$((i + 7)); done)
    expect_value "worker_errors $args: errors, and which" errors "$m (items$failed)"
    wrong=$(awk -v n="$n" '/^item +[0-9]+ \[worker [0-9]+\]: / {
                i = $2; seen[i]++; out = $0; sub(/^[^:]*: /, "", out)
                want = i % 7 == 0 ? "error: item " i " caused an error (a multiple of 7)" : 2 * i
                if (out != want) { print "item " i ": " out; exit } }
            END { for (i = 0; i < n; i++) if (seen[i] != 1) { print "item " i " seen " seen[i] + 0 " times"; exit } }' "$WORK/out")
    if [ -z "$wrong" ]; then pass "worker_errors $args: every item once, in order, with its outcome"
    else fail "worker_errors $args: every item once, in order, with its outcome" "2 x item or the error" "$wrong"; fi
    order=$(sed -n 's/^item *\([0-9]*\) .*/\1/p' "$WORK/out" | tr '\n' ' ')
    if [ "$order" = "$(i=0; while [ $i -lt "$n" ]; do printf '%s ' $i; i=$((i + 1)); done)" ]
    then pass "worker_errors $args: outcomes printed in item order"
    else fail "worker_errors $args: outcomes printed in item order" "0 1 2 ..." "$order"; fi
    pids=$(sed -n 's/^item .*\[worker \([0-9]*\)\].*/\1/p' "$WORK/out" | sort -u | grep -c .)
    if [ "$pids" -ge 1 ] && [ "$pids" -le "$j" ]; then pass "worker_errors $args: run by at most $j workers"
    else fail "worker_errors $args: run by at most $j workers" "1 to $j pids" "$pids"; fi
    for check in "items the pool finished \(none lost\)=$n" "outcomes, each in its item's place=$n" \
                 "outcomes that came from a worker, not the parent=$n" \
                 "multiples of 7 that failed=$m" "other items that failed=0" \
                 "results equal to 2 x item=$((n - m))"; do
        expect_line "worker_errors $args: check ${check%=*}" \
            "check: ${check%=*} = ${check#*=} \(expected ${check#*=}\) ok"
    done
    expect_no_leftovers "worker_errors $args: every worker reaped"
done
for bad in "-n 0" "-n 1001" "-j 65" "-w -1" "-w 10001" "-w x" "-w"; do
    run "$ch/worker_errors" $bad
    expect_exit "worker_errors $bad exits 2" 2
    expect_stderr_one_line "worker_errors $bad gives one line"
done
if [ -z "${MEMCHECK:-}" ]; then
    run "$ch/worker_errors" -j 2 -n 8 -w 20
    expect_exit "worker_errors -w 20: self-check" 0
    expect_value "worker_errors -w 20: errors" errors "2 (items 0 7)"
    run_interrupted 300 "$ch/worker_errors" -n 100 -w 3000
    expect_interrupted "worker_errors -w 3000 stops on Ctrl-C at once"
fi

# crash_isolation: exactly the chosen task dies, of SIGSEGV; the parent
# reports it and every other task's right result; -r runs it again, right.
sum_to() { echo $(($1 * ($1 + 1) / 2)); }
for args in "" "-c 0 -j 1" "-n 3" "-n 20 -c 19 -j 8" "-r" "-r -c 2 -n 4 -j 2" "-n 1 -r"; do
    n=10 c=5 r=
    set -- $args
    while [ $# -gt 0 ]; do
        case $1 in -n) n=$2; shift ;; -c) c=$2; shift ;; -r) r=1 ;; -j) shift ;; esac
        shift
    done
    case $args in *-c*) ;; *) [ "$c" -ge "$n" ] && c=$((n - 1)) ;; esac
    name="crash_isolation ${args:-(defaults)}"
    run "$ch/crash_isolation" $args
    expect_exit "$name: self-check" 0
    expect_value "$name: names the crashed task and signal" crashed "task $c, signal 11 (Segmentation fault)"
    expect_line "$name: task $c killed by SIGSEGV" \
        "task +$c \[pid [0-9]+\]: killed by signal 11 \(Segmentation fault\), no result"
    right=0 i=0
    while [ $i -lt "$n" ]; do
        if [ $i -ne "$c" ] && grep -Eq "^task +$i \[pid [0-9]+\]: exited 0, result $(sum_to $(((i + 1) * 5000)))\$" "$WORK/out"
        then right=$((right + 1)); fi
        i=$((i + 1))
    done
    if [ $right -eq $((n - 1)) ]; then pass "$name: the other $((n - 1)) results right"
    else fail "$name: the other $((n - 1)) results right" "$((n - 1))" "$right"; fi
    expect_value "$name: the parent carries on" "the parent is still here" "$((n - 1)) of $n tasks done"
    runs=$n
    if [ -n "$r" ]; then
        runs=$((n + 1))
        expect_line "$name: the retry succeeds" \
            "retry of task +$c \[pid [0-9]+\]: exited 0, result $(sum_to $(((c + 1) * 5000)))"
        expect_line "$name: check the retry" "check: the retried task with the right result = 1 \(expected 1\) ok"
    elif grep -q '^retry' "$WORK/out"; then fail "$name: no retry without -r" "no retry line" "$(grep '^retry' "$WORK/out")"
    else pass "$name: no retry without -r"; fi
    for check in "tasks killed by SIGSEGV=1" "the task that crashed=$c" \
                 "other tasks with the right result=$((n - 1))" \
                 "children reaped, one per run=$runs" "children left unreaped=0"; do
        expect_line "$name: check ${check%=*}" "check: ${check%=*} = ${check#*=} \(expected ${check#*=}\) ok"
    done
    expect_no_leftovers "$name: every child reaped"
done
# No core file, even where the shell would allow one: in a directory of
# its own, with the core size limit raised.
here=$PWD
mkdir "$WORK/cores"
(
    case $HELPERS in /*) ;; *) HELPERS=$here/$HELPERS ;; esac
    case $ch in /*) abs=$ch ;; *) abs=$here/$ch ;; esac
    ulimit -c unlimited 2>/dev/null
    cd "$WORK/cores" && run "$abs/crash_isolation" -r
    expect_exit "crash_isolation with ulimit -c unlimited: self-check" 0
)
if [ -z "$(ls -A "$WORK/cores")" ]; then pass "crash_isolation: no core file written"
else fail "crash_isolation: no core file written" "an empty directory" "$(ls -A "$WORK/cores" | tr '\n' ' ')"; fi
for bad in "-c 10" "-n 3 -c 3" "-c -1" "-c x" "-c" "-w -1" "-w 10001" "-r 5" "-n 1001"; do
    run "$ch/crash_isolation" $bad
    expect_exit "crash_isolation $bad exits 2" 2
    expect_stderr_one_line "crash_isolation $bad gives one line"
done
if [ -z "${MEMCHECK:-}" ]; then
    run_interrupted 300 "$ch/crash_isolation" -n 8 -w 3000
    expect_interrupted "crash_isolation -w 3000 stops on Ctrl-C at once"
fi

# interrupt: without an interruption every item done, the total equal to
# the sequential one, every worker reaped with status 0 and its share done.
for case in "3 300" "1 1" "4 7"; do
    set -- $case
    run "$ch/interrupt" -j $1 -n $2
    expect_exit "interrupt -j $1 -n $2: self-check" 0
    expect_line "interrupt -j $1 -n $2: every item done" \
        "check: items done = $2 \(expected $2\) ok"
    expect_line "interrupt -j $1 -n $2: the total equal to the sequential one" \
        "check: total equal to the sequential one = [0-9]+ \(expected [0-9]+\) ok"
    expect_line "interrupt -j $1 -n $2: every worker reaped with status 0" \
        "check: workers reaped, each with exit status 0 = $1 \(expected $1\) ok"
    rows=$(awk -v n="$2" -v j="$1" '$NF == "0" && $(NF-1) == "exit" && $1 ~ /^[0-9]+$/ {
               k = $1; if ($3 == int(n * (k + 1) / j) - int(n * k / j) && $4 == $3) ok++ }
               END { print ok + 0 }' "$WORK/out")
    if [ "$rows" -eq "$1" ]; then pass "interrupt -j $1 -n $2: each worker did its whole share"
    else fail "interrupt -j $1 -n $2: each worker did its whole share" "$1 full rows" "$rows"; fi
    if grep -q '^interrupted:' "$WORK/out"; then
        fail "interrupt -j $1 -n $2: not interrupted" "no 'interrupted:' line" "one"
    else pass "interrupt -j $1 -n $2: not interrupted"; fi
    expect_no_leftovers "interrupt -j $1 -n $2: every worker reaped"
done

# interrupt -t: SIGINT to the parent alone (as kill -INT PID): the parent
# must forward it, or its workers would run for hours (and this run would
# time out). Each stops after its current item and reports; the parent
# reaps them all and dies of SIGINT: 130.
items=100000000
run "$ch/interrupt" -j 2 -n $items -t 300
expect_exit "interrupt -t 300: exit status 130 (128 + SIGINT)" 130
expect_line "interrupt -t 300: the parent forwards SIGINT to its 2 workers" \
    "SIGINT: forwarded to 2 workers; each stops after its current item"
expect_line "interrupt -t 300: says how much was done" \
    "interrupted: [0-9]+ of $items items done"
expect_line "interrupt -t 300: the count within 0..total" \
    "check: items done, within 0..total \(1 = yes\) = 1 \(expected 1\) ok"
expect_line "interrupt -t 300: every worker reaped" "check: workers reaped = 2 \(expected 2\) ok"
done_items=$(value interrupted | sed 's/ .*//')
sum=$(awk '$NF == "0" && $(NF-1) == "exit" && $1 ~ /^[0-9]+$/ { s += $4; n++ }
           END { print n + 0, s + 0 }' "$WORK/out")
if [ "$sum" = "2 $done_items" ] && [ "$done_items" -lt $items ]
then pass "interrupt -t 300: 2 workers stopped early, exit 0, their counts add up"
else fail "interrupt -t 300: 2 workers stopped early, exit 0, their counts add up" \
        "2 rows summing to $done_items < $items" "rows and sum: $sum"; fi
expect_no_leftovers "interrupt -t 300: nothing left running"

# Death by SIGINT, not exit(130): the two look alike in $?, so ask perl's
# system(), which sees the wait status itself.
run perl -e 'system @ARGV; print "wait status: ", ($? & 127 ? "signal " . ($? & 127) : "exit " . ($? >> 8)), "\n"' \
    "$ch/interrupt" -j 2 -n $items -t 200
expect_value "interrupt -t 200: dies of SIGINT (signal 2), not exit(130)" "wait status" "signal 2"

# Ctrl-C: SIGINT to the whole process group, workers included.
if [ -z "${MEMCHECK:-}" ]; then
    for j in 1 3; do
        run_interrupted 300 "$ch/interrupt" -j $j -n $items
        expect_interrupted "interrupt -j $j: Ctrl-C"
        expect_line "interrupt -j $j: Ctrl-C: says how much was done" \
            "interrupted: [0-9]+ of $items items done"
        expect_line "interrupt -j $j: Ctrl-C: every worker reaped" \
            "check: workers reaped = $j \(expected $j\) ok"
    done
fi
for bad in "-t 0" "-t 600001" "-t x" "-t" "-j 65"; do
    run "$ch/interrupt" $bad
    expect_exit "interrupt $bad exits 2" 2
    expect_stderr_one_line "interrupt $bad gives one line"
done

# start_methods: every start of every way gave worker K's sum (the program
# checks it against the closed formula); the child forked while a thread
# held the lock found it held at its deadline, and said so. Under valgrind
# every exec'd worker runs under valgrind too: 2 starts each.
starts=5
[ -n "${MEMCHECK:-}" ] && starts=2
run "$ch/start_methods" -n $starts
expect_exit "start_methods -n $starts: self-check" 0
expect_line "start_methods -n $starts: every start of the 3 ways right" \
    "check: results right, every way = $((3 * starts)) \(expected $((3 * starts))\) ok"
for way in "fork" "fork \+ exec" "posix_spawn"; do
    expect_line "start_methods: a row for $way" "$way +$starts +[0-9]+\.[0-9] +$starts"
done
expect_line "start_methods: the child found the lock held" \
    "check: child found the lock held for good \(1 = yes\) = 1 \(expected 1\) ok"
expect_line "start_methods: the child's verdict" \
    "  child:  pthread_mutex_timedlock gave up after 300 ms: the lock is"
expect_line "start_methods: the parent got the lock" \
    "  parent: the helper thread unlocked it; we locked it at once"
expect_line "start_methods: the rule" "rule: fork before starting threads, .*"
expect_line "start_methods: names the program it execs" \
    "exec'd: .*start_methods --worker K"
expect_no_leftovers "start_methods -n $starts: every child reaped"

run "$ch/start_methods" -n 3 --bench
expect_exit "start_methods --bench: self-check" 0
for case in fork fork_exec posix_spawn; do
    expect_line "start_methods --bench: a BENCH line for $case" \
        "BENCH program=start_methods case=$case workers=1 seconds=[0-9.]+ starts=3 median_us=[0-9.]+"
done

# Ctrl-C during the timings (-n 1000: seconds of starts) and during the
# hazard (its child holds on for 300 ms): every child reaped, status 130.
if [ -z "${MEMCHECK:-}" ]; then
    run_interrupted 150 "$ch/start_methods" -n 1000
    expect_interrupted "start_methods -n 1000: Ctrl-C while starting workers"
    run_interrupted 200 "$ch/start_methods" -n 1
    expect_interrupted "start_methods -n 1: Ctrl-C while the hazard's child waits"
fi

# Found in PATH, as a shell would find it: exec must find itself the same way.
if [ -z "${MEMCHECK:-}" ]; then
    run env PATH="$(cd "$ch" && pwd):$PATH" start_methods -n 2
    expect_exit "start_methods run through PATH: self-check" 0
    expect_line "start_methods run through PATH: exec'd workers right" \
        "check: results right, every way = 6 \(expected 6\) ok"
fi

# The hidden worker mode: worker K prints the sum of k*k for k in
# [1000K, 1000K + 1000), and nothing else.
for k in 0 7 10000; do
    a=$((k * 1000)); b=$((a + 1000))
    sum=$(( (b - 1) * b * (2 * b - 1) / 6 - (a - 1) * a * (2 * a - 1) / 6 ))
    run "$ch/start_methods" --worker $k
    expect_exit "start_methods --worker $k exits 0" 0
    if [ "$(cat "$WORK/out")" = "$sum" ] && [ ! -s "$WORK/err" ]
    then pass "start_methods --worker $k prints $sum alone"
    else fail "start_methods --worker $k prints $sum alone" "$sum" "$(first_line "$WORK/out")"; fi
done
for bad in "--worker x" "--worker -1" "--worker 10001" "--worker 1 -n 5" "-n 0" "-n 10001"; do
    run "$ch/start_methods" $bad
    expect_exit "start_methods $bad exits 2" 2
    expect_stderr_one_line "start_methods $bad gives one line"
done
