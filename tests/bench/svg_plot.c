/*
 * svg_plot.c — draws one chart as an SVG file, from a few lines of text.
 *
 * `make bench` describes each plot of build/bench/report.md to this program
 * (tests/bench/run builds the descriptions from the BENCH lines). It needs
 * no plotting library: an SVG file is XML text that any browser draws.
 *
 * Usage:  svg_plot < description > chart.svg
 * Description, one item a line (text runs to the end of the line):
 *   title TEXT          xlabel TEXT          ylabel TEXT
 *   xlog                the x axis in powers of 2 (x must be > 0)
 *   series STYLE NAME   a new line in the legend; STYLE: solid (with a
 *                       marker at each point), dashed or dotted
 *   point X Y           a point of the last series
 *   hline Y TEXT        vline X TEXT     a grey reference line, labelled
 *   bar VALUE TEXT      a bar chart instead: one bar a line, in order
 * Both axes are linear (x may be log 2), y always starts at 0 (a cut axis
 * makes small differences look large), and each axis ends on a round tick.
 * Bad input: one line on stderr (naming the line, when one is at fault),
 * exit status 2.
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { WIDTH = 680, HEIGHT = 420, LEFT = 80, RIGHT = 650, TOP = 50, BOTTOM = 350 };
enum { MAX_SERIES = 8, MAX_POINTS = 64, MAX_MARKERS = 8, MAX_BARS = 16, TEXT = 120 };

/* Measured series (solid) take the strong colours in order; reference
 * curves (dashed, dotted) the muted ones, so that "ideal" looks the same in
 * every plot. */
static const char *const measured_colours[MAX_SERIES] = {
    "#1f77b4", "#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
};
static const char *const reference_colours[MAX_SERIES] = {
    "#555555", "#2ca02c", "#7f7f7f", "#98df8a", "#c49c94", "#aec7e8", "#c5b0d5", "#dbdb8d",
};

struct series {
    char name[TEXT], style[8];
    const char *colour;
    int points;
    double x[MAX_POINTS], y[MAX_POINTS];
};
struct marker { char label[TEXT]; double at; bool vertical; };
struct bar { char label[TEXT]; double value; };

struct chart {
    char title[TEXT], xlabel[TEXT], ylabel[TEXT];
    bool xlog;
    int nseries, nmarkers, nbars;
    struct series series[MAX_SERIES];
    struct marker marker[MAX_MARKERS];
    struct bar bar[MAX_BARS];
};

/* An axis maps values lo..hi onto pixels from..to, with a tick every step
 * (or at every power of 2 when log2). */
struct axis { double lo, hi, step; bool log2; double from, to; };

static int line_number;         /* 0: the description as a whole */

static void bad_input(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, line_number > 0 ? "svg_plot: line %d: " : "svg_plot: ", line_number);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

/* ---- reading the description ------------------------------------------- */

static double number(char **text, const char *what)
{
    char *end;
    double value = strtod(*text, &end);
    if (end == *text || !isfinite(value))
        bad_input("%s must be a number", what);
    *text = end + strspn(end, " \t");
    return value;
}

static void copy_text(char *to, const char *text)
{
    snprintf(to, TEXT, "%s", text);
}

static struct series *last_series(struct chart *c)
{
    if (c->nseries == 0)
        bad_input("'point' before any 'series'");
    return &c->series[c->nseries - 1];
}

