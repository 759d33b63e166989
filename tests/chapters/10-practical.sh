# tests/chapters/10-practical.sh
. tests/lib.sh
ch=$BUILD/chapters/10-practical

listed=$(sed -n 's/^ch10_programs := //p' chapters/10-practical/chapter.mk | tr ' ' '\n' | sort | tr '\n' ' ')
found=$(cd chapters/10-practical && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch10: chapter.mk lists every program"
else fail "ch10: chapter.mk lists every program" "$found" "$listed"; fi

for p in parallel_sum parallel_fetch batch_files progress_bar worker_memory adaptive_workers rolling_stats; do
    expect_program_contract "$ch/$p"
done

# parallel_sum: the sum of a permutation of 0..n-1 is n(n-1)/2 whatever
# the chunks and workers; every chunk's sum arrives once a run (3 runs);
# the element where 32 bits overflow, found again here by awk.
int32_overflow_at() {  # N: value i is i * 2654435761 mod N
    awk -v n="$1" 'BEGIN { s = 2654435761 % n; x = 0; sum = 0
        for (i = 0; i < n; i++) { sum += x; if (sum > 2147483647) { print i; exit }
                                  x = (x + s) % n }
        print -1 }'
}
for case in "100000 3 7000 15" "65537 2 1000 66" "1000 4 1000000 1" "1 1 1 1" "99991 2 100 1000"; do
    set -- $case
    n=$1 j=$2 c=$3 chunks=$4
    run "$ch/parallel_sum" -n $n -j $j -c $c
    expect_exit "parallel_sum -n $n -j $j -c $c: self-check" 0
    sum=$((n * (n - 1) / 2))
    expect_line "parallel_sum -n $n: the sum is n(n-1)/2 = $sum" "sum: $sum \(n\(n-1\)/2 = $sum\)"
    expect_line "parallel_sum -n $n -c $c: $chunks chunks" \
        "chunks: $chunks of $c values, on $j workers?"
    expect_line "parallel_sum -n $n: the parallel sum equals the sequential one" \
        "check: parallel sum, against the sequential one = $sum \(expected $sum\) ok"
    expect_line "parallel_sum -n $n -c $c: each of $chunks chunks received once in each of 3 runs" \
        "check: chunk sums received, each chunk once a run = $((3 * chunks)) \(expected $((3 * chunks))\) ok"
    at=$(int32_overflow_at $n)
    if [ "$at" -ge 0 ]; then
        expect_line "parallel_sum -n $n: 32 bits overflow at element $at" \
            "32 bits: the running sum passes INT32_MAX \(2147483647\) at element $at"
    else
        expect_line "parallel_sum -n $n: 32 bits are enough" "32 bits: enough for this sum .*"
    fi
    expect_no_leftovers "parallel_sum -n $n -j $j: every worker reaped"
done
run "$ch/parallel_sum" -n 65536 -j 2
expect_line "parallel_sum -n 65536: 0 + ... + 65535 still fits in 32 bits" "32 bits: enough for this sum .*"
expect_line "parallel_sum -n 65536: by default 4 chunks per worker" "chunks: 8 of 8192 values, on 2 workers"
run "$ch/parallel_sum" -n 200000 -j 2 --bench
expect_exit "parallel_sum --bench: self-check" 0
for case in "sequential 1" "chunks 2"; do
    expect_line "parallel_sum --bench: a BENCH line for ${case% *}" \
        "BENCH program=parallel_sum case=${case% *} workers=${case#* } seconds=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+ gb_per_s=[0-9.]+"
done
for bad in "-c 0" "-c 200000001" "-c x" "-c" "-n 200000001"; do
    run "$ch/parallel_sum" $bad
    expect_exit "parallel_sum $bad exits 2" 2
    expect_stderr_one_line "parallel_sum $bad gives one line"
done

