#include "domain/offer/activities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/people/audit.h"
#include "domain/problems.h"
#include "domain/enrolment/enrol.h"
#include "domain/enrolment/notify.h"
#include "domain/offer/providers.h"
#include "domain/people/pupils.h"
#include "domain/offer/schedule.h"
#include "domain/offer/schools.h"
#include "util/date.h"
#include "util/utf8.h"

const char *weekday_name(int weekday)
{
    static const char *const names[] = {"maandag",  "dinsdag", "woensdag", "donderdag",
                                        "vrijdag",  "zaterdag", "zondag"};
    return weekday >= 1 && weekday <= 7 ? names[weekday - 1] : "";
}

void date_label_nl(const char *iso, bool with_weekday, char out[32])
{
    static const char *const months[] = {"jan.", "feb.", "mrt.", "apr.", "mei",  "jun.",
                                         "jul.", "aug.", "sep.", "okt.", "nov.", "dec."};
    static const char *const days[] = {"ma", "di", "wo", "do", "vr", "za", "zo"};
    int32_t day;
    if (!iso || date_parse(iso, &day)) {
        snprintf(out, 32, "%.31s", iso ? iso : "");
        return;
    }
    int month = (iso[5] - '0') * 10 + (iso[6] - '0');
    int mday = (iso[8] - '0') * 10 + (iso[9] - '0');
    snprintf(out, 32, "%s%s%d %s %.4s", with_weekday ? days[date_weekday(day) - 1] : "",
             with_weekday ? " " : "", mday, months[month - 1], iso);
}

/* ---- small queries -------------------------------------------------------------------------- */

static int64_t enrolled_count(struct db *db, int64_t activity_id)
{
    return db_int(db, "SELECT count(*) FROM enrolments WHERE activity_id = ?1"
                      " AND status = 'enrolled'", activity_id, 0, 0);
}

/* ---- activity checks ------------------------------------------------------------------------ */

static bool is_set(const char *s) { return s && *s; }

static void check_text(struct problems *p, const struct activity_input *in)
{
    if (!in->title)
        ;
    else if (!*in->title)
        problems_add(p, "title", "problem.title_missing");
    else if (!utf8_valid(in->title, strlen(in->title)) ||
             utf8_length(in->title) > ACTIVITY_TITLE_MAX)
        problems_add_int(p, "title", "problem.too_long", "max", ACTIVITY_TITLE_MAX);
    if (in->goal && (!utf8_valid(in->goal, strlen(in->goal)) ||
                     utf8_length(in->goal) > ACTIVITY_GOAL_MAX))
        problems_add_int(p, "goal", "problem.too_long", "max", ACTIVITY_GOAL_MAX);
    if (in->location && (!utf8_valid(in->location, strlen(in->location)) ||
                         utf8_length(in->location) > ACTIVITY_LOCATION_MAX))
        problems_add_int(p, "location", "problem.too_long", "max", ACTIVITY_LOCATION_MAX);
    if (in->open_to && strcmp(in->open_to, "school") && strcmp(in->open_to, "coalition"))
        problems_add(p, "open_to", "problem.open_to");
}

/* Grades against the school's kind: groep 1–8 (po) or leerjaar 1–6 (vo). */
static void check_grades(struct problems *p, const char *kind, const struct activity_input *in)
{
    int top = pupil_grade_max(kind);
    bool years = top == 6; /* leerjaar (vo), else groep (po) */
    const char *range = years ? "problem.year_range" : "problem.group_range";
    if (in->grade_min && (in->grade_min < 1 || in->grade_min > top))
        problems_add_int(p, "grade_min", range, "max", top);
    if (in->grade_max && (in->grade_max < 1 || in->grade_max > top))
        problems_add_int(p, "grade_max", range, "max", top);
    if (in->grade_min && in->grade_max && in->grade_min > in->grade_max)
        problems_add(p, "grade_max", years ? "problem.year_order" : "problem.group_order");
}

