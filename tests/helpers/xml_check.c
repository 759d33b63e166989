/*
 * xml_check.c — is a file well-formed XML? For tests/bench.sh, so that
 * the tests need neither python3 nor xmllint.
 *
 * Usage:  xml_check FILE
 * Prints "well-formed: root <NAME>, N elements" and exits 0, or
 * "not well-formed: line L: WHY" and exits 1 (2: the file cannot be read).
 *
 * It checks what a browser's XML parser refuses: one root element; tags
 * that nest and close in order; names; attributes quoted, each once per
 * element, without '<'; '&' only in an entity (&amp; &lt; &gt; &quot;
 * &apos; or a character number); comments and the <?xml ...?> declaration
 * where they may be. It does not read a DTD (an SVG file has none).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 64, MAX_NAME = 64, MAX_ATTRIBUTES = 32 };

struct parser {
    const char *at;         /* the next character to read */
    int line;
    char open[MAX_DEPTH][MAX_NAME];
    int depth, elements;
    char root[MAX_NAME];
};

static void not_well_formed(const struct parser *p, const char *why)
{
    printf("not well-formed: line %d: %s\n", p->line, why);
    exit(1);
}

static void advance(struct parser *p, size_t n)
{
    for (; n > 0 && *p->at != '\0'; n--, p->at++)
        p->line += *p->at == '\n';
}

static void skip_space(struct parser *p)
{
    while (*p->at == ' ' || *p->at == '\t' || *p->at == '\r' || *p->at == '\n')
        advance(p, 1);
}

static bool name_start(char c) { return isalpha((unsigned char)c) || c == '_' || c == ':'; }
static bool name_char(char c) { return name_start(c) || isdigit((unsigned char)c) || c == '-' || c == '.'; }

static void read_name(struct parser *p, char name[MAX_NAME])
{
    size_t n = 0;
    if (!name_start(*p->at))
        not_well_formed(p, "a name must start with a letter, '_' or ':'");
    while (name_char(*p->at) && n < MAX_NAME - 1)
        name[n++] = *p->at, advance(p, 1);
    name[n] = '\0';
    if (name_char(*p->at))
        not_well_formed(p, "a name too long for this checker");
}

/* '&' must begin &amp; &lt; &gt; &quot; &apos; &#digits; or &#xhex; */
static void read_entity(struct parser *p)
{
    static const char *const named[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strncmp(p->at, named[i], strlen(named[i])) == 0) {
            advance(p, strlen(named[i]));
            return;
        }
    size_t n = 2;
    bool hex = p->at[1] == '#' && p->at[2] == 'x';
    if (p->at[1] == '#') {
        n += hex;
        size_t digits = 0;
        while (hex ? isxdigit((unsigned char)p->at[n]) : isdigit((unsigned char)p->at[n]))
            n++, digits++;
        if (digits > 0 && p->at[n] == ';') {
            advance(p, n + 1);
            return;
        }
    }
    not_well_formed(p, "'&' outside an entity (write &amp;)");
}

static void read_attributes(struct parser *p)
{
    char seen[MAX_ATTRIBUTES][MAX_NAME];
    int count = 0;
    for (;;) {
        bool spaced = strchr(" \t\r\n", *p->at) != NULL;
        skip_space(p);
        if (*p->at == '>' || *p->at == '/' || *p->at == '\0')
            return;
        if (!spaced)
            not_well_formed(p, "attributes must be separated by white space");
        if (count == MAX_ATTRIBUTES)
            not_well_formed(p, "more attributes than this checker holds");
        read_name(p, seen[count]);
        for (int i = 0; i < count; i++)
            if (strcmp(seen[i], seen[count]) == 0)
                not_well_formed(p, "an attribute given twice in one element");
        count++;
        skip_space(p);
        if (*p->at != '=')
            not_well_formed(p, "an attribute without '=' and a value");
        advance(p, 1);
        skip_space(p);
        char quote = *p->at;
        if (quote != '"' && quote != '\'')
            not_well_formed(p, "an attribute value without quotes");
        advance(p, 1);
        while (*p->at != quote) {
            if (*p->at == '\0' || *p->at == '<')
                not_well_formed(p, *p->at == '<' ? "'<' inside an attribute value" : "an unclosed attribute value");
            if (*p->at == '&')
                read_entity(p);
            else
                advance(p, 1);
        }
        advance(p, 1);
    }
}

static void read_start_tag(struct parser *p)
{
    char name[MAX_NAME];
    advance(p, 1);
    read_name(p, name);
    read_attributes(p);
    if (p->depth == 0 && p->elements > 0)
        not_well_formed(p, "a second root element");
    if (p->elements++ == 0)
        snprintf(p->root, sizeof p->root, "%s", name);
    if (strncmp(p->at, "/>", 2) == 0) {
        advance(p, 2);
        return;
    }
    if (*p->at != '>')
        not_well_formed(p, "a tag that does not end with '>' or '/>'");
    advance(p, 1);
    if (p->depth == MAX_DEPTH)
        not_well_formed(p, "elements nested deeper than this checker holds");
    snprintf(p->open[p->depth++], MAX_NAME, "%s", name);
}

static void read_end_tag(struct parser *p)
{
    char name[MAX_NAME];
    advance(p, 2);
    read_name(p, name);
    skip_space(p);
    if (*p->at != '>')
        not_well_formed(p, "an end tag that does not end with '>'");
    advance(p, 1);
    if (p->depth == 0 || strcmp(p->open[p->depth - 1], name) != 0)
        not_well_formed(p, "an end tag that does not match the open element");
    p->depth--;
}

static void skip_past(struct parser *p, const char *end, const char *unclosed)
{
    const char *found = strstr(p->at, end);
    if (found == NULL)
        not_well_formed(p, unclosed);
    advance(p, (size_t)(found - p->at) + strlen(end));
}

static void parse(struct parser *p)
{
    if (strncmp(p->at, "<?xml", 5) == 0)
        skip_past(p, "?>", "an unclosed <?xml declaration");
    while (*p->at != '\0') {
        if (strncmp(p->at, "<!--", 4) == 0)
            skip_past(p, "-->", "an unclosed comment");
        else if (strncmp(p->at, "</", 2) == 0)
            read_end_tag(p);
        else if (*p->at == '<')
            read_start_tag(p);
        else if (*p->at == '&' && p->depth > 0)
            read_entity(p);
        else if (p->depth == 0 && strchr(" \t\r\n", *p->at) == NULL)
            not_well_formed(p, "text outside the root element");
        else if (*p->at == '>' && p->depth > 0 && p->at[-1] == ']' && p->at[-2] == ']')
            not_well_formed(p, "']]>' in text");
        else
            advance(p, 1);
    }
    if (p->depth > 0)
        not_well_formed(p, "elements left open at the end");
    if (p->elements == 0)
        not_well_formed(p, "no root element");
}

int main(int argc, char *argv[])
{
    static char text[1 << 20];
    if (argc != 2) {
        fprintf(stderr, "usage: xml_check FILE\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (in == NULL) {
        perror(argv[1]);
        return 2;
    }
    size_t n = fread(text, 1, sizeof text - 1, in);
    bool too_big = !feof(in);
    fclose(in);
    if (too_big) {
        fprintf(stderr, "xml_check: %s is larger than 1 MiB\n", argv[1]);
        return 2;
    }
    text[n] = '\0';
    struct parser p = { .at = text, .line = 1 };
    parse(&p);
    printf("well-formed: root <%s>, %d elements\n", p.root, p.elements);
    return 0;
}
