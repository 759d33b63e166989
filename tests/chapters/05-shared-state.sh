# tests/chapters/05-shared-state.sh
. tests/lib.sh
ch=$BUILD/chapters/05-shared-state

listed=$(sed -n 's/^ch05_programs := //p' chapters/05-shared-state/chapter.mk | tr ' ' '\n' | sort | tr '\n' ' ')
found=$(cd chapters/05-shared-state && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch05: chapter.mk lists every program"
else fail "ch05: chapter.mk lists every program" "$found" "$listed"; fi

for p in counter_global counter_shared counter_threads shared_array manager increment_cost; do
    expect_program_contract "$ch/$p"
done

count_lines() { grep -Ec "^($1)\$" "$WORK/out"; }

# counter_global: every child counts to -n in its own copy; the parent's stays 0.
for case in "1 1000" "4 0" "9 5000"; do
    j=${case% *} n=${case#* }
    run "$ch/counter_global" -j $j -n $n
    expect_exit "counter_global -j $j -n $n: self-check" 0
    expect_line "counter_global -j $j -n $n: the parent's copy is 0" \
        "parent's counter after join: 0 \(the children added $((j * n)) in all, each to its own copy\)"
    got=$(count_lines "\[process-[0-9]+ [0-9]+\] my counter: $n")
    if [ "$got" -eq $j ]; then pass "counter_global -j $j -n $n: each child counted to $n"
    else fail "counter_global -j $j -n $n: each child counted to $n" "$j lines" "$got"; fi
done

# counter_shared: the shared mutex is exact; without it updates may be
# lost (how many is luck), but the count can never exceed what was added.
# One process alone has nobody to race with: exact in every mode.
for case in "30 1000" "4 200000" "2 50000"; do
    j=${case% *} n=${case#* } e=$(( ${case% *} * ${case#* } ))
    run "$ch/counter_shared" -j $j -n $n
    expect_exit "counter_shared -j $j -n $n: self-check" 0
    expect_line "counter_shared -j $j -n $n: exact under the shared mutex" \
        "shared mutex: +$e of $e \(exact\) in [0-9.]+ s"
    for mode in "no lock" "private mutex"; do
        line=$(grep "^$mode: " "$WORK/out")
        counted=$(echo "$line" | sed -n 's/^[a-z ]*: *\([0-9]*\) of .*/\1/p')
        if [ -n "$counted" ] && [ "$counted" -ge 1 ] && [ "$counted" -le $e ]
        then pass "counter_shared -j $j -n $n: $mode: between 1 and $e counted"
        else fail "counter_shared -j $j -n $n: $mode: between 1 and $e counted" "1 to $e" "'$line'"; fi
    done
done
for mode in none private shared; do
    run "$ch/counter_shared" -j 1 -n 100000 -m $mode
    expect_exit "counter_shared -j 1 -m $mode: self-check" 0
    expect_line "counter_shared -j 1 -m $mode: one process loses nothing" \
        "[a-z ]+: +100000 of 100000 \(exact\) in [0-9.]+ s"
    expect_count_modes=$(count_lines "(no lock|private mutex|shared mutex): .*")
    if [ "$expect_count_modes" -eq 1 ]; then pass "counter_shared -m $mode: that mode alone"
    else fail "counter_shared -m $mode: that mode alone" "1 line" "$expect_count_modes"; fi
done
run "$ch/counter_shared" -m sometimes
expect_exit "counter_shared -m with an unknown mode exits 2" 2
expect_stderr_one_line "counter_shared -m sometimes gives one line"

# counter_threads: the same with threads (under ThreadSanitizer its
# contract test expects the race report instead).
if ! under_tsan && [ -z "${MEMCHECK:-}" ]; then
    run "$ch/counter_threads" -j 3 -n 300000
    expect_exit "counter_threads -j 3 -n 300000: self-check" 0
    expect_line "counter_threads: exact under the mutex" "locked: +900000 of 900000 \(exact\)"
    counted=$(sed -n 's/^unlocked: \([0-9]*\) of 900000 (.*/\1/p' "$WORK/out")
    if [ -n "$counted" ] && [ "$counted" -ge 1 ] && [ "$counted" -le 900000 ]
    then pass "counter_threads: unlocked, between 1 and 900000 counted"
    else fail "counter_threads: unlocked, between 1 and 900000 counted" "1 to 900000" "'$counted'"; fi
fi

# shared_array: slices cover the array; the parent reads the squares in place.
for case in "1 10" "4 10" "12 10" "3 100000"; do
    j=${case% *} n=${case#* }
    run "$ch/shared_array" -j $j -n $n
    expect_exit "shared_array -j $j -n $n: self-check" 0
    sum=$(awk -v n=$n 'BEGIN { s = 0; for (i = 0; i < n; i++) s += i * i; printf "%.0f", s }')
    expect_value "shared_array -j $j -n $n: sum of squares" "sum" "$sum (expected $sum)"
    covered=$(sed -n 's/^\[process-[0-9]* [0-9]*\] filled \[\([0-9]*\), \([0-9]*\))$/\1 \2/p' "$WORK/out" |
              sort -n | awk -v n=$n 'BEGIN { at = 0 } $1 != at { bad = 1 } { at = $2 } END { print (bad || at != n) ? "no" : "yes" }')
    if [ "$covered" = yes ]; then pass "shared_array -j $j -n $n: slices cover [0, $n) once"
    else fail "shared_array -j $j -n $n: slices cover [0, $n) once" "yes" "$covered"; fi
done
run "$ch/shared_array" -n 10
expect_line "shared_array: the array itself" "array: 0 1 4 9 16 25 36 49 64 81"

# manager: every worker in the list and the dict once; the counter exact.
for j in 1 4 9; do
    run "$ch/manager" -j $j -n 500
    expect_exit "manager -j $j: self-check" 0
    ids=$(sed -n 's/^shared list: \[\(.*\)\]$/\1/p' "$WORK/out" | tr -d ' ' | tr ',' '\n' | sort -n | tr '\n' ' ')
    want=$(seq 0 $((j - 1)) | tr '\n' ' ')
    if [ "$ids" = "$want" ]; then pass "manager -j $j: the list holds each worker once"
    else fail "manager -j $j: the list holds each worker once" "$want" "$ids"; fi
    entries=$(sed -n 's/^shared dict: {\(.*\)}$/\1/p' "$WORK/out" | sed 's/, worker_/\nworker_/g' | sort | tr '\n' ';')
    want=$(seq 0 $((j - 1)) | sed 's/.*/worker_&: Data from &/' | sort | tr '\n' ';')
    if [ "$entries" = "$want" ]; then pass "manager -j $j: the dict maps each worker to its data"
    else fail "manager -j $j: the dict maps each worker to its data" "$want" "$entries"; fi
    expect_line "manager -j $j: 500 increments through the manager" "check: counter in the manager = 500 \(expected 500\) ok"
done
run "$ch/manager" -n 300 --bench
expect_line "manager --bench: the request line" "BENCH program=manager case=request workers=1 seconds=[0-9.]+ us_per_op=[0-9.]+"
expect_line "manager --bench: the shared-memory line" "BENCH program=manager case=shared-memory workers=1 seconds=[0-9.]+ us_per_op=[0-9.]+"

# increment_cost: every way of counting gives the exact total.
for case in "1 1000000" "2 3000001" "5 1000"; do
    j=${case% *} n=${case#* }
    run "$ch/increment_cost" -j $j -n $n --bench
    expect_exit "increment_cost -j $j -n $n: self-check" 0
    t=$((n / j * j))
    got=$(grep -c "^check: .* = $t (expected $t) ok$" "$WORK/out")
    if [ "$got" -eq 4 ]; then pass "increment_cost -j $j -n $n: four exact totals of $t"
    else fail "increment_cost -j $j -n $n: four exact totals of $t" 4 "$got"; fi
    for mode in one-process mutex atomic partial-sums; do
        expect_line "increment_cost -j $j: a BENCH line for $mode" \
            "BENCH program=increment_cost case=$mode workers=[0-9]+ seconds=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+ ns_per_increment=[0-9.]+"
    done
done
