# tests/lib.sh — the assertions every test file uses. POSIX sh.
#
# A test file runs a command with `run`, then checks what came with the
# expect_* functions. Each check records one PASS or FAIL line in $RESULTS;
# a failure is also printed at once, as
#   FAIL <test>: expected <x>, got <y> (run: <command>)
# Run on its own (not from tests/run), a file ends with `summary`.

BUILD=${BUILD:-build}
HELPERS=$BUILD/tests/helpers
TIMEOUT=${TIMEOUT:-60}
STANDALONE=
if [ -z "${RESULTS:-}" ]; then
    RESULTS=$(mktemp) && STANDALONE=1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; [ -n "$STANDALONE" ] && rm -f "$RESULTS"' EXIT

pass() { echo "PASS $1" >>"$RESULTS"; }
fail() { echo "FAIL $1: expected $2, got $3 (run: $CMD)" | tee -a "$RESULTS"; }

# run CMD [ARG...]: runs it under a timeout and the reaper, keeping its
# stdout, stderr, exit status, and whatever it left running or in /dev/shm.
run() {
    CMD=$*
    ls -A /dev/shm >"$WORK/shm.before" 2>/dev/null
    timeout -k 5 "$TIMEOUT" "$HELPERS/reaper" "$WORK/leftovers" "$@" \
        >"$WORK/out" 2>"$WORK/err" </dev/null
    STATUS=$?
    ls -A /dev/shm >"$WORK/shm.after" 2>/dev/null
}

# Shows at most the first line of a file, or (nothing).
first_line() { if [ -s "$1" ]; then head -n 1 "$1"; else echo "(nothing)"; fi; }

expect_exit() {  # NAME CODE
    if [ "$STATUS" -eq "$2" ]; then pass "$1"
    elif [ "$STATUS" -eq 124 ]; then fail "$1" "exit $2" "a timeout after ${TIMEOUT}s"
    else fail "$1" "exit $2" "exit $STATUS, stderr: $(first_line "$WORK/err")"; fi
}

expect_line() {  # NAME REGEX: some line of stdout matches the whole of REGEX
    if grep -Eq "^($2)\$" "$WORK/out"; then pass "$1"
    else fail "$1" "a line matching '$2'" "$(grep -c '' "$WORK/out") lines, none matching"; fi
}

# value KEY: the value of the first "KEY: value" line of stdout
value() { sed -n "s/^$1: *//p" "$WORK/out" | head -n 1; }

expect_value() {  # NAME KEY VALUE
    got=$(value "$2")
    if [ "$got" = "$3" ]; then pass "$1"; else fail "$1" "'$2: $3'" "'$2: $got'"; fi
}

expect_stderr_one_line() {  # NAME: exactly one line on stderr, nothing on stdout
    lines=$(grep -c '' "$WORK/err")
    if [ "$lines" -ne 1 ]; then fail "$1" "one line on stderr" "$lines lines"
    elif [ -s "$WORK/out" ]; then fail "$1" "nothing on stdout" "$(first_line "$WORK/out")"
    else pass "$1"; fi
}

expect_no_leftovers() {  # NAME: no process left running, no new /dev/shm object
    if [ -s "$WORK/leftovers" ]; then
        fail "$1" "no process left running" "$(tr '\n' ' ' <"$WORK/leftovers")"
    elif ! cmp -s "$WORK/shm.before" "$WORK/shm.after"; then
        fail "$1" "no new /dev/shm object" "$(comm -13 "$WORK/shm.before" "$WORK/shm.after" | tr '\n' ' ')"
    else pass "$1"; fi
}

# The promises every program keeps, whatever it teaches: -h, and a one-line
# usage error with exit status 2 for each kind of bad argument.
# -j and -n are tried only when the usage text offers them.
expect_program_contract() {  # PROGRAM
    name=${1##*/}
    run "$1"
    expect_exit "$name with no arguments passes its self-check" 0
    if grep -q '^check: .* ok$' "$WORK/out" && ! grep -q '^check: .*FAILED$' "$WORK/out"
    then pass "$name prints its check verdicts"
    else fail "$name prints its check verdicts" "'check: ... ok' lines and no FAILED" "$(grep -c '^check:' "$WORK/out") check lines"; fi
    expect_no_leftovers "$name with no arguments leaves nothing behind"
    run "$1" -h
    expect_exit "$name -h exits 0" 0
    expect_line "$name -h prints usage" "Usage: $name .*"
    bad_args="--bogus|-Z|extra"
    grep -q -- ' -j ' "$WORK/out" && bad_args="$bad_args|-j 0|-j abc|-j|-j=2|-j 99999"
    grep -q -- ' -n ' "$WORK/out" &&
        bad_args="$bad_args|-n -5|-n 99999999999999999999|-n 12x|-n |-n  7"
    IFS='|'
    for bad in $bad_args; do
        IFS=' '
        # "-n  7" (leading space) and "-n " (empty) must stay one argument
        case $bad in
            "-n "|"-n  7") run "$1" -n "${bad#-n }" ;;
            *) run "$1" $bad ;;        # split "-j 0" into its two words
        esac
        expect_exit "$name $bad exits 2" 2
        expect_stderr_one_line "$name $bad gives one line"
        IFS='|'
    done
    IFS=' '
}

summary() {
    passed=$(grep -c '^PASS' "$RESULTS")
    failed=$(grep -c '^FAIL' "$RESULTS")
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# ---- for exercise checks: evidence that the work really was split ----------

# primes_below N: counted here, by a sieve, independently of the program.
primes_below() {
    awk -v n="$1" 'BEGIN { c = 0
        for (i = 2; i < n; i++) if (!(i in composite)) {
            c++; for (j = i * i; j < n; j += i) composite[j] = 1 }
        print c }'
}

# expect_split NAME N WORKERS: exactly WORKERS lines "worker W: [first, last) ..."
# whose ranges, in order, cover [0, N) with no gap and no overlap.
expect_split() {
    lines=$(grep -c '^worker [0-9]*: \[' "$WORK/out")
    if [ "$lines" -ne "$3" ]; then
        fail "$1" "$3 worker lines" "$lines"; return
    fi
    gap=$(sed -n 's/^worker [0-9]*: \[\([0-9]*\), \([0-9]*\)).*/\1 \2/p' "$WORK/out" |
          sort -n | awk -v n="$2" '
              $1 != at { print "a range starting at " $1 " where " at " was due"; exit }
              { at = $2 }
              END { if (at != n) print "ranges ending at " at " instead of " n }' at=0)
    if [ -z "$gap" ]; then pass "$1"; else fail "$1" "ranges covering [0, $2)" "$gap"; fi
}

# expect_distinct NAME KEY WORKERS NOT: the worker lines' "KEY value" fields
# are WORKERS different values, none of them NOT (the parent's).
expect_distinct() {
    values=$(sed -n "s/^worker .* $2 \([0-9]*\)\$/\1/p" "$WORK/out" | sort -u)
    count=$(printf '%s\n' "$values" | grep -c .)
    if printf '%s\n' "$values" | grep -qx "$4"; then
        fail "$1" "workers in ${2}s other than the parent's ($4)" "a worker in $2 $4"
    elif [ "$count" -ne "$3" ]; then
        fail "$1" "$3 different ${2}s" "$count"
    else pass "$1"; fi
}
