/* The CSV export of a school administration, turned into pupil rows (see pupil_csv_parse in
   pupils.h). Lenient where exports differ (separator, header names, quoting, encoding, line
   ends), strict about the values: a row with any doubt is an error, and an import with an
   error writes nothing. The records are read by Debian's libcsv (strict mode); this file
   detects the encoding and separator, maps the columns and checks the values. */
#include <csv.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/people/pupils.h"
#include "util/arena.h"
#include "util/utf8.h"

enum { MAX_COLUMNS = 256, NUMBER_SLOTS = 16384, SHOWN_MAX = 24 };

enum column {
    COL_IGNORE,
    COL_NUMBER,
    COL_FIRST,
    COL_PREFIX, /* tussenvoegsel, joined before the last name */
    COL_LAST,
    COL_GRADE,
    COL_CLASS,
    COL_PRIORITY,
    COL_COUNT
};

static const char *const column_names[COL_COUNT] = {
    "", "leerlingnummer", "voornaam", "tussenvoegsel", "achternaam", "groep", "klas",
    "doelgroep",
};

/* Header names (lowercase, letters and digits only) and the column they mean. A higher rank
   wins when two columns mean the same (roepnaam over voornaam, jaargroep over groep). */
static const struct {
    const char *name;
    enum column column;
    int rank;
} header_names[] = {
    {"leerlingnummer", COL_NUMBER, 2}, {"leerlingnr", COL_NUMBER, 2},
    {"llnr", COL_NUMBER, 2},           {"llnnr", COL_NUMBER, 2},
    {"stamnummer", COL_NUMBER, 2},     {"stamnr", COL_NUMBER, 2},
    {"studentnummer", COL_NUMBER, 2},  {"nummer", COL_NUMBER, 1},
    {"number", COL_NUMBER, 1},         {"roepnaam", COL_FIRST, 2},
    {"voornaam", COL_FIRST, 1},        {"voornamen", COL_FIRST, 1},
    {"firstname", COL_FIRST, 1},       {"tussenvoegsel", COL_PREFIX, 1},
    {"tussenvoegsels", COL_PREFIX, 1}, {"voorvoegsel", COL_PREFIX, 1},
    {"voorvoegsels", COL_PREFIX, 1},   {"achternaam", COL_LAST, 1},
    {"familienaam", COL_LAST, 1},      {"geslachtsnaam", COL_LAST, 1},
    {"lastname", COL_LAST, 1},         {"jaargroep", COL_GRADE, 2},
    {"leerjaar", COL_GRADE, 2},        {"groep", COL_GRADE, 1},
    {"grade", COL_GRADE, 1},           {"klas", COL_CLASS, 2},
    {"klasnaam", COL_CLASS, 2},        {"stamgroep", COL_CLASS, 2},
    {"groepsnaam", COL_CLASS, 2},      {"class", COL_CLASS, 2},
    {"doelgroep", COL_PRIORITY, 1},    {"doelgroepleerling", COL_PRIORITY, 1},
    {"prioriteit", COL_PRIORITY, 1},   {"priority", COL_PRIORITY, 1},
};

struct record {
    const char **fields; /* arena-owned, untrimmed, min(n, MAX_COLUMNS) of them */
    size_t n;            /* fields read; may exceed MAX_COLUMNS (not stored) */
    int line;            /* where the record starts */
};

/* ---- messages ----------------------------------------------------------------------------- */

enum { HEADER_LINE = -1 }; /* add_error's line for a problem with the header */

