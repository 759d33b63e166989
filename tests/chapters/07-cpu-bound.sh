# tests/chapters/07-cpu-bound.sh
. tests/lib.sh
ch=$BUILD/chapters/07-cpu-bound

listed=$(sed -n 's/^ch07_programs := //p' chapters/07-cpu-bound/chapter.mk | tr ' ' '\n' | sort | tr '\n' ' ')
found=$(cd chapters/07-cpu-bound && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch07: chapter.mk lists every program"
else fail "ch07: chapter.mk lists every program" "$found" "$listed"; fi

for p in monte_carlo_pi pi_digits bbp_digits cpu_map false_sharing; do
    expect_program_contract "$ch/$p"
done

# monte_carlo_pi: the same count of points inside, bit for bit, in every
# mode and for every worker count; the known count at the default size.
for j in 1 2 3 8; do
    run "$ch/monte_carlo_pi" -j $j -n 1000003
    expect_exit "monte_carlo_pi -j $j: self-check" 0
    expect_line "monte_carlo_pi -j $j: one estimate" "pi ~ 3\.1442865671 from 786074 of 1000003 points, in every mode"
done
run "$ch/monte_carlo_pi"
expect_line "monte_carlo_pi: the tutorial's 100000000 points" \
    "pi ~ 3\.1414347200 from 78535868 of 100000000 points, in every mode"
expect_line "monte_carlo_pi: the known count checked" \
    "check: points inside of the default 100000000 = 78535868 \(expected 78535868\) ok"
run "$ch/monte_carlo_pi" -n 1 -j 4 --bench
expect_exit "monte_carlo_pi -n 1 -j 4 (workers with no point): self-check" 0
for mode in sequential processes threads; do
    expect_line "monte_carlo_pi --bench: a BENCH line for $mode" \
        "BENCH program=monte_carlo_pi case=$mode workers=[14] seconds=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+ ns_per_point=[0-9.]+"
done

# cpu_map: the pool's sums equal the loop's bit for bit, and the formula.
for args in "-j 1 -n 1000" "-j 3 -n 12345" "-j 8 -n 1" "-j 2 -n 300000"; do
    run "$ch/cpu_map" $args
    expect_exit "cpu_map $args: self-check" 0
    expect_line "cpu_map $args: every sum equal" \
        "check: pool's sums equal to the loop's, bit for bit = 16 \(expected 16\) ok"
done
run "$ch/cpu_map" -n 1000
expect_line "cpu_map -n 1000: the sum of sqrt(i), i < 1000" \
    "16 tasks, each the sum of sqrt\(i\) for i < 1000 = 21065\.833[0-9]"
expect_line "cpu_map -n 1000: checked against the formula" \
    "check: sum within 10\^-8 of the formula's, relatively = 1 \(expected 1\) ok"

# false_sharing: three layouts, one pi, bit for bit.
for j in 1 2 4; do
    run "$ch/false_sharing" -j $j -n 200000 --bench
    expect_exit "false_sharing -j $j: self-check" 0
    expect_line "false_sharing -j $j: pi" "pi ~ 3\.14159265[0-9]* in every layout"
    for l in adjacent padded local; do
        expect_line "false_sharing -j $j: a BENCH line for $l" \
            "BENCH program=false_sharing case=$l workers=$j seconds=[0-9.]+ ns_per_step=[0-9.]+"
    done
done
run "$ch/false_sharing" -n 1
expect_line "false_sharing -n 1: one step, the midpoint 3.2" "pi ~ 3\.200000000000 in every layout"

# pi_digits: Machin's digits, in processes and sequentially, every one
# confirmed by the spigot; the last digits of each precision are known.
for j in 1 2 3; do
    run "$ch/pi_digits" -j $j -n 2000
    expect_exit "pi_digits -j $j: self-check" 0
    expect_line "pi_digits -j $j: 1000 digits" \
        " 1000 digits: 3\.1415926535897932384626433832795028841971\.\.\.76611195909216420198"
    expect_line "pi_digits -j $j: 1500 digits" \
        " 1500 digits: 3\.1415926535897932384626433832795028841971\.\.\.69092721079750930295"
    expect_line "pi_digits -j $j: 2000 digits" \
        " 2000 digits: 3\.1415926535897932384626433832795028841971\.\.\.59958133904780275900"
    expect_line "pi_digits -j $j: every digit of the processes checked" \
        "check: digits from the processes equal to the sequential ones = 4500 \(expected 4500\) ok"
    expect_line "pi_digits -j $j: 2000 digits confirmed by the spigot" \
        "check: Machin's 2000 digits confirmed by the spigot = 2000 \(expected 2000\) ok"
    expect_no_leftovers "pi_digits -j $j: every worker reaped"
done
run "$ch/pi_digits" -n 100 --bench
expect_line "pi_digits -n 100: 50 digits" "   50 digits: 3\.1415926535897932384626433832795028841971\.\.\.95028841971693993751"
expect_line "pi_digits --bench: a BENCH line" \
    "BENCH program=pi_digits case=processes workers=3 seconds=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+"
for bad in "-n 99" "-n 200001" "-j 4"; do
    run "$ch/pi_digits" $bad
    expect_exit "pi_digits $bad exits 2" 2
    expect_stderr_one_line "pi_digits $bad gives one line"
done

# bbp_digits: the digits after a position, the same bits from the loop and
# from any split; positions with published digits.
for case in "0 243F6A88" "1 43F6A888" "2 3F6A8885" "7 885A308D" "13 8D313198"; do
    p=${case% *} digits=${case#* }
    for j in 1 3; do
        run "$ch/bbp_digits" -p $p -j $j
        expect_exit "bbp_digits -p $p -j $j: self-check" 0
        expect_value "bbp_digits -p $p -j $j: $digits" "hex digits of pi after position $p" "$digits"
    done
done
if [ -z "${MEMCHECK:-}" ]; then
    for case in "999999 26C65E52" "1000000 6C65E52C"; do
        p=${case% *} digits=${case#* }
        run "$ch/bbp_digits" -p $p -j 4 --bench
        expect_value "bbp_digits -p $p: published digits $digits" "hex digits of pi after position $p" "$digits"
        expect_line "bbp_digits -p $p: checked against the table" \
            "check: digits equal to the published $digits = 1 \(expected 1\) ok"
        expect_line "bbp_digits -p $p: the pool's bits equal the loop's" \
            "check: the pool's fraction equal to the loop's, bit for bit = 1 \(expected 1\) ok"
        expect_line "bbp_digits -p $p: a BENCH line" \
            "BENCH program=bbp_digits case=pool workers=4 seconds=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+ ns_per_term=[0-9.]+"
    done
fi
for bad in "-p -1" "-p 500000001" "-p x" "-p"; do
    run "$ch/bbp_digits" $bad
    expect_exit "bbp_digits $bad exits 2" 2
    expect_stderr_one_line "bbp_digits $bad gives one line"
done