const char *activity_slot_field(const char *what, size_t k)
{
    static const char *const weekdays[] = {"weekday",   "weekday_2", "weekday_3", "weekday_4",
                                           "weekday_5", "weekday_6", "weekday_7"};
    static const char *const starts[] = {"start",   "start_2", "start_3", "start_4",
                                         "start_5", "start_6", "start_7"};
    static const char *const ends[] = {"end", "end_2", "end_3", "end_4", "end_5", "end_6", "end_7"};
    if (k >= SCHEDULE_SLOTS_MAX)
        k = SCHEDULE_SLOTS_MAX - 1;
    return !strcmp(what, "weekday") ? weekdays[k] : !strcmp(what, "start") ? starts[k] : ends[k];
}

/* The slots of in: its list, or the one slot of weekday/start/end. Sets *n. */
static const struct activity_slot *input_slots(const struct activity_input *in,
                                               struct activity_slot *one, size_t *n)
{
    if (in->n_slots) {
        *n = in->n_slots;
        return in->slots;
    }
    *one = (struct activity_slot){in->weekday, in->start, in->end};
    *n = 1;
    return one;
}

/* One slot's weekday and times; a weekday met before (seen) is refused. */
static void check_slot(struct problems *p, const struct activity_slot *s, size_t k, bool seen[8])
{
    int start = 0, end = 0;
    const char *start_field = activity_slot_field("start", k);
    const char *end_field = activity_slot_field("end", k);
    const char *day_field = activity_slot_field("weekday", k);
    bool times = is_set(s->start) && is_set(s->end);
    if (is_set(s->start) && time_parse(s->start, &start)) {
        problems_add(p, start_field, "problem.time_invalid");
        times = false;
    }
    if (is_set(s->end) && time_parse(s->end, &end)) {
        problems_add(p, end_field, "problem.time_invalid");
        times = false;
    }
    if (times && end <= start)
        problems_add(p, end_field, "problem.end_before_start");
    if (s->weekday && (s->weekday < 1 || s->weekday > 7)) {
        problems_add(p, day_field, "problem.weekday");
    } else if (s->weekday && seen[s->weekday]) {
        problems_add_vars(p, day_field, "problem.slot_weekday_twice",
                          json_pack("{ss}", "day", weekday_name(s->weekday)));
    } else if (s->weekday) {
        seen[s->weekday] = true;
    }
}

/* Every slot; the weekdays of the good ones into weekdays (*n_days of them). */
static void check_slots(struct problems *p, const struct activity_input *in, int *weekdays,
                        size_t *n_days)
{
    struct activity_slot one;
    size_t n;
    const struct activity_slot *slots = input_slots(in, &one, &n);
    bool seen[8] = {false};
    *n_days = 0;
    if (n > SCHEDULE_SLOTS_MAX) {
        problems_add_int(p, "weekday", "problem.slots_too_many", "max", SCHEDULE_SLOTS_MAX);
        n = SCHEDULE_SLOTS_MAX;
    }
    for (size_t k = 0; k < n; k++) {
        bool before = slots[k].weekday >= 1 && slots[k].weekday <= 7 && seen[slots[k].weekday];
        check_slot(p, &slots[k], k, seen);
        if (slots[k].weekday >= 1 && slots[k].weekday <= 7 && !before)
            weekdays[(*n_days)++] = slots[k].weekday;
    }
}

/* The weekday names of n weekdays, "dinsdag of donderdag", into buf. */
static const char *weekday_names(const int *weekdays, size_t n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i == 0 ? "" : i + 1 == n ? " of " : ", ",
                         weekday_name(weekdays[i]));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

