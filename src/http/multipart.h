/* multipart/form-data bodies (RFC 7578): only routes flagged ROUTE_MULTIPART accept them (the
   dispatcher parses the body once the route is known); every other route answers 400. */
#ifndef VERRIJKT_HTTP_MULTIPART_H
#define VERRIJKT_HTTP_MULTIPART_H

#include "http/layer.h"

#include <stddef.h>

#include "http/req.h"

enum { MULTIPART_MAX_PARTS = 16, MULTIPART_BOUNDARY_MAX = 70, MULTIPART_HEADERS_MAX = 2048 };

/* Split body[0..len) of a request whose Content-Type is content_type into its text fields
   (parts without a filename: NUL-free valid UTF-8, unique names, into *form) and its files
   (parts with a filename: any bytes, into *files). Everything is arena-owned; a file's data
   points into body. 0, or -1 when the type has no usable boundary, the body is not well formed
   (no closing delimiter, a part without Content-Disposition form-data and a name, headers
   longer than MULTIPART_HEADERS_MAX), has more than max_parts parts, or a name repeats. */
int multipart_parse(struct arena *a, const char *content_type, const char *body, size_t len,
                    size_t max_parts, struct param **form, size_t *n_form,
                    struct upload **files, size_t *n_files);

#endif
