# tests/exercises/06-chunked-map.sh PROGRAM — the check of the exercise.
# Run by `make check EX=06-chunked-map` (and check-solution).
#
# main.c refuses a second chunk to a busy worker, so a map cannot deadlock
# on the pipes; a loop that never ends fails after 20 s.
: "${TIMEOUT:=20}"
. tests/lib.sh
program=${1:?usage: 06-chunked-map.sh PROGRAM}

# expect_finished NAME: the map returned; if main.c stopped it, say why.
expect_finished() {
    if [ "$(value result)" = finished ]; then pass "$1"
    else fail "$1" "'result: finished'" "$(first_line "$WORK/err")"; fi
}

# expect_results NAME N: the results line holds, in order, the squares of
# 37 * i % 1009 for i = 0 .. N-1 (computed here); else the first wrong one.
expect_results() {
    wrong=$(value results | awk -v n="$2" '{
        if (NF != n) { print NF " results instead of " n; exit }
        for (i = 0; i < n; i++) {
            x = (37 * i) % 1009
            if ($(i + 1) != x * x) { print "result " i " is " $(i + 1) ", not " x * x; exit }
        } }')
    if [ -z "$wrong" ]; then pass "$1"; else fail "$1" "each result at its index" "$wrong"; fi
}

# Cases "TASKS CHUNKSIZE WORKERS" (chunksize 0: automatic): chunks that
# divide the tasks and chunks that do not; automatic chunks (100 tasks on
# 4 workers: 7 a chunk, 15 chunks); one task per chunk; one worker; a
# chunk larger than the tasks; more workers than tasks; one task; none;
# and chunks of 80 000 bytes, more than a pipe holds.
for case in "20 3 4" "24 6 3" "100 0 4" "1000 1 3" "5000 0 1" "7 10 2" "3 0 8" \
            "1 0 2" "0 0 3" "0 5 1" "20000 10000 2"; do
    set -- $case
    n=$1 c=$2 j=$3
    size=$c
    [ "$c" -gt 0 ] || size=$(( (n + 4 * j - 1) / (4 * j) ))
    chunks=0 largest=0
    if [ "$n" -gt 0 ]; then
        chunks=$(( (n + size - 1) / size ))
        largest=$(( n < size ? n : size ))
    fi
    # -r: the driver hands out the replies last sent first, so the order
    # of arrival is wrong for certain whenever two chunks are out at once.
    for r in "" "-r"; do
        name="-n $n -c $c -j $j${r:+ $r}"
        run "$program" -n "$n" -c "$c" -j "$j" $r
        expect_finished "$name: the map runs to its end"
        expect_value "$name: ceil(n / chunksize) chunks" "chunks sent" "$chunks"
        expect_value "$name: no chunk above the chunksize" "largest chunk" "$largest"
        expect_results "$name: every result in its place" "$n"
        expect_value "$name: every task run exactly once" "tasks answered exactly once" "$n of $n"
        expect_value "$name: no worker idle while tasks wait" \
            "waits with a worker idle and tasks unsent" 0
        expect_value "$name: every reply taken" "replies not taken" 0
        expect_exit "$name: self-check passes" 0
        expect_no_leftovers "$name: every worker reaped"
    done
done
summary
