/* The fields of each section of the load format: a table per section with each field's type,
   whether it is required, and its range or choices; and the check of one object against its
   table (types, formats, unknown fields). References, duplicates and cross-field rules are
   checked afterwards by load_check.c. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/people/accounts.h"
#include "domain/quality/evaluations.h"
#include "domain/quality/incidents.h"
#include "domain/quality/plans.h"
#include "domain/quality/visits.h"
#include "io/loadjson_internal.h"
#include "domain/quality/reviews.h"
#include "util/date.h"
#include "util/utf8.h"

/* ---- field tables ------------------------------------------------------------------------ */

enum kind {
    K_KEY,      /* letters, digits, '-', '_', '.' (at most 100) */
    K_LINE,     /* one line of text */
    K_NOTE,     /* text that may hold line breaks */
    K_DATE,     /* YYYY-MM-DD */
    K_TIME,     /* HH:MM */
    K_DATETIME, /* YYYY-MM-DDTHH:MM */
    K_STAMP,    /* YYYY-MM-DDTHH:MM:SS.mmm */
    K_MOMENT,   /* K_DATETIME or K_STAMP */
    K_INT,      /* whole number in [min, max] */
    K_BOOL,
    K_CHOICE,   /* one of choices */
    K_EMAIL,
    K_KEYS,     /* array of K_KEY; at least min items */
    K_GRADES,   /* [min, max] */
    K_OBJECT,   /* a JSON object, kept as it is (an allocation's result) */
    K_NUMBER,   /* a number with at most two decimals (as the norms form takes them) */
    K_SLOTS,    /* weekly slots: [{"weekday", "start", "end"}], 1 to 7, no weekday twice */
    K_DATES,    /* array of K_DATE, no date twice */
    K_LIST,     /* a JSON array, whose items the section's check takes (load_plans.c) */
    K_REF,      /* a key (K_KEY), or a whole number from 1 (a position) */
};

/* REQ: the field must be present. NO_BSN: free text that must not hold a BSN (PRODUCT.md
   rule 8), as the forms of evaluations, incidents and reviews refuse one. */
enum { REQ = 1, NO_BSN = 2 };

struct spec {
    const char *name;
    enum kind kind;
    int flags;
    long long min, max; /* K_INT range; K_LINE/K_NOTE: max characters (0: default) */
    const char *const *choices;
};

enum { LINE_MAX_CHARS = 200, NOTE_MAX_CHARS = 5000, UNBOUNDED = 1000000000 };

static const char *const KINDS[] = {"po", "vo", NULL};
static const char *const LEVELS[] = {"start", "basis", "vak", NULL};
static const char *const OPEN_TO[] = {"school", "coalition", NULL};
static const char *const ROLES[] = {"lead", "coordinator", "staff", "parent", NULL};
static const char *const ENROLMENT_STATUSES[] = {"enrolled", "waitlisted", "cancelled", NULL};
static const char *const ATTENDANCE_STATUSES[] = {"present", "absent", "excused", NULL};

