# tests/exercises.sh — the exercise contract: for every exercise, the
# untouched starter FAILS its check and the reference solution PASSES it.
# (A check that cannot fail proves nothing.)
. tests/lib.sh
for dir in exercises/[0-9][0-9]-*/; do
    ex=$(basename "$dir")
    CMD="make check EX=$ex"
    if RESULTS= sh "tests/exercises/$ex.sh" "$BUILD/exercises/$ex/program" >"$WORK/starter" 2>&1; then
        fail "$ex: the starter fails its check" "a failure" "a pass"
    else
        pass "$ex: the starter fails its check"
        echo "  $ex starter, first reason: $(grep -m1 '^FAIL' "$WORK/starter")"
    fi
    CMD="make check-solution EX=$ex"
    if RESULTS= sh "tests/exercises/$ex.sh" "$BUILD/solutions/$ex/program" >"$WORK/solution" 2>&1; then
        pass "$ex: the solution passes its check"
    else
        fail "$ex: the solution passes its check" "a pass" "$(grep -m1 '^FAIL' "$WORK/solution")"
    fi
done

# ---- checking a copy kept elsewhere (make check EX=... EXDIR=...), progress ----
# RESULTS= : the checks inside keep their own tally, not this file's.
make_quiet() { run env RESULTS= ${MAKE:-make} -s --no-print-directory "$@"; }
ex=05-racy-counter
CMD="make check EX=$ex EXDIR=solutions"
make_quiet check EX=$ex EXDIR=solutions
expect_exit "EXDIR=solutions: the solution's task.c passes" 0

# A student's copy: the solved task.c beside a main.c and a task.h of
# their own (a main that would say anything, a header that cannot compile).
# The check must use the suite's.
mkdir -p "$WORK/class/alice/$ex"
cp "solutions/$ex/task.c" "$WORK/class/alice/$ex/"
printf 'int main(void) { return 0; }\n' >"$WORK/class/alice/$ex/main.c"
printf '#error the student'"'"'s own header\n' >"$WORK/class/alice/$ex/task.h"
make_quiet check EX=$ex EXDIR="$WORK/class/alice"
expect_exit "EXDIR: the student's task.c with the suite's driver and header passes" 0
expect_line "EXDIR: the suite's driver ran (its totals checked)" "[0-9]+ passed, 0 failed"

# No task.c in the copy: checked as the starter, so it fails, and says so.
mkdir -p "$WORK/class/bob/$ex"
make_quiet check EX=$ex EXDIR="$WORK/class/bob"
expect_exit "EXDIR without task.c: the starter's check fails" 2
if grep -q "no $WORK/class/bob/$ex/task.c, so the starter's" "$WORK/err"; then pass "EXDIR without task.c: says the starter's is used"
else fail "EXDIR without task.c: says the starter's is used" "no .../task.c, so the starter's" "$(first_line "$WORK/err")"; fi
make_quiet check EX=$ex EXDIR="$WORK/class/nobody"
expect_exit "EXDIR that does not exist: the check fails" 2
if grep -q "no folder $WORK/class/nobody/$ex" "$WORK/err"; then pass "EXDIR that does not exist: says so"
else fail "EXDIR that does not exist: says so" "make check: no folder ..." "$(first_line "$WORK/err")"; fi

# progress: a line per exercise, the first problem of one not done, a count;
# it goes on after a failure (two exercises, so that the test stays short).
CMD="make progress EXERCISES='05-racy-counter 04-restore-order' EXDIR=\$WORK/class/alice"
mkdir -p "$WORK/class/alice/04-restore-order"
make_quiet progress EXERCISES="05-racy-counter 04-restore-order" EXDIR="$WORK/class/alice"
expect_exit "progress: exits 0 whatever the checks say" 0
expect_line "progress: the solved exercise is done" "done +05-racy-counter"
expect_line "progress: the other is not, with its check's first problem" \
    "not yet +04-restore-order +.*: expected .*, got .*"
expect_line "progress: the count" "1 of 2 exercises done"