static void add_error(struct arena *a, struct pupil_csv *out, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Count an error, list it with its line (0: the whole file) and keep the first
   PUPIL_IMPORT_MAX_MESSAGES as "Regel N: …" messages. */
static void add_error(struct arena *a, struct pupil_csv *out, int line, const char *fmt, ...)
{
    out->n_errors++;
    if (out->n_listed >= PUPIL_IMPORT_MAX_LISTED)
        return;
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    const char *listed = arena_strdup(a, text);
    int where = line == HEADER_LINE ? out->header_line : line;
    out->errors[out->n_listed++] = (struct pupil_csv_error){where, listed};
    if (out->n_messages >= PUPIL_IMPORT_MAX_MESSAGES)
        return;
    if (line == HEADER_LINE)
        listed = arena_printf(a, "Kopregel: %s", listed);
    else if (line > 0)
        listed = arena_printf(a, "Regel %d: %s", line, listed);
    out->messages[out->n_messages++] = listed;
}

/* The value in quotes for a message, or "" when it is too long or unprintable to show. */
static const char *shown(struct arena *a, const char *value)
{
    if (!*value || utf8_length(value) > SHOWN_MAX)
        return "";
    for (const char *p = value; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return "";
    return arena_printf(a, " '%s'", value);
}

/* ---- reading records (libcsv) ------------------------------------------------------------- */

/* What libcsv's callbacks fill: the records of the text, fed to it one physical line at a
   time so that each record knows the line it starts on. */
struct collect {
    struct arena *a;
    struct pupil_csv *out;
    const char *fields[MAX_COLUMNS];
    size_t n_fields;
    int line;       /* the physical line being fed, from 1 */
    int start_line; /* the line the record being read started on */
    struct record *records;
    size_t n_records, cap_records;
    bool full; /* more records than an import may have: the rest is not read */
};

static void on_field(void *s, size_t len, void *data)
{
    struct collect *c = data;
    if (c->n_fields < MAX_COLUMNS)
        c->fields[c->n_fields] = arena_strndup(c->a, s ? s : "", s ? len : 0);
    c->n_fields++;
}

static bool blank_fields(const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n && i < MAX_COLUMNS; i++)
        for (const char *p = fields[i]; *p; p++)
            if (*p != ' ' && *p != '\t')
                return false;
    return true;
}

static void on_record(int terminator, void *data)
{
    (void)terminator;
    struct collect *c = data;
    size_t n = c->n_fields;
    c->n_fields = 0;
    if (blank_fields(c->fields, n))
        return;
    if (c->n_records == c->cap_records) {
        c->full = true;
        return;
    }
    size_t kept = n < MAX_COLUMNS ? n : MAX_COLUMNS;
    const char **fields = arena_alloc(c->a, (kept ? kept : 1) * sizeof *fields);
    memcpy(fields, c->fields, kept * sizeof *fields);
    c->records[c->n_records++] = (struct record){fields, n, c->start_line};
}

/* The length of the physical line at p, with its line end ("\n", "\r\n" or a lone "\r"). */
static size_t line_length(const char *p, const char *end)
{
    const char *q = p;
    while (q < end && *q != '\n' && *q != '\r')
        q++;
    if (q < end && *q == '\r')
        q++;
    if (q < end && *q == '\n')
        q++;
    return (size_t)(q - p);
}

static void parser_start(struct csv_parser *p, char sep)
{
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
        abort(); /* only on a bad option */
    csv_set_delim(p, (unsigned char)sep);
}

/* Read every record of text[0..len) into c: a quoting error or an over-long line is an error
   of its line, and reading goes on at the next line. */
static void read_records(struct collect *c, const char *text, size_t len, char sep)
{
    struct csv_parser p;
    parser_start(&p, sep);
    const char *at = text, *end = text + len;
    for (c->line = 1; at < end && !c->full; c->line++) {
        size_t n = line_length(at, end);
        if (p.pstate == 0 && c->n_fields == 0) /* libcsv's ROW_NOT_BEGUN: a record starts */
            c->start_line = c->line;
        bool bad = false;
        if (n > PUPIL_IMPORT_LINE_MAX) {
            add_error(c->a, c->out, c->line, "de regel is langer dan %d tekens.",
                      PUPIL_IMPORT_LINE_MAX);
            bad = true;
        } else if (csv_parse(&p, at, n, on_field, on_record, c) != n) {
            add_error(c->a, c->out, c->line,
                      "een aanhalingsteken (\") staat op een verkeerde plaats.");
            bad = true;
        }
        if (bad) { /* drop the record so far, go on at the next line */
            csv_free(&p);
            parser_start(&p, sep);
            c->n_fields = 0;
        }
        at += n;
    }
    if (!c->full && csv_fini(&p, on_field, on_record, c) != 0)
        add_error(c->a, c->out, c->start_line, "een aanhalingsteken (\") wordt niet gesloten.");
    csv_free(&p);
}

static char detect_separator(const char *p, const char *end)
{
    size_t semicolons = 0, tabs = 0, commas = 0;
    bool quoted = false;
    for (; p < end; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && (*p == '\n' || *p == '\r')) {
            if (semicolons + tabs + commas)
                break;
        } else if (!quoted && *p == ';')
            semicolons++;
        else if (!quoted && *p == '\t')
            tabs++;
        else if (!quoted && *p == ',')
            commas++;
    }
    if (semicolons >= tabs && semicolons >= commas)
        return ';';
    return tabs >= commas ? '\t' : ',';
}

