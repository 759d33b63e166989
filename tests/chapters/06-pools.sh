# tests/chapters/06-pools.sh
. tests/lib.sh
ch=$BUILD/chapters/06-pools

listed=$(sed -n 's/^ch06_programs := //p' chapters/06-pools/chapter.mk | tr ' ' '\n' | sort | tr '\n' ' ')
found=$(cd chapters/06-pools && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch06: chapter.mk lists every program"
else fail "ch06: chapter.mk lists every program" "$found" "$listed"; fi

for p in pool_squares pool_methods pool_functions pool_timeout pool_survives pool_chunksize; do
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