static void read_item(struct chart *c, const char *key, char *rest)
{
    if (strcmp(key, "title") == 0) {
        copy_text(c->title, rest);
    } else if (strcmp(key, "xlabel") == 0) {
        copy_text(c->xlabel, rest);
    } else if (strcmp(key, "ylabel") == 0) {
        copy_text(c->ylabel, rest);
    } else if (strcmp(key, "xlog") == 0) {
        c->xlog = true;
    } else if (strcmp(key, "series") == 0) {
        char *name = rest + strcspn(rest, " \t");
        if (c->nseries == MAX_SERIES)
            bad_input("more than %d series", MAX_SERIES);
        struct series *s = &c->series[c->nseries++];
        if (*name != '\0')
            *name++ = '\0';
        if (strcmp(rest, "solid") != 0 && strcmp(rest, "dashed") != 0 && strcmp(rest, "dotted") != 0)
            bad_input("series style '%s' is not solid, dashed or dotted", rest);
        snprintf(s->style, sizeof s->style, "%s", rest);
        int same_kind = 0;
        for (int i = 0; i < c->nseries - 1; i++)
            same_kind += (strcmp(c->series[i].style, "solid") == 0) == (strcmp(rest, "solid") == 0);
        s->colour = strcmp(rest, "solid") == 0 ? measured_colours[same_kind] : reference_colours[same_kind];
        copy_text(s->name, name + strspn(name, " \t"));
    } else if (strcmp(key, "point") == 0) {
        struct series *s = last_series(c);
        if (s->points == MAX_POINTS)
            bad_input("more than %d points in one series", MAX_POINTS);
        s->x[s->points] = number(&rest, "x");
        s->y[s->points] = number(&rest, "y");
        s->points++;
    } else if (strcmp(key, "hline") == 0 || strcmp(key, "vline") == 0) {
        if (c->nmarkers == MAX_MARKERS)
            bad_input("more than %d reference lines", MAX_MARKERS);
        struct marker *m = &c->marker[c->nmarkers++];
        m->vertical = key[0] == 'v';
        m->at = number(&rest, "its position");
        copy_text(m->label, rest);
    } else if (strcmp(key, "bar") == 0) {
        if (c->nbars == MAX_BARS)
            bad_input("more than %d bars", MAX_BARS);
        c->bar[c->nbars].value = number(&rest, "the bar's value");
        copy_text(c->bar[c->nbars++].label, rest);
    } else {
        bad_input("unknown item '%s'", key);
    }
}

static void read_chart(struct chart *c, FILE *in)
{
    char line[512];
    while (fgets(line, sizeof line, in) != NULL) {
        line_number++;
        line[strcspn(line, "\r\n")] = '\0';
        char *key = line + strspn(line, " \t");
        if (*key == '\0' || *key == '#')
            continue;
        char *rest = key + strcspn(key, " \t");
        if (*rest != '\0')
            *rest++ = '\0';
        read_item(c, key, rest + strspn(rest, " \t"));
    }
    line_number = 0;
    if (c->nbars > 0 && (c->nseries > 0 || c->nmarkers > 0))
        bad_input("a chart has bars or series, not both");
    if (c->nbars == 0 && (c->nseries == 0 || c->series[0].points == 0))
        bad_input("nothing to draw: no point and no bar");
}

/* ---- axes -------------------------------------------------------------- */

/* A round step (1, 2 or 5 times a power of ten) giving about five ticks. */
static double round_step(double span)
{
    double raw = span / 5, power = pow(10, floor(log10(raw))), f = raw / power;
    return power * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
}

/* integers: every value on the axis is a whole number (workers, say),
 * so a tick between two of them would mean nothing. */
static void fit_axis(struct axis *a, double lo, double hi, bool logarithmic, bool integers)
{
    a->log2 = logarithmic;
    if (logarithmic) {
        a->lo = exp2(floor(log2(lo)));
        a->hi = exp2(ceil(log2(hi)));
        if (a->hi <= a->lo)
            a->hi = 2 * a->lo;
        return;
    }
    if (hi <= lo)
        hi = lo + 1;
    a->step = round_step(hi - lo);
    if (integers && a->step < 1)
        a->step = 1;
    a->lo = floor(lo / a->step) * a->step;
    a->hi = ceil(hi / a->step) * a->step;
}

static double pixel(const struct axis *a, double value)
{
    double t = a->log2 ? (log2(value) - log2(a->lo)) / (log2(a->hi) - log2(a->lo))
                       : (value - a->lo) / (a->hi - a->lo);
    return a->from + t * (a->to - a->from);
}