/* ---- values ------------------------------------------------------------------------------- */

/* s without surrounding spaces and tabs, arena-owned. */
static const char *trim(struct arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_strndup(a, s, n);
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}


/* A grade such as "5", "05", "groep 5", "Leerjaar 2" or "5A" (the class's letter after the
   number) within 1..grade_max; 0 when not. */
static int parse_grade(const char *value, int grade_max)
{
    static const char *const words[] = {"jaargroep", "leerjaar", "groep"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]);
        if (!strncasecmp(value, words[i], n)) {
            value += n;
            break;
        }
    }
    while (*value == ' ')
        value++;
    int grade = 0;
    size_t digits = 0;
    for (; isdigit((unsigned char)*value); value++, digits++)
        grade = grade * 10 + (*value - '0');
    if (digits && isalpha((unsigned char)*value) && !value[1])
        value++; /* "5A" */
    if (*value || digits == 0 || digits > 2 || grade < 1 || grade > grade_max)
        return 0;
    return grade;
}

/* 1 yes, 0 no, -1 not understood. */
static int parse_yes_no(const char *value)
{
    static const char *const yes[] = {"1", "ja", "j", "x", "waar", "true", "yes", "y",
                                      "doelgroep", "doelgroepleerling"};
    static const char *const no[] = {"", "0", "nee", "n", "onwaar", "false", "no", "-"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!strcasecmp(value, yes[i]))
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (!strcasecmp(value, no[i]))
            return 0;
    return -1;
}


/* ---- the header --------------------------------------------------------------------------- */

struct layout {
    int index[COL_COUNT];    /* the field of each column, -1 when absent */
    int fallback[COL_COUNT]; /* a lower-ranked column used when that field is empty, or -1 */
    size_t n_header;
};

/* "Leerling-nummer " → "leerlingnummer": lowercase ASCII letters and digits only. */
static void header_key(const char *name, char *out, size_t size)
{
    size_t n = 0;
    for (; *name && n + 1 < size; name++)
        if (isalnum((unsigned char)*name))
            out[n++] = (char)tolower((unsigned char)*name);
    out[n] = '\0';
}

/* Map the header's names to columns (lay->index, lay->fallback). 0, or -1 with messages. */
static int columns_by_name(struct arena *a, const struct record *rec, struct layout *lay,
                           struct pupil_csv *out)
{
    int rank[COL_COUNT] = {0};
    int weak_grade = -1; /* a "groep" column passed over for a jaargroep: maybe the class */
    int bad = 0;
    for (size_t i = 0; i < lay->n_header; i++) {
        char key[64];
        header_key(rec->fields[i], key, sizeof key);
        for (size_t h = 0; h < sizeof header_names / sizeof header_names[0]; h++) {
            if (strcmp(key, header_names[h].name))
                continue;
            enum column c = header_names[h].column;
            int r = header_names[h].rank;
            if (r == rank[c]) {
                add_error(a, out, HEADER_LINE, "de kolom %s staat er twee keer in.",
                          column_names[c]);
                bad = 1;
            } else if (r > rank[c]) {
                if (c == COL_GRADE && lay->index[c] >= 0)
                    weak_grade = lay->index[c];
                else
                    lay->fallback[c] = lay->index[c];
                lay->index[c] = (int)i;
                rank[c] = r;
            } else if (c == COL_GRADE) {
                weak_grade = (int)i;
            } else {
                lay->fallback[c] = (int)i; /* roepnaam empty: take the voornaam */
            }
            break;
        }
    }
    if (weak_grade >= 0 && lay->index[COL_CLASS] < 0)
        lay->index[COL_CLASS] = weak_grade; /* ParnasSys: "Groep" 5A beside "Jaargroep" 5 */
    return bad ? -1 : 0;
}