static const struct spec COALITION[] = {
    {"name", K_LINE, REQ, 0, 0, NULL},
    {"city", K_LINE, 0, 0, 0, NULL},
};
static const struct spec DOMAINS[] = {
    {"code", K_KEY, REQ, 0, 0, NULL},
    {"name", K_LINE, REQ, 0, 0, NULL},
};
static const struct spec HOLIDAYS[] = {
    {"name", K_LINE, REQ, 0, 0, NULL},
    {"from", K_DATE, REQ, 0, 0, NULL},
    {"to", K_DATE, REQ, 0, 0, NULL},
};
static const struct spec SCHOOLS[] = {
    {"key", K_KEY, REQ, 0, 0, NULL},
    {"name", K_LINE, REQ, 0, 0, NULL},
    {"kind", K_CHOICE, 0, 0, 0, KINDS},
    {"contact", K_LINE, 0, 0, 0, NULL},
    {"study_days", K_DATES, 0, 0, 0, NULL},
};
static const struct spec PROVIDERS[] = {
    {"key", K_KEY, REQ, 0, 0, NULL},
    {"name", K_LINE, REQ, 0, 0, NULL},
    {"external", K_BOOL, 0, 0, 0, NULL},
};
static const struct spec STAFF[] = {
    {"key", K_KEY, REQ, 0, 0, NULL},
    {"provider", K_KEY, REQ, 0, 0, NULL},
    {"name", K_LINE, REQ, 0, 0, NULL},
    {"level", K_CHOICE, 0, 0, 0, LEVELS},
    {"vog_date", K_DATE, 0, 0, 0, NULL},
    {"levels", K_LIST, 0, 0, 0, NULL},    /* STAFF_LEVELS, load_staff.c */
    {"trainings", K_LIST, 0, 0, 0, NULL}, /* STAFF_TRAININGS, load_staff.c */
};
static const struct spec STAFF_LEVELS[] = {
    {"date", K_DATE, REQ, 0, 0, NULL},
    {"level", K_CHOICE, REQ, 0, 0, LEVELS},
};
static const struct spec STAFF_TRAININGS[] = {
    {"name", K_LINE, REQ, 0, 120, NULL},
    {"date", K_DATE, REQ, 0, 0, NULL},
};
static const struct spec ACTIVITIES[] = {
    {"key", K_KEY, REQ, 0, 0, NULL},
    {"school", K_KEY, REQ, 0, 0, NULL},
    {"provider", K_KEY, 0, 0, 0, NULL},
    {"staff", K_KEYS, 0, 0, 0, NULL},
    {"title", K_LINE, REQ, 0, 0, NULL},
    {"domains", K_KEYS, 0, 0, 0, NULL},
    {"goal", K_NOTE, 0, 0, 0, NULL},
    {"location", K_LINE, 0, 0, 0, NULL},
    {"grades", K_GRADES, REQ, 0, 0, NULL},
    {"capacity", K_INT, REQ, 1, UNBOUNDED, NULL},
    /* One slot as weekday/start/end, or several as slots (load_check.c wants one of both). */
    {"weekday", K_INT, 0, 1, 7, NULL},
    {"start", K_TIME, 0, 0, 0, NULL},
    {"end", K_TIME, 0, 0, 0, NULL},
    {"slots", K_SLOTS, 0, 0, 0, NULL},
    {"from", K_DATE, REQ, 0, 0, NULL},
    {"until", K_DATE, REQ, 0, 0, NULL},
    {"signup_from", K_DATETIME, 0, 0, 0, NULL},
    {"signup_until", K_DATETIME, 0, 0, 0, NULL},
    {"open_to", K_CHOICE, 0, 0, 0, OPEN_TO},
    {"costs", K_OBJECT, 0, 0, 0, NULL}, /* ACTIVITY_COSTS, load_costs.c */
};
/* issue 15, part 4 (load_costs.c): an activity's costs and the schools' budgets, in euros. */
static const struct spec ACTIVITY_COSTS[] = {
    {"per_session", K_NUMBER, 0, 0, 0, NULL},
    {"fixed", K_NUMBER, 0, 0, 0, NULL},
};
static const struct spec BUDGETS[] = {
    {"school", K_KEY, REQ, 0, 0, NULL},
    {"year", K_LINE, REQ, 0, 0, NULL},
    {"amount", K_NUMBER, REQ, 0, 0, NULL},
};
static const struct spec SESSIONS[] = {
    {"activity", K_KEY, REQ, 0, 0, NULL},
    {"slot", K_DATE, REQ, 0, 0, NULL},
    {"date", K_DATE, 0, 0, 0, NULL},
    {"start", K_TIME, 0, 0, 0, NULL},
    {"end", K_TIME, 0, 0, 0, NULL},
    {"cancelled", K_BOOL, 0, 0, 0, NULL},
    {"reason", K_NOTE, 0, 0, 0, NULL},
};
static const struct spec PUPILS[] = {
    {"key", K_KEY, REQ, 0, 0, NULL},
    {"school", K_KEY, REQ, 0, 0, NULL},
    {"number", K_LINE, REQ, 0, 50, NULL},
    {"first_name", K_LINE, REQ, 0, 0, NULL},
    {"last_name", K_LINE, REQ, 0, 0, NULL},
    {"grade", K_INT, REQ, 1, 8, NULL},
    {"class", K_LINE, 0, 0, 50, NULL},
    {"priority", K_BOOL, 0, 0, 0, NULL},
    {"link_code", K_LINE, 0, 0, 64, NULL},
    {"safety_notes", K_NOTE, 0, 0, 0, NULL},
    {"left_on", K_DATE, 0, 0, 0, NULL},
    {"anonymised", K_BOOL, 0, 0, 0, NULL}, /* a deleted pupil's anonymous row (privacy.h) */
};
/* The rollover's state (load_rollover.c). */
static const struct spec PUPIL_GRADES[] = {
    {"pupil", K_KEY, REQ, 0, 0, NULL},
    {"until", K_DATE, REQ, 0, 0, NULL},
    {"grade", K_INT, REQ, 1, 8, NULL},
};
static const struct spec ROLLOVERS[] = {
    {"school_year", K_LINE, REQ, 0, 9, NULL},
    {"ran_at", K_STAMP, 0, 0, 0, NULL},
    {"by", K_EMAIL, 0, 0, 0, NULL},
    {"moved", K_INT, REQ, 0, UNBOUNDED, NULL},
    {"left", K_INT, REQ, 0, UNBOUNDED, NULL},
};
static const struct spec USERS[] = {
    {"email", K_EMAIL, REQ, 0, 0, NULL},
    {"name", K_LINE, 0, 0, 0, NULL},
    {"role", K_CHOICE, REQ, 0, 0, ROLES},
    {"password", K_LINE, 0, 0, PASSWORD_MAX, NULL},
    {"password_hash", K_LINE, 0, 0, LOAD_HASH_SIZE - 1, NULL},
    {"school", K_KEY, 0, 0, 0, NULL},
    {"staff", K_KEY, 0, 0, 0, NULL},
    {"children", K_KEYS, 0, 0, 0, NULL},
    {"active", K_BOOL, 0, 0, 0, NULL},
};
static const struct spec ENROLMENTS[] = {
    {"pupil", K_KEY, REQ, 0, 0, NULL},
    {"activity", K_KEY, REQ, 0, 0, NULL},
    {"status", K_CHOICE, REQ, 0, 0, ENROLMENT_STATUSES},
    {"created", K_STAMP, 0, 0, 0, NULL},
};
static const struct spec ATTENDANCE[] = {
    {"activity", K_KEY, REQ, 0, 0, NULL},
    {"date", K_DATE, REQ, 0, 0, NULL},
    {"slot", K_DATE, 0, 0, 0, NULL},
    {"pupil", K_KEY, REQ, 0, 0, NULL},
    {"status", K_CHOICE, REQ, 0, 0, ATTENDANCE_STATUSES},
    {"involvement", K_INT, 0, 1, 5, NULL},
};
static const struct spec ROUNDS[] = {
    {"key", K_KEY, REQ, 0, 0, NULL},
    {"school", K_KEY, REQ, 0, 0, NULL},
    {"activities", K_KEYS, REQ, 1, 0, NULL},
    {"opens", K_DATETIME, REQ, 0, 0, NULL},
    {"closes", K_DATETIME, REQ, 0, 0, NULL},
    {"choices", K_INT, 0, 1, 10, NULL},
    {"max_per_child", K_INT, 0, 1, 10, NULL},
    {"name", K_LINE, 0, 0, 200, NULL},
    {"seed", K_INT, 0, LLONG_MIN, LLONG_MAX, NULL},
    {"closed_at", K_MOMENT, 0, 0, 0, NULL},
    {"result", K_OBJECT, 0, 0, 0, NULL},
};
static const struct spec PREFERENCES[] = {
    {"round", K_KEY, REQ, 0, 0, NULL},
    {"pupil", K_KEY, REQ, 0, 0, NULL},
    {"ranks", K_KEYS, REQ, 1, 0, NULL},
};
/* The figure, its bounds and the order of norm and ambition are checked by
   load_check_quality.c (they depend on the figure). */
