# tests/harness.sh — the checks of tests/lib.sh must be able to fail. Each
# case runs helpers/misbehave, which breaks one promise, and requires the
# check that guards that promise to report a FAIL.
. tests/lib.sh
[ -z "${MEMCHECK:-}" ] || exit 0     # it tests the harness, not the programs
bad=$HELPERS/misbehave

# caught NAME CHECK [ARG...]: CHECK, on the last run, records a FAIL.
caught() {
    name=$1; shift
    if (RESULTS=$WORK/inner; : >"$RESULTS"; "$@" >/dev/null; grep -q '^FAIL' "$RESULTS")
    then pass "harness catches $name"
    else fail "harness catches $name" "the check to fail" "a pass"; fi
}

run "$bad" ok
expect_exit "misbehave ok runs cleanly" 0
expect_no_leftovers "misbehave ok leaves nothing"

run "$bad" leftover
caught "a process left running" expect_no_leftovers leftover
run "$bad" shm
caught "a /dev/shm object left behind" expect_no_leftovers shm
rm -f /dev/shm/mpc-misbehave-*
if command -v ipcs >/dev/null; then
    run "$bad" sysv
    caught "a System V segment left behind" expect_no_leftovers sysv
    sort "$WORK/ipc.after" | comm -13 "$WORK/ipc.before" - |
        sed -n 's/^sysv id: //p' | while read -r id; do ipcrm -m "$id"; done
fi
run "$bad" crash
caught "a crash on bad input" expect_exit crash 2
run "$bad" garbage
caught "output before a usage error" expect_stderr_one_line garbage
run_interrupted 200 "$bad" hang
caught "a program deaf to Ctrl-C" expect_interrupted hang
run_interrupted 200 "$bad" ok
caught "an interrupt test that came too late" expect_interrupted ok
if command -v valgrind >/dev/null && [ -z "${SAN:-}" ]; then   # valgrind cannot run sanitizer builds
    run_under_valgrind() { MEMCHECK=1; run "$@"; }   # run checks memcheck itself
    caught "an fd left open (valgrind)" run_under_valgrind "$bad" fd
    caught "memory leaked (valgrind)" run_under_valgrind "$bad" leak
fi
if under_tsan; then
    caught "a race ThreadSanitizer cannot see (there is none)" expect_race_report ok "$bad" ok
    expect_race_report "ThreadSanitizer reports a racy program" "$bad" race
fi
