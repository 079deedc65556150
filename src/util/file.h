/* Reading a whole file, for what is loaded once at start-up (templates, message catalogues). */
#ifndef VERRIJKT_UTIL_FILE_H
#define VERRIJKT_UTIL_FILE_H

#include "util/buf.h"

/* Append the bytes of the file at path to out. 0, or -1 when it cannot be opened or read (out
   may then hold a part of it). */
int file_read_all(const char *path, struct buf *out);

#endif