static const struct spec NORMS[] = {
    {"figure", K_KEY, REQ, 0, 0, NULL},
    {"norm", K_NUMBER, 0, 0, 0, NULL},
    {"ambition", K_NUMBER, 0, 0, 0, NULL},
    {"updated", K_STAMP, 0, 0, 0, NULL},
    {"updated_by", K_EMAIL, 0, 0, 0, NULL},
};
static const struct spec EVALUATIONS[] = {
    {"activity", K_KEY, REQ, 0, 0, NULL},
    {"date", K_DATE, REQ, 0, 0, NULL},
    {"slot", K_DATE, 0, 0, 0, NULL},
    {"author", K_EMAIL, 0, 0, 0, NULL},
    {"went_well", K_NOTE, REQ | NO_BSN, 0, EVALUATION_TEXT_MAX, NULL},
    {"to_change", K_NOTE, REQ | NO_BSN, 0, EVALUATION_TEXT_MAX, NULL},
    {"as_planned", K_CHOICE, REQ, 0, 0, evaluation_plan_values},
    {"note", K_NOTE, NO_BSN, 0, EVALUATION_NOTE_MAX, NULL},
    {"created", K_STAMP, 0, 0, 0, NULL},
    {"updated", K_STAMP, 0, 0, 0, NULL},
};
static const struct spec INCIDENTS[] = {
    {"school", K_KEY, REQ, 0, 0, NULL},
    {"activity", K_KEY, 0, 0, 0, NULL},
    {"date", K_DATE, 0, 0, 0, NULL},
    {"slot", K_DATE, 0, 0, 0, NULL},
    {"occurred_on", K_DATE, REQ, 0, 0, NULL},
    {"what", K_NOTE, REQ | NO_BSN, 0, INCIDENT_TEXT_MAX, NULL},
    {"involved", K_NOTE, NO_BSN, 0, INCIDENT_INVOLVED_MAX, NULL},
    {"measures", K_NOTE, REQ | NO_BSN, 0, INCIDENT_TEXT_MAX, NULL},
    {"severity", K_CHOICE, REQ, 0, 0, incident_severities},
    {"pupils", K_KEYS, 0, 0, 0, NULL},
    {"reported_by", K_EMAIL, 0, 0, 0, NULL},
    {"created", K_STAMP, 0, 0, 0, NULL},
};
/* issue 15 (load_plans.c): the activity plan's questions, the answers per activity (their
   "answers" checked as PLAN_ANSWERS each), and visits (their "items" as VISIT_ITEMS). */