# progress_bar: not a terminal (the tests' stderr is a file): nothing while
# running, no '\r', one final line; each item done once, the shared
# counter and the workers' own counts both equal to -n.
cr=$(printf '\r')
for case in "3 200 1" "2 3000 0" "4 1 2" "1 50 1"; do
    set -- $case
    j=$1 n=$2 t=$3
    run "$ch/progress_bar" -j $j -n $n -t $t
    expect_exit "progress_bar -j $j -n $n -t $t: self-check" 0
    expect_line "progress_bar -j $j -n $n: says what it runs" \
        "items: $n on $j workers?, $t ms each"
    expect_line "progress_bar -j $j -n $n: no bar when stderr is no terminal" \
        "progress: no bar \(stderr is not a terminal\): one line at the end"
    for what in "the shared counter" "the workers' own counts added up"; do
        expect_line "progress_bar -j $j -n $n: items done, $what" \
            "check: items done, $what = $n \(expected $n\) ok"
    done
    expect_line "progress_bar -j $j -n $n: each item done once" \
        "check: items done exactly once = $n \(expected $n\) ok"
    sum=$(sed -n 's/^worker [0-9]*: \([0-9]*\) items$/\1/p' "$WORK/out" | awk '{ s += $1; k++ } END { print k + 0, s + 0 }')
    if [ "$sum" = "$j $n" ]; then pass "progress_bar -j $j -n $n: $j worker lines adding up to $n"
    else fail "progress_bar -j $j -n $n: $j worker lines adding up to $n" "'$j $n'" "'$sum' (lines, items)"; fi
    if [ "$(cat "$WORK/err")" = "done: $n of $n items" ]; then pass "progress_bar -j $j -n $n: one plain line on stderr"
    else fail "progress_bar -j $j -n $n: one plain line on stderr" "'done: $n of $n items'" "'$(first_line "$WORK/err")' ($(grep -c '' "$WORK/err") lines)"; fi
    if grep -q "$cr" "$WORK/err"; then fail "progress_bar -j $j -n $n: no carriage return on stderr" "none" "one"
    else pass "progress_bar -j $j -n $n: no carriage return on stderr"; fi
    expect_no_leftovers "progress_bar -j $j -n $n: every worker reaped, no shm object"
done
# A terminal: script(1) runs it on a pseudo-terminal (stdout and stderr
# both come back on script's stdout, with '\n' made '\r\n' by the terminal).
if [ -n "${MEMCHECK:-}" ]; then
    :                              # valgrind would not see the program through script
elif command -v script >/dev/null 2>&1; then
    run script -qec "$ch/progress_bar -j 2 -n 300 -t 1" /dev/null
    expect_exit "progress_bar in a terminal: self-check" 0
    if grep -q "$cr\[[#.]*\] " "$WORK/out"; then pass "progress_bar in a terminal: bars drawn after a carriage return"
    else fail "progress_bar in a terminal: bars drawn after a carriage return" "CR then '[###...]'" "none"; fi
    if grep -q "$cr\[#*\] 100%  300/300" "$WORK/out"; then pass "progress_bar in a terminal: the bar reaches 100%"
    else fail "progress_bar in a terminal: the bar reaches 100%" "'[####] 100%  300/300'" "$(grep -o '[0-9]*%  [0-9]*/300' "$WORK/out" | tail -n 1)"; fi
    if grep -q "^done: " "$WORK/out"; then fail "progress_bar in a terminal: no plain line" "no 'done:' line" "one"
    else pass "progress_bar in a terminal: no plain line"; fi
    expect_line "progress_bar in a terminal: says it draws" \
        "progress: a bar on stderr \(a terminal\), redrawn every 80 ms$cr"
else
    echo "SKIP progress_bar in a terminal: no script(1) (util-linux)"
fi
for bad in "-t 1001" "-t -1" "-t x" "-t" "-n 1000001" "-n 0"; do
    run "$ch/progress_bar" $bad
    expect_exit "progress_bar $bad exits 2" 2
    expect_stderr_one_line "progress_bar $bad gives one line"
done

# rolling_stats: with overlap, every output the sequential one, bit for bit;
# naive chunks wrong in exactly the first w - 1 outputs of chunks 1 to k - 1.
for case in "20000 10 5 3" "1000 2 7 2" "10000 100 1 2" "30000 1000 30 4" "5000 50 8 1"; do
    set -- $case
    n=$1 w=$2 k=$3 j=$4
    run "$ch/rolling_stats" -n $n -w $w -k $k -j $j
    expect_exit "rolling_stats -n $n -w $w -k $k -j $j: self-check" 0
    expect_line "rolling_stats -n $n -w $w -k $k: with overlap, no output differs" \
        "check: chunks with overlap: outputs that differ = 0 \(expected 0\) ok"
    wrong=$(((k - 1) * (w - 1)))
    expect_line "rolling_stats -n $n -w $w -k $k: naive, $wrong outputs differ" \
        "check: naive chunks: outputs that differ, \(k - 1\)\(w - 1\) = $wrong \(expected $wrong\) ok"
    expect_line "rolling_stats -n $n -w $w -k $k: all at chunk starts" \
        "check: naive chunks: of those, in the first w - 1 of a chunk = $wrong \(expected $wrong\) ok"
    seq=$(sed -n 's/^  sequential  //p' "$WORK/out")
    over=$(sed -n 's/^  overlap     //p' "$WORK/out")
    if [ -n "$seq" ] && [ "$seq" = "$over" ]; then pass "rolling_stats -n $n -w $w -k $k: the sample the same with overlap"
    else fail "rolling_stats -n $n -w $w -k $k: the sample the same with overlap" "'$seq'" "'$over'"; fi
    if [ $k -gt 1 ]; then
        expect_line "rolling_stats -k $k: the sample is the first output of chunk 1" \
            "output $((n / k)), the first of chunk 1:"
        expect_line "rolling_stats -k $k: naive, NaN there" "  naive       mean nan  std nan"
    else
        expect_line "rolling_stats -k 1: the sample is the first full window" \
            "output $((w - 1)), the first full window \(one chunk: no edge\):"
    fi
    expect_no_leftovers "rolling_stats -n $n -k $k: every worker reaped"