/* The ticks of an axis, lo first; returns how many (at most max). */
static int ticks(const struct axis *a, double tick[], int max)
{
    int n = 0;
    if (a->log2) {
        long powers = lround(log2(a->hi / a->lo));
        for (long i = 0; i <= powers && n < max; i++)
            tick[n++] = a->lo * exp2((double)i);
    } else {
        long steps = lround((a->hi - a->lo) / a->step);
        for (long i = 0; i <= steps && n < max; i++)
            tick[n++] = a->lo + (double)i * a->step;
    }
    return n;
}

/* The x axis spans the points and vertical lines; the y axis spans 0, the
 * points and horizontal lines (or 0 and the bars). */
static void fit_axes(const struct chart *c, struct axis *x, struct axis *y)
{
    double xlo = INFINITY, xhi = -INFINITY, ylo = 0, yhi = 0;
    bool whole_x = true;
    for (int i = 0; i < c->nseries; i++)
        for (int k = 0; k < c->series[i].points; k++) {
            whole_x = whole_x && c->series[i].x[k] == floor(c->series[i].x[k]);
            xlo = fmin(xlo, c->series[i].x[k]), xhi = fmax(xhi, c->series[i].x[k]);
            ylo = fmin(ylo, c->series[i].y[k]), yhi = fmax(yhi, c->series[i].y[k]);
        }
    for (int i = 0; i < c->nmarkers; i++) {
        const struct marker *m = &c->marker[i];
        if (m->vertical)
            xlo = fmin(xlo, m->at), xhi = fmax(xhi, m->at);
        else
            ylo = fmin(ylo, m->at), yhi = fmax(yhi, m->at);
    }
    for (int i = 0; i < c->nbars; i++)
        ylo = fmin(ylo, c->bar[i].value), yhi = fmax(yhi, c->bar[i].value);
    if (c->nbars > 0)
        xlo = 0, xhi = c->nbars;
    if (c->xlog && xlo <= 0)
        bad_input("xlog needs every x above 0, got %g", xlo);
    fit_axis(x, xlo, xhi, c->xlog, whole_x);
    fit_axis(y, ylo, yhi, false, false);
    x->from = LEFT, x->to = RIGHT;
    y->from = BOTTOM, y->to = TOP;
}

/* ---- writing SVG ------------------------------------------------------- */

/* Text inside an element or an attribute: the five characters XML reserves. */
static void put_text(const char *s)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '&': fputs("&amp;", stdout); break;
        case '<': fputs("&lt;", stdout); break;
        case '>': fputs("&gt;", stdout); break;
        case '"': fputs("&quot;", stdout); break;
        case '\'': fputs("&apos;", stdout); break;
        default: putchar(*s);
        }
    }
}

static void put_label(const char *attributes, const char *text)
{
    printf("<text %s>", attributes);
    put_text(text);
    puts("</text>");
}

static const char *dashes(const char *style)
{
    return strcmp(style, "dashed") == 0 ? " stroke-dasharray=\"7 5\""
         : strcmp(style, "dotted") == 0 ? " stroke-dasharray=\"2 4\"" : "";
}

/* A tick's label: as many decimals as the step needs (0.5 -> 1). */
static void tick_label(char *out, size_t size, const struct axis *a, double v)
{
    int decimals = a->log2 || a->step >= 1 ? 0 : (int)ceil(-log10(a->step) - 1e-9);
    snprintf(out, size, "%.*f", decimals, v);
}

