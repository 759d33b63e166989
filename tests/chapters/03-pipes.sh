# tests/chapters/03-pipes.sh
. tests/lib.sh
ch=$BUILD/chapters/03-pipes

listed=$(sed -n 's/^ch03_programs := //p' chapters/03-pipes/chapter.mk | tr ' ' '\n' | sort | tr '\n' ' ')
found=$(cd chapters/03-pipes && ls ./*.c | sed 's|^\./||; s|\.c$||' | sort | tr '\n' ' ')
if [ "$listed" = "$found" ]; then pass "ch03: chapter.mk lists every program"
else fail "ch03: chapter.mk lists every program" "$found" "$listed"; fi

for p in duplex_pipe framed_stream send_structs pipe_deadlock; do
    expect_program_contract "$ch/$p"
done

# duplex_pipe: the conversation, in its order, over both kinds of channel.
for mode in socketpair pipes; do
    run "$ch/duplex_pipe" -m $mode
    expect_exit "duplex_pipe -m $mode: both sides heard the other" 0
    order=$(sed -n 's/^\[\(process[12]\) [0-9]*\] \(sends\|received\): .*/\1 \2/p' "$WORK/out" | tr '\n' ',')
    want="process1 sends,process2 received,process2 sends,process1 received,"
    if [ "$order" = "$want" ]; then pass "duplex_pipe -m $mode: the conversation in order"
    else fail "duplex_pipe -m $mode: the conversation in order" "$want" "$order"; fi
    expect_line "duplex_pipe -m $mode: process1 got the answer" "\[process1 [0-9]+\] received: hello back from process 2"
    expect_no_leftovers "duplex_pipe -m $mode leaves nothing behind"
done
run "$ch/duplex_pipe" -m carrier-pigeon
expect_exit "duplex_pipe -m with an unknown mode exits 2" 2

# framed_stream: every message whole, with messages far larger than the pipe
# (so reads come back short), with empty messages, and with none at all.
run "$ch/framed_stream" -n 200 -s 300000
expect_exit "framed_stream: big messages pass the self-check" 0
expect_line "framed_stream: 200 big messages whole" "messages received: 200 of 200, [0-9]+ bytes in .*"
expect_line "framed_stream: short reads happened" "short reads: [1-9][0-9]* .*"
expect_value "framed_stream: the end of stream seen" "end of stream" "yes"
run "$ch/framed_stream" -n 50 -s 0
expect_line "framed_stream: 50 empty messages" "messages received: 50 of 50, 0 bytes in .*"
run "$ch/framed_stream" -n 0
expect_line "framed_stream: no message, just the end" "messages received: 0 of 0, 0 bytes in .*"
run "$ch/framed_stream" -n 20 -s 1000 -k
expect_exit "framed_stream -k: the self-check expects no end" 0
expect_line "framed_stream -k: no end of stream" "end of stream: no .*"
expect_no_leftovers "framed_stream -k leaves nothing behind"
run "$ch/framed_stream" -s 1000001
expect_exit "framed_stream -s too large exits 2" 2

# send_structs: structs and records arrive; the pointer and the fd number do not mean what they meant.
run "$ch/send_structs" -n 7
expect_exit "send_structs passes its self-check" 0
expect_line "send_structs: 7 readings, sum 28" "struct readings: 7 received \([0-9]+ bytes each\), sum of sensors 28"
expect_line "send_structs: the names as records" "records: 3 names received: ada, grace, barbara liskov"
expect_line "send_structs: the parent's copy at the child's address" " +at that address the parent finds 'set before fork'"
expect_line "send_structs: the fd itself arrives with SCM_RIGHTS" "fd passed with SCM_RIGHTS: arrived as fd [0-9]+, read: 'through a passed pipe'"

# pipe_deadlock: stuck exactly when the output exceeds the pipe's capacity.
run "$ch/pipe_deadlock" -n 200000
expect_exit "pipe_deadlock: 200000 bytes, self-check" 0
expect_line "pipe_deadlock: waiting first deadlocks" "wait, then read: child still running .*"
expect_line "pipe_deadlock: reading first gets it all" "read, then wait: 200000 bytes read, then the child exited 0"
run "$ch/pipe_deadlock" -n 1000
expect_line "pipe_deadlock: 1000 bytes fit, no deadlock" "wait, then read: the child exited: all its output fitted in the pipe"
expect_no_leftovers "pipe_deadlock leaves nothing behind"
