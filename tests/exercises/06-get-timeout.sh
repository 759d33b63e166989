# tests/exercises/06-get-timeout.sh PROGRAM — the check of the exercise.
# Run by `make check EX=06-get-timeout` (and check-solution).
#
# It decides by statuses and values. The only times it looks at are the
# timed-out gets, with a wide window (150 ms to 2 s for a 200 ms timeout).
# A get that never returns is the driver's to catch: after 8 s it kills the
# workers and says `result: hang`.
. tests/lib.sh
program=${1:?usage: 06-get-timeout.sh PROGRAM}

# expect_between NAME KEY LOW HIGH: "KEY: value" holds a whole number in LOW..HIGH.
expect_between() {
    got=$(value "$2")
    case $got in
        '' | *[!0-9]*) ok= ;;
        *) ok=$([ "$got" -ge "$3" ] && [ "$got" -le "$4" ] && echo yes) ;;
    esac
    if [ -n "$ok" ]; then pass "$1"; else fail "$1" "'$2' from $3 to $4" "'$2: $got'"; fi
}

# Task k squares 3 000 000 000 + k; the single-task modes run task 1.
x=3000000001
want=$((x * x))

# slow: the whole reply comes after 3 s. get(200) must give up after its
# 200 ms although a signal interrupts it every 5 ms; then get(-1) waits.
# split: 3 bytes at 100 ms, 3 at 600 ms, 2 at 1100 ms. get(200) times out
# with 3 bytes read; get(-1) must carry on from them.
# trickle: a byte every 100 ms; each byte must not restart the 200 ms.
for mode in slow split trickle; do
    run "$program" -m "$mode"
    expect_value "-m $mode: the gets return" "result" "finished"
    expect_value "-m $mode: get(200) times out" "get(200)" "timeout"
    expect_between "-m $mode: get(200) gives up after its 200 ms" "get(200) waited ms" 150 2000
    expect_value "-m $mode: a later get(-1) returns the result" "get(-1)" "ready"
    expect_value "-m $mode: ... whole, not a byte lost" "value" "$want"
    expect_exit "-m $mode: self-check passes" 0
    expect_no_leftovers "-m $mode: every worker reaped"
done

# lost: 3 bytes, then the worker exits. The end of the pipe must end the get.
run "$program" -m lost
expect_value "-m lost: the get returns" "result" "finished"
expect_value "-m lost: a reply cut short by the end of the pipe is lost" "get(-1)" "lost"
expect_exit "-m lost: self-check passes" 0
expect_no_leftovers "-m lost: every worker reaped"

# many: each task's reply trickles in at its own pace, and the driver asks
# each handle in turn with get(10): the bytes of one reply come over many
# gets, and each handle keeps its own. A get after ready returns the same
# value again.
for j in 1 4 16; do
    run "$program" -m many -j "$j"
    expect_value "-m many -j $j: the gets return" "result" "finished"
    expect_value "-m many -j $j: every result whole" "values right" "$j of $j"
    expect_value "-m many -j $j: a get after ready returns the result again" \
        "gets again after ready, same value" "$j of $j"
    expect_exit "-m many -j $j: self-check passes" 0
    expect_no_leftovers "-m many -j $j: every worker reaped"
done
summary