done
# -w 2: a mean of two integers ends in .0 or .5.
run "$ch/rolling_stats" -n 1000 -w 2 -k 2 -j 2
mean=$(sed -n 's/^  sequential  mean \([0-9.]*\) .*/\1/p' "$WORK/out")
case $mean in
    *.000000|*.500000) pass "rolling_stats -w 2: a mean of two integers ends in .0 or .5" ;;
    *) fail "rolling_stats -w 2: a mean of two integers ends in .0 or .5" "x.000000 or x.500000" "'$mean'" ;;
esac
run "$ch/rolling_stats" -n 30000 -j 2 --bench
expect_exit "rolling_stats --bench: self-check" 0
for case in "sequential 1" "chunks-overlap 2" "chunks-naive 2"; do
    expect_line "rolling_stats --bench: a BENCH line for ${case% *}" \
        "BENCH program=rolling_stats case=${case% *} workers=${case#* } seconds=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+"
done
for bad in "-w 1" "-w 10001" "-w x" "-k 0" "-k 100001" "-k" "-n 500 -k 10 -w 60" "-n 10"; do
    run "$ch/rolling_stats" $bad
    expect_exit "rolling_stats $bad exits 2" 2
    expect_stderr_one_line "rolling_stats $bad gives one line"
done

# Ctrl-C while the workers run (the default runs may be done before 300 ms):
# workers stop after their chunk, the parent reaps them, exit status 130.
if [ -z "${MEMCHECK:-}" ] && ! under_tsan; then   # TSan: forks too slow for the 1 s grace
    run_interrupted 300 "$ch/parallel_sum" -n 20000000 -c 1
    expect_interrupted "parallel_sum -c 1 stops on Ctrl-C while its workers run"
    run_interrupted 300 "$ch/rolling_stats" -n 20000000
    expect_interrupted "rolling_stats -n 20000000 stops on Ctrl-C"
fi


# parallel_fetch: every answer right, in turn and from the workers; the
# last path's body as the server derives it; a 404 for a path it lacks;
# the server's line and a table row for each way; nothing left running.
for case in "8 4 50" "5 2 20" "3 1 0" "6 9 10"; do
    set -- $case
    last=$(($1 - 1))
    run "$ch/parallel_fetch" -n $1 -j $2 -d $3
    expect_exit "parallel_fetch -n $1 -j $2 -d $3: self-check" 0
    expect_line "parallel_fetch -n $1 -j $2: every answer right in turn" \
        "check: answers right, in turn \(status 200, the path's body\) = $1 \(expected $1\) ok"
    expect_line "parallel_fetch -n $1 -j $2: every answer right from the workers" \
        "check: answers right, parallel, every run = $1 \(expected $1\) ok"
    expect_line "parallel_fetch -n $1 -j $2: a path the server lacks answers 404" \
        "check: status for a path the server lacks = 404 \(expected 404\) ok"
    expect_line "parallel_fetch -n $1: the 404 reported with its body" \
        'GET /nothing: 404, "no such path" \(a bad path, reported\)'
    expect_line "parallel_fetch -n $1: /item/$last is \"item $last: $((last * last))\"" \
        "GET /item/$last: 200, \"item $last: $((last * last))\""
    expect_line "parallel_fetch -d $3: the server on loopback, its port and delay" \
        "server: 127\.0\.0\.1:[0-9]+ \(pid [0-9]+\), $3 ms before each response"
    expect_line "parallel_fetch -n $1: the sequential row" \
        "sequential +1 +[0-9.]+ +1\.00x +100% +[0-9.]+"
    expect_line "parallel_fetch -j $2: the parallel row" \
        "parallel +$2 +[0-9.]+ +[0-9.]+x +[0-9]+% +[0-9.]+"
    expect_no_leftovers "parallel_fetch -n $1 -j $2: server, answers and workers reaped"
