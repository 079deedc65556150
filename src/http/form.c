#include "http/form.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/req.h"
#include "util/date.h"
#include "util/utf8.h"

/* Trimmed copy of s in the request's arena. */
static const char *trimmed(const struct req *r, const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return arena_strndup((struct arena *)&r->arena, s, n);
}

static bool has_control_chars(const char *s, bool allow_newlines)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n' || c == '\r' || c == '\t') {
            if (!allow_newlines && c != '\t')
                return true;
            continue;
        }
        if (c < 0x20 || c == 0x7f)
            return true;
    }
    return false;
}

static bool parse_ll(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

bool form_email_valid(const char *s)
{
    if (strlen(s) > 254)
        return false;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.'))
        return false;
    if (at[1] == '.' || s[strlen(s) - 1] == '.')
        return false;
    for (const char *p = s; *p; p++)
        if (*p == ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>')
            return false;
    return true;
}

static bool valid_key(const char *s)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' || *p == '_'))
            return false;
    return true;
}

static bool in_choices(const char *const *choices, const char *s)
{
    for (; choices && *choices; choices++)
        if (!strcmp(*choices, s))
            return true;
    return false;
}

/* The message for a bad non-empty value, or NULL when it is fine. Arena-owned when built. */
static const char *check_value(const struct req *r, const struct field *f, const char *value)
{
    size_t max_len = f->max_len ? f->max_len : 200;
    int32_t day;
    int minutes;
    long long number;
    switch (f->type) {
    case FIELD_TEXT:
    case FIELD_TEXTAREA:
        if (has_control_chars(value, f->type == FIELD_TEXTAREA))
            return "Gebruik geen besturingstekens.";
        if (utf8_length(value) > max_len)
            return arena_printf((struct arena *)&r->arena, "Gebruik hoogstens %zu tekens.",
                                max_len);
        return NULL;
    case FIELD_INT:
        if (!parse_ll(value, &number))
            return "Vul een heel getal in.";
        if (number < f->min || number > f->max)
            return arena_printf((struct arena *)&r->arena, "Vul een getal van %lld tot en met %lld in.",
                                f->min, f->max);
        return NULL;
    case FIELD_DATE:
        return date_parse(value, &day) ? "Vul een geldige datum in (jjjj-mm-dd)." : NULL;
    case FIELD_TIME:
        return time_parse(value, &minutes) ? "Vul een geldige tijd in (uu:mm)." : NULL;
    case FIELD_DATETIME:
        return datetime_parse(value, &day, &minutes)
                   ? "Vul een geldig moment in (jjjj-mm-dd uu:mm)." : NULL;
    case FIELD_EMAIL:
        if (strlen(value) > 254 || !form_email_valid(value))
            return "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.";
        return NULL;
    case FIELD_CHOICE:
        return in_choices(f->choices, value) ? NULL : "Kies een van de mogelijkheden.";
    case FIELD_KEY:
        if (strlen(value) > max_len || !valid_key(value))
            return "Gebruik alleen kleine letters, cijfers en streepjes.";
        return NULL;
    case FIELD_BOOL:
        return NULL;
    }
    return NULL;
}

static bool bool_value(const char *raw)
{
    return raw && (!strcmp(raw, "1") || !strcmp(raw, "on") || !strcmp(raw, "true"));
}

int form_validate(const struct req *r, const struct field *fields, size_t n, json_t *values,
                  json_t *errors)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const struct field *f = &fields[i];
        const char *raw = req_form(r, f->name);
        if (f->type == FIELD_BOOL) {
            json_object_set_new(values, f->name, json_boolean(bool_value(raw)));
            continue;
        }
        const char *value = trimmed(r, raw ? raw : "");
        json_object_set_new(values, f->name, json_string(value));
        const char *message = NULL;
        if (!*value)
            message = f->required ? "Dit veld is verplicht." : NULL;
        else
            message = check_value(r, f, value);
        if (message) {
            json_object_set_new(errors, f->name, json_string(message));
            bad++;
        }
    }
    return bad;
}

json_t *form_error_list(const struct field *fields, size_t n, json_t *errors)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *message = json_object_get(errors, fields[i].name);
        if (!message)
            continue;
        json_array_append_new(list, json_pack("{s:s, s:s, s:O}", "field", fields[i].name,
                                              "label", fields[i].label, "message", message));
    }
    /* Errors on names outside the table (cross-field rules) come last. */
    const char *key;
    json_t *message;
    json_object_foreach(errors, key, message)
    {
        bool listed = false;
        for (size_t i = 0; i < n && !listed; i++)
            listed = !strcmp(fields[i].name, key);
        if (!listed)
            json_array_append_new(list, json_pack("{s:s, s:s, s:O}", "field", key, "label", key,
                                                  "message", message));
    }
    return list;
}

const char *form_str(json_t *values, const char *name)
{
    const char *s = json_string_value(json_object_get(values, name));
    return s ? s : "";
}

long long form_int(json_t *values, const char *name)
{
    long long v = 0;
    const char *s = form_str(values, name);
    return *s && parse_ll(s, &v) ? v : 0;
}

bool form_bool(json_t *values, const char *name)
{
    return json_is_true(json_object_get(values, name));
}