static const struct spec PLAN_QUESTIONS[] = {
    {"key", K_KEY, REQ, 0, 0, NULL},
    {"position", K_INT, REQ, 1, UNBOUNDED, NULL},
    {"question", K_LINE, REQ, 0, PLAN_QUESTION_MAX, NULL},
    {"help", K_NOTE, 0, 0, PLAN_HELP_MAX, NULL},
    {"required", K_BOOL, 0, 0, 0, NULL},
};
static const struct spec PLANS[] = {
    {"activity", K_KEY, REQ, 0, 0, NULL},
    {"answers", K_LIST, REQ, 0, 0, NULL},
};
static const struct spec PLAN_ANSWERS[] = {
    {"question", K_REF, REQ, 0, 0, NULL},
    {"answer", K_NOTE, REQ | NO_BSN, 0, PLAN_ANSWER_MAX, NULL},
    {"updated", K_STAMP, 0, 0, 0, NULL},
    {"updated_by", K_EMAIL, 0, 0, 0, NULL},
};
static const struct spec VISITS[] = {
    {"activity", K_KEY, REQ, 0, 0, NULL},
    {"date", K_DATE, REQ, 0, 0, NULL},
    {"slot", K_DATE, 0, 0, 0, NULL},
    {"by", K_EMAIL, 0, 0, 0, NULL},
    {"items", K_OBJECT, 0, 0, 0, NULL},
    {"involvement", K_INT, 0, 1, 5, NULL},
    {"note", K_NOTE, NO_BSN, 0, VISIT_NOTE_MAX, NULL},
    {"created", K_STAMP, 0, 0, 0, NULL},
    {"updated", K_STAMP, 0, 0, 0, NULL},
};
static const struct spec VISIT_ITEM_FIELDS[] = {
    {"goal", K_CHOICE, 0, 0, 0, visit_rating_values},
    {"home_school", K_CHOICE, 0, 0, 0, visit_rating_values},
    {"duration", K_CHOICE, 0, 0, 0, visit_rating_values},
    {"staff", K_CHOICE, 0, 0, 0, visit_rating_values},
    {"interests", K_CHOICE, 0, 0, 0, visit_rating_values},
};
/* issue 15 part 2 (load_voice.c): interest answers and feedback. */
static const char *const INTEREST_SOURCES[] = {"class", "parent", NULL};
static const struct spec INTERESTS[] = {
    {"pupil", K_KEY, REQ, 0, 0, NULL},
    {"date", K_DATE, REQ, 0, 0, NULL},
    {"domains", K_KEYS, REQ, 0, 0, NULL},
    {"other", K_BOOL, 0, 0, 0, NULL},
    {"source", K_CHOICE, 0, 0, 0, INTEREST_SOURCES},
    {"created", K_STAMP, 0, 0, 0, NULL},
};
static const struct spec FEEDBACK[] = {
    {"pupil", K_KEY, REQ, 0, 0, NULL},
    {"activity", K_KEY, REQ, 0, 0, NULL},
    {"date", K_DATE, REQ, 0, 0, NULL},
    {"score", K_INT, REQ, 1, 3, NULL},
    {"again", K_BOOL, REQ, 0, 0, NULL},
    {"created", K_STAMP, 0, 0, 0, NULL},
};
static const struct spec REVIEWS[] = {
    {"school", K_KEY, REQ, 0, 0, NULL},
    {"year", K_INT, REQ, REVIEW_YEAR_MIN, REVIEW_YEAR_MAX, NULL},
    {"theme", K_KEY, REQ, 0, 0, NULL},
    {"text", K_NOTE, REQ | NO_BSN, 0, REVIEW_TEXT_MAX, NULL},
    {"updated", K_STAMP, 0, 0, 0, NULL},
    {"updated_by", K_EMAIL, 0, 0, 0, NULL},
};