done
# (Not under valgrind, where every fork crawls.)
if [ -z "${MEMCHECK:-}" ]; then
    # Ctrl-C while every worker waits on a slow answer, and while the
    # main program itself waits on one of 5 s: out within a second.
    run_interrupted 1000 "$ch/parallel_fetch" -n 2 -j 2 -d 400
    expect_interrupted "parallel_fetch stops on Ctrl-C in the parallel part"
    run_interrupted 300 "$ch/parallel_fetch" -n 2 -d 5000
    expect_interrupted "parallel_fetch stops on Ctrl-C during a 5 s answer"
fi
run "$ch/parallel_fetch" -n 6 -j 2 -d 10 --bench
expect_exit "parallel_fetch --bench: self-check" 0
expect_line "parallel_fetch --bench: every answer right in 3 parallel runs" \
    "check: answers right, parallel, every run = 18 \(expected 18\) ok"
expect_line "parallel_fetch --bench: a BENCH line for the sequential way" \
    "BENCH program=parallel_fetch case=sequential workers=1 seconds=[0-9.]+ speedup=1\.000 efficiency=1\.000 requests_per_s=[0-9.]+"
for w in 2 4 8; do
    expect_line "parallel_fetch --bench: a BENCH line for $w workers" \
        "BENCH program=parallel_fetch case=parallel workers=$w seconds=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+ requests_per_s=[0-9.]+"
done
benches=$(grep -c '^BENCH ' "$WORK/out")
if [ "$benches" -eq 4 ]; then pass "parallel_fetch --bench -j 2: 4 BENCH lines (1, 2, 4, 8)"
else fail "parallel_fetch --bench -j 2: 4 BENCH lines (1, 2, 4, 8)" 4 "$benches"; fi
# -p PORT: a server of someone else's; port 1 on loopback has none.
run "$ch/parallel_fetch" -p 1 -n 2
expect_exit "parallel_fetch -p 1 (nothing listens): exit 1" 1
expect_stderr_one_line "parallel_fetch -p 1: one line on stderr"
if grep -Eqx 'parallel_fetch: GET /[a-z0-9/]+ from 127\.0\.0\.1:1: Connection refused' "$WORK/err"
then pass "parallel_fetch -p 1: the refused connection named"
else fail "parallel_fetch -p 1: the refused connection named" "'... Connection refused'" "$(first_line "$WORK/err")"; fi
for bad in "-d -1" "-d 10001" "-d x" "-d" "-p 0" "-p 65536" "-p x" "-n 10001" "-j 257"; do
    run "$ch/parallel_fetch" $bad
    expect_exit "parallel_fetch $bad exits 2" 2
    expect_stderr_one_line "parallel_fetch $bad gives one line"
done

