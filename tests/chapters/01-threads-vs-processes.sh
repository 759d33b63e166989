# tests/chapters/01-threads-vs-processes.sh
. tests/lib.sh
ch=$BUILD/chapters/01-threads-vs-processes

# The list in chapter.mk (run order) and the programs on disk agree.
listed=$(sed -n 's/^ch01_programs := //p' chapters/01-threads-vs-processes/chapter.mk | tr ' ' '\n' | sort | tr '\n' ' ')
found=$(cd chapters/01-threads-vs-processes && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch01: chapter.mk lists every program"
else fail "ch01: chapter.mk lists every program" "$found" "$listed"; fi

for p in cpu_bound gil_simulated lock_contention; do
    expect_program_contract "$ch/$p"
done

# The sum of scramble(i) for i < 1000000 and for i < 7, computed once by an
# independent implementation of splitmix64's mixer: every mode must reach it.
SUM_1M=8383674458680
SUM_7=62286305
run "$ch/cpu_bound" -n 1000000 -j 3
expect_exit "cpu_bound -j 3 passes its self-check" 0
expect_line "cpu_bound: threads reach the pinned sum" "check: threads sum = $SUM_1M \(expected $SUM_1M\) ok"
expect_line "cpu_bound: processes reach the pinned sum" "check: processes sum = $SUM_1M \(expected $SUM_1M\) ok"
expect_line "cpu_bound: a threads row with 3 workers" "threads +3 .*"
expect_line "cpu_bound: a processes row with 3 workers" "processes +3 .*"
expect_no_leftovers "cpu_bound leaves nothing behind"

# Uneven chunks (7 items, 4 workers) and more workers than items.
run "$ch/cpu_bound" -n 7 -j 4
expect_line "cpu_bound -n 7 -j 4: threads sum" "check: threads sum = $SUM_7 \(expected $SUM_7\) ok"
expect_line "cpu_bound -n 7 -j 4: processes sum" "check: processes sum = $SUM_7 \(expected $SUM_7\) ok"
run "$ch/cpu_bound" -n 2 -j 5
expect_exit "cpu_bound: more workers than items" 0

run "$ch/cpu_bound" -n 100000 -j 2 --bench
expect_line "cpu_bound --bench: BENCH line" "BENCH program=cpu_bound case=processes workers=2 seconds=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+"

# The simulated GIL: same sum; turns = slices per worker, summed.
run "$ch/gil_simulated" -n 1000000 -j 2 -s 1000
expect_exit "gil_simulated passes its self-check" 0
expect_line "gil_simulated: threads reach the pinned sum" "check: gil-threads sum = $SUM_1M \(expected $SUM_1M\) ok"
expect_line "gil_simulated: 1000 turns of 1000 items" "GIL handoffs: [1-9][0-9]* \(turns taken: 1000\)"
run "$ch/gil_simulated" -n 10 -j 3 -s 4       # chunks 3,3,4: 1+1+1 turns
expect_line "gil_simulated: a short last slice is a turn" "GIL handoffs: [0-9]+ \(turns taken: 3\)"
run "$ch/gil_simulated" -s 0
expect_exit "gil_simulated -s 0 exits 2" 2
expect_stderr_one_line "gil_simulated -s 0 gives one line"

# Contention: every counter exact, also when threads get uneven shares.
run "$ch/lock_contention" -n 100001 -j 3
expect_exit "lock_contention passes its self-check" 0
for c in "mutex counter" "atomic counter" "partial sums"; do
    expect_line "lock_contention: $c exact" "check: $c = 100001 \(expected 100001\) ok"
done
expect_line "lock_contention: ns per increment column" "mutex +3 .* [0-9]+\.[0-9]{2}"
expect_no_leftovers "lock_contention leaves nothing behind"
