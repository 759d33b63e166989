# tests/chapters/04-queues.sh
. tests/lib.sh
ch=$BUILD/chapters/04-queues

listed=$(sed -n 's/^ch04_programs := //p' chapters/04-queues/chapter.mk | tr ' ' '\n' | sort | tr '\n' ' ')
found=$(cd chapters/04-queues && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch04: chapter.mk lists every program"
else fail "ch04: chapter.mk lists every program" "$found" "$listed"; fi

for p in producer_consumer random_values share_words ordered_results task_workers \
         pipeline many_to_many queue_throughput; do
    expect_program_contract "$ch/$p"
done

# count_lines REGEX: how many lines of stdout match the whole of REGEX
count_lines() { grep -Ec "^($1)\$" "$WORK/out"; }

expect_count() {  # NAME REGEX N
    got=$(count_lines "$2")
    if [ "$got" -eq "$3" ]; then pass "$1"; else fail "$1" "$3 lines matching '$2'" "$got"; fi
}

for q in pipe shm; do
    # producer_consumer: everything before the sentinel, in order (the
    # consumer's exit status), and the sum of squares computed here.
    for n in 0 1 1000 200000; do
        run "$ch/producer_consumer" -q $q -n $n
        expect_exit "producer_consumer -q $q -n $n: every item, in order" 0
        sum=$(awk -v n=$n 'BEGIN { s = 0; for (i = 0; i < n; i++) s += i * i; printf "%.0f", s }')
        expect_line "producer_consumer -q $q -n $n: sum of squares $sum" \
            "\[consumer [0-9]+\] met the sentinel after $n items, sum of squares $sum"
    done
    run "$ch/producer_consumer" -q $q -n 5
    items=$(sed -n 's/^\[consumer [0-9]*\] got item \([0-9]*\): \([0-9]*\)$/\1=\2/p' "$WORK/out" | tr '\n' ' ')
    want="0=0 1=1 2=4 3=9 4=16 "
    if [ "$items" = "$want" ]; then pass "producer_consumer -q $q: items in the order put"
    else fail "producer_consumer -q $q: items in the order put" "$want" "$items"; fi

    # random_values: one draw per process, all of them got after the join.
    for j in 1 4 16; do
        run "$ch/random_values" -q $q -j $j
        expect_exit "random_values -q $q -j $j: self-check" 0
        expect_line "random_values -q $q -j $j: draws intact" \
            "check: draws from distinct processes, intact = $j \(expected $j\) ok"
        expect_count "random_values -q $q -j $j: one draw per process" \
            "\[process-[0-9]+ [0-9]+\] drew 0\.[0-9]+ from seed [0-9]+" $j
        got=$(sed -n 's/^got after join://p' "$WORK/out" | tr ',' '\n' | grep -c 'process-')
        if [ "$got" -eq $j ]; then pass "random_values -q $q -j $j: $j values got"
        else fail "random_values -q $q -j $j: $j values got" $j "$got"; fi
    done

    # share_words: the four words, each taken by exactly one process.
    run "$ch/share_words" -q $q
    expect_exit "share_words -q $q: self-check" 0
    took=$(sed -n 's/^\[process-[1-4] [0-9]*\] took: //p' "$WORK/out" | sort | tr '\n' ' ')
    if [ "$took" = "cloud ocean sky wood " ]; then pass "share_words -q $q: each word taken once"
    else fail "share_words -q $q: each word taken once" "cloud ocean sky wood" "$took"; fi
    expect_line "share_words -q $q: nothing left" "taken: .*, each once: yes; words left: 0"

    # ordered_results: whatever the arrival order, the squares in input order.
    run "$ch/ordered_results" -q $q
    expect_exit "ordered_results -q $q: self-check" 0
    expect_line "ordered_results -q $q: 4 16 36 9 25 64 81 49" "in order: +4 16 36 9 25 64 81 49"
    came=$(sed -n 's/^as they came: *//p' "$WORK/out" | sed 's/ (index [0-9])//g' | tr ' ' '\n' | sort -n | tr '\n' ' ')
    if [ "$came" = "4 9 16 25 36 49 64 81 " ]; then pass "ordered_results -q $q: each square came once"
    else fail "ordered_results -q $q: each square came once" "4 9 16 25 36 49 64 81" "$came"; fi

    # task_workers: join returns when the half is done, each task is done
    # once, and the workers' gets time out during the parent's pause.
    for case in "1 6" "2 20" "3 9"; do
        j=${case% *} n=${case#* }
        run "$ch/task_workers" -q $q -j $j -n $n
        expect_exit "task_workers -q $q -j $j -n $n: self-check" 0
        h=$((n / 2))
        expect_line "task_workers -q $q -j $j -n $n: join waits for the first half" \
            "join returned: $h of $h tasks reported done"
        done_once=$(sed -n 's/^\[worker-[0-9]* [0-9]*\] processed Task-//p' "$WORK/out" | sort -n | uniq | tr '\n' ' ')
        want=$(seq 0 $((n - 1)) | tr '\n' ' ')
        if [ "$done_once" = "$want" ] && [ "$(count_lines '\[worker-[0-9]+ [0-9]+\] processed Task-[0-9]+')" -eq $n ]
        then pass "task_workers -q $q -j $j -n $n: each task processed once"
        else fail "task_workers -q $q -j $j -n $n: each task processed once" "$want" "$done_once"; fi
        total=$(sed -n 's/^worker-[0-9]*: \([0-9]*\) tasks, [0-9]* timeouts$/\1/p' "$WORK/out" | awk '{ s += $1 } END { print s + 0 }')
        expect_count "task_workers -q $q -j $j -n $n: a summary per worker" "worker-[0-9]+: [0-9]+ tasks, [0-9]+ timeouts" $j
        if [ "$total" -eq $n ]; then pass "task_workers -q $q -j $j -n $n: summaries add up"
        else fail "task_workers -q $q -j $j -n $n: summaries add up" $n "$total"; fi
        # 400 ms with no task and a 100 ms patience: every worker times out
        idle=$(sed -n 's/^worker-[0-9]*: [0-9]* tasks, \([0-9]*\) timeouts$/\1/p' "$WORK/out" | grep -c '^[1-9]')
        if [ "$idle" -eq $j ]; then pass "task_workers -q $q -j $j -n $n: get with a timeout returns"
        else fail "task_workers -q $q -j $j -n $n: get with a timeout returns" "$j workers with timeouts" "$idle"; fi
    done

    # pipeline: every item squared once, whatever the number of workers.
    for case in "1 20" "4 0" "4 20" "7 5000"; do
        j=${case% *} n=${case#* }
        run "$ch/pipeline" -q $q -j $j -n $n
        expect_exit "pipeline -q $q -j $j -n $n: self-check" 0
        expect_line "pipeline -q $q -j $j -n $n: each item once" \
            "\[consumer [0-9]+\] $n results from $j workers \([0-9 ]+\), each item once"
        split=$(sed -n 's/.* results from [0-9]* workers (\([0-9 ]*\)).*/\1/p' "$WORK/out" | tr ' ' '\n' | awk '{ s += $1; c++ } END { print c "=" s }')
        if [ "$split" = "$j=$n" ]; then pass "pipeline -q $q -j $j -n $n: per-worker counts add up"
        else fail "pipeline -q $q -j $j -n $n: per-worker counts add up" "$j=$n" "$split"; fi
        # job i's item is 1 + (37 i + 11) mod 100: recomputed here
        wrong=$(sed -n 's/^\[consumer [0-9]*\] worker [0-9]*: job \([0-9-]*\) squared is \([0-9]*\)$/\1 \2/p' "$WORK/out" |
                awk '{ x = 1 + ($1 * 37 + 11) % 100 } $1 < 0 || x * x != $2' | wc -l)
        shown=$(count_lines "\[consumer [0-9]+\] worker [0-9]+: job [0-9]+ squared is [0-9]+")
        if [ "$shown" -eq $((n < 20 ? n : 20)) ]; then pass "pipeline -q $q -j $j -n $n: the first results shown"
        else fail "pipeline -q $q -j $j -n $n: the first results shown" "$((n < 20 ? n : 20)) lines" "$shown"; fi
        if [ "$wrong" -eq 0 ]; then pass "pipeline -q $q -j $j -n $n: the squares printed are right"
        else fail "pipeline -q $q -j $j -n $n: the squares printed are right" "none wrong" "$wrong wrong"; fi
    done
done

# many_to_many: exactly once, whole, in order, on both queues; records of
# PIPE_BUF bytes still whole in the pipe; larger ones refused for it.
for args in "-j 1 -n 1000" "-j 4 -n 5000" "-j 8 -n 500 -s 4096" "-j 3 -n 300 -s 65536 -q shm"; do
    run "$ch/many_to_many" $args
    expect_exit "many_to_many $args: self-check" 0
    rows=$(count_lines '(pipe|shm) +[0-9]+ +[0-9.]+ +yes +yes +yes')
    want=2; case $args in *-q*) want=1 ;; esac
    if [ "$rows" -eq $want ]; then pass "many_to_many $args: once, whole, in order"
    else fail "many_to_many $args: once, whole, in order" "$want rows of yes" "$rows"; fi
done
run "$ch/many_to_many" -s 4097
expect_exit "many_to_many -s 4097 (over PIPE_BUF, pipe) exits 2" 2
expect_stderr_one_line "many_to_many -s 4097 gives one line"
run "$ch/many_to_many" -s 4097 -q shm -n 100
expect_exit "many_to_many -s 4097 -q shm is fine" 0

# queue_throughput: both queues measured, every message checked; BENCH lines.
run "$ch/queue_throughput" -n 20000 --bench
expect_exit "queue_throughput -n 20000: self-check" 0
for q in pipe shm; do
    expect_line "queue_throughput: a $q row" "$q +[0-9]+ +[0-9.]+ +[0-9.]+"
    expect_line "queue_throughput: a $q BENCH line" \
        "BENCH program=queue_throughput case=$q workers=2 seconds=[0-9.]+ messages_per_s=[1-9][0-9]* round_trip_us=[0-9.]+"
done
expect_line "queue_throughput: the ratio" "shm vs pipe: [0-9.]+x the messages per second"
expect_count "queue_throughput: every message in order, every round trip" \
    "check: (pipe|shm): (messages in order = 20000 \(expected 20000\)|round trips echoed = 1000 \(expected 1000\)) ok" 4
run "$ch/queue_throughput" -n 20000 -q shm
expect_count "queue_throughput -q shm: the shm row" "shm +[0-9]+ .*" 1
expect_count "queue_throughput -q shm: no pipe row" "pipe +[0-9]+ .*" 0