# batch_files on its sample, made under a TMPDIR of the test's own so we
# can see it go: per-file counts equal in both passes and to what the
# sample wrote (records and bytes computed here, independently); the odd
# entries skipped or reported; the folder gone afterwards.
sample_records() {  # N: records in the sample's N files (file i: i*37 mod 101)
    awk -v n="$1" 'BEGIN { s = 0; for (i = 0; i < n; i++) s += (i * 37) % 101; print s }'
}
sample_bytes() {    # N: the bytes of those records, each '{"id": ID, "value": V}\n'
    awk -v n="$1" 'BEGIN { s = 0; for (i = 0; i < n; i++) for (k = 0; k < (i * 37) % 101; k++)
        s += length(sprintf("{\"id\": %d, \"value\": %d}", i * 1000 + k, k % 97)) + 1; print s }'
}
old_tmpdir=${TMPDIR-unset}
export TMPDIR="$WORK/tmp"
for case in "12 3" "36 4" "1 1" "50 7"; do
    set -- $case
    mkdir -p "$TMPDIR"
    records=$(sample_records $1) bytes=$(sample_bytes $1)
    run "$ch/batch_files" -n $1 -j $2
    expect_exit "batch_files -n $1 -j $2: self-check" 0
    expect_line "batch_files -n $1: made in \$TMPDIR" \
        "sample: $TMPDIR/batch_files\.[A-Za-z0-9]{6}, $1 files of records and 4 odd entries"
    expect_line "batch_files -n $1 -j $2: every task done in the pool" \
        "check: tasks that ended well in the pool = $(($1 + 1)) \(expected $(($1 + 1))\) ok"
    expect_line "batch_files -n $1 -j $2: every file's counts equal the sequential pass's" \
        "check: files whose counts equal the sequential pass = $(($1 + 1)) \(expected $(($1 + 1))\) ok"
    expect_line "batch_files -n $1: $records records in both passes" \
        "check: records, parallel total = sequential total = $records \(expected $records\) ok"
    expect_line "batch_files -n $1: $records records, as written" \
        "check: records, as the sample wrote them = $records \(expected $records\) ok"
    expect_line "batch_files -n $1: $bytes bytes, as written" \
        "check: bytes, as the sample wrote them = $bytes \(expected $bytes\) ok"
    expect_line "batch_files -n $1: the totals" \
        "totals: $1 files read, 1 unreadable, 3 skipped; $records records, $bytes bytes"
    expect_line "batch_files -n $1: file 0 is empty" "records-000000\.jsonl +0 +0"
    expect_line "batch_files -n $1: the FIFO skipped" "skipped: fifo \(a FIFO\)"
    expect_line "batch_files -n $1: the subdirectory skipped" "skipped: subdir \(a directory\)"
    expect_line "batch_files -n $1: the link to it skipped" \
        "skipped: link-to-subdir \(a symbolic link to a directory\)"
    expect_line "batch_files -n $1: the unreadable file and why" \
        "cannot read: unreadable\.jsonl: No such file or directory"
    expect_line "batch_files -j $2: the parallel row" "parallel +$2 +[0-9.]+ +[0-9.]+x +[0-9]+%"
    expect_no_leftovers "batch_files -n $1 -j $2: the pool's workers reaped"
    left=$(ls -A "$TMPDIR")
    if [ -z "$left" ]; then pass "batch_files -n $1: the sample folder removed"
    else fail "batch_files -n $1: the sample folder removed" "an empty \$TMPDIR" "$left"; fi
done
if [ -z "${MEMCHECK:-}" ]; then
    # Ctrl-C while it writes 5000 files: exit 130, no worker, no folder.
    run_interrupted 300 "$ch/batch_files" -n 5000
    expect_interrupted "batch_files stops on Ctrl-C"
    left=$(ls -A "$TMPDIR")
    if [ -z "$left" ]; then pass "batch_files: the sample folder removed on Ctrl-C"
    else fail "batch_files: the sample folder removed on Ctrl-C" "an empty \$TMPDIR" "$left"; fi
fi
run "$ch/batch_files" -n 10 -j 2 --bench
expect_exit "batch_files --bench: self-check" 0
for way in "sequential 1" "parallel 2"; do
    expect_line "batch_files --bench: a BENCH line for ${way% *}" \
        "BENCH program=batch_files case=${way% *} workers=${way#* } seconds=[0-9.]+ speedup=[0-9.]+ efficiency=[0-9.]+"
done
records=$(($(sample_records 10) * 100))
expect_line "batch_files --bench: 100 times the records" \
    "check: records, as the sample wrote them = $records \(expected $records\) ok"
if [ "$old_tmpdir" = unset ]; then unset TMPDIR; else TMPDIR=$old_tmpdir; fi

# batch_files -d: a directory of the test's own, with lines and records
# known here, odd entries, and one file it cannot read; left as it was.
dir=$(mktemp -d)
printf 'one\ntwo\nthree\n' >"$dir/a.txt"                       # 3 records, 14 bytes
printf '{"id": 1}\n{"id": 2}\n{"id": 3}' >"$dir/b.jsonl"       # last without \n: 3, 29
: >"$dir/empty"
mkdir "$dir/sub" && printf 'x\n' >"$dir/sub/inside.txt"       # not read: no recursion
mkfifo "$dir/fifo"
ln -s sub "$dir/link-to-sub"
ln -s nowhere "$dir/dangling"
odd=4
if command -v python3 >/dev/null 2>&1 &&
   python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$dir/sock"
then odd=5; fi
before=$(ls -lA "$dir" | md5sum)
run "$ch/batch_files" -d "$dir" -j 2
expect_exit "batch_files -d DIR: self-check" 0
expect_line "batch_files -d: a.txt, 3 lines" "a\.txt +3 +14"
expect_line "batch_files -d: b.jsonl, 3 records (the last without a newline)" "b\.jsonl +3 +29"
expect_line "batch_files -d: an empty file" "empty +0 +0"
expect_line "batch_files -d: the dangling link cannot be read" \
    "cannot read: dangling: No such file or directory"