/* Slots, dates, the number of sessions they give, and the sign-up window. -1 on error. */
static int check_schedule(struct db *db, struct problems *p, const struct activity_input *in)
{
    int weekdays[SCHEDULE_SLOTS_MAX];
    size_t n_days;
    check_slots(p, in, weekdays, &n_days);

    int32_t from = 0, until = 0;
    bool dates = is_set(in->from) && is_set(in->until);
    if (is_set(in->from) && date_parse(in->from, &from)) {
        problems_add(p, "from", "problem.date_invalid");
        dates = false;
    }
    if (is_set(in->until) && date_parse(in->until, &until)) {
        problems_add(p, "until", "problem.date_invalid");
        dates = false;
    }
    if (dates && until < from) {
        problems_add(p, "until", "problem.until_before_from");
    } else if (dates && until - from > ACTIVITY_MAX_DAYS) {
        problems_add_int(p, "until", "problem.period_too_long", "max", ACTIVITY_MAX_DAYS);
    } else if (dates && n_days) {
        struct holiday_range *closed;
        size_t n_closed;
        if (schedule_load_closed_days(db, in->school_id > 0 ? in->school_id : 0, &closed,
                                      &n_closed))
            return -1;
        size_t n = schedule_slot_dates(weekdays, n_days, from, until, closed, n_closed, NULL, 0);
        free(closed);
        char names[120];
        if (!n)
            problems_add_vars(p, "until", "problem.no_session_day",
                              json_pack("{ss}", "day",
                                        weekday_names(weekdays, n_days, names, sizeof names)));
    }

    int32_t sday = 0, uday = 0;
    int smin = 0, umin = 0;
    bool window = is_set(in->signup_from) && is_set(in->signup_until);
    if (is_set(in->signup_from) && datetime_parse(in->signup_from, &sday, &smin)) {
        problems_add(p, "signup_from", "problem.moment_invalid");
        window = false;
    }
    if (is_set(in->signup_until) && datetime_parse(in->signup_until, &uday, &umin)) {
        problems_add(p, "signup_until", "problem.moment_invalid");
        window = false;
    }
    if (window && (int64_t)uday * 1440 + umin <= (int64_t)sday * 1440 + smin)
        problems_add(p, "signup_until", "problem.signup_order");
    return 0;
}

/* Provider, staff and domains exist; at least one domain. -1 on error. */
static int check_links(struct db *db, struct problems *p, const struct activity_input *in)
{
    if (in->provider_id) {
        int64_t found = db_int(db, "SELECT 1 FROM providers WHERE id = ?1", in->provider_id, 0, 0);
        if (found < 0)
            return -1;
        if (!found)
            problems_add(p, "provider", "problem.provider_unknown");
    }
    if (in->n_staff > ACTIVITY_MAX_LINKS)
        problems_add_int(p, "staff", "problem.staff_too_many", "max", ACTIVITY_MAX_LINKS);
    for (size_t i = 0; i < in->n_staff && i < ACTIVITY_MAX_LINKS; i++) {
        int64_t found = db_int(db, "SELECT 1 FROM staff WHERE id = ?1", in->staff_ids[i], 0, 0);
        if (found < 0)
            return -1;
        if (!found)
            problems_add(p, "staff", "problem.staff_unknown");
    }
    if (!in->n_domains)
        problems_add(p, "domains", "problem.domains_missing");
    if (in->n_domains > ACTIVITY_MAX_LINKS)
        problems_add_int(p, "domains", "problem.domains_too_many", "max", ACTIVITY_MAX_LINKS);
    for (size_t i = 0; i < in->n_domains && i < ACTIVITY_MAX_LINKS; i++) {
        int64_t found = db_int(db, "SELECT 1 FROM domains WHERE id = ?1", in->domain_ids[i], 0, 0);
        if (found < 0)
            return -1;
        if (!found)
            problems_add(p, "domains", "problem.domains_unknown");
    }
    return 0;
}

/* Rules that depend on the activity's pupils: capacity not below the enrolled, no change of
   school once pupils are signed up. -1 on error. */
