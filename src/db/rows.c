/* Rows of a query as JSON; see rows.h. */
#include "db/rows.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/json_utf8.h"

/* The value of column col typed by letter, or NULL for a letter rows.h does not know. */
static json_t *column_value(sqlite3_stmt *st, int col, char letter)
{
    bool is_null = sqlite3_column_type(st, col) == SQLITE_NULL;
    switch (letter) {
    case 'I':
        if (is_null)
            return json_null();
        /* fall through */
    case 'i':
        return json_integer(sqlite3_column_int64(st, col));
    case 'R':
        if (is_null)
            return json_null();
        /* fall through */
    case 'r':
        return json_real(sqlite3_column_double(st, col));
    case 'S':
        if (is_null)
            return json_null();
        /* fall through */
    case 's': {
        const unsigned char *text = sqlite3_column_text(st, col);
        return json_utf8n(text ? (const char *)text : "", (size_t)sqlite3_column_bytes(st, col));
    }
    case 'b':
        return json_boolean(sqlite3_column_int64(st, col) != 0);
    default:
        return NULL;
    }
}

/* The columns' names of a statement, read once per call rather than once per row and cell:
   with their lengths, and checked to be ASCII (names written in our SQL), so that each cell is
   set without jansson checking its key again. Read after a step has returned a row: the first
   step may prepare the statement again, which ends the names read before it. */
enum { NAMES_MAX = 64 };
struct column_names {
    int n;
    bool plain; /* every name is ASCII and there are at most NAMES_MAX */
    const char *name[NAMES_MAX];
    size_t len[NAMES_MAX];
};

static void column_names_read(sqlite3_stmt *st, struct column_names *c)
{
    c->n = sqlite3_column_count(st);
    c->plain = c->n <= NAMES_MAX;
    for (int col = 0; c->plain && col < c->n; col++) {
        const char *name = sqlite3_column_name(st, col);
        c->plain = name != NULL;
        for (const char *p = name; c->plain && *p; p++)
            c->plain = (unsigned char)*p < 0x80;
        c->name[col] = name;
        c->len[col] = c->plain ? strlen(name) : 0;
    }
}

/* Set the cell of column col in row. 0 or -1. */
static int set_cell(json_t *row, sqlite3_stmt *st, const struct column_names *c, int col,
                    json_t *value)
{
    if (c->plain)
        return json_object_setn_new_nocheck(row, c->name[col], c->len[col], value);
    return json_object_set_new(row, sqlite3_column_name(st, col), value);
}

/* The current row as an object; NULL when types does not fit the columns. */
static json_t *row_object(sqlite3_stmt *st, const struct column_names *c, const char *types)
{
    if ((size_t)c->n != strlen(types)) {
        fprintf(stderr, "db_rows: %d columns, types \"%s\": %s\n", c->n, types, sqlite3_sql(st));
        return NULL;
    }
    json_t *row = json_object();
    for (int col = 0; col < c->n; col++) {
        json_t *value = column_value(st, col, types[col]);
        if (!value || set_cell(row, st, c, col, value)) {
            fprintf(stderr, "db_rows: bad type '%c' for column %d: %s\n", types[col], col,
                    sqlite3_sql(st));
            json_decref(row);
            return NULL;
        }
    }
    return row;
}

static void log_step_error(sqlite3_stmt *st, int rc)
{
    fprintf(stderr, "db_rows: %s: %s\n", sqlite3_errstr(rc), sqlite3_sql(st));
}

json_t *db_rows(sqlite3_stmt *st, const char *types)
{
    json_t *rows = json_array();
    struct column_names names = {.n = -1};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (names.n < 0) /* after the first step, which may prepare st again */
            column_names_read(st, &names);
        json_t *row = row_object(st, &names, types);
        if (!row) {
            rc = SQLITE_MISMATCH;
            break;
        }
        json_array_append_new(rows, row);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        if (rc != SQLITE_MISMATCH)
            log_step_error(st, rc);
        json_decref(rows);
        return NULL;
    }
    return rows;
}

int db_row(sqlite3_stmt *st, const char *types, json_t **out)
{
    *out = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct column_names names;
        column_names_read(st, &names);
        *out = row_object(st, &names, types);
    } else if (rc != SQLITE_DONE)
        log_step_error(st, rc);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return 0;
    return *out ? 1 : -1;
}
