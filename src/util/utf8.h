#ifndef VERRIJKT_UTIL_UTF8_H
#define VERRIJKT_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* Copy the longest start of from that fits size bytes with its NUL into to, cut between two
   characters (never inside one, so valid UTF-8 stays valid). Returns the bytes copied. */
size_t utf8_copy(char *to, size_t size, const char *from);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);
/* Convert Windows-1252 text s[0..n) to UTF-8 in out (room for 3 * n + 1 bytes; NUL-terminated).
   Returns the length written, or (size_t)-1 when s holds a byte 1252 leaves undefined (0x81,
   0x8D, 0x8F, 0x90, 0x9D) or a NUL. */
size_t utf8_from_cp1252(const char *s, size_t n, char *out);

#endif
