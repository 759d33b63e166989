# tests/bench.sh — the tools of `make bench`: the plan names every program
# that has a --bench mode, and svg_plot draws well-formed SVG whose axes put
# each value where it belongs. (No timing is ever checked.)
. tests/lib.sh
plot=$BUILD/tests/bench/svg_plot
xml_check=$HELPERS/xml_check

# ---- the plan -----------------------------------------------------------------
CMD="tests/bench/plan"
with_bench=$(grep -l '^ \* Usage:.*--bench' chapters/*/*.c | sed 's|.*/||; s|\.c$||' | sort)
planned=$(sed -n 's/^\([a-z_]*\) *|.*/\1/p' tests/bench/plan | sort)
if [ "$with_bench" = "$planned" ]; then pass "the plan lists exactly the programs with --bench"
else fail "the plan lists exactly the programs with --bench" "$(echo $with_bench)" "$(echo $planned)"; fi
if awk -F'|' '!/^#/ && NF != 4 { bad = 1 } END { exit bad }' tests/bench/plan; then pass "every plan line has 4 fields"
else fail "every plan line has 4 fields" "program | sweep | quick | meaning" "$(awk -F'|' '!/^#/ && NF != 4' tests/bench/plan | head -n 1)"; fi

# ---- the XML checker can say no (else "well-formed" would prove nothing) --------
for broken in '<svg><g></svg></g>' '<svg><text>a & b</text></svg>' '<svg x=1/>' \
              '<svg a="1" a="2"/>' '<svg/><svg/>' '<svg><text>'; do
    printf '%s\n' "$broken" >"$WORK/broken.svg"
    run "$xml_check" "$WORK/broken.svg"
    expect_exit "xml_check refuses $broken" 1
done
printf '<?xml version="1.0"?>\n<!-- c -->\n<svg a="&lt;&#38;&#x26;"><t>x &amp; y</t></svg>\n' >"$WORK/good.svg"
run "$xml_check" "$WORK/good.svg"
expect_exit "xml_check accepts entities, a comment, the declaration" 0

# draw NAME: runs svg_plot on $WORK/in, checks the result is well-formed.
draw() {
    run sh -c "\"$plot\" <\"$WORK/in\" >\"$WORK/chart.svg\""
    expect_exit "$1: svg_plot succeeds" 0
    run "$xml_check" "$WORK/chart.svg"
    expect_line "$1: well-formed SVG" "well-formed: root <svg>, [0-9]+ elements"
}

# ticks CLASS: "value pixel" for each tick label of that axis.
ticks() {
    case $1 in
    xtick) sed -n 's/.*class="xtick" x="\([^"]*\)"[^>]*>\([^<]*\)<.*/\2 \1/p' "$WORK/chart.svg" ;;
    ytick) sed -n 's/.*class="ytick" x="[^"]*" y="\([^"]*\)"[^>]*>\([^<]*\)<.*/\2 \1/p' "$WORK/chart.svg" ;;
    esac
}