expect_line "batch_files -d: a directory skipped" "skipped: sub \(a directory\)"
expect_line "batch_files -d: a FIFO skipped (not waited on)" "skipped: fifo \(a FIFO\)"
expect_line "batch_files -d: a link to a directory skipped" \
    "skipped: link-to-sub \(a symbolic link to a directory\)"
[ $odd -eq 5 ] && expect_line "batch_files -d: a socket skipped" "skipped: sock \(a socket\)"
expect_line "batch_files -d: the totals" \
    "totals: 3 files read, 1 unreadable, $((odd - 1)) skipped; 6 records, 43 bytes"
expect_line "batch_files -d: both passes agree on 4 files" \
    "check: files whose counts equal the sequential pass = 4 \(expected 4\) ok"
if grep -q 'as the sample wrote' "$WORK/out"
then fail "batch_files -d: no sample checks" "none" "$(grep -m1 'as the sample' "$WORK/out")"
else pass "batch_files -d: no sample checks"; fi
if [ "$(ls -lA "$dir" | md5sum)" = "$before" ] && [ -f "$dir/sub/inside.txt" ]
then pass "batch_files -d: the directory left as it was"
else fail "batch_files -d: the directory left as it was" "the same entries" "$(ls -A "$dir" | tr '\n' ' ')"; fi
expect_no_leftovers "batch_files -d: the pool's workers reaped"
# Nothing to read: only odd entries, then nothing at all.
rm -f "$dir/a.txt" "$dir/b.jsonl" "$dir/empty" "$dir/dangling"
run "$ch/batch_files" -d "$dir"
expect_exit "batch_files -d (only odd entries): exit 0, nothing to do" 0
expect_line "batch_files -d (only odd entries): each skipped" "skipped: fifo \(a FIFO\)"
if grep -qx "no files in $dir: nothing to do" "$WORK/out"
then pass "batch_files -d (only odd entries): 'no files in DIR'"
else fail "batch_files -d (only odd entries): 'no files in DIR'" "'no files in $dir: nothing to do'" "$(tail -n 1 "$WORK/out")"; fi
rm -rf "$dir" && mkdir "$dir"
run "$ch/batch_files" -d "$dir"
expect_exit "batch_files -d EMPTY: exit 0, nothing to do" 0
if grep -qx "no files in $dir: nothing to do" "$WORK/out"
then pass "batch_files -d EMPTY: 'no files in DIR'"
else fail "batch_files -d EMPTY: 'no files in DIR'" "'no files in $dir: nothing to do'" "$(tail -n 1 "$WORK/out")"; fi
rmdir "$dir"
for bad in "-d $dir" "-d /etc/passwd" "-d" "-d . -n 5" "-n 0" "-n 100001" "-j 65"; do
    run "$ch/batch_files" $bad
    expect_exit "batch_files $bad exits 2" 2
    expect_stderr_one_line "batch_files $bad gives one line"
done


