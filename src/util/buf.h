/* Growable byte buffer, always NUL-terminated. */
#ifndef VERRIJKT_UTIL_BUF_H
#define VERRIJKT_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated; NULL until the first append. Owned by the buffer. */
    size_t len;
    size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

/* Append n bytes of s. Aborts on out-of-memory (there is no sane recovery). */
void buf_append(struct buf *b, const char *s, size_t n);
/* Append a NUL-terminated string. */
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Append s with & < > " ' replaced by HTML entities (&amp; &lt; &gt; &quot; &#39;). */
void buf_put_html(struct buf *b, const char *s, size_t n);
/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Free the memory; the buffer is BUF_INIT again. */
void buf_free(struct buf *b);
/* Hand over the data (caller frees; never NULL) and reset the buffer to BUF_INIT. */
char *buf_steal(struct buf *b);

#endif