/* ---- single values ----------------------------------------------------------------------- */

static bool valid_key(const char *s, size_t len)
{
    if (!len || len > LOAD_KEY_MAX)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

static bool has_control(const char *s, bool allow_breaks)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (allow_breaks && (*p == '\n' || *p == '\r' || *p == '\t'))
            continue;
        if (*p < 0x20 || *p == 0x7f)
            return true;
    }
    return false;
}

static bool valid_email(const char *s, size_t len)
{
    const char *at = strchr(s, '@');
    if (len > 254 || !at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
        at[1] == '.' || s[len - 1] == '.')
        return false;
    for (const char *p = s; *p; p++)
        if (*p == ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>')
            return false;
    return !has_control(s, false);
}

static bool in_choices(const char *const *choices, const char *s)
{
    for (; *choices; choices++)
        if (!strcmp(*choices, s))
            return true;
    return false;
}

/* "a, b or c" for a message. */
static const char *choice_list(const char *const *choices, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; choices[i]; i++) {
        const char *sep = i == 0 ? "" : choices[i + 1] ? ", " : " or ";
        int w = snprintf(buf + used, n - used, "%s%s", sep, choices[i]);
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

/* The reason an integer is refused, or NULL. */
static const char *int_problem(json_t *v, long long min, long long max, char *buf, size_t n)
{
    if (json_is_integer(v) && json_integer_value(v) >= min && json_integer_value(v) <= max)
        return NULL;
    if (min == 1 && max == UNBOUNDED && (!json_is_integer(v) || json_integer_value(v) < 1))
        return "must be a positive number";
    if (max == UNBOUNDED) {
        snprintf(buf, n, "must be at most %d", UNBOUNDED);
        return buf;
    }
    if (min == LLONG_MIN)
        return "must be a whole number";
    snprintf(buf, n, "must be a whole number from %lld to %lld", min, max);
    return buf;
}

/* The reason a number (K_NUMBER) is refused, or NULL: finite, at most 1e9 in size, and at
   most two decimals (as the form takes them; 12.34 read back from a dump is the same
   double). */
static const char *number_problem(json_t *v)
{
    if (!json_is_number(v))
        return "must be a number";
    double x = json_number_value(v);
    if (!(x >= -1e9 && x <= 1e9))
        return "must be a number from -1000000000 to 1000000000";
    double hundredths = x * 100;
    double nearest = (double)(long long)(hundredths + (hundredths < 0 ? -0.5 : 0.5));
    if (fabs(hundredths - nearest) > 1e-6)
        return "must have at most two decimals";
    return NULL;
}

/* The reason a string value is refused, or NULL. */
static const char *string_problem(const struct spec *sp, json_t *v, char *buf, size_t n)
{
    if (!json_is_string(v))
        return "must be a string";
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len)
        return "must not contain NUL bytes";
    if (!utf8_valid(s, len))
        return "must be valid UTF-8";
    int32_t day;
    int minutes;
    int64_t ms;
    switch (sp->kind) {
    case K_REF:
    case K_KEY:
        return valid_key(s, len) ? NULL : "must be a key (letters, digits, '-', '_' or '.')";
    case K_LINE:
    case K_NOTE: {
        if ((sp->flags & REQ) && !len)
            return "must not be empty";
        if (has_control(s, sp->kind == K_NOTE))
            return "must not contain control characters";
        long long max = sp->max ? sp->max : sp->kind == K_NOTE ? NOTE_MAX_CHARS : LINE_MAX_CHARS;
        if ((long long)utf8_length(s) > max) {
            snprintf(buf, n, "must be at most %lld characters", max);
            return buf;
        }
        if ((sp->flags & NO_BSN) && text_has_bsn(s))
            return "must not contain a BSN (burgerservicenummer)";
        return NULL;
    }
    case K_DATE:
        return date_parse(s, &day) ? "must be a date (YYYY-MM-DD)" : NULL;
    case K_TIME:
        return time_parse(s, &minutes) ? "must be a time (HH:MM)" : NULL;
    case K_DATETIME:
        return len == 16 && s[10] == 'T' && !datetime_parse(s, &day, &minutes)
                   ? NULL
                   : "must be a date and time (YYYY-MM-DDTHH:MM)";
    case K_STAMP:
        return timestamp_parse(s, &day, &ms) ? "must be a timestamp (YYYY-MM-DDTHH:MM:SS.mmm)"
                                             : NULL;
    case K_MOMENT:
        return (len == 16 && s[10] == 'T' && !datetime_parse(s, &day, &minutes)) ||
                       !timestamp_parse(s, &day, &ms)
                   ? NULL
                   : "must be a date and time (YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS.mmm)";
    case K_CHOICE: {
        if (in_choices(sp->choices, s))
            return NULL;
        char list[100];
        snprintf(buf, n, "must be one of %s", choice_list(sp->choices, list, sizeof list));
        return buf;
    }
    case K_EMAIL:
        return valid_email(s, len) ? NULL : "must be an e-mail address";
    default:
        return "unexpected field type";
    }
}

static int field_fail(struct load_ctx *ctx, const char *prefix, const char *field,
                      const char *reason)
{
    char path[320];
    snprintf(path, sizeof path, "%.200s.%.100s", prefix, field);
    return load_fail(ctx, path, "%s", reason);
}

static int check_object(struct load_ctx *ctx, const char *prefix, json_t *obj,
                        const struct spec *specs, size_t n);

static const struct spec SLOT[] = {
    {"weekday", K_INT, REQ, 1, 7, NULL},
    {"start", K_TIME, REQ, 0, 0, NULL},
    {"end", K_TIME, REQ, 0, 0, NULL},
};
enum { SLOTS_MAX = 7 };

/* An activity's slots: 1 to SLOTS_MAX slot objects, each ending after it starts, no weekday
   twice (one slot per weekday: a session is known by its activity and date). 0 or -1. */
static int check_slots(struct load_ctx *ctx, const char *prefix, json_t *v)
{
    if (!json_is_array(v) || !json_array_size(v))
        return field_fail(ctx, prefix, "slots", "must be a non-empty array of slots");
    if (json_array_size(v) > SLOTS_MAX)
        return field_fail(ctx, prefix, "slots", "must hold at most 7 slots (one per weekday)");
    bool seen[8] = {false};
    size_t i;
    json_t *slot;
    json_array_foreach(v, i, slot)
    {
        char path[200];
        snprintf(path, sizeof path, "%.160s.slots[%zu]", prefix, i);
        if (check_object(ctx, path, slot, SLOT, sizeof SLOT / sizeof SLOT[0]))
            return -1;
        const char *start = json_string_value(json_object_get(slot, "start"));
        const char *end = json_string_value(json_object_get(slot, "end"));
        if (strcmp(start, end) >= 0)
            return field_fail(ctx, path, "end", "must be after start");
        json_int_t weekday = json_integer_value(json_object_get(slot, "weekday"));
        if (seen[weekday])
            return field_fail(ctx, path, "weekday",
                              "has a slot already (at most one slot per weekday)");
        seen[weekday] = true;
    }
    return 0;
}

/* A list of dates without repeats. 0 or -1. */
static int check_dates(struct load_ctx *ctx, const char *prefix, const struct spec *sp, json_t *v)
{
    if (!json_is_array(v))
        return field_fail(ctx, prefix, sp->name, "must be an array of dates");
    const struct spec date = {sp->name, K_DATE, REQ, 0, 0, NULL};
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        char buf[200], path[200];
        const char *p = string_problem(&date, item, buf, sizeof buf);
        snprintf(path, sizeof path, "%.120s.%.40s[%zu]", prefix, sp->name, i);
        if (p)
            return load_fail(ctx, path, "%s", p);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(json_string_value(json_array_get(v, j)), json_string_value(item)))
                return load_fail(ctx, path, "duplicate date %s", json_string_value(item));
    }
    return 0;
}