# worker_memory: a row per worker, worker k touching (k + 1) x -m MiB; every
# peak at least what was touched and growing with k; the parent's 8 MiB in
# each worker's start figure (shared copy-on-write, counted in its RSS);
# VmRSS back down after free; RUSAGE_CHILDREN's peak the largest worker's.
# Sizes stay small: under valgrind and ThreadSanitizer the tool's memory
# counts in RSS too, and the program's margin is 64 MiB.
# A row: worker touched start holding freed VmHWM ru_maxrss
wm_row='^ +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+$'
for case in "4 4" "1 8" "8 1" "3 5"; do
    set -- $case
    wm="worker_memory -j $1 -m $2"
    run "$ch/worker_memory" -j $1 -m $2
    expect_exit "$wm: self-check" 0
    rows=$(awk -v m=$2 -v row="$wm_row" '$0 ~ row && $2 == ($1 + 1) * m { n++ }
                                           END { print n + 0 }' "$WORK/out")
    if [ "$rows" -eq $1 ]; then pass "$wm: a row per worker, worker k touching (k + 1) x $2 MiB"
    else fail "$wm: a row per worker, worker k touching (k + 1) x $2 MiB" "$1 rows" "$rows"; fi
    bad=$(awk -v row="$wm_row" '$0 ~ row {
                   rows++
                   if ($6 < $2) { print "worker " $1 ": VmHWM " $6 " < touched " $2; exit }
                   if ($7 < $2) { print "worker " $1 ": ru_maxrss " $7 " < touched " $2; exit }
                   if (rows > 1 && $6 <= last) { print "worker " $1 ": VmHWM " $6 " <= " last; exit }
                   if ($3 < 8) { print "worker " $1 ": start " $3 " < the parent'"'"'s 8 MiB"; exit }
                   last = $6 }
               END { if (!rows) print "no worker rows" }' "$WORK/out")
    if [ -z "$bad" ]; then pass "$wm: peaks >= touched, growing with k, 8 MiB shared at the start"
    else fail "$wm: peaks >= touched, growing with k, 8 MiB shared at the start" "every row right" "$bad"; fi
    case ${MEMCHECK:-}:${SAN:-} in
        1:* | *address*) keeps_freed=yes ;;   # valgrind's and ASan's free keep blocks a while
        *) keeps_freed= ;;
    esac
    if [ -z "$keeps_freed" ]; then
        bad=$(awk -v row="$wm_row" '$0 ~ row && $4 - $5 < $2 - 1 {
                       print "worker " $1 ": holding " $4 ", freed " $5; exit }' "$WORK/out")
        if [ -z "$bad" ]; then pass "$wm: VmRSS falls by what was touched once it is freed"
        else fail "$wm: VmRSS falls by what was touched once it is freed" "holding - freed >= touched - 1" "$bad"; fi
    fi
    last=$(awk -v row="$wm_row" '$0 ~ row { v = $7 } END { print v }' "$WORK/out")
    got=$(sed -n 's/^children (RUSAGE_CHILDREN): ru_maxrss \([0-9.]*\) MiB, .*/\1/p' "$WORK/out")
    if awk -v a="$got" -v b="$last" 'BEGIN { d = a - b; exit !(a != "" && d < 1 && d > -1) }'
    then pass "$wm: RUSAGE_CHILDREN's ru_maxrss is the largest worker's"
    else fail "$wm: RUSAGE_CHILDREN's ru_maxrss is the largest worker's" "$last MiB" "'$got'"; fi
    sum=$(awk -v row="$wm_row" '$0 ~ row { s += $6 } END { printf "%.1f", s }' "$WORK/out")
    printed=$(sed -n 's/^sum of the peaks: \([0-9.]*\) MiB for \([0-9]*\) MiB touched: .*/\1 \2/p' "$WORK/out")
    touched=$(($2 * $1 * ($1 + 1) / 2))
    if awk -v p="$printed" -v s="$sum" -v t="$touched" -v j=$1 'BEGIN {
           split(p, f, " "); d = f[1] - s; exit !(f[2] == t && d <= 0.1 * j && d >= -0.1 * j) }'
    then pass "$wm: the sum of the peaks, for $touched MiB touched"
    else fail "$wm: the sum of the peaks, for $touched MiB touched" "'$sum $touched'" "'$printed'"; fi
    expect_line "$wm: the parent's own figures" \
        "parent: touched 8 MiB before forking; VmRSS [0-9.]+, VmHWM [0-9.]+, ru_maxrss [0-9.]+ MiB"
    expect_line "$wm: every worker reported once" \
        "check: workers that reported, each exactly once = $1 \(expected $1\) ok"
    expect_line "$wm: peaks at least what was touched" \
        "check: workers whose peak is at least what they touched = $1 \(expected $1\) ok"
    expect_line "$wm: peaks within the margin" \
        "check: workers whose peak is below touched \+ 64 MiB = $1 \(expected $1\) ok"
    expect_line "$wm: peaks growing" \
        "check: workers whose peak is above the worker's before = $(($1 - 1)) \(expected $(($1 - 1))\) ok"
    expect_line "$wm: the largest child is the last worker" \
        "check: the largest child by RUSAGE_CHILDREN: worker = $(($1 - 1)) \(expected $(($1 - 1))\) ok"
    expect_line "$wm: every worker reaped, status 0" \
        "check: workers reaped with exit status 0 = $1 \(expected $1\) ok"
    expect_no_leftovers "$wm: every worker reaped"
done
run "$ch/worker_memory" -j 2 -m 3 --bench
expect_exit "worker_memory --bench: self-check" 0
expect_line "worker_memory --bench: a BENCH line" \
    "BENCH program=worker_memory case=step-3mib workers=2 seconds=[0-9.]+ sum_of_peaks_mib=[0-9.]+ touched_mib=9"
for bad in "-m 0" "-m 1025" "-m x" "-m" "-j 16 -m 1024" "-j 9 -m 114" "-j 17"; do
    run "$ch/worker_memory" $bad
    expect_exit "worker_memory $bad exits 2" 2
    expect_stderr_one_line "worker_memory $bad gives one line"
