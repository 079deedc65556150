/* How people's names are compared: the rule of the pupil lists (issue 10). A search ignores
   case and accents ("zoe" finds Zoë, "celik" finds Çelik), and Dutch surnames sort without
   their tussenvoegsel ("de Boer" under B, beside Boer). The C form below is the rule;
   names_register_sql gives queries the same functions, fold(text) and surname_key(text), so
   that a list sorts and searches in SQL by exactly this code. */
#ifndef VERRIJKT_DOMAIN_PEOPLE_NAMES_H
#define VERRIJKT_DOMAIN_PEOPLE_NAMES_H

#include "domain/layer.h"

#include <sqlite3.h>
#include <stddef.h>

/* s (UTF-8) in lower case without accents into out (cap bytes, NUL-terminated, cut at a
   character boundary when too small): Latin letters with diacritics become their base letter
   (ë → e, Ç → c, ş → s, ı and İ → i, ø → o), ligatures and ß their letters (æ → ae, ĳ → ij,
   œ → oe, ß → ss), combining marks are dropped, other characters are kept as they are. The
   result is never longer than s. Returns its length. */
size_t name_fold(const char *s, char *out, size_t cap);

/* The sort key of a surname into out (cap bytes, NUL-terminated; strlen(last_name) + 1 is
   always enough, as the key is never longer than the name): the folded surname without
   its leading tussenvoegsels, then a space and the tussenvoegsels ("de Boer" → "boer de",
   "van der Berg" → "berg van der", "Çelik" → "celik"). A name that is only tussenvoegsels
   ("Van") keeps them as its surname. Returns the key's length. */
size_t name_surname_key(const char *last_name, char *out, size_t cap);

/* Register fold(text) and surname_key(text) (deterministic; NULL gives NULL) on a
   connection, for db_set_on_open. 0, or -1 when SQLite refused. */
int names_register_sql(sqlite3 *handle);

#endif