static int check_pupils(struct db *db, struct problems *p, int64_t activity_id,
                        const struct activity_input *in)
{
    if (!activity_id)
        return 0;
    int64_t enrolled = enrolled_count(db, activity_id);
    if (enrolled < 0)
        return -1;
    if (in->capacity > 0 && enrolled > in->capacity)
        problems_add_int(p, "capacity", "problem.capacity_below_enrolled", "enrolled", enrolled);
    int64_t school_id = db_int(db, "SELECT school_id FROM activities WHERE id = ?1",
                               activity_id, 0, 0);
    if (school_id < 0)
        return -1;
    if (school_id && in->school_id && school_id != in->school_id) {
        int64_t signed_up = db_int(db, "SELECT count(*) FROM enrolments WHERE activity_id = ?1"
                                       " AND status <> 'cancelled'", activity_id, 0, 0);
        if (signed_up < 0)
            return -1;
        if (signed_up)
            problems_add(p, "school", "problem.school_fixed_by_pupils");
    }
    return 0;
}

int activity_check(struct db *db, int64_t activity_id, const struct activity_input *in,
                   struct problems *p)
{
    problems_clear(p);
    char kind[3] = "po";
    int school = in->school_id ? school_kind_of(db, in->school_id, kind) : 0;
    if (school < 0)
        return -1;
    if (!school)
        problems_add(p, "school", "problem.school_unknown");
    check_text(p, in);
    check_grades(p, kind, in);
    if (in->capacity && (in->capacity < 1 || in->capacity > ACTIVITY_CAPACITY_MAX))
        problems_add_int(p, "capacity", "problem.number_range", "max", ACTIVITY_CAPACITY_MAX);
    if (check_schedule(db, p, in) || check_links(db, p, in) ||
        check_pupils(db, p, activity_id, in))
        return -1;
    /* What the page could not read must not slip through when called directly. */
    struct activity_slot one;
    size_t n_slots;
    const struct activity_slot *slots = input_slots(in, &one, &n_slots);
    bool slots_read = true;
    for (size_t k = 0; k < n_slots; k++)
        slots_read &= slots[k].start && slots[k].end && slots[k].weekday;
    if (!in->title || !slots_read || !in->from || !in->until || !in->open_to ||
        !in->grade_min || !in->grade_max || !in->capacity)
        problems_add(p, "form", "problem.form_incomplete");
    return (int)p->n;
}

/* ---- writing -------------------------------------------------------------------------------- */

/* The checked slots of in as the schedule keeps them, sorted by weekday; their number. */
static size_t slot_times_of(const struct activity_input *in,
                            struct slot_times out[SCHEDULE_SLOTS_MAX])
{
    struct activity_slot one;
    size_t n;
    const struct activity_slot *slots = input_slots(in, &one, &n);
    if (n > SCHEDULE_SLOTS_MAX)
        n = SCHEDULE_SLOTS_MAX;
    for (size_t k = 0; k < n; k++) {
        out[k].weekday = slots[k].weekday;
        snprintf(out[k].start, sizeof out[k].start, "%s", slots[k].start ? slots[k].start : "");
        snprintf(out[k].end, sizeof out[k].end, "%s", slots[k].end ? slots[k].end : "");
    }
    schedule_sort_slots(out, n);
    return n;
}

size_t activity_slot_times(const struct activity_input *in,
                           struct slot_times out[SCHEDULE_SLOTS_MAX])
{
    return slot_times_of(in, out);
}

/* Bind the columns shared by INSERT and UPDATE (parameters 2–17); weekday and times are the
   first slot's. */
static void bind_activity(sqlite3_stmt *st, const struct activity_input *in,
                          const struct slot_times *first)
{
    sqlite3_bind_int64(st, 2, in->school_id);
    if (in->provider_id)
        sqlite3_bind_int64(st, 3, in->provider_id);
    else
        sqlite3_bind_null(st, 3);
    db_bind_text(st, 4, in->title);
    db_bind_text(st, 5, in->goal ? in->goal : "");
    db_bind_text(st, 6, in->location ? in->location : "");
    sqlite3_bind_int(st, 7, in->grade_min);
    sqlite3_bind_int(st, 8, in->grade_max);
    sqlite3_bind_int(st, 9, in->capacity);
    sqlite3_bind_int(st, 10, first->weekday);
    db_bind_text(st, 11, first->start);
    db_bind_text(st, 12, first->end);
    db_bind_text(st, 13, in->from);
    db_bind_text(st, 14, in->until);
    db_bind_text(st, 15, is_set(in->signup_from) ? in->signup_from : NULL);
    db_bind_text(st, 16, is_set(in->signup_until) ? in->signup_until : NULL);
    db_bind_text(st, 17, in->open_to);
}

