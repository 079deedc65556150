/* HTTP tests of the pupil import by file (issue 14): a real multipart upload (libcurl's mime
   API), the preview that writes nothing, the preview's own HTML form confirmed as a browser
   sends it (hidden content, school and mapping), the same file twice, a full import marking
   the missing as left, errors that block the confirm, the mapping step, and multipart refused
   on other routes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htmlform.h"
#include "testkit.h"

/* Windows-1252, ';', CRLF: Sara (1001) moves up with another class, Daan (1002) stays, Noor
   (1003) is missing, Zoë (7001) and Piet (7002) are new. */
static const char export_1252[] = "Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Groep;Klas\r\n"
                                  "1001;Sara;;Bakker;7;7A\r\n"
                                  "1002;Daan;de;Jong;5;5A\r\n"
                                  "7001;Zo\xeb;van;Dijk;Groep 4;4B\r\n"
                                  "7002;Piet;;Groot;2;2A\r\n";

static long long noord_left(void)
{
    return count_of("SELECT count(*) FROM pupils p JOIN schools s ON s.id = p.school_id"
                    " WHERE s.key = 'noord' AND p.left_on IS NOT NULL");
}

/* Upload text as the import form's file; the answer into res. */
static void upload(struct client *c, const char *text, size_t len, struct response *res)
{
    assert_int_equal(client_post_file(c, "/pupils/import", "file", "leerlingen.csv", text, len,
                                      false, res, "csv", "", NULL),
                     0);
}

/* Submit the form for action on the page html as a browser does (hidden fields from the
   page), with name set to value (name NULL: nothing changed). */
static void submit_page_form(struct client *c, const char *html, const char *action,
                             struct response *res, const char *name, const char *value)
{
    char *body = name ? html_form_body(html, action, name, value, NULL)
                      : html_form_body(html, action, NULL);
    assert_int_equal(client_post(c, action, body, false, false, res), 0);
    free(body);
}

static void upload_preview_confirm_and_twice(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    long long pupils = count_of("SELECT count(*) FROM pupils");
    long long audits = count_of("SELECT count(*) FROM audit_log");
    struct response res;
    upload(c, export_1252, sizeof export_1252 - 1, &res);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Voorbeeld van de import");
    assert_contains(res.body, "Windows-1252");
    assert_contains(res.body, "<strong>2</strong> nieuw");
    assert_contains(res.body, "<strong>1</strong> gewijzigd");
    assert_contains(res.body, "<strong>1</strong> ongewijzigd");
    assert_contains(res.body, "groep, klas"); /* what changes of Sara */
    assert_contains(res.body, "Zoë van Dijk");
    assert_contains(res.body, "markeer de 1 leerlingen"); /* Noor */
    assert_int_equal(count_of("SELECT count(*) FROM pupils"), pupils); /* nothing written */
    assert_int_equal(count_of("SELECT count(*) FROM audit_log"), audits);
    /* Confirm as a full import, with the page's own form. */
    char *html = strdup(res.body);
    response_free(&res);
    submit_page_form(c, html, "/pupils/import/confirm", &res, "mark_left", "1");
    free(html);
    assert_int_equal(res.status, 303);
    assert_true(!strncmp(res.location, "/pupils?new_first=", 18));
    char after[512];
    snprintf(after, sizeof after, "%s", res.location);
    response_free(&res);
    assert_int_equal(client_get(c, after, false, &res), 0);
    assert_contains(res.body, "2 nieuw, 1 bijgewerkt, 1 ongewijzigd, 1 als vertrokken");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM pupils WHERE number = '7001'"
                              " AND first_name = 'Zoë' AND last_name = 'van Dijk' AND grade = 4"),
                     1);
    assert_int_equal(count_of("SELECT count(*) FROM pupils WHERE number = '1003'"
                              " AND left_on IS NOT NULL"),
                     1);
    assert_int_equal(noord_left(), 1);
    /* The same file twice: the preview says unchanged, the confirm changes nothing. */
    upload(c, export_1252, sizeof export_1252 - 1, &res);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<strong>0</strong> nieuw");
    assert_contains(res.body, "<strong>4</strong> ongewijzigd");
    assert_contains(res.body, "markeer de 0 leerlingen");
    html = strdup(res.body);
    response_free(&res);
    audits = count_of("SELECT count(*) FROM audit_log");
    submit_page_form(c, html, "/pupils/import/confirm", &res, "mark_left", "1");
    free(html);
    assert_int_equal(res.status, 303);
    assert_string_equal(res.location, "/pupils");
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM audit_log"), audits);
    assert_int_equal(noord_left(), 1);
    client_free(c);
}