/* Check one present value against its spec. 0 or -1. */
static int check_value(struct load_ctx *ctx, const char *prefix, const struct spec *sp, json_t *v)
{
    char buf[200];
    const char *problem = NULL;
    if (sp->kind == K_SLOTS) {
        return check_slots(ctx, prefix, v);
    } else if (sp->kind == K_DATES) {
        return check_dates(ctx, prefix, sp, v);
    } else if (sp->kind == K_INT) {
        problem = int_problem(v, sp->min, sp->max, buf, sizeof buf);
    } else if (sp->kind == K_BOOL) {
        problem = json_is_boolean(v) ? NULL : "must be true or false";
    } else if (sp->kind == K_NUMBER) {
        problem = number_problem(v);
    } else if (sp->kind == K_OBJECT) {
        problem = json_is_object(v) ? NULL : "must be an object";
    } else if (sp->kind == K_LIST) {
        problem = json_is_array(v) ? NULL : "must be an array";
    } else if (sp->kind == K_REF && !json_is_string(v)) {
        problem = json_is_integer(v) ? int_problem(v, 1, UNBOUNDED, buf, sizeof buf)
                                     : "must be a key or a position (a whole number from 1)";
    } else if (sp->kind == K_GRADES) {
        if (!json_is_array(v) || json_array_size(v) != 2)
            problem = "must be [lowest grade, highest grade]";
        for (size_t i = 0; !problem && i < 2; i++) {
            const char *p = int_problem(json_array_get(v, i), 1, 8, buf, sizeof buf);
            if (p) {
                char path[200];
                snprintf(path, sizeof path, "%s.%s[%zu]", prefix, sp->name, i);
                return load_fail(ctx, path, "%s", p);
            }
        }
    } else if (sp->kind == K_KEYS) {
        if (!json_is_array(v))
            problem = "must be an array of keys";
        else if (json_array_size(v) < (size_t)sp->min)
            problem = "must not be empty";
        for (size_t i = 0; !problem && i < json_array_size(v); i++) {
            const struct spec key = {sp->name, K_KEY, REQ, 0, 0, NULL};
            const char *p = string_problem(&key, json_array_get(v, i), buf, sizeof buf);
            if (p) {
                char path[200];
                snprintf(path, sizeof path, "%s.%s[%zu]", prefix, sp->name, i);
                return load_fail(ctx, path, "%s", p);
            }
        }
    } else {
        problem = string_problem(sp, v, buf, sizeof buf);
    }
    return problem ? field_fail(ctx, prefix, sp->name, problem) : 0;
}

