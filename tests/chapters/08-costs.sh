# tests/chapters/08-costs.sh
. tests/lib.sh
ch=$BUILD/chapters/08-costs

listed=$(sed -n 's/^ch08_programs := //p' chapters/08-costs/chapter.mk | tr ' ' '\n' | sort | tr '\n' ' ')
found=$(cd chapters/08-costs && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch08: chapter.mk lists every program"
else fail "ch08: chapter.mk lists every program" "$found" "$listed"; fi

for p in creation_cost granularity moving_data amdahl; do
    expect_program_contract "$ch/$p"
done

# creation_cost: every way timed -n times, each row's minimum at most its
# median, every thread joined and every child reaped with status 0. Under
# valgrind each exec'd child runs under valgrind too: 2 starts each.
starts=50
[ -n "${MEMCHECK:-}" ] && starts=2
for mib in 1 8; do
    run "$ch/creation_cost" -n $starts -m $mib
    expect_exit "creation_cost -n $starts -m $mib: self-check" 0
    expect_line "creation_cost -m $mib: each of the 6 ways timed $starts times" \
        "check: ways timed, -n starts each = 6 \(expected 6\) ok"
    expect_line "creation_cost -m $mib: every thread joined with its result" \
        "check: threads joined, each with its own result = $starts \(expected $starts\) ok"
    children=$((5 * starts))
    expect_line "creation_cost -m $mib: $children children, each exited 0" \
        "check: children reaped with exit status 0 = $children \(expected $children\) ok"
    for way in "pthread_create \+ join" "fork \+ waitpid" "fork, $mib MiB touched" \
               "vfork \+ _exit" "posix_spawn of itself" "fork \+ exec of itself"; do
        expect_line "creation_cost -m $mib: a row for $way" \
            "$way +$starts +[0-9]+\.[0-9] +[0-9]+\.[0-9] +[0-9]+\.[0-9]x"
    done
    bad=$(awk '$NF ~ /^[0-9.]+x$/ && $(NF-1) + 0 > $(NF-2) + 0 { print $0 }' "$WORK/out" | head -n 1)
    if [ -z "$bad" ]; then pass "creation_cost -m $mib: each minimum at most its median"
    else fail "creation_cost -m $mib: each minimum at most its median" "min <= median" "'$bad'"; fi
    expect_line "creation_cost -m $mib: the thread row is the unit of the ratios" \
        "pthread_create \+ join +$starts +[0-9.]+ +[0-9.]+ +1\.0x"
    expect_line "creation_cost -m $mib: names the program it execs" \
        "exec'd program: .*creation_cost --child \(does nothing, exits 0\)"
    expect_no_leftovers "creation_cost -m $mib: every child reaped"
done
run "$ch/creation_cost" -n $starts -m 4 --bench
expect_exit "creation_cost --bench: self-check" 0
for case in thread fork fork_4mib vfork posix_spawn fork_exec; do
    expect_line "creation_cost --bench: a BENCH line for $case" \
        "BENCH program=creation_cost case=$case workers=1 seconds=[0-9.]+ starts=$starts median_us=[0-9.]+ min_us=[0-9.]+ min_vs_thread=[0-9.]+"
done
# The hidden child mode: nothing printed, exit 0; with more, a usage error.
run "$ch/creation_cost" --child
expect_exit "creation_cost --child (the exec'd do-nothing) exits 0" 0
if [ -s "$WORK/out" ] || [ -s "$WORK/err" ]; then
    fail "creation_cost --child prints nothing" "no output" "$(first_line "$WORK/out")$(first_line "$WORK/err")"
else pass "creation_cost --child prints nothing"; fi
for bad in "-n 0" "-n 100001" "-m 0" "-m 1025" "-m x" "-m" "--child -n 5"; do
    run "$ch/creation_cost" $bad
    expect_exit "creation_cost $bad exits 2" 2
    expect_stderr_one_line "creation_cost $bad gives one line"
done

# moving_data: both ways at every size up to -n MiB (the last one even
# when it is no power of 4), in both tables; not one element wrong or
# missing; a pipe holds 64 KiB, so a size took at least size/64 KiB reads.
for mib in 1 3; do
    run "$ch/moving_data" -n $mib
    expect_exit "moving_data -n $mib: self-check" 0
    sizes="1 KiB|4 KiB|16 KiB|64 KiB|256 KiB|1 MiB"
    [ $mib -eq 3 ] && sizes="$sizes|3 MiB"
    count=$(echo "$sizes" | tr '|' '\n' | grep -c .)
    rows=$(grep -Ec "^($sizes) +[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+x$" "$WORK/out")
    if [ "$rows" -eq $((2 * count)) ]; then pass "moving_data -n $mib: both tables, a row per size"
    else fail "moving_data -n $mib: both tables, a row per size" "$((2 * count)) rows" "$rows"; fi
    expect_line "moving_data -n $mib: the first transfers' table" "first transfer: .*"
    expect_line "moving_data -n $mib: the repeated transfers' table" "again: .*"
    transfers=$((count * 5 * 2 * 4))     # 5 children per size and way, 1 + 3 rounds each
    expect_line "moving_data -n $mib: every transfer done" \
        "check: transfers done, both ways = $transfers \(expected $transfers\) ok"
    expect_line "moving_data -n $mib: no element wrong through the pipe" \
        "check: elements wrong or missing, pipe = 0 \(expected 0\) ok"
    expect_line "moving_data -n $mib: no element wrong in shared memory" \
        "check: elements wrong or missing, shared memory = 0 \(expected 0\) ok"
    expect_line "moving_data -n $mib: every child exited 0" \
        "check: children that failed = 0 \(expected 0\) ok"
    few=$(awk '$2 ~ /^[KM]iB$/ && $NF ~ /x$/ {
              bytes = $1 * ($2 == "MiB" ? 1048576 : 1024)
              need = int((bytes + 65535) / 65536)
              if ($5 < need) { print $1 " " $2 ": " $5 " reads"; exit } }' "$WORK/out")
    if [ -z "$few" ]; then pass "moving_data -n $mib: at least one read per 64 KiB"
    else fail "moving_data -n $mib: at least one read per 64 KiB" "reads >= size / 64 KiB" "$few"; fi
    expect_no_leftovers "moving_data -n $mib: every child reaped, nothing left in /dev/shm"
done
run "$ch/moving_data" -n 1 --bench
expect_exit "moving_data -n 1 --bench: self-check" 0
for size in "1KiB 1024" "64KiB 65536" "1MiB 1048576"; do
    for case in pipe-first shm-first pipe-again shm-again; do
        expect_line "moving_data --bench: a BENCH line for $case-${size% *}" \
            "BENCH program=moving_data case=$case-${size% *} workers=1 seconds=[0-9.]+ bytes=${size#* } gb_per_s=[0-9.]+"
    done
done
benches=$(grep -c '^BENCH ' "$WORK/out")
if [ "$benches" -eq 24 ]; then pass "moving_data --bench: 4 BENCH lines for each of 6 sizes"
else fail "moving_data --bench: 4 BENCH lines for each of 6 sizes" "24" "$benches"; fi
for bad in "-n 0" "-n 1025" "-n 1x"; do
    run "$ch/moving_data" $bad
    expect_exit "moving_data $bad exits 2" 2
    expect_stderr_one_line "moving_data $bad gives one line"
done

# granularity: a row per size, doubling up to -u; every pool result equal
# to the loop's; the verdict names a row of the table (or says never).
for case in "2 50 64" "1 10 4" "3 7 1"; do
    set -- $case
    run "$ch/granularity" -j $1 -n $2 -u $3
    expect_exit "granularity -j $1 -n $2 -u $3: self-check" 0
    units=$(sed -n 's/^ *\([0-9][0-9]*\) .*x\( .*\)\{0,1\}$/\1/p' "$WORK/out" | tr '\n' ' ')
    sizes=$(u=1; while [ $u -le $3 ]; do printf '%s ' $u; u=$((u * 2)); done)
    if [ "$units" = "$sizes" ]; then pass "granularity -u $3: sizes $sizes"
    else fail "granularity -u $3: sizes $sizes" "$sizes" "$units"; fi
    rows=$(echo $sizes | wc -w)
    expect_line "granularity -j $1 -n $2: every result equal to the loop's" \
        "check: pool results equal to the loop's, at every size = $(($2 * rows)) \(expected $(($2 * rows))\) ok"
    expect_line "granularity -j $1 -n $2: a verdict" \
        "the pool (wins from [0-9]+ units a task \([0-9.]+ us\), with $2 tasks|never wins here, with $2 tasks on $1 workers?)"
    from=$(sed -n 's/^the pool wins from \([0-9]*\) units.*/\1/p' "$WORK/out")
    if [ -z "$from" ] || grep -Eq "^ *$from .*x  <- the pool wins$" "$WORK/out"
    then pass "granularity -j $1 -n $2: the verdict marks its row"
    else fail "granularity -j $1 -n $2: the verdict marks its row" "row $from marked" "$(grep -c '<-' "$WORK/out") marks"; fi
done
run "$ch/granularity" -n 20 -u 8 --bench -j 2
for u in 1 2 4 8; do
    expect_line "granularity --bench: a BENCH line for $u units" \
        "BENCH program=granularity case=units-$u workers=2 seconds=[0-9.]+ sequential_seconds=[0-9.]+ speedup=[0-9.]+ us_per_task=[0-9.]+"
done
for bad in "-u 0" "-u 16777217" "-u x" "-n 100001"; do
    run "$ch/granularity" $bad
    expect_exit "granularity $bad exits 2" 2
    expect_stderr_one_line "granularity $bad gives one line"
done

# amdahl: one row per worker count, the same result in every run; with no
# serial part Amdahl predicts j, with nothing but a serial part 1.
run "$ch/amdahl" -j 3 -n 100000
expect_exit "amdahl -j 3: self-check" 0
expect_line "amdahl -j 3: every run's result equal" \
    "check: runs whose result equals the sequential one = 3 \(expected 3\) ok"
expect_line "amdahl: the serial share stated" \
    "serial part: 10% of the work \(measured: [0-9.]+%\); the limit: [0-9.]+x"
cpus=$(getconf _NPROCESSORS_ONLN)
run "$ch/amdahl" -s 0 -j 4 -n 100000
expect_line "amdahl -s 0: no limit" "serial part: 0% of the work \(measured: 0\.0%\); no limit"
for j in 1 2 3 4; do
    on=$j; [ $j -gt "$cpus" ] && on=$cpus
    expect_line "amdahl -s 0: Amdahl predicts $j for $j workers ($on on $cpus cores)" \
        " +$j +[0-9.]+ +[0-9.]+x +$j\.00x +$on\.00x"
done
run "$ch/amdahl" -s 100 -j 2 -n 100000
expect_exit "amdahl -s 100: self-check" 0
expect_line "amdahl -s 100: Amdahl predicts nothing gained" " +2 +[0-9.]+ +[0-9.]+x +1\.00x +1\.00x"
run "$ch/amdahl" -s 25 -j 2 -n 840 --bench
expect_exit "amdahl -s 25 -n 840: self-check" 0
for j in 1 2; do
    expect_line "amdahl --bench: a BENCH line for $j worker(s)" \
        "BENCH program=amdahl case=serial-25 workers=$j seconds=[0-9.]+ speedup=[0-9.]+ amdahl=[0-9.]+"
done
expect_no_leftovers "amdahl: every worker reaped"
for bad in "-s 101" "-s -1" "-s x" "-n 0"; do
    run "$ch/amdahl" $bad
    expect_exit "amdahl $bad exits 2" 2
    expect_stderr_one_line "amdahl $bad gives one line"
done