static void draw_axes(const struct chart *c, const struct axis *x, const struct axis *y)
{
    double tick[64];
    char label[32], attributes[160];
    int n = ticks(y, tick, 64);
    for (int i = 0; i < n; i++) {
        double py = pixel(y, tick[i]);
        printf("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>\n", LEFT, py, RIGHT, py);
        tick_label(label, sizeof label, y, tick[i]);
        snprintf(attributes, sizeof attributes,
                 "class=\"ytick\" x=\"%d\" y=\"%.1f\" dy=\"0.35em\" text-anchor=\"end\"", LEFT - 8, py);
        put_label(attributes, label);
    }
    if (c->nbars == 0) {
        n = ticks(x, tick, 64);
        int every = (n + 9) / 10;           /* at most 10 labels fit */
        for (int i = 0; i < n; i++) {
            double px = pixel(x, tick[i]);
            printf("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e3e3\"/>\n", px, TOP, px, BOTTOM);
            if (i % every != 0)
                continue;
            tick_label(label, sizeof label, x, tick[i]);
            snprintf(attributes, sizeof attributes,
                     "class=\"xtick\" x=\"%.1f\" y=\"%d\" dy=\"1.3em\" text-anchor=\"middle\"", px, BOTTOM + 4);
            put_label(attributes, label);
        }
    }
    printf("<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"black\"/>\n", LEFT, TOP, BOTTOM, RIGHT);
    snprintf(attributes, sizeof attributes, "x=\"%d\" y=\"%d\" text-anchor=\"middle\"", (LEFT + RIGHT) / 2, HEIGHT - 22);
    put_label(attributes, c->xlabel);
    snprintf(attributes, sizeof attributes,
             "transform=\"translate(22 %d) rotate(-90)\" text-anchor=\"middle\"", (TOP + BOTTOM) / 2);
    put_label(attributes, c->ylabel);
}

static void draw_markers(const struct chart *c, const struct axis *x, const struct axis *y)
{
    char attributes[160];
    for (int i = 0; i < c->nmarkers; i++) {
        const struct marker *m = &c->marker[i];
        if (m->vertical) {
            double px = pixel(x, m->at);
            bool right_half = px > (LEFT + RIGHT) / 2.0;
            printf("<line class=\"vline\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#777\" stroke-dasharray=\"2 4\"/>\n",
                   px, TOP, px, BOTTOM);
            snprintf(attributes, sizeof attributes, "x=\"%.1f\" y=\"%d\" fill=\"#555\" text-anchor=\"%s\"",
                     right_half ? px - 5 : px + 5, TOP + 14, right_half ? "end" : "start");
        } else {
            double py = pixel(y, m->at);
            printf("<line class=\"hline\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#777\" stroke-dasharray=\"2 4\"/>\n",
                   LEFT, py, RIGHT, py);
            snprintf(attributes, sizeof attributes, "x=\"%d\" y=\"%.1f\" fill=\"#555\" text-anchor=\"end\"", RIGHT - 5, py - 5);
        }
        put_label(attributes, m->label);
    }
}

static void draw_series(const struct chart *c, const struct axis *x, const struct axis *y)
{
    for (int i = 0; i < c->nseries; i++) {
        const struct series *s = &c->series[i];
        printf("<polyline class=\"series\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"",
               s->colour, dashes(s->style));
        for (int k = 0; k < s->points; k++)
            printf("%s%.1f,%.1f", k > 0 ? " " : "", pixel(x, s->x[k]), pixel(y, s->y[k]));
        puts("\"/>");
        for (int k = 0; strcmp(s->style, "solid") == 0 && k < s->points; k++)
            printf("<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>\n",
                   pixel(x, s->x[k]), pixel(y, s->y[k]), s->colour);
    }
}

/* How much of the drawn lines a box at (left, top) would hide: points
 * sampled along every segment, counted when inside. */
static int hidden(const struct chart *c, const struct axis *x, const struct axis *y,
                  double left, double top, double width, double height)
{
    int count = 0;
    for (int i = 0; i < c->nseries; i++)
        for (int k = 1; k < c->series[i].points; k++)
            for (int step = 0; step <= 20; step++) {
                const struct series *s = &c->series[i];
                double x0 = pixel(x, s->x[k - 1]), x1 = pixel(x, s->x[k]);
                double y0 = pixel(y, s->y[k - 1]), y1 = pixel(y, s->y[k]);
                double px = x0 + (x1 - x0) * step / 20, py = y0 + (y1 - y0) * step / 20;
                count += px >= left && px <= left + width && py >= top && py <= top + height;
            }
    return count;
}