# expect_points NAME LOG: each data point of $WORK/in drawn where the ticks
# say its value belongs (linear, or log 2 on x when LOG is 1), to 0.1 px.
expect_points() {
    ticks xtick >"$WORK/xt"; ticks ytick >"$WORK/yt"
    sed -n 's/.*class="point" cx="\([^"]*\)" cy="\([^"]*\)".*/\1 \2/p' "$WORK/chart.svg" >"$WORK/drawn"
    awk '/^series solid/ { solid = 1 } /^series (dashed|dotted)/ { solid = 0 }
         solid && $1 == "point" { print $2, $3 }' "$WORK/in" >"$WORK/data"
    verdict=$(awk -v log2x="$2" '
        function f(v) { return log2x ? log(v) / log(2) : v }
        FILENAME == ARGV[1] { if (!nx++) x0 = $1; x1 = $1; if (nx == 1) px0 = $2; px1 = $2; next }
        FILENAME == ARGV[2] { if (!ny++) y0 = $1; y1 = $1; if (ny == 1) py0 = $2; py1 = $2; next }
        FILENAME == ARGV[3] { dx[++nd] = $1; dy[nd] = $2; next }
        {
            n++
            want_x = px0 + (f($1) - f(x0)) * (px1 - px0) / (f(x1) - f(x0))
            want_y = py0 + ($2 - y0) * (py1 - py0) / (y1 - y0)
            if (!(n in dx) || (dx[n] - want_x) ^ 2 > 0.01 || (dy[n] - want_y) ^ 2 > 0.01) {
                printf "point %s,%s at %s,%s, not %.1f,%.1f\n", $1, $2, dx[n], dy[n], want_x, want_y; exit
            }
        }
        END { if (n != nd) printf "%d points drawn for %d given\n", nd, n }
    ' "$WORK/xt" "$WORK/yt" "$WORK/drawn" "$WORK/data")
    if [ -z "$verdict" ]; then pass "$1: every point where its ticks place it"
    else fail "$1: every point where its ticks place it" "each point on the scale" "$verdict"; fi
}

# expect_ticks NAME CLASS LIST: the tick labels of an axis, in order.
expect_ticks() {
    got=$(ticks "$2" | awk '{ printf "%s%s", sep, $1; sep = " " }')
    if [ "$got" = "$3" ]; then pass "$1: $2 labels $3"
    else fail "$1: $2 labels" "$3" "$got"; fi
}

# ---- a speedup plot: linear axes ------------------------------------------------
CMD="$plot < speedup description"
cat >"$WORK/in" <<'EOF'
title cpu_bound: speedup against workers & <the> "ideal" line
xlabel workers (-j)
ylabel speedup
series solid measured: processes
point 1 0.98
point 2 1.93
point 3 1.90
point 4 1.97
series dashed ideal: speedup = workers
point 1 1
point 4 4
vline 2 2 online CPUs
EOF
draw "speedup plot"
expect_ticks "speedup plot" xtick "1 2 3 4"
expect_ticks "speedup plot" ytick "0 1 2 3 4"
expect_points "speedup plot" 0
if grep -q 'workers &amp; &lt;the&gt; &quot;ideal&quot; line</text>' "$WORK/chart.svg"; then pass "the title's &, <, > and quotes escaped"
else fail "the title's &, <, > and quotes escaped" "&amp; &lt; &gt; &quot;" "$(grep -m1 'class="title"' "$WORK/chart.svg")"; fi
for text in 'measured: processes' 'ideal: speedup = workers' '2 online CPUs' 'workers (-j)' '>speedup<'; do
    if grep -q "$text" "$WORK/chart.svg"; then pass "speedup plot: shows '$text'"
    else fail "speedup plot: shows '$text'" "the text in the SVG" "nothing"; fi
done

# Fractional values: a round step (1, 2 or 5 x 10^k) below 1 on y, about
# five of them, the axis closed on the first tick past the data.
cat >"$WORK/in" <<'EOF'
series solid small
point 10 0.12
point 20 0.37
point 30 0.61
EOF
draw "fractional plot"
expect_ticks "fractional plot" ytick "0.0 0.2 0.4 0.6 0.8"
expect_ticks "fractional plot" xtick "10 15 20 25 30"
expect_points "fractional plot" 0

# ---- granularity: x in powers of 2 -----------------------------------------------
cat >"$WORK/in" <<'EOF'
xlog
series solid measured: 2 workers
point 1 0.003
point 8 0.05
point 64 0.4
point 512 1.2
point 4096 1.7
point 16384 1.9
hline 1 break-even
EOF
draw "log plot"
expect_ticks "log plot" xtick "1 4 16 64 256 1024 4096 16384"
expect_points "log plot" 1

# ---- bars: heights in proportion to the values ------------------------------------
cat >"$WORK/in" <<'EOF'
title start cost
bar 10 thread
bar 30 fork
bar 25 posix_spawn
EOF
draw "bar chart"
expect_ticks "bar chart" ytick "0 10 20 30"
sed -n 's/.*class="bar".* height="\([^"]*\)".*/\1/p' "$WORK/chart.svg" >"$WORK/heights"
verdict=$(ticks ytick | awk 'FILENAME != "-" { h[++n] = $1; next }
    $1 == 0 { zero = $2 } $1 == 30 { top = $2 }
    END {
        split("10 30 25", v, " ")
        for (i = 1; i <= 3; i++) {
            want = (zero - top) * v[i] / 30
            if ((h[i] - want) ^ 2 > 0.04) { printf "bar %d: height %s, not %.1f", i, h[i], want; exit }
        }
    }' "$WORK/heights" -)
if [ -z "$verdict" ]; then pass "bar chart: heights 10 : 30 : 25 on the axis' scale"
else fail "bar chart: heights on the axis' scale" "each height in proportion" "$verdict"; fi
if [ "$(grep -c 'class="category"' "$WORK/chart.svg")" = 3 ]; then pass "bar chart: a label under each bar"
else fail "bar chart: a label under each bar" 3 "$(grep -c 'class="category"' "$WORK/chart.svg")"; fi

# ---- bad descriptions: one line naming the problem, exit 2 ------------------------
for bad in "colour red|unknown item 'colour'" "point 1 2|'point' before any 'series'" \
           "series wavy x|series style 'wavy'" "title nothing|nothing to draw" \
           "series solid a|nothing to draw" "xlog
series solid a
point 0 1|xlog needs every x above 0" "series solid a
point 1 x|y must be a number" "bar 1 a
series solid b
point 1 1|bars or series, not both"; do
    printf '%s\n' "${bad%%|*}" >"$WORK/in"
    CMD="$plot < '${bad%%|*}'"
    run sh -c "\"$plot\" <\"$WORK/in\""
    expect_exit "refuses '${bad%%|*}'" 2
    expect_stderr_one_line "refuses '${bad%%|*}' in one line"
    if grep -Eq "^svg_plot: (line [0-9]+: )?.*${bad#*|}" "$WORK/err"; then pass "refuses '${bad%%|*}': says why"
    else fail "refuses '${bad%%|*}': says why" "svg_plot: [line N: ]...${bad#*|}" "$(first_line "$WORK/err")"; fi
done
