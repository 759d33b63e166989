# tests/exercises/10-rolling-edges.sh PROGRAM — the check of the exercise.
# Run by `make check EX=10-rolling-edges` (and check-solution).
#
# Every run takes well under a second; a worker that never ends fails after 20 s.
: "${TIMEOUT:=20}"
. tests/lib.sh
program=${1:?usage: 10-rolling-edges.sh PROGRAM}

# expected_chunks N W K: the "chunk c: ..." lines main.c prints for the
# first 20 chunks, worked out here: the chunk's outputs and the input it
# needs (its outputs and the W - 1 values before, from 0 at the least),
# and its first output's mean and sample std, from the series' formula,
# in awk's doubles (every sum here is an integer below 2^53: exact).
expected_chunks() {
    awk -v n="$1" -v w="$2" -v k="$3" '
        function x(i) { return i * 7919 % 1009 + i % 31 * 5 }
        BEGIN {
            for (c = 0; c < k && c < 20; c++) {
                b = int(n * c / k); e = int(n * (c + 1) / k)
                f = b > w - 1 ? b - (w - 1) : 0
                line = sprintf("chunk %d: outputs [%d, %d), input [%d, %d), first output", c, b, e, f, e)
                if (b + 1 < w) { print line " mean none std none"; continue }
                s = 0; q = 0
                for (i = b - w + 1; i <= b; i++) { s += x(i); q += x(i) * x(i) }
                line = line sprintf(" mean %.6f", s / w)
                if (w == 1) print line " std none"
                else print line sprintf(" std %.6f", sqrt((w * q - s * s) / (w * (w - 1))))
            }
        }'
}

# -n -w -k -j: a window of 1 (no overlap at all); chunks that do not
# divide the series; chunks shorter than the window, whose input reaches
# back over several chunks to value 0; a window as long as the series;
# chunks of one value; one value; one chunk (nothing to get wrong); more
# chunks than are shown; more workers than chunks.
for case in "100000 50 8 4" "1000 1 7 3" "1003 20 7 3" "100 30 10 4" "50 50 5 2" \
            "10 3 10 4" "1 1 1 1" "200000 1000 16 4" "999 7 1 2" "5000 100 64 8" "40 5 3 8"; do
    set -- $case
    name="-n $1 -w $2 -k $3 -j $4"
    run "$program" -n "$1" -w "$2" -k "$3" -j "$4"
    expect_exit "$name: self-check passes" 0
    expect_value "$name: every output as in one process, bit for bit" \
        "outputs that differ from one process" 0
    expect_value "$name: every output written" "outputs never written" 0
    expected_chunks "$1" "$2" "$3" >"$WORK/chunks.expected"
    grep '^chunk [0-9]*:' "$WORK/out" >"$WORK/chunks.got"
    if cmp -s "$WORK/chunks.expected" "$WORK/chunks.got"; then
        pass "$name: each chunk's input range and first output"
    else
        fail "$name: each chunk's input range and first output" \
            "'$(diff "$WORK/chunks.expected" "$WORK/chunks.got" | sed -n 's/^< //p' | head -n 1)'" \
            "'$(diff "$WORK/chunks.expected" "$WORK/chunks.got" | sed -n 's/^> //p' | head -n 1)'"
    fi
    expect_no_leftovers "$name: every worker reaped"
done

# A window longer than the series, more chunks than values, none of
# either: refused, with one line and exit status 2.
for bad in "-n 10 -w 11" "-n 10 -k 11" "-w 0" "-k 0" "-w x"; do
    run "$program" $bad
    expect_exit "$bad: refused, exit 2" 2
    expect_stderr_one_line "$bad: one line says why"
done
summary
