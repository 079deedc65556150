/* Submitting a page's HTML form as a browser would: the hidden fields (the CSRF token, the
   ids) come from the page itself, so a test catches a form that posts the wrong id, which a
   test of the JSON API cannot. Part of the HTTP test kit (linked into every test_http_*). */
#ifndef VERRIJKT_TESTS_HTMLFORM_H
#define VERRIJKT_TESTS_HTMLFORM_H

#include "harness.h"

/* The URL-encoded body a browser sends for the first <form> of html whose action attribute is
   action (fails the test when there is none): every named input that is sent (hidden, text,
   checked boxes and radios; not buttons or disabled fields), each select's selected option
   (else its first), every textarea; then each name, value pair of the NULL-ended list replaces
   the value of the fields of that name, or is added. Caller frees. */
char *html_form_body(const char *html, const char *action, ...);
/* The value the first field called name of that form would send, or NULL. Caller frees. */
char *html_form_value(const char *html, const char *action, const char *name);
/* GET page (must answer 200), fill its form for action as html_form_body does with the
   name, value pairs (NULL-ended), and POST it to action without adding anything: the answer
   into res (response_free). */
void submit_form(struct client *c, const char *page, const char *action, struct response *res,
                 ...);

#endif
