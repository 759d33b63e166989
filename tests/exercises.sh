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
