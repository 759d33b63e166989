# tests/exercises/09-whole-lines.sh PROGRAM — the check of the exercise.
# Run by `make check EX=09-whole-lines` (and check-solution).
#
# Every run takes well under a second; a worker that never ends fails after 20 s.
: "${TIMEOUT:=20}"
. tests/lib.sh
program=${1:?usage: 09-whole-lines.sh PROGRAM}
dirs_before=$(ls -d /tmp/whole_lines.* 2>/dev/null)

# 1 to 8 workers logging side by side into one O_APPEND file, some cases
# twice: a line written in pieces is broken whenever another process gets
# in between, which on a busy machine, or with 2 workers on 2 CPUs, is
# most of the time but not every time; a line written in one piece never
# is. The driver reads the file back: every line must match its format
# and carry a worker's name with that worker's pid, each worker must have
# all of its lines, and the file exactly the bytes those lines take.
for case in "4 300" "8 200" "2 1000" "6 150" "3 400" "4 300" "8 200" "1 100"; do
    j=${case% *} n=${case#* }
    name="-j $j -n $n"
    run "$program" -j "$j" -n "$n"
    expect_exit "$name: self-check passes" 0
    expect_value "$name: every line there" "lines" "$((j * n))"
    expect_value "$name: no broken line" "broken lines" 0
    each=$(w=1; while [ $w -le "$j" ]; do
               printf '%sworker-%s %s' "${sep:-}" $w "$n"; sep=', '; w=$((w + 1)); done)
    expect_value "$name: each worker's lines whole" "lines of each" "$each"
    expect_value "$name: not a byte lost or added" "bytes" "$(value 'bytes the lines take')"
    expect_no_leftovers "$name: every worker reaped"
done
# The file lives in a directory of its own under /tmp, gone at the end.
new_dirs=$(ls -d /tmp/whole_lines.* 2>/dev/null | grep -vxF "${dirs_before:-none}" | tr '\n' ' ')
if [ -n "$new_dirs" ]; then fail "no log directory left in /tmp" "none" "$new_dirs"
else pass "no log directory left in /tmp"; fi
summary
