/* Writing CSV for Excel: UTF-8 with a byte order mark (so Excel reads the accents), fields
   separated by ';' (what Excel expects in Dutch locales), rows ended by CRLF. Used by the
   attendance list export (pages/attendance_list.c); meant for every CSV export. */
#ifndef VERRIJKT_UTIL_CSV_H
#define VERRIJKT_UTIL_CSV_H

#include <stddef.h>

#include "util/buf.h"

/* Start a document: the UTF-8 byte order mark. */
void csv_begin(struct buf *b);
/* Append text as field number col of the current row (col 0 starts the row; any other gets a
   ';' before it). Quoted with "" doubled when it holds ';', '"', CR or LF, or starts or ends
   with a space. Text starting with '=', '+', '-', '@', TAB or CR gets a leading apostrophe, so
   that Excel shows it instead of running it as a formula (CSV injection). NULL is "". */
void csv_text(struct buf *b, size_t col, const char *s);
/* Append a whole number as field col (never guarded: it is ours, not user text). */
void csv_int(struct buf *b, size_t col, long long value);
/* Append value with one decimal and a decimal comma ("33,3", "-0,5"), as Dutch Excel reads
   numbers, as field col. For figures rounded to one decimal already (domain/reports.h). */
void csv_decimal(struct buf *b, size_t col, double value);
/* End the current row. */
void csv_end_row(struct buf *b);

#endif