/* Check an object against a field table: no unknown fields, required ones present, each
   value well-formed. JSON null counts as absent. 0 or -1. */
static int check_object(struct load_ctx *ctx, const char *prefix, json_t *obj,
                        const struct spec *specs, size_t n)
{
    if (!json_is_object(obj))
        return load_fail(ctx, prefix, "must be an object");
    const char *name;
    json_t *v;
    json_object_foreach(obj, name, v)
    {
        size_t i = 0;
        while (i < n && strcmp(specs[i].name, name))
            i++;
        if (i == n) {
            char shown[80];
            snprintf(shown, sizeof shown, "%.60s", name);
            return field_fail(ctx, prefix, shown, "unknown field");
        }
    }
    for (size_t i = 0; i < n; i++) {
        v = json_object_get(obj, specs[i].name);
        if (!v || json_is_null(v)) {
            if (specs[i].flags & REQ)
                return field_fail(ctx, prefix, specs[i].name, "is required");
            continue;
        }
        if (check_value(ctx, prefix, &specs[i], v))
            return -1;
    }
    return 0;
}

/* ---- by section name ---------------------------------------------------------------------- */

struct section_fields {
    const char *name;
    const struct spec *specs;
    size_t n;
};

#define FIELDS(name, table) {name, table, sizeof table / sizeof table[0]}

