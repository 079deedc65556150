/* Rows of a query as JSON, for the read functions of src/domain: the keys are the columns'
   names (write "AS key" in the SQL, so that the statement documents the keys it returns) and
   the types come from a short string, one letter per column:
     i  integer          I  integer, or null when SQL NULL
     r  real             R  real, or null when SQL NULL
     s  text ("" for SQL NULL)
     S  text, or null when SQL NULL
     b  boolean (an integer column, 0 false, anything else true)
   A failed step is an error, never a shorter list. */
#ifndef VERRIJKT_DB_ROWS_H
#define VERRIJKT_DB_ROWS_H

#include "db/layer.h"

#include <jansson.h>
#include <sqlite3.h>

/* Step st (bound by the caller) to its end: one object per row as described above. Resets st
   (a statement of db_stmt, so do not finalize). New reference, or NULL on a database error
   (logged) or when types does not have one letter per column. */
json_t *db_rows(sqlite3_stmt *st, const char *types);
/* The first row of st as an object into *out (new reference), then reset st. 1 with a row,
   0 without (*out NULL), -1 on a database error (logged). */
int db_row(sqlite3_stmt *st, const char *types, json_t **out);

#endif
