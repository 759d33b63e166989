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
REAPER_OPTIONS=
STANDALONE=
if [ -z "${RESULTS:-}" ]; then
    RESULTS=$(mktemp) && STANDALONE=1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; [ -n "$STANDALONE" ] && rm -f "$RESULTS"' EXIT

pass() { echo "PASS $1" >>"$RESULTS"; }
fail() { echo "FAIL $1: expected $2, got $3 (run: $CMD)" | tee -a "$RESULTS"; }

# IPC objects that outlive a process: POSIX shared memory (/dev/shm) and
# System V segments, semaphores and message queues (their ids, from ipcs).
ipc_objects() {
    ls -A /dev/shm 2>/dev/null | sed 's/^/shm: /'
    ipcs -m -s -q 2>/dev/null | awk '/^0x/ { print "sysv id: " $2 }'
}

# run CMD [ARG...]: runs it under a timeout and the reaper (tests/helpers),
# keeping its stdout, stderr and exit status, and whatever it left running
# or left behind in IPC. With MEMCHECK=1, programs of the build run under
# valgrind (make memcheck).
run() {
    CMD=$*
    ipc_objects | sort >"$WORK/ipc.before"
    valgrind=$(memcheck_prefix "$1")
    set -- $valgrind "$@"
    timeout -k 5 "$TIMEOUT" "$HELPERS/reaper" $REAPER_OPTIONS "$WORK/leftovers" "$@" \
        >"$WORK/out" 2>"$WORK/err" </dev/null
    STATUS=$?
    ipc_objects | sort >"$WORK/ipc.after"
    [ -z "$valgrind" ] || expect_memcheck_clean
}

# run_interrupted MS CMD [ARG...]: the same, with SIGINT to the command's
# process group MS milliseconds after it started (Ctrl-C in a terminal).
run_interrupted() {
    REAPER_OPTIONS="-i $1"; shift
    run "$@"
    REAPER_OPTIONS=
}

# ---- valgrind, for make memcheck ---------------------------------------------
VALGRIND_ERROR=97

