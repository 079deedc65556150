/* The CSV export of a school administration, turned into pupil rows (see pupil_csv_parse in
   pupils.h). Lenient where exports differ (separator, header names, quoting, BOM, line ends),
   strict about the values: a row with any doubt is an error, and an import with an error
   writes nothing. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
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

struct reader {
    const char *p, *end;
    int line; /* the physical line p is on, from 1 */
    char sep;
};

struct record {
    const char *fields[MAX_COLUMNS]; /* arena-owned, untrimmed */
    size_t n;                        /* fields read; may exceed MAX_COLUMNS (not stored) */
    int line;                        /* where the record starts */
};

/* ---- messages ----------------------------------------------------------------------------- */

static void add_error(struct arena *a, struct pupil_csv *out, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_error(struct arena *a, struct pupil_csv *out, const char *fmt, ...)
{
    out->n_errors++;
    if (out->n_messages >= PUPIL_IMPORT_MAX_MESSAGES)
        return;
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    out->messages[out->n_messages++] = arena_strdup(a, text);
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

/* ---- reading records ---------------------------------------------------------------------- */

/* Skip to just past the end of the current physical line. */
static void skip_line(struct reader *rd)
{
    while (rd->p < rd->end && *rd->p != '\n' && *rd->p != '\r')
        rd->p++;
    if (rd->p < rd->end && *rd->p == '\r')
        rd->p++;
    if (rd->p < rd->end && *rd->p == '\n')
        rd->p++;
    rd->line++;
}

/* A quoted field starting at the opening quote; "" inside stands for one quote. Leaves rd->p
   after the closing quote. NULL when the quote is never closed. Arena-owned. */
static const char *quoted_field(struct reader *rd, struct arena *a)
{
    const char *q = rd->p + 1;
    size_t len = 0;
    int lines = 0;
    while (q < rd->end) {
        if (*q == '"') {
            if (q + 1 < rd->end && q[1] == '"') {
                q += 2;
                len++;
                continue;
            }
            break;
        }
        if (*q == '\n' || (*q == '\r' && (q + 1 >= rd->end || q[1] != '\n')))
            lines++;
        q++;
        len++;
    }
    if (q >= rd->end)
        return NULL;
    char *text = arena_alloc(a, len + 1), *dst = text;
    for (const char *s = rd->p + 1; s < q; s++) {
        *dst++ = *s;
        if (*s == '"')
            s++;
    }
    *dst = '\0';
    rd->p = q + 1;
    rd->line += lines;
    return text;
}

/* Read the next record. 1 with rec filled, 0 at the end of the text, -1 on a quoting error
   (message added; the reader has moved past the bad part). */
static int read_record(struct reader *rd, struct arena *a, struct record *rec,
                       struct pupil_csv *out)
{
    if (rd->p >= rd->end)
        return 0;
    rec->n = 0;
    rec->line = rd->line;
    for (;;) {
        const char *field;
        if (rd->p < rd->end && *rd->p == '"') {
            field = quoted_field(rd, a);
            if (!field) {
                add_error(a, out, "Regel %d: een aanhalingsteken (\") wordt niet gesloten.",
                          rec->line);
                rd->p = rd->end;
                return -1;
            }
            while (rd->p < rd->end && *rd->p == ' ')
                rd->p++;
            if (rd->p < rd->end && *rd->p != rd->sep && *rd->p != '\n' && *rd->p != '\r') {
                add_error(a, out, "Regel %d: tekst na een sluitend aanhalingsteken (\").",
                          rd->line);
                skip_line(rd);
                return -1;
            }
        } else {
            const char *start = rd->p;
            while (rd->p < rd->end && *rd->p != rd->sep && *rd->p != '\n' && *rd->p != '\r')
                rd->p++;
            field = arena_strndup(a, start, (size_t)(rd->p - start));
        }
        if (rec->n < MAX_COLUMNS)
            rec->fields[rec->n] = field;
        rec->n++;
        if (rd->p >= rd->end)
            return 1;
        if (*rd->p == rd->sep) {
            rd->p++;
            continue;
        }
        skip_line(rd); /* at '\r' or '\n': the record ends here */
        return 1;
    }
}

/* The separator the header line uses most, outside quotes: ';', '\t' or ','. */
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

static bool blank_record(const struct record *rec)
{
    for (size_t i = 0; i < rec->n && i < MAX_COLUMNS; i++)
        for (const char *p = rec->fields[i]; *p; p++)
            if (*p != ' ' && *p != '\t')
                return false;
    return true;
}

/* A grade such as "5", "05", "groep 5" or "Leerjaar 2" within 1..grade_max; 0 when not. */
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

/* Map the header's names to columns. 0, or -1 with messages added. */
static int read_header(struct arena *a, const struct record *rec, struct layout *lay,
                       struct pupil_csv *out)
{
    int rank[COL_COUNT] = {0};
    int weak_grade = -1; /* a "groep" column passed over for a jaargroep: maybe the class */
    for (int c = 0; c < COL_COUNT; c++)
        lay->index[c] = lay->fallback[c] = -1;
    lay->n_header = rec->n < MAX_COLUMNS ? rec->n : MAX_COLUMNS;
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
                add_error(a, out, "Kopregel: de kolom %s staat er twee keer in.",
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
    static const enum column required[] = {COL_NUMBER, COL_FIRST, COL_LAST, COL_GRADE};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (lay->index[required[i]] < 0) {
            add_error(a, out, "Kopregel: de kolom %s ontbreekt.", column_names[required[i]]);
            bad = 1;
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
        add_error(a, out, "Regel %d: %s ontbreekt.", line, what);
        return false;
    }
    if (has_control(value)) {
        add_error(a, out, "Regel %d: %s bevat ongeldige tekens (zoals een regeleinde).", line,
                  what);
        return false;
    }
    if (utf8_length(value) > max) {
        add_error(a, out, "Regel %d: %s is langer dan %zu tekens.", line, what, max);
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

/* Check one record against the layout; a good one is appended to out->rows. */
static void read_row(struct arena *a, const struct record *rec, const struct layout *lay,
                     int grade_max, struct number_seen *seen, struct pupil_csv *out)
{
    int line = rec->line;
    size_t errors_before = out->n_errors;
    if (rec->n > lay->n_header) {
        for (size_t i = lay->n_header; i < rec->n && i < MAX_COLUMNS; i++) {
            if (*trim(a, rec->fields[i])) {
                add_error(a, out, "Regel %d: %zu kolommen, maar de kopregel heeft er %zu.", line,
                          rec->n, lay->n_header);
                return;
            }
        }
    }
    struct pupil_row row = {.line = line};
    row.number = value_of(a, rec, lay, COL_NUMBER);
    if (!*row.number)
        add_error(a, out, "Regel %d: leerlingnummer ontbreekt.", line);
    else if (!pupil_number_valid(row.number))
        add_error(a, out,
                  "Regel %d: leerlingnummer%s mag alleen letters, cijfers, punten en streepjes"
                  " bevatten (hoogstens %d tekens).",
                  line, shown(a, row.number), PUPIL_NUMBER_MAX);
    else {
        int earlier = seen_before(seen, row.number, line);
        if (earlier)
            add_error(a, out, "Regel %d: leerlingnummer '%s' staat ook op regel %d.", line,
                      row.number, earlier);
    }
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
        add_error(a, out, "Regel %d: %s ontbreekt.", line, grade_word);
    else if (!row.grade)
        add_error(a, out, "Regel %d: %s%s is geen getal van 1 tot en met %d.", line, grade_word,
                  shown(a, grade), grade_max);
    row.class_name = value_of(a, rec, lay, COL_CLASS);
    check_text(a, out, line, "klas", row.class_name, false, PUPIL_CLASS_MAX);
    const char *priority = value_of(a, rec, lay, COL_PRIORITY);
    int yes = parse_yes_no(priority);
    if (yes < 0)
        add_error(a, out, "Regel %d: doelgroep%s is geen ja of nee.", line, shown(a, priority));
    row.priority = yes == 1;
    if (out->n_errors == errors_before)
        out->rows[out->n_rows++] = row;
}

/* ---- the whole text ----------------------------------------------------------------------- */

/* An upper bound on the number of records: line ends + 1, capped just above the maximum. */
static size_t rows_bound(const char *p, const char *end)
{
    size_t n = 1;
    for (; p < end && n <= PUPIL_IMPORT_MAX_ROWS; p++)
        if (*p == '\n' || *p == '\r')
            n++;
    return n;
}

/* The line (1 = the first) of the first NUL byte or invalid UTF-8 in text, or 0 when there is
   none: a file saved in another encoding (Windows-1252 from an old export) would otherwise put
   names the pages cannot show into the database. */
static int first_bad_line(const char *text, size_t len)
{
    int line = 1;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
        if (memchr(p, '\0', n) || !utf8_valid(p, n))
            return line;
        p += n + (eol != NULL);
        line++;
    }
    return 0;
}

size_t pupil_csv_parse(struct arena *a, const char *text, size_t len, int grade_max,
                       struct pupil_csv *out)
{
    *out = (struct pupil_csv){0};
    out->messages = arena_alloc(a, PUPIL_IMPORT_MAX_MESSAGES * sizeof *out->messages);
    struct reader rd = {text, text + len, 1, ';'};
    int bad_line = first_bad_line(text, len);
    if (bad_line) {
        add_error(a, out,
                  "Regel %d: dit is geen UTF-8-tekst. Sla het bestand op als \"CSV UTF-8\" en"
                  " probeer het opnieuw.",
                  bad_line);
        return out->n_errors;
    }
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        rd.p += 3;
    rd.sep = detect_separator(rd.p, rd.end);
    out->separator = rd.sep;
    out->rows = arena_alloc(a, rows_bound(rd.p, rd.end) * sizeof *out->rows);
    struct record *rec = arena_alloc(a, sizeof *rec);
    struct layout lay;
    int got;
    while ((got = read_record(&rd, a, rec, out)) != 0 && (got < 0 || blank_record(rec)))
        ;
    if (got == 0) {
        if (!out->n_errors)
            add_error(a, out, "Er staat niets in: plak de kopregel en de leerlingen.");
        return out->n_errors;
    }
    if (read_header(a, rec, &lay, out))
        return out->n_errors;
    struct number_seen seen = {arena_alloc(a, NUMBER_SLOTS * sizeof(const char *)),
                               arena_alloc(a, NUMBER_SLOTS * sizeof(int))};
    size_t records = 0;
    while ((got = read_record(&rd, a, rec, out)) != 0) {
        if (got < 0 || blank_record(rec))
            continue;
        if (++records > PUPIL_IMPORT_MAX_ROWS) {
            add_error(a, out,
                      "Er staan meer dan %d leerlingen in. Splits de lijst en importeer de"
                      " delen na elkaar.",
                      PUPIL_IMPORT_MAX_ROWS);
            break;
        }
        read_row(a, rec, &lay, grade_max, &seen, out);
    }
    if (!out->n_errors && records == 0)
        add_error(a, out, "Er staan geen leerlingen onder de kopregel.");
    return out->n_errors;
}