/* The legend goes in the corner where it hides the least: bottom right
 * first (speedups rise from the left), then top left, top right, bottom left. */
static void draw_legend(const struct chart *c, const struct axis *x, const struct axis *y)
{
    size_t longest = 0;
    for (int i = 0; i < c->nseries; i++)
        longest = strlen(c->series[i].name) > longest ? strlen(c->series[i].name) : longest;
    double width = 48 + 6.6 * (double)longest, height = 8 + 18 * c->nseries;
    double lefts[] = { RIGHT - 10 - width, LEFT + 10, RIGHT - 10 - width, LEFT + 10 };
    double tops[] = { BOTTOM - 10 - height, TOP + 22, TOP + 22, BOTTOM - 10 - height };
    int best = 0, least = hidden(c, x, y, lefts[0], tops[0], width, height);
    for (int corner = 1; corner < 4 && least > 0; corner++) {
        int n = hidden(c, x, y, lefts[corner], tops[corner], width, height);
        if (n < least)
            best = corner, least = n;
    }
    double left = lefts[best], top = tops[best];
    printf("<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#bbb\"/>\n",
           left, top, width, height);
    for (int i = 0; i < c->nseries; i++) {
        double ly = top + 13 + 18 * i;
        char attributes[96];
        printf("<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
               left + 8, ly, left + 36, ly, c->series[i].colour, dashes(c->series[i].style));
        snprintf(attributes, sizeof attributes, "class=\"legend\" x=\"%.0f\" y=\"%.0f\" dy=\"0.35em\"", left + 44, ly);
        put_label(attributes, c->series[i].name);
    }
}

static void draw_bars(const struct chart *c, const struct axis *y)
{
    double slot = (double)(RIGHT - LEFT) / c->nbars;
    char attributes[160], value[32];
    for (int i = 0; i < c->nbars; i++) {
        double left = LEFT + slot * (i + 0.2), top = pixel(y, c->bar[i].value);
        printf("<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
               left, top, slot * 0.6, BOTTOM - top, measured_colours[0]);
        snprintf(value, sizeof value, "%.3g", c->bar[i].value);
        snprintf(attributes, sizeof attributes, "x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\"", left + slot * 0.3, top - 6);
        put_label(attributes, value);
        snprintf(attributes, sizeof attributes,
                 "class=\"category\" x=\"%.1f\" y=\"%d\" dy=\"1.3em\" text-anchor=\"middle\"", left + slot * 0.3, BOTTOM + 4);
        put_label(attributes, c->bar[i].label);
    }
}

static void write_svg(const struct chart *c)
{
    struct axis x, y;
    char attributes[160];
    fit_axes(c, &x, &y);
    puts("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    printf("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
           " font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT);
    printf("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", WIDTH, HEIGHT);
    snprintf(attributes, sizeof attributes,
             "class=\"title\" x=\"%d\" y=\"28\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\"", WIDTH / 2);
    put_label(attributes, c->title);
    draw_axes(c, &x, &y);
    if (c->nbars > 0) {
        draw_bars(c, &y);
    } else {
        draw_markers(c, &x, &y);
        draw_series(c, &x, &y);
        draw_legend(c, &x, &y);
    }
    puts("</svg>");
}

int main(int argc, char *argv[])
{
    static struct chart chart;
    if (argc > 1) {
        fprintf(argc == 2 && strcmp(argv[1], "-h") == 0 ? stdout : stderr,
                "usage: svg_plot < description > chart.svg (the description: see svg_plot.c)\n");
        return argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2;
    }
    read_chart(&chart, stdin);
    write_svg(&chart);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