static int64_t insert_activity(struct db *db, const struct activity_input *in,
                               const struct slot_times *first, const char *key)
{
    sqlite3_stmt *st = db_stmt(
        db, "INSERT INTO activities (key, school_id, provider_id, title, goal, location,"
            " grade_min, grade_max, capacity, weekday, start_time, end_time, date_from,"
            " date_until, signup_from, signup_until, open_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
            " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    bind_activity(st, in, first);
    if (db_step_done(st))
        return -1;
    return sqlite3_last_insert_rowid(db_handle(db));
}

static int update_activity(struct db *db, int64_t id, const struct activity_input *in,
                           const struct slot_times *first)
{
    sqlite3_stmt *st = db_stmt(
        db, "UPDATE activities SET school_id = ?2, provider_id = ?3, title = ?4, goal = ?5,"
            " location = ?6, grade_min = ?7, grade_max = ?8, capacity = ?9, weekday = ?10,"
            " start_time = ?11, end_time = ?12, date_from = ?13, date_until = ?14,"
            " signup_from = ?15, signup_until = ?16, open_to = ?17 WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    bind_activity(st, in, first);
    return db_step_done(st);
}

/* Replace the activity's rows in a link table (activity_domains or activity_staff). */
static int replace_links(struct db *db, int64_t id, const char *delete_sql,
                         const char *insert_sql, const int64_t *ids, size_t n)
{
    sqlite3_stmt *st = db_stmt(db, delete_sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (db_step_done(st))
        return -1;
    for (size_t i = 0; i < n; i++) {
        st = db_stmt(db, insert_sql);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, ids[i]);
        if (db_step_done(st))
            return -1;
    }
    return 0;
}

/* The writes of activity_save, inside its transaction. */
static int write_activity(struct db *db, int64_t user_id, int64_t *id,
                          const struct activity_input *in)
{
    char key[ACTIVITY_KEY_MAX + 1];
    bool create = *id == 0;
    struct slot_times slots[SCHEDULE_SLOTS_MAX];
    size_t n_slots = slot_times_of(in, slots);
    if (create) {
        if (key_with_school(db, in->title, "activiteit", 41, in->school_id, 51,
                            "SELECT 1 FROM activities WHERE key = ?1", key, sizeof key))
            return -1;
        *id = insert_activity(db, in, &slots[0], key);
        if (*id <= 0)
            return -1;
    } else if (update_activity(db, *id, in, &slots[0])) {
        return -1;
    }
    if (schedule_write_slots(db, *id, slots, n_slots))
        return -1;
    if (replace_links(db, *id, "DELETE FROM activity_domains WHERE activity_id = ?1",
                      "INSERT OR IGNORE INTO activity_domains (activity_id, domain_id)"
                      " VALUES (?1, ?2)", in->domain_ids, in->n_domains) ||
        replace_links(db, *id, "DELETE FROM activity_staff WHERE activity_id = ?1",
                      "INSERT OR IGNORE INTO activity_staff (activity_id, staff_id)"
                      " VALUES (?1, ?2)", in->staff_ids, in->n_staff) ||
        schedule_sync(db, *id))
        return -1;
    if (!create &&
        enrol_fill_free_seats(db, *id, user_id, "Plaats vrijgekomen: capaciteit verhoogd") < 0)
        return -1;
    return audit(db, user_id, create ? "create" : "update", "activities", *id,
                 create ? key : in->title);
}

enum outcome activity_save(struct db *db, int64_t user_id, int64_t *id,
                           const struct activity_input *in, struct problems *out)
{
    problems_clear(out);
    if (db_begin(db))
        return OUTCOME_FAILED;
    if (*id) {
        int64_t found = db_int(db, "SELECT 1 FROM activities WHERE id = ?1", *id, 0, 0);
        if (found <= 0) {
            db_rollback(db);
            return found < 0 ? OUTCOME_FAILED : OUTCOME_NOT_FOUND;
        }
    }
    int n = activity_check(db, *id, in, out);
    if (n != 0) {
        db_rollback(db);
        return n < 0 ? OUTCOME_FAILED : OUTCOME_INVALID;
    }
    int64_t saved_id = *id;
    if (write_activity(db, user_id, &saved_id, in)) {
        db_rollback(db);
        return OUTCOME_FAILED;
    }
    if (db_commit(db)) /* rolls back and releases the lock itself */
        return OUTCOME_FAILED;
    *id = saved_id;
    return OUTCOME_OK;
}

/* ---- sessions ------------------------------------------------------------------------------- */

/* What a session change is checked against. */
struct session_row {
    int64_t activity_id;
    char slot[11];
    char start[6], end[6]; /* its slot's times */
    /* Where and whether it takes place now, before the change. */
    char date[11], now_start[6], now_end[6];
    bool cancelled;
};

/* 0 found, 1 no such session, -1 error. */
static int read_session(struct db *db, int64_t session_id, struct session_row *s)
{
    /* The times of its slot: the slot of the planned date's weekday (the activity's first
       slot when that weekday has none any more). */
    sqlite3_stmt *st = db_stmt(db, "SELECT s.activity_id, s.slot_date,"
                                   " coalesce(t.start_time, a.start_time),"
                                   " coalesce(t.end_time, a.end_time),"
                                   " s.date, s.start_time, s.end_time, s.cancelled"
                                   " FROM sessions s JOIN activities a ON a.id = s.activity_id"
                                   " LEFT JOIN activity_slots t ON t.activity_id = s.activity_id"
                                   "  AND t.weekday = (CAST(strftime('%w', s.slot_date) AS INTEGER)"
                                   "   + 6) % 7 + 1"
                                   " WHERE s.id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        s->activity_id = sqlite3_column_int64(st, 0);
        snprintf(s->slot, sizeof s->slot, "%s", db_col_text(st, 1));
        snprintf(s->start, sizeof s->start, "%s", db_col_text(st, 2));
        snprintf(s->end, sizeof s->end, "%s", db_col_text(st, 3));
        snprintf(s->date, sizeof s->date, "%s", db_col_text(st, 4));
        snprintf(s->now_start, sizeof s->now_start, "%s", db_col_text(st, 5));
        snprintf(s->now_end, sizeof s->now_end, "%s", db_col_text(st, 6));
        s->cancelled = sqlite3_column_int(st, 7);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* Does the change make the session differ from its slot in the weekly schedule? */
static bool deviates(const struct session_row *s, const struct session_input *in)
{
    return in->cancelled || strcmp(in->date, s->slot) || strcmp(in->start, s->start) ||
           strcmp(in->end, s->end);
}

/* Problems of `in` for the session s (id session_id). -1 on error. */
static int session_problems(struct db *db, int64_t session_id, const struct session_row *s,
                            const struct session_input *in, struct problems *p)
{
    int32_t day;
    int start = 0, end = 0;
    bool dated = !date_parse(in->date, &day);
    if (!dated)
        problems_add(p, "date", "problem.date_invalid");
    bool start_ok = !time_parse(in->start, &start), end_ok = !time_parse(in->end, &end);
    if (!start_ok)
        problems_add(p, "start", "problem.time_invalid");
    if (!end_ok)
        problems_add(p, "end", "problem.time_invalid");
    if (start_ok && end_ok && end <= start)
        problems_add(p, "end", "problem.end_before_start");
    if (dated && !in->cancelled) {
        sqlite3_stmt *st = db_stmt(db, "SELECT 1 FROM sessions WHERE activity_id = ?1"
                                       " AND date = ?2 AND id <> ?3 AND cancelled = 0");
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, s->activity_id);
        db_bind_text(st, 2, in->date);
        sqlite3_bind_int64(st, 3, session_id);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return -1;
        if (rc == SQLITE_ROW)
            problems_add(p, "date", "problem.session_date_taken");
    }
    const char *reason = in->reason ? in->reason : "";
    if (!utf8_valid(reason, strlen(reason)) || utf8_length(reason) > SESSION_REASON_MAX)
        problems_add_int(p, "reason", "problem.too_long", "max", SESSION_REASON_MAX);
    else if (!*reason && in->cancelled)
        problems_add(p, "reason", "problem.reason_cancelled");
    else if (!*reason && deviates(s, in))
        problems_add(p, "reason", "problem.reason_moved");
    return 0;
}

int session_check(struct db *db, int64_t session_id, const struct session_input *in,
                  struct problems *out)
{
    problems_clear(out);
    struct session_row s;
    int found = read_session(db, session_id, &s);
    if (found)
        return found < 0 ? -1 : 0;
    if (session_problems(db, session_id, &s, in, out))
        return -1;
    return (int)out->n;
}

/* Parents of the enrolled pupils hear of a cancelled, moved or restored session that lies
   ahead (a correction of the past is not news to them). */
static int tell_parents_of_change(struct db *db, int64_t session_id, const struct session_row *s,
                                  const struct session_input *in)
{
    char today[11];
    date_format(date_today(), today);
    if (strcmp(s->date, today) < 0 && strcmp(in->date, today) < 0)
        return 0;
    if (in->cancelled && !s->cancelled)
        return notify_session_change(db, session_id, "session_cancelled", s->date);
    if (in->cancelled)
        return 0;
    if (s->cancelled || strcmp(in->date, s->date) || strcmp(in->start, s->now_start) ||
        strcmp(in->end, s->now_end)) {
        char when[40];
        snprintf(when, sizeof when, "%s %s–%s", in->date, in->start, in->end);
        return notify_session_change(db, session_id, "session_moved", when);
    }
    return 0;
}

static int write_session(struct db *db, int64_t user_id, int64_t session_id,
                         const struct session_row *s, const struct session_input *in)
{
    bool differs = deviates(s, in);
    sqlite3_stmt *st = db_stmt(db, "UPDATE sessions SET date = ?2, start_time = ?3,"
                                   " end_time = ?4, cancelled = ?5, reason = ?6 WHERE id = ?1");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    db_bind_text(st, 2, in->date);
    db_bind_text(st, 3, in->start);
    db_bind_text(st, 4, in->end);
    sqlite3_bind_int(st, 5, in->cancelled);
    db_bind_text(st, 6, differs && in->reason ? in->reason : "");
    if (db_step_done(st))
        return -1;
    char detail[64];
    if (in->cancelled)
        snprintf(detail, sizeof detail, "vervallen (%s)", s->slot);
    else if (differs)
        snprintf(detail, sizeof detail, "verplaatst (%s → %s %s)", s->slot, in->date, in->start);
    else
        snprintf(detail, sizeof detail, "volgens rooster (%s)", s->slot);
    return audit(db, user_id, "update", "sessions", session_id, detail) ||
           tell_parents_of_change(db, session_id, s, in);
}

enum outcome session_save(struct db *db, int64_t user_id, int64_t session_id,
                          const struct session_input *in, struct problems *out)
{
    problems_clear(out);
    if (db_begin(db))
        return OUTCOME_FAILED;
    struct session_row s;
    int found = read_session(db, session_id, &s);
    if (found) {
        db_rollback(db);
        return found < 0 ? OUTCOME_FAILED : OUTCOME_NOT_FOUND;
    }
    if (session_problems(db, session_id, &s, in, out)) {
        db_rollback(db);
        return OUTCOME_FAILED;
    }
    if (out->n) {
        db_rollback(db);
        return OUTCOME_INVALID;
    }
    if (write_session(db, user_id, session_id, &s, in)) {
        db_rollback(db);
        return OUTCOME_FAILED;
    }
    return db_commit(db) ? OUTCOME_FAILED : OUTCOME_OK;
}