done
# Ctrl-C while the workers touch 2.5 GiB: every one reaped, exit 130.
# Not under ThreadSanitizer: it runs a signal handler only at the next call
# it intercepts, so a worker sees Ctrl-C only once all its memory is touched.
if [ -z "${MEMCHECK:-}" ] && ! under_tsan; then
    run_interrupted 300 "$ch/worker_memory" -j 4 -m 256
    grep -q '^early' "$WORK/leftovers" || expect_interrupted "worker_memory -m 256 stops on Ctrl-C"
fi

# adaptive_workers: the decision recomputed here from the printed inputs
# (CPUs, available memory, budget, cap), for budgets that let each limit
# decide; the job's sum of 0..N-1; every worker reaped.
cpus=$(getconf _NPROCESSORS_ONLN)
aw_expected() {  # AVAILABLE BUDGET CAP: "WORKERS (why)", as the program decides
    allows=$(($1 / $2))
    if [ "$cpus" -lt $allows ]; then w=$cpus why="the CPUs decide"
    elif [ "$cpus" -gt $allows ]; then w=$allows why="the memory decides"
    else w=$cpus why="CPUs and memory agree"; fi
    if [ "$3" -gt 0 ] && [ "$3" -lt $w ]; then w=$3 why="the -j cap decides"; fi
    if [ $w -eq 0 ]; then w=1 why="the memory would allow none: 1 all the same"; fi
    echo "$w ($why)"
}
run "$ch/adaptive_workers"
available=$(value "available memory"); available=${available% MiB}
for case in "256 0" "1 0" "100000000 0" "$((available * 2 / 3 + 1)) 0" "1 1" "$((available / cpus)) 0"; do
    set -- $case
    aw="adaptive_workers -b $1$([ $2 -gt 0 ] && echo " -j $2")"
    if [ $2 -gt 0 ]; then run "$ch/adaptive_workers" -b $1 -j $2; else run "$ch/adaptive_workers" -b $1; fi
    expect_exit "$aw: self-check" 0
    available=$(value "available memory"); available=${available% MiB}
    case $available in
        ''|*[!0-9]*) fail "$aw: available memory in MiB" "a number" "'$available'"; continue ;;
    esac
    expect_value "$aw: the CPUs" "online CPUs" "$cpus"
    expect_value "$aw: the budget" "budget per worker" "$1 MiB"
    allows=$((available / $1))
    expect_line "$aw: memory allows available / budget" "memory allows: $allows workers?"
    expected=$(aw_expected "$available" $1 $2)
    expect_value "$aw: workers = max(1, min(CPUs, memory allows, cap))" "workers" "$expected"
    w=${expected%% *}
    kib=$(($1 * 1024 / 16)); [ $kib -gt 16384 ] && kib=16384
    count=$((kib * 1024 / 8)) n=$((w * kib * 1024 / 8))
    expect_line "$aw: the job, on $w workers" \
        "job: $w workers? x $count numbers \($kib KiB each\), stored and summed: 0\.\.$((n - 1)), [0-9.]+ s"
    expect_line "$aw: the job's sum" \
        "check: the workers' sums together: 0 \+ 1 \+ \.\.\. \+ \(N - 1\) = $((n / 2 * (n - 1))) \(expected $((n / 2 * (n - 1)))\) ok"
    expect_line "$aw: the count, checked another way" \
        "check: workers, counted up one by one under every limit = $w \(expected $w\) ok"
    expect_line "$aw: every worker answered" "check: workers that answered = $w \(expected $w\) ok"
    expect_line "$aw: every worker reaped" "check: workers reaped with exit status 0 = $w \(expected $w\) ok"
    expect_no_leftovers "$aw: nothing left running"
done
expect_line "adaptive_workers: where the figure comes from" \
    "memory source: MemAvailable in /proc/meminfo"
run "$ch/adaptive_workers" -b 100000000
expect_line "adaptive_workers -b 100000000: says the memory would allow none" \
    "workers: 1 \(the memory would allow none: 1 all the same\)"
run "$ch/adaptive_workers" -b 64 --bench
expect_exit "adaptive_workers --bench: self-check" 0
expect_line "adaptive_workers --bench: a BENCH line" \
    "BENCH program=adaptive_workers case=budget-64mib workers=[0-9]+ seconds=[0-9.]+ cpus=$cpus available_mib=[0-9]+ memory_allows=[0-9]+"
for bad in "-b 0" "-b -5" "-b x" "-b" "-b 1073741825" "-j 1025"; do
    run "$ch/adaptive_workers" $bad
    expect_exit "adaptive_workers $bad exits 2" 2
    expect_stderr_one_line "adaptive_workers $bad gives one line"
done
