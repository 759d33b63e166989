# tests/common.sh — the helper library: number parsing, the report, checks.
. tests/lib.sh
probe=$HELPERS/common_probe

# parse_long accepts exactly an optional '-' and digits, within min..max.
for good in "0 0 10:0" "10 0 10:10" "-3 -5 5:-3" "9223372036854775807 0 9223372036854775807:9223372036854775807"; do
    text=${good%% *}; want=${good##*:}; limits=${good#* }; limits=${limits%:*}
    run "$probe" parse "$text" ${limits% *} ${limits#* }
    expect_exit "parse '$text' is accepted" 0
    expect_value "parse '$text' gives $want" value "$want"
done

# Each bad text: exit 2, one line on stderr that quotes the text.
for bad in "" "12x" "-1" "99999999999999999999" " 5" "+5" "5 " "0x10" "1e3" "-" "11"; do
    run "$probe" parse "$bad" 0 10
    expect_exit "parse '$bad' is refused" 2
    expect_stderr_one_line "parse '$bad' gives one line"
    if grep -Fq "'$bad'" "$WORK/err"; then pass "parse '$bad': message quotes it"
    else fail "parse '$bad': message quotes it" "the text in quotes" "$(first_line "$WORK/err")"; fi
done
run "$probe" parse "-1" 0 10
if grep -q "probe must be between 0 and 10, got '-1'" "$WORK/err"; then pass "range message names the limits"
else fail "range message names the limits" "'between 0 and 10'" "$(first_line "$WORK/err")"; fi
if grep -q "(try 'common_probe -h')" "$WORK/err"; then pass "usage error points to -h"
else fail "usage error points to -h" "(try 'common_probe -h')" "$(first_line "$WORK/err")"; fi

# The report: speedup = baseline / time, efficiency = speedup / workers.
run "$probe" report
expect_exit "report runs" 0
expect_line "report: baseline row" "sequential +1 +2\.000 +1\.00x +100% +10\.00"
expect_line "report: 2 workers, twice as fast" "halved +2 +1\.000 +2\.00x +100% +5\.00"
expect_line "report: 5 workers, twice as slow" "slower +5 +4\.000 +0\.50x +10% +20\.00"
expect_line "report: BENCH line" "BENCH program=probe case=halved workers=2 seconds=1\.000000 speedup=2\.000 efficiency=1\.000 ns_per_op=5\.000"

# check_long: the verdict line, and the exit status it decides.
run "$probe" check 42 42
expect_exit "a passing check exits 0" 0
expect_line "a passing check says ok" "check: probe = 42 \(expected 42\) ok"
run "$probe" check 42 41
expect_exit "a failing check exits 1" 1
expect_line "a failing check says FAILED" "check: probe = 41 \(expected 42\) FAILED"
run "$probe" nothing-checked
expect_exit "no check at all is a failure" 1

# die() in a forked child: _exit(1), and the parent's output appears once.
run "$probe" die-in-child
expect_exit "die in a child leaves the parent running" 0
expect_value "die in a child exits 1" "child exit status" 1
n=$(grep -c "parent line" "$WORK/out")
if [ "$n" -eq 1 ]; then pass "die in a child prints the parent's line once"
else fail "die in a child prints the parent's line once" 1 "$n"; fi