static const struct section_fields SECTION_FIELDS[] = {
    FIELDS("coalition", COALITION),   FIELDS("domains", DOMAINS),
    FIELDS("holidays", HOLIDAYS),     FIELDS("schools", SCHOOLS),
    FIELDS("providers", PROVIDERS),   FIELDS("staff", STAFF),
    FIELDS("activities", ACTIVITIES), FIELDS("sessions", SESSIONS),
    FIELDS("pupils", PUPILS),         FIELDS("users", USERS),
    FIELDS("enrolments", ENROLMENTS), FIELDS("attendance", ATTENDANCE),
    FIELDS("rounds", ROUNDS),         FIELDS("preferences", PREFERENCES),
    FIELDS("norms", NORMS),           FIELDS("evaluations", EVALUATIONS),
    FIELDS("incidents", INCIDENTS),   FIELDS("reviews", REVIEWS),
    FIELDS("pupil_grades", PUPIL_GRADES), FIELDS("rollovers", ROLLOVERS),
    FIELDS("plan_questions", PLAN_QUESTIONS), FIELDS("plans", PLANS),
    FIELDS("plans.answers", PLAN_ANSWERS),    FIELDS("visits", VISITS),
    FIELDS("visits.items", VISIT_ITEM_FIELDS),
    FIELDS("activities.costs", ACTIVITY_COSTS), FIELDS("budgets", BUDGETS),
    FIELDS("interests", INTERESTS), FIELDS("feedback", FEEDBACK),
    FIELDS("staff.levels", STAFF_LEVELS),       FIELDS("staff.trainings", STAFF_TRAININGS),
};

int load_check_fields(struct load_ctx *ctx, const char *section, const char *prefix, json_t *obj)
{
    for (size_t i = 0; i < sizeof SECTION_FIELDS / sizeof SECTION_FIELDS[0]; i++)
        if (!strcmp(SECTION_FIELDS[i].name, section))
            return check_object(ctx, prefix, obj, SECTION_FIELDS[i].specs, SECTION_FIELDS[i].n);
    return load_fail(ctx, section, "unknown section");
}