static void errors_are_listed_and_block_the_confirm(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    static const char bad[] = "\xEF\xBB\xBFleerlingnummer,voornaam,achternaam,groep\n"
                              "8001,Eva,Bos,3\n"
                              "8002,\"Tim, \"\"de\"\"\",Kok,9\n"
                              "8001,Mila,Smit,4\n"
                              "8003,,Smit,4\n";
    long long pupils = count_of("SELECT count(*) FROM pupils");
    struct response res;
    upload(c, bad, sizeof bad - 1, &res);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "UTF-8 met BOM");
    assert_contains(res.body, "<strong>3</strong> fouten");
    assert_contains(res.body, "groep &#39;9&#39; is geen getal van 1 tot en met 8");
    assert_contains(res.body, "staat ook op regel 2");
    assert_contains(res.body, "voornaam ontbreekt");
    assert_lacks(res.body, "action=\"/pupils/import/confirm\"");
    response_free(&res);
    /* A confirm sent anyway (the content of the bad file) is refused with the preview. */
    size_t b64_cap = 4 * sizeof bad;
    char *body = malloc(b64_cap + 64);
    static const char b64chars[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = sizeof bad - 1, j = 0;
    char b64[512];
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)bad[i] << 16 | (i + 1 < n ? (unsigned char)bad[i + 1] << 8 : 0) |
                     (i + 2 < n ? (unsigned char)bad[i + 2] : 0);
        b64[j++] = b64chars[v >> 18 & 63];
        b64[j++] = b64chars[v >> 12 & 63];
        b64[j++] = i + 1 < n ? b64chars[v >> 6 & 63] : '=';
        b64[j++] = i + 2 < n ? b64chars[v & 63] : '=';
    }
    b64[j] = '\0';
    char *e = client_escape(b64);
    snprintf(body, b64_cap + 64, "content=%s", e);
    free(e);
    assert_int_equal(client_post(c, "/pupils/import/confirm", body, false, true, &res), 0);
    free(body);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "staat ook op regel 2");
    response_free(&res);
    /* Broken content is refused. */
    assert_int_equal(post_status(c, "/pupils/import/confirm", "content=%25%25", false, true), 400);
    assert_int_equal(count_of("SELECT count(*) FROM pupils"), pupils);
    client_free(c);
}

static void unknown_columns_ask_for_a_mapping(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    static const char text[] = "Nr;Naam;Familie;Jaar\n8101;Eva;Bos;3\n8102;Tim;Kok;4\n";
    struct response res;
    upload(c, text, sizeof text - 1, &res);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "Welke kolom is wat?");
    assert_contains(res.body, "de kolom leerlingnummer ontbreekt");
    assert_lacks(res.body, "action=\"/pupils/import/confirm\"");
    char *html = strdup(res.body);
    response_free(&res);
    char *body = html_form_body(html, "/pupils/import", "map_number", "1", "map_first_name", "2",
                                "map_last_name", "3", "map_grade", "4", NULL);
    free(html);
    assert_int_equal(client_post(c, "/pupils/import", body, false, false, &res), 0);
    free(body);
    assert_int_equal(res.status, 200);
    assert_contains(res.body, "<strong>2</strong> nieuw");
    html = strdup(res.body);
    response_free(&res);
    submit_page_form(c, html, "/pupils/import/confirm", &res, NULL, NULL);
    free(html);
    assert_int_equal(res.status, 303);
    response_free(&res);
    assert_int_equal(count_of("SELECT count(*) FROM pupils WHERE number IN ('8101', '8102')"), 2);
    assert_int_equal(noord_left(), 0); /* not a full import */
    client_free(c);
}

static void multipart_only_where_it_is_taken(void **state)
{
    (void)state;
    struct client *c = logged_in("noord@test.nl");
    struct response res;
    /* Another route: 400. */
    assert_int_equal(client_post_file(c, "/pupils", "file", "x.csv", "a", 1, false, &res, NULL),
                     0);
    assert_int_equal(res.status, 400);
    response_free(&res);
    /* Too many parts: 400. */
    assert_int_equal(client_post_file(c, "/pupils/import", "file", "x.csv", "a", 1, false, &res,
                                      "a1", "", "a2", "", "a3", "", "a4", "", "a5", "", "a6", "",
                                      "a7", "", "a8", "", "a9", "", "b1", "", "b2", "", "b3", "",
                                      "b4", "", "b5", "", "b6", "", NULL),
                     0);
    assert_int_equal(res.status, 400);
    response_free(&res);
    /* A malformed body (no closing delimiter): 400. */
    static const char broken[] = "--xyz\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nab";
    assert_int_equal(client_post_raw(c, "/pupils/import", broken, sizeof broken - 1,
                                     "multipart/form-data; boundary=xyz", &res),
                     0);
    assert_int_equal(res.status, 400);
    response_free(&res);
    /* No file and nothing pasted: the form again. */
    assert_int_equal(client_post_file(c, "/pupils/import", "file", "", "", 0, false, &res, "csv",
                                      "", NULL),
                     0);
    assert_int_equal(res.status, 422);
    assert_contains(res.body, "Kies een bestand of plak de lijst.");
    response_free(&res);
    client_free(c);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, start, stop)
    const struct CMUnitTest tests[] = {
        T(upload_preview_confirm_and_twice),
        T(errors_are_listed_and_block_the_confirm),
        T(unknown_columns_ask_for_a_mapping),
        T(multipart_only_where_it_is_taken),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return exit_status(failed);
}