/* The columns chosen by hand replace those found by name. 0, or -1 with messages. */
static int columns_by_map(struct arena *a, const struct pupil_csv_map *map, struct layout *lay,
                          struct pupil_csv *out)
{
    static const enum column mapped[PUPIL_CSV_MAPPED] = {COL_NUMBER, COL_FIRST, COL_LAST,
                                                          COL_GRADE};
    int bad = 0;
    for (int k = 0; k < PUPIL_CSV_MAPPED; k++) {
        int n = map->column[k];
        if (n == 0)
            continue;
        if (n < 0 || (size_t)n > lay->n_header) {
            add_error(a, out, HEADER_LINE, "de gekozen kolom %d voor %s bestaat niet.", n,
                      column_names[mapped[k]]);
            bad = 1;
            continue;
        }
        lay->index[mapped[k]] = n - 1;
        lay->fallback[mapped[k]] = -1;
        if (mapped[k] == COL_LAST)
            lay->index[COL_PREFIX] = -1; /* the chosen column holds the whole last name */
    }
    return bad ? -1 : 0;
}

/* Map the header to columns, by name and then by map (may be NULL). 0, or -1 with messages;
   a required column that is missing sets out->needs_mapping. */
static int read_header(struct arena *a, const struct record *rec,
                       const struct pupil_csv_map *map, struct layout *lay,
                       struct pupil_csv *out)
{
    for (int c = 0; c < COL_COUNT; c++)
        lay->index[c] = lay->fallback[c] = -1;
    lay->n_header = rec->n < MAX_COLUMNS ? rec->n : MAX_COLUMNS;
    out->header_line = rec->line;
    out->header = arena_alloc(a, (lay->n_header ? lay->n_header : 1) * sizeof *out->header);
    for (size_t i = 0; i < lay->n_header; i++)
        out->header[i] = trim(a, rec->fields[i]);
    out->n_header = lay->n_header;
    int bad = columns_by_name(a, rec, lay, out);
    if (map && columns_by_map(a, map, lay, out))
        bad = -1;
    static const enum column required[] = {COL_NUMBER, COL_FIRST, COL_LAST, COL_GRADE};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (lay->index[required[i]] < 0) {
            add_error(a, out, HEADER_LINE, "de kolom %s ontbreekt.", column_names[required[i]]);
            out->needs_mapping = true;
            bad = -1;
        }
    }
    out->has_class = lay->index[COL_CLASS] >= 0;
    out->has_priority = lay->index[COL_PRIORITY] >= 0;
    return bad ? -1 : 0;
}

/* ---- rows --------------------------------------------------------------------------------- */

/* The trimmed value of column c in rec, or of its fallback column when that is empty ("" when
   the column or the field is absent). */
static const char *value_of(struct arena *a, const struct record *rec, const struct layout *lay,
                            enum column c)
{
    int i = lay->index[c];
    const char *value = i >= 0 && (size_t)i < rec->n ? trim(a, rec->fields[i]) : "";
    int j = lay->fallback[c];
    if (!*value && j >= 0 && (size_t)j < rec->n)
        value = trim(a, rec->fields[j]);
    return value;
}

/* Check a name-like text: required or not, at most max characters, no control characters. */
static bool check_text(struct arena *a, struct pupil_csv *out, int line, const char *what,
                       const char *value, bool required, size_t max)
{
    if (!*value) {
        if (!required)
            return true;
        add_error(a, out, line, "%s ontbreekt.", what);
        return false;
    }
    if (has_control(value)) {
        add_error(a, out, line, "%s bevat ongeldige tekens (zoals een regeleinde).", what);
        return false;
    }
    if (utf8_length(value) > max) {
        add_error(a, out, line, "%s is langer dan %zu tekens.", what, max);
        return false;
    }
    return true;
}

