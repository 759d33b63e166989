# tests/chapters/06-pools.sh
. tests/lib.sh
ch=$BUILD/chapters/06-pools

listed=$(sed -n 's/^ch06_programs := //p' chapters/06-pools/chapter.mk | tr ' ' '\n' | sort | tr '\n' ' ')
found=$(cd chapters/06-pools && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch06: chapter.mk lists every program"
else fail "ch06: chapter.mk lists every program" "$found" "$listed"; fi

for p in pool_squares pool_methods pool_rounds pool_functions pool_timeout pool_survives executor \
         pool_size pool_chunksize pool_threads; do
    expect_program_contract "$ch/$p"
done

# pool_squares: results in input order, whatever the number of workers.
run "$ch/pool_squares"
expect_line "pool_squares: the squares of 0..9, in order" "squares: 0 1 4 9 16 25 36 49 64 81"
expect_line "pool_squares: four workers did the work" "tasks run by: 4 workers \(pids( [0-9]+){4}\)"
for case in "1 1" "3 100" "8 5" "2 300000" "4 0"; do
    j=${case% *} n=${case#* }
    run "$ch/pool_squares" -j $j -n $n
    expect_exit "pool_squares -j $j -n $n: self-check" 0
    expect_line "pool_squares -j $j -n $n: every square in its place" \
        "check: squares in input order = $n \(expected $n\) ok"
done

# pool_survives: in every round exactly the doomed task is lost, a new
# worker replaces the dead one, and no shutdown hangs (many times over).
for args in "-n 20" "-j 1 -n 5" "-j 4 -n 10 -m crash"; do
    run "$ch/pool_survives" $args
    expect_exit "pool_survives $args: self-check" 0
    rounds=${args##*-n }; rounds=${rounds%% *}
    lost=$(grep -c "^round [0-9]*: task 5 lost (worker [0-9]* \(killed by signal [0-9]*\|exited [0-9]*\)); 11 of 12 done$" "$WORK/out")
    if [ "$lost" -eq "$rounds" ]; then pass "pool_survives $args: task 5 lost, 11 done, every round"
    else fail "pool_survives $args: task 5 lost, 11 done, every round" "$rounds rounds" "$lost"; fi
    expect_no_leftovers "pool_survives $args: nothing left running"
done
run "$ch/pool_survives" -n 2
expect_line "pool_survives: the worker was killed by SIGKILL" "round 1: task 5 lost \(worker [0-9]+ killed by signal 9\); 11 of 12 done"
expect_line "pool_survives: one replacement" "round 1: workers started 3 \(2 \+ 1 replacement\)"

# pool_chunksize: every result right at every chunk size; BENCH lines.
run "$ch/pool_chunksize" -n 20000 -j 3 --bench
expect_exit "pool_chunksize -n 20000: self-check" 0
for c in 1 10 100 1000 auto; do
    expect_line "pool_chunksize: a BENCH line for chunksize $c" \
        "BENCH program=pool_chunksize case=chunksize-$c workers=3 seconds=[0-9.]+ us_per_task=[0-9.]+"
done
got=$(grep -c "^check: results right.* = 20000 (expected 20000) ok$" "$WORK/out")
if [ "$got" -eq 5 ]; then pass "pool_chunksize: all 20000 right at each of 5 chunk sizes"
else fail "pool_chunksize: all 20000 right at each of 5 chunk sizes" 5 "$got"; fi

# pool_functions: starmap's pairs and three different functions, one pool.
for j in 1 3 8; do
    run "$ch/pool_functions" -j $j
    expect_exit "pool_functions -j $j: self-check" 0
    expect_line "pool_functions -j $j: power over the pairs" "power: 2\^2 = 4, 4\^3 = 64, 5\^5 = 3125"
    expect_line "pool_functions -j $j: inc, dec, add" "inc\(4\) = 5, dec\(2\) = 1, add\(3, 4\) = 7"
done

# pool_timeout: at the deadline the pool is terminated; every task is done
# or cancelled, no worker runs on; with time enough, all are done.
for args in "-t 500" "-t 0" "-j 4 -n 20 -t 300" "-t 5000"; do
    run "$ch/pool_timeout" $args
    expect_exit "pool_timeout $args: self-check" 0
    expect_line "pool_timeout $args: no worker left running" "done: [0-9]+, cancelled: [0-9]+, workers still running: 0"
    expect_no_leftovers "pool_timeout $args: nothing left behind"
done
run "$ch/pool_timeout" -t 0
expect_line "pool_timeout -t 0: nothing done, all cancelled" "done: 0, cancelled: 8, workers still running: 0"
run "$ch/pool_timeout" -t 5000
expect_line "pool_timeout -t 5000: all done in time" "deadline of 5000 ms: all 8 done in [0-9.]+ s"
expect_line "pool_timeout -t 5000: none cancelled" "done: 8, cancelled: 0, workers still running: 0"

# pool_methods: every method gives every result once; map and the ordered
# ones in input order, imap_unordered in some order of its own.
for j in 1 2 6; do
    run "$ch/pool_methods" -j $j
    expect_exit "pool_methods -j $j: self-check" 0
    for m in map map_async imap apply_async; do
        expect_line "pool_methods -j $j: $m in input order" "$m +[0-9]+ ms +[0-9]+ ms +0 1 2 3 4 5"
    done
    order=$(sed -n 's/^imap_unordered .* ms *\(.*\)$/\1/p' "$WORK/out" | tr ' ' '\n' | grep . | sort -n | tr '\n' ' ')
    if [ "$order" = "0 1 2 3 4 5 " ]; then pass "pool_methods -j $j: imap_unordered gives each result once"
    else fail "pool_methods -j $j: imap_unordered gives each result once" "0 1 2 3 4 5" "$order"; fi
done

# pool_rounds: W tasks on W workers take one round; one more takes two,
# because the busiest worker runs two tasks (counted by pid, not timed).
for j in 1 2 5; do
    run "$ch/pool_rounds" -j $j -t 40 --bench
    expect_exit "pool_rounds -j $j: self-check" 0
    squares="" more=""
    for k in $(seq 1 $((j + 1))); do
        [ "$k" -le "$j" ] && squares="$squares $((4 * k * k))"
        more="$more $((4 * k * k))"
    done
    tasks="tasks"; [ "$j" -eq 1 ] && tasks="task"
    expect_line "pool_rounds -j $j: $j $tasks, one round" \
        " *$j $tasks:$squares   [0-9.]+ s = [0-9.]+ rounds \(busiest worker ran 1\)"
    expect_line "pool_rounds -j $j: $((j + 1)) tasks, two rounds" \
        " *$((j + 1)) tasks:$more   [0-9.]+ s = [0-9.]+ rounds \(busiest worker ran 2\)"
    expect_line "pool_rounds -j $j: a BENCH line for the extra task" \
        "BENCH program=pool_rounds case=tasks-$((j + 1)) workers=$j seconds=[0-9.]+"
done
for bad in "-t 0" "-t 10001" "-t x"; do
    run "$ch/pool_rounds" $bad
    expect_exit "pool_rounds $bad exits 2" 2
    expect_stderr_one_line "pool_rounds $bad gives one line"
done

# executor: the largest prime factor of each of the tutorial's numbers
# (factor(1) agrees), and each number completed exactly once.
run "$ch/executor" -j 3
expect_exit "executor -j 3: self-check" 0
for pair in 100913100913:100913 100913100919:20607127 100913100921:487502903 \
            100913100923:2543237 100913100929:3479762101 100913100931:100913100931; do
    expect_line "executor: largest prime factor of ${pair%:*}" \
        "${pair%:*} +${pair#*:} +[0-9]+(st|nd|rd|th)"
done
places=$(sed -n 's/^1009[0-9]* .* \([0-9]*\)[a-z][a-z]$/\1/p' "$WORK/out" | sort -n | tr '\n' ' ')
if [ "$places" = "1 2 3 4 5 6 " ]; then pass "executor: each future completed once"
else fail "executor: each future completed once" "1 2 3 4 5 6" "$places"; fi
run "$ch/executor" -j 1 -f 12 -f 2 -f 97 -f 1000003 -f 999962000357
expect_exit "executor -f ...: self-check" 0
for pair in 12:3 2:2 97:97 1000003:1000003 999962000357:999983; do
    expect_line "executor -f: largest prime factor of ${pair%:*}" "${pair%:*} +${pair#*:} +[0-9]+(st|nd|rd|th)"
done
for bad in "-f 1" "-f 4000000000000000001" "-f x" \
           "$(printf -- '-f 6 %.0s' $(seq 17))"; do
    run "$ch/executor" $bad
    expect_exit "executor ${bad%% 6 -f*}...: exits 2" 2
    expect_stderr_one_line "executor ${bad%% 6 -f*}...: one line"
done
if [ -z "${MEMCHECK:-}" ]; then
    run "$ch/executor" --bench
    expect_exit "executor --bench: self-check" 0
    expect_line "executor --bench: a prime of 16 digits is its own factor" \
        "1009131009131243 +1009131009131243 +[0-9]+(st|nd|rd|th)"
    expect_line "executor --bench: a BENCH line" \
        "BENCH program=executor case=largest-factor workers=[0-9]+ seconds=[0-9.]+ sequential_seconds=[0-9.]+ speedup=[0-9.]+"
fi

# pool_size: every pool size counts the same primes as the loop (and, at
# the default size, as a sieve); the sizes double, with the CPU count.
run "$ch/pool_size" -j 8 -n 16
expect_exit "pool_size -j 8 -n 16: self-check" 0
sizes=$(sed -n 's/^pool  *\([0-9]*\) .*/\1/p' "$WORK/out" | tr '\n' ' ')
cpus=$(getconf _NPROCESSORS_ONLN)
expected=$(for w in 1 2 4 8 $cpus; do [ "$w" -le 8 ] && echo $w; done | sort -n | uniq | tr '\n' ' ')
if [ "$sizes" = "$expected" ]; then pass "pool_size: pools of 1, 2, 4, 8 and the CPU count"
else fail "pool_size: pools of 1, 2, 4, 8 and the CPU count" "$expected" "$sizes"; fi
primes=$(awk 'BEGIN { n = 0; for (x = 2; x < 16 * 12000; x++) { p = 1;
    for (d = 2; d * d <= x; d++) if (x % d == 0) { p = 0; break }; n += p }; print n }')
got=$(grep -c "^check: primes counted by the pool = $primes (expected $primes) ok$" "$WORK/out")
if [ "$got" -eq "$(echo $sizes | wc -w)" ]; then pass "pool_size: $primes primes below 192000, every pool"
else fail "pool_size: $primes primes below 192000, every pool" "$(echo $sizes | wc -w) right" "$got"; fi
run "$ch/pool_size" -j 1 -n 1 --bench
expect_exit "pool_size -j 1 -n 1 --bench: self-check" 0
expect_line "pool_size -n 1: one pool, a BENCH line" \
    "BENCH program=pool_size case=pool workers=1 seconds=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+ preemptions=[0-9.]+"

# pool_threads: both pools count the primes the loop counts, range by range,
# at 1 and N workers; both map x + 1 right at chunksize 1 and automatic; the
# thread pool's get times out on a held task, imap keeps input order, and
# terminate lets the two running tasks finish and cancels the other six.
for j in 1 2 3; do
    run "$ch/pool_threads" -j $j -n 5000 --bench
    expect_exit "pool_threads -j $j: self-check" 0
    expect_line "pool_threads -j $j: the primes below 100000" \
        "primes below 100000: 9592 \(counted in 64 tasks\)"
    for mode in processes threads; do
        expect_line "pool_threads -j $j: $mode, $j worker(s), every range right" \
            "check: $mode, $j worker\(s\): ranges counted as the loop did = 64 \(expected 64\) ok"
        for c in 1 auto; do
            expect_line "pool_threads -j $j: a BENCH line for $mode, chunksize $c" \
                "BENCH program=pool_threads case=$mode-chunksize-$c workers=$j seconds=[0-9.]+ us_per_task=[0-9.]+"
        done
    done
    got=$(grep -c "^check: .* chunksize: results right = 5000 (expected 5000) ok$\|^check: .*chunksize 1: results right = 5000 (expected 5000) ok$" "$WORK/out")
    if [ "$got" -eq 4 ]; then pass "pool_threads -j $j: x + 1 right, 2 pools x 2 chunk sizes"
    else fail "pool_threads -j $j: x + 1 right, 2 pools x 2 chunk sizes" 4 "$got"; fi
    expect_line "pool_threads -j $j: get(10 ms) on a held task times out" \
        "get\(10 ms\) on a held task: -1 \(TPOOL_TIMEOUT\); let go, get\(\): 0, 7\^2 = 49"
    expect_line "pool_threads -j $j: imap in input order" "imap order: 0 1 2 3 4 5 6 7"
    order=$(sed -n 's/^imap_unordered order: //p' "$WORK/out" | tr ' ' '\n' | sort -n | tr '\n' ' ')
    if [ "$order" = "0 1 2 3 4 5 6 7 " ]; then pass "pool_threads -j $j: imap_unordered gives each once"
    else fail "pool_threads -j $j: imap_unordered gives each once" "0 1 2 3 4 5 6 7" "$order"; fi
    expect_line "pool_threads -j $j: terminate: the running tasks done, the others cancelled" \
        "terminate while tasks 0 and 1 run: [2-8] done, [0-6] cancelled"
    expect_no_leftovers "pool_threads -j $j: nothing left running"
done
for bad in "-n 0" "-n 500001" "-j 65"; do
    run "$ch/pool_threads" $bad
    expect_exit "pool_threads $bad exits 2" 2
    expect_stderr_one_line "pool_threads $bad gives one line"
done
