/* jansson strings made with the project's own UTF-8 check (issue 13). jansson's json_string
   checks its text with a function call per byte, which was a twelfth of a parent's page;
   utf8_valid reads ASCII eight bytes at a time. The same answers as json_string and
   json_stringn: NULL for text that is not UTF-8 (and, for json_utf8, for NULL). */
#ifndef VERRIJKT_UTIL_JSON_UTF8_H
#define VERRIJKT_UTIL_JSON_UTF8_H

#include <jansson.h>
#include <stddef.h>

json_t *json_utf8(const char *s);
json_t *json_utf8n(const char *s, size_t n);

#endif