struct number_seen {
    const char **numbers; /* open addressing, NUMBER_SLOTS */
    int *lines;
};

/* The line an earlier row with this number is on, or 0 (and the number is remembered). */
static int seen_before(struct number_seen *seen, const char *number, int line)
{
    uint32_t h = 2166136261u;
    for (const char *p = number; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    for (uint32_t i = h % NUMBER_SLOTS;; i = (i + 1) % NUMBER_SLOTS) {
        if (!seen->numbers[i]) {
            seen->numbers[i] = number;
            seen->lines[i] = line;
            return 0;
        }
        if (!strcmp(seen->numbers[i], number))
            return seen->lines[i];
    }
}

/* The pupil number of a row, checked (and remembered against duplicates). */
static const char *row_number(struct arena *a, const struct record *rec,
                              const struct layout *lay, struct number_seen *seen,
                              struct pupil_csv *out)
{
    const char *number = value_of(a, rec, lay, COL_NUMBER);
    int line = rec->line;
    if (!*number)
        add_error(a, out, line, "leerlingnummer ontbreekt.");
    else if (!pupil_number_valid(number))
        add_error(a, out, line,
                  "leerlingnummer%s mag alleen letters, cijfers, punten en streepjes bevatten"
                  " (hoogstens %d tekens).",
                  shown(a, number), PUPIL_NUMBER_MAX);
    else {
        int earlier = seen_before(seen, number, line);
        if (earlier)
            add_error(a, out, line, "leerlingnummer '%s' staat ook op regel %d.", number,
                      earlier);
    }
    return number;
}

/* Check one record against the layout; a good one is appended to out->rows. */
static void read_row(struct arena *a, const struct record *rec, const struct layout *lay,
                     int grade_max, struct number_seen *seen, struct pupil_csv *out)
{
    int line = rec->line;
    size_t errors_before = out->n_errors;
    for (size_t i = lay->n_header; i < rec->n && i < MAX_COLUMNS; i++) {
        if (*trim(a, rec->fields[i])) {
            add_error(a, out, line, "%zu kolommen, maar de kopregel heeft er %zu.", rec->n,
                      lay->n_header);
            return;
        }
    }
    struct pupil_row row = {.line = line};
    row.number = row_number(a, rec, lay, seen, out);
    row.first_name = value_of(a, rec, lay, COL_FIRST);
    check_text(a, out, line, "voornaam", row.first_name, true, PUPIL_NAME_MAX);
    const char *prefix = value_of(a, rec, lay, COL_PREFIX);
    const char *last = value_of(a, rec, lay, COL_LAST);
    row.last_name = *prefix && *last ? arena_printf(a, "%s %s", prefix, last) : last;
    check_text(a, out, line, "achternaam", row.last_name, true, PUPIL_NAME_MAX);
    const char *grade = value_of(a, rec, lay, COL_GRADE);
    const char *grade_word = grade_max == 6 ? "leerjaar" : "groep";
    row.grade = parse_grade(grade, grade_max);
    if (!*grade)
        add_error(a, out, line, "%s ontbreekt.", grade_word);
    else if (!row.grade)
        add_error(a, out, line, "%s%s is geen getal van 1 tot en met %d.", grade_word,
                  shown(a, grade), grade_max);
    row.class_name = value_of(a, rec, lay, COL_CLASS);
    check_text(a, out, line, "klas", row.class_name, false, PUPIL_CLASS_MAX);
    const char *priority = value_of(a, rec, lay, COL_PRIORITY);
    int yes = parse_yes_no(priority);
    if (yes < 0)
        add_error(a, out, line, "doelgroep%s is geen ja of nee.", shown(a, priority));
    row.priority = yes == 1;
    if (out->n_errors == errors_before)
        out->rows[out->n_rows++] = row;
}

/* ---- the whole text ----------------------------------------------------------------------- */

/* An upper bound on the number of records: line ends + 1, capped just above the maximum. */
static size_t rows_bound(const char *p, const char *end)
{
    size_t n = 1;
    for (; p < end && n <= PUPIL_IMPORT_MAX_ROWS + 1; p++)
        if (*p == '\n' || *p == '\r')
            n++;
    return n;
}

/* The text as UTF-8 without BOM into *text and *len (arena-owned when converted), its encoding in
   out->encoding. 0, or -1 with an error when it is neither UTF-8 nor Windows-1252. */
static int decode_text(struct arena *a, const char **text, size_t *len, struct pupil_csv *out)
{
    if (*len >= 3 && !memcmp(*text, "\xEF\xBB\xBF", 3)) {
        *text += 3;
        *len -= 3;
        out->encoding = "UTF-8 met BOM";
    } else {
        out->encoding = "UTF-8";
    }
    if (memchr(*text, '\0', *len)) {
        add_error(a, out, 0, "Dit is geen tekstbestand (er staan nul-tekens in). Sla de lijst"
                             " op als CSV en probeer het opnieuw.");
        return -1;
    }
    if (utf8_valid(*text, *len))
        return 0;
    char *converted = arena_alloc(a, 3 * *len + 1);
    size_t n = utf8_from_cp1252(*text, *len, converted);
    if (n == (size_t)-1) {
        add_error(a, out, 0, "Dit is geen UTF-8- of Windows-1252-tekst. Sla het bestand op als"
                             " \"CSV UTF-8\" en probeer het opnieuw.");
        return -1;
    }
    *text = converted;
    *len = n;
    out->encoding = "Windows-1252";
    return 0;
}

static void start_output(struct arena *a, struct pupil_csv *out)
{
    *out = (struct pupil_csv){0};
    out->messages = arena_alloc(a, PUPIL_IMPORT_MAX_MESSAGES * sizeof *out->messages);
    out->errors = arena_alloc(a, PUPIL_IMPORT_MAX_LISTED * sizeof *out->errors);
    out->encoding = "UTF-8";
    out->header = arena_alloc(a, sizeof *out->header);
}

size_t pupil_csv_parse_mapped(struct arena *a, const char *text, size_t len, int grade_max,
                              const struct pupil_csv_map *map, struct pupil_csv *out)
{
    start_output(a, out);
    if (decode_text(a, &text, &len, out))
        return out->n_errors;
    out->separator = detect_separator(text, text + len);
    size_t bound = rows_bound(text, text + len);
    struct collect *c = arena_alloc(a, sizeof *c);
    *c = (struct collect){.a = a, .out = out, .cap_records = bound + 1};
    c->records = arena_alloc(a, c->cap_records * sizeof *c->records);
    read_records(c, text, len, out->separator);
    if (c->n_records == 0) {
        if (!out->n_errors)
            add_error(a, out, 0, "Er staat niets in: geef de kopregel en de leerlingen.");
        return out->n_errors;
    }
    struct layout lay;
    if (read_header(a, &c->records[0], map, &lay, out))
        return out->n_errors;
    if (c->full || c->n_records - 1 > PUPIL_IMPORT_MAX_ROWS) {
        add_error(a, out, 0,
                  "Er staan meer dan %d leerlingen in. Splits de lijst en importeer de delen"
                  " na elkaar.",
                  PUPIL_IMPORT_MAX_ROWS);
        return out->n_errors;
    }
    out->rows = arena_alloc(a, c->n_records * sizeof *out->rows);
    struct number_seen seen = {arena_alloc(a, NUMBER_SLOTS * sizeof(const char *)),
                               arena_alloc(a, NUMBER_SLOTS * sizeof(int))};
    memset(seen.numbers, 0, NUMBER_SLOTS * sizeof(const char *));
    for (size_t i = 1; i < c->n_records; i++)
        read_row(a, &c->records[i], &lay, grade_max, &seen, out);
    if (!out->n_errors && c->n_records == 1)
        add_error(a, out, 0, "Er staan geen leerlingen onder de kopregel.");
    return out->n_errors;
}

size_t pupil_csv_parse(struct arena *a, const char *text, size_t len, int grade_max,
                       struct pupil_csv *out)
{
    return pupil_csv_parse_mapped(a, text, len, grade_max, NULL, out);
}