memcheck_prefix() {
    case ${MEMCHECK:-}:$1 in
        1:"$BUILD"/*) rm -f "$WORK"/vg.*
            echo valgrind -q --vgdb=no --error-exitcode=$VALGRIND_ERROR --leak-check=full \
                --errors-for-leak-kinds=none --track-fds=yes \
                --trace-children=yes --log-file="$WORK/vg.%p" ;;
    esac
}

# Every process: no valgrind error. The program itself, not the children it
# forked (they end with _exit, and their copy of the heap goes with them):
# no memory lost and no fd open at exit but 0, 1 and 2. Valgrind lists its
# own log file as an open fd; that one does not count.
expect_memcheck_clean() {
    errors=$(grep -h "ERROR SUMMARY: [1-9]" "$WORK"/vg.* 2>/dev/null | head -n 1)
    main_log=$WORK/vg.$(sed -n 's/^pid: //p' "$WORK/leftovers")
    open=$(grep '== Open ' "$main_log" 2>/dev/null | grep -v "$WORK/vg\." |
           sed 's/^==[0-9]*== //' | tr '\n' ' ')
    if ! grep -q 'FILE DESCRIPTORS' "$main_log" 2>/dev/null; then
        fail "memcheck" "valgrind's report" "none: $(grep -m1 -i 'valgrind' "$main_log" 2>/dev/null)"
    elif [ -n "$errors" ]; then fail "memcheck" "no valgrind error" "$errors"
    elif grep -Eq '(definitely|indirectly) lost' "$main_log"; then
        fail "memcheck" "no memory leak" "$(grep -Em1 '(definitely|indirectly) lost' "$main_log")"
    elif [ -n "$open" ]; then fail "memcheck" "only fds 0-2 open at exit" "$open"
    else pass "memcheck"; fi
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

expect_no_leftovers() {  # NAME: no process left running, no new IPC object
    if grep -q '^leftover' "$WORK/leftovers"; then
        fail "$1" "no process left running" "$(grep '^leftover' "$WORK/leftovers" | tr '\n' ' ')"
    elif ! cmp -s "$WORK/ipc.before" "$WORK/ipc.after"; then
        new=$(sort "$WORK/ipc.after" | comm -13 "$WORK/ipc.before" - | tr '\n' ' ')
        fail "$1" "no new IPC object" "${new:-an object gone meanwhile}"
    else pass "$1"; fi
}

# expect_interrupted NAME [STATUS]: after run_interrupted, the program
# obeyed SIGINT within a second with STATUS (default 130 = 128 + SIGINT)
# and left nothing behind.
# Under ThreadSanitizer, processes left running are not counted here. The
# kernel makes fork atomic with a signal to the process group (a fork with
# a signal pending is restarted), so a child cannot miss the Ctrl-C its
# parent dies of; TSan's runtime blocks signals around fork, and a child
# forked just as SIGINT arrives then runs on. Every other build checks it.
expect_interrupted() {
    if under_tsan; then
        sed -i '/^leftover/d' "$WORK/leftovers"
    fi
    if grep -q '^early' "$WORK/leftovers"; then
        fail "$1" "still running when SIGINT came" "it had already exited: give it more work"
    elif grep -q '^hang' "$WORK/leftovers"; then
        fail "$1" "an exit within a second of SIGINT" "$(grep '^hang' "$WORK/leftovers")"
    else
        expect_exit "$1: exit status" "${2:-130}"
        expect_no_leftovers "$1: nothing left behind"
    fi
}

# The source file of a program of the build.
source_of() { echo "${1#"$BUILD"/}.c"; }

# A program that races on purpose says so in its header comment; under
# ThreadSanitizer (SAN=thread) its test then expects the race report.
races_on_purpose() { grep -q 'Races on purpose' "$(source_of "$1")"; }
under_tsan() { case ${SAN:-} in *thread*) true ;; *) false ;; esac; }

# The promises every program keeps, whatever it teaches: a default run that
# passes its self-check and leaves nothing behind; -h; a one-line usage
# error with exit status 2 for each kind of bad argument (-j and -n are
# tried when the usage offers them); and, for a program that starts
# processes or threads, a clean exit on Ctrl-C (exit status 130) if it is
# still running 300 ms after its start. Under valgrind (MEMCHECK=1) only
# the quick runs.
expect_program_contract() {  # PROGRAM
    name=${1##*/}
    if [ -n "${MEMCHECK:-}" ]; then
        :
    elif under_tsan && races_on_purpose "$1"; then
        expect_race_report "$name: ThreadSanitizer sees the race" "$1"
    else
        run "$1"
        expect_exit "$name with no arguments passes its self-check" 0
        if grep -q '^check: .* ok$' "$WORK/out" && ! grep -q '^check: .*FAILED$' "$WORK/out"
        then pass "$name prints its check verdicts"
        else fail "$name prints its check verdicts" "'check: ... ok' lines and no FAILED" "$(grep -c '^check:' "$WORK/out") check lines"; fi
        expect_no_leftovers "$name with no arguments leaves nothing behind"
        # (start_process: chapter 04's process.h, which forks)
        if grep -Eq 'fork\(|start_process\(|pthread_create\(|posix_spawn' "$(source_of "$1")"; then
            run_interrupted 300 "$1"
            # a program done in under 300 ms has nothing left to stop
            grep -q '^early' "$WORK/leftovers" || expect_interrupted "$name stops on Ctrl-C"
        fi
    fi
    run "$1" -h
    expect_exit "$name -h exits 0" 0
    expect_line "$name -h prints usage" "Usage: $name .*"
    bad_args="--bogus|-Z|extra"
    grep -q -- ' -j ' "$WORK/out" && bad_args="$bad_args|-j 0|-j abc|-j|-j=2|-j 99999"
    grep -q -- ' -n ' "$WORK/out" &&
        bad_args="$bad_args|-n -5|-n 99999999999999999999|-n 1000000000000|-n 12x|-n |-n  7"
    IFS='|'                        # the list splits at |, once, here
    for bad in $bad_args; do
        unset IFS                  # the default again: spaces, tabs, newlines
        # "-n  7" (leading space) and "-n " (empty) must stay one argument
        case $bad in
            "-n "|"-n  7") run "$1" -n "${bad#-n }" ;;
            *) run "$1" $bad ;;        # split "-j 0" into its two words
        esac
        expect_exit "$name $bad exits 2" 2
        expect_stderr_one_line "$name $bad gives one line"
    done
    unset IFS
}

# expect_race_report NAME PROGRAM [ARG...]: under ThreadSanitizer, the run
# reports a data race. TSan can miss a race in one run: up to 5 tries.
expect_race_report() {
    race_test=$1; shift       # not "name": the caller may be using that
    for try in 1 2 3 4 5; do
        run "$@"
        if grep -q 'WARNING: ThreadSanitizer: data race' "$WORK/err"; then
            pass "$race_test"; return
        fi
    done
    fail "$race_test" "a ThreadSanitizer data race report" "none in $try runs"
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
