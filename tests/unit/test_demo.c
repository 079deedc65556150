/* Tests of the demo document (src/domain/demo*.c): deterministic for a given today; the 18
 * schools of the coalition and about 4,000 pupils with unique link codes; enrolments that keep
 * the rules (capacity, school, grade range, no overlapping times for a pupil, waiting list only
 * when full); attendance only on real sessions before today, for enrolled pupils; one account
 * per role; at least one school with a gap in its domains; the holidays of the year; and that
 * the whole document loads into a fresh database. The invariants are checked for several
 * todays (early in, in the middle of and before the school year). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "demo/demo.h"
#include "domain/people/pupils.h"
#include "io/loadjson.h"
#include "domain/offer/schedule.h"
#include "util/date.h"
#include "testdb.h"

static const char *const TODAYS[] = {"2026-11-22", "2027-03-15", "2026-08-10", "2027-07-20"};

static int32_t day_of(const char *s)
{
    int32_t day = 0;
    if (date_parse(s, &day))
        fail_msg("not a date: '%s'", s ? s : "(null)");
    return day;
}

static const char *str(json_t *obj, const char *name)
{
    return json_string_value(json_object_get(obj, name));
}

static json_t *section(json_t *doc, const char *name)
{
    json_t *list = json_object_get(doc, name);
    assert_true(json_is_array(list));
    return list;
}

/* An object mapping each item's `field` to the item (borrowed references). New reference. */
static json_t *index_by(json_t *list, const char *field)
{
    json_t *map = json_object();
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *key = str(item, field);
        assert_non_null(key);
        if (json_object_get(map, key))
            fail_msg("duplicate %s '%s'", field, key);
        json_object_set(map, key, item);
    }
    return map;
}

static int minutes(json_t *obj, const char *name)
{
    int m = -1;
    assert_int_equal(time_parse(str(obj, name), &m), 0);
    return m;
}

/* Whether two activities have sessions at overlapping times (weekday, times, date ranges). */
static bool overlap(json_t *a, json_t *b)
{
    return json_integer_value(json_object_get(a, "weekday")) ==
               json_integer_value(json_object_get(b, "weekday")) &&
           minutes(a, "start") < minutes(b, "end") && minutes(b, "start") < minutes(a, "end") &&
           strcmp(str(a, "from"), str(b, "until")) <= 0 &&
           strcmp(str(b, "from"), str(a, "until")) <= 0;
}

/* The holidays of the document as ranges; *n set. Caller frees. */
static struct holiday_range *holiday_ranges(json_t *doc, size_t *n)
{
    json_t *list = section(doc, "holidays");
    struct holiday_range *r = calloc(json_array_size(list) + 1, sizeof *r);
    size_t i;
    json_t *h;
    json_array_foreach(list, i, h)
    {
        r[i].from = day_of(str(h, "from"));
        r[i].to = day_of(str(h, "to"));
        assert_true(r[i].from <= r[i].to);
    }
    *n = json_array_size(list);
    return r;
}

/* How many sessions the schedule gives an activity (schedule.h, the same as the loader). */
static size_t session_count(json_t *a, const struct holiday_range *h, size_t n_h)
{
    return schedule_dates((int)json_integer_value(json_object_get(a, "weekday")),
                          day_of(str(a, "from")), day_of(str(a, "until")), h, n_h, NULL, 0);
}

static bool is_session_date(json_t *a, int32_t day, const struct holiday_range *h, size_t n_h)
{
    size_t n = session_count(a, h, n_h);
    int32_t *dates = calloc(n + 1, sizeof *dates);
    schedule_dates((int)json_integer_value(json_object_get(a, "weekday")), day_of(str(a, "from")),
                   day_of(str(a, "until")), h, n_h, dates, n);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
        found = dates[i] == day;
    free(dates);
    return found;
}

/* ---- the checks ------------------------------------------------------------------------------ */

static void check_schools_and_pupils(json_t *doc)
{
    json_t *schools = section(doc, "schools");
    assert_int_equal(json_array_size(schools), 18);
    json_t *by_key = index_by(schools, "key");
    assert_non_null(json_object_get(by_key, "haagse-beek"));
    assert_non_null(json_object_get(by_key, "grote-beer"));
    assert_non_null(json_object_get(by_key, "sbo-so-koetsveldschool"));
    assert_non_null(json_object_get(by_key, "kc-bamboe"));
    json_decref(by_key);
    assert_string_equal(str(json_object_get(doc, "coalition"), "name"),
                        "Coalitie Den Haag Zuidwest");
    assert_int_equal(json_array_size(section(doc, "domains")), 6);

    json_t *pupils = section(doc, "pupils");
    size_t n = json_array_size(pupils), priority = 0;
    assert_true(n >= 3500 && n <= 4500);
    json_t *codes = index_by(pupils, "link_code"); /* fails on a duplicate */
    json_decref(codes);
    size_t i;
    json_t *p;
    json_array_foreach(pupils, i, p)
    {
        const char *code = str(p, "link_code");
        assert_int_equal(strlen(code), 9);
        assert_int_equal(code[4], '-');
        assert_null(strpbrk(code, "O0I1"));
        assert_true(link_code_valid(code)); /* every code the site hands out is one it accepts */
        json_int_t grade = json_integer_value(json_object_get(p, "grade"));
        assert_true(grade >= 1 && grade <= 8);
        priority += json_is_true(json_object_get(p, "priority"));
    }
    assert_true(priority * 100 > n * 20 && priority * 100 < n * 40);
}

/* Capacity, school, grade range, sign-up window and the waiting list, per enrolment. */
static void check_enrolments(json_t *doc, int32_t today)
{
    int32_t year_from, year_until;
    date_school_year(today, &year_from, &year_until);
    json_t *activities = index_by(section(doc, "activities"), "key");
    json_t *pupils = index_by(section(doc, "pupils"), "key");
    json_t *enrolled = json_object(), *waiting = json_object(), *per_pupil = json_object();
    size_t i;
    json_t *e;
    json_array_foreach(section(doc, "enrolments"), i, e)
    {
        json_t *a = json_object_get(activities, str(e, "activity"));
        json_t *p = json_object_get(pupils, str(e, "pupil"));
        assert_non_null(a);
        assert_non_null(p);
        if (!strcmp(str(a, "open_to"), "school"))
            assert_string_equal(str(p, "school"), str(a, "school"));
        /* Last year's activities had the pupil one grade lower. */
        json_int_t grade = json_integer_value(json_object_get(p, "grade")) -
                           (day_of(str(a, "until")) < year_from ? 1 : 0);
        json_t *grades = json_object_get(a, "grades");
        assert_true(grade >= json_integer_value(json_array_get(grades, 0)));
        assert_true(grade <= json_integer_value(json_array_get(grades, 1)));
        const char *created = str(e, "created");
        assert_non_null(created);
        assert_true(strncmp(created, str(a, "signup_from"), 16) >= 0);
        assert_true(strncmp(created, str(a, "signup_until"), 16) <= 0);
        char created_day[11];
        snprintf(created_day, sizeof created_day, "%.10s", created);
        assert_true(day_of(created_day) < today);
        json_t *counter = !strcmp(str(e, "status"), "enrolled")     ? enrolled
                          : !strcmp(str(e, "status"), "waitlisted") ? waiting
                                                                    : NULL;
        if (counter) {
            json_int_t c = json_integer_value(json_object_get(counter, str(a, "key")));
            json_object_set_new(counter, str(a, "key"), json_integer(c + 1));
        } else {
            assert_string_equal(str(e, "status"), "cancelled");
        }
        /* No two activities of one pupil at overlapping times. */
        json_t *mine = json_object_get(per_pupil, str(p, "key"));
        if (!mine) {
            mine = json_array();
            json_object_set_new(per_pupil, str(p, "key"), mine);
        }
        size_t k;
        json_t *other;
        json_array_foreach(mine, k, other)
        {
            if (overlap(a, other))
                fail_msg("pupil %s: %s overlaps %s", str(p, "key"), str(a, "key"),
                         str(other, "key"));
        }
        json_array_append(mine, a);
    }
    const char *key;
    json_t *a;
    json_object_foreach(activities, key, a)
    {
        json_int_t capacity = json_integer_value(json_object_get(a, "capacity"));
        json_int_t n = json_integer_value(json_object_get(enrolled, key));
        assert_true(capacity >= 10 && capacity <= 20);
        assert_true(n <= capacity);
        if (json_integer_value(json_object_get(waiting, key)))
            assert_int_equal(n, capacity); /* a waiting list only when full */
        json_int_t wd = json_integer_value(json_object_get(a, "weekday"));
        assert_true(wd >= 1 && wd <= 5);
        assert_true(strcmp(str(a, "signup_until"), str(a, "from")) < 0);
    }
    json_decref(enrolled);
    json_decref(waiting);
    json_decref(per_pupil);
    json_decref(activities);
    json_decref(pupils);
}

/* Marks only on scheduled, not cancelled sessions before today, for enrolled pupils. */
static void check_attendance(json_t *doc, int32_t today)
{
    size_t n_h;
    struct holiday_range *h = holiday_ranges(doc, &n_h);
    json_t *activities = index_by(section(doc, "activities"), "key");
    json_t *status = json_object(), *cancelled = json_object(), *checked = json_object();
    size_t i;
    json_t *item;
    json_array_foreach(section(doc, "enrolments"), i, item)
    {
        char k[300];
        snprintf(k, sizeof k, "%s|%s", str(item, "activity"), str(item, "pupil"));
        json_object_set_new(status, k, json_string(str(item, "status")));
    }
    json_array_foreach(section(doc, "sessions"), i, item)
    {
        char k[300];
        snprintf(k, sizeof k, "%s|%s", str(item, "activity"), str(item, "slot"));
        assert_true(json_is_true(json_object_get(item, "cancelled")));
        json_object_set_new(cancelled, k, json_true());
    }
    size_t marks = 0, involvement = 0, present = 0;
    json_array_foreach(section(doc, "attendance"), i, item)
    {
        char k[300];
        int32_t day = day_of(str(item, "date"));
        assert_true(day < today);
        snprintf(k, sizeof k, "%s|%s", str(item, "activity"), str(item, "pupil"));
        assert_string_equal(json_string_value(json_object_get(status, k)), "enrolled");
        snprintf(k, sizeof k, "%s|%s", str(item, "activity"), str(item, "date"));
        assert_null(json_object_get(cancelled, k));
        if (!json_object_get(checked, k)) { /* once per session */
            json_t *a = json_object_get(activities, str(item, "activity"));
            assert_true(is_session_date(a, day, h, n_h));
            json_object_set_new(checked, k, json_true());
        }
        marks++;
        present += !strcmp(str(item, "status"), "present");
        involvement += json_object_get(item, "involvement") != NULL;
    }
    if (marks) {
        assert_true(present * 100 > marks * 75 && present * 100 < marks * 95);
        assert_true(involvement * 100 > marks * 55 && involvement * 100 < marks * 85);
    }
    free(h);
    json_decref(status);
    json_decref(cancelled);
    json_decref(checked);
    json_decref(activities);
}

/* One account per role, with passwords a person can type and the references they need. */
static void check_users(json_t *doc)
{
    static const char *const roles[] = {"lead", "coordinator", "staff", "parent"};
    json_t *pupils = index_by(section(doc, "pupils"), "key");
    json_t *staff = index_by(section(doc, "staff"), "key");
    for (size_t r = 0; r < 4; r++) {
        json_t *found = NULL, *u;
        size_t i;
        json_array_foreach(section(doc, "users"), i, u)
        {
            if (!strcmp(str(u, "role"), roles[r]))
                found = u;
        }
        if (!found)
            fail_msg("no %s account", roles[r]);
        assert_true(strlen(str(found, "password")) >= 10);
        assert_non_null(strstr(str(found, "email"), "@verrijkt.demo"));
        if (r == 1)
            assert_string_equal(str(found, "school"), "haagse-beek");
        if (r == 2)
            assert_non_null(json_object_get(staff, str(found, "staff")));
        if (r == 3) {
            json_t *children = json_object_get(found, "children");
            assert_int_equal(json_array_size(children), 2);
            for (size_t c = 0; c < 2; c++) {
                json_t *p = json_object_get(pupils, json_string_value(json_array_get(children, c)));
                assert_non_null(p);
                assert_string_equal(str(p, "school"), "haagse-beek");
            }
        }
    }
    json_decref(pupils);
    json_decref(staff);
}

/* Some school of the current year has a domain without an activity of at least 6 sessions. */
static void check_domain_gap(json_t *doc, int32_t today)
{
    int32_t year_from, year_until;
    date_school_year(today, &year_from, &year_until);
    size_t n_h;
    struct holiday_range *h = holiday_ranges(doc, &n_h);
    json_t *covered = json_object(); /* "school|domain" */
    size_t i;
    json_t *a;
    json_array_foreach(section(doc, "activities"), i, a)
    {
        if (day_of(str(a, "from")) < year_from || session_count(a, h, n_h) < 6)
            continue;
        size_t k;
        json_t *dom;
        json_array_foreach(json_object_get(a, "domains"), k, dom)
        {
            char key[200];
            snprintf(key, sizeof key, "%s|%s", str(a, "school"), json_string_value(dom));
            json_object_set_new(covered, key, json_true());
        }
    }
    size_t gaps = 0, s;
    json_t *school;
    json_array_foreach(section(doc, "schools"), s, school)
    {
        size_t d;
        json_t *dom;
        bool gap = false;
        json_array_foreach(section(doc, "domains"), d, dom)
        {
            char key[200];
            snprintf(key, sizeof key, "%s|%s", str(school, "key"), str(dom, "code"));
            gap = gap || !json_object_get(covered, key);
        }
        gaps += gap;
    }
    assert_true(gaps >= 1 && gaps < 18);
    json_decref(covered);
    free(h);
}

/* The five holidays of the current school year, Christmas and Koningsdag inside. */
static void check_holidays(json_t *doc, int32_t today)
{
    int32_t year_from, year_until;
    date_school_year(today, &year_from, &year_until);
    char first[11];
    date_format(year_from, first);
    int year = atoi(first);
    static const char *const names[] = {"Herfstvakantie", "Kerstvakantie", "Voorjaarsvakantie",
                                        "Meivakantie (met Koningsdag)", "Zomervakantie"};
    for (size_t n = 0; n < 5; n++) {
        bool found = false;
        size_t i;
        json_t *hol;
        json_array_foreach(section(doc, "holidays"), i, hol)
        {
            int32_t from = day_of(str(hol, "from"));
            if (strcmp(str(hol, "name"), names[n]) || from < year_from || from > year_until)
                continue;
            found = true;
            char probe[16];
            if (n == 1) {
                snprintf(probe, sizeof probe, "%04d-12-25", year % 10000);
                assert_true(day_of(probe) >= from && day_of(probe) <= day_of(str(hol, "to")));
            } else if (n == 3) {
                snprintf(probe, sizeof probe, "%04d-04-27", (year + 1) % 10000);
                assert_true(day_of(probe) >= from && day_of(probe) <= day_of(str(hol, "to")));
            }
        }
        if (!found)
            fail_msg("no %s in the school year %d", names[n], year);
    }
}

/* ---- tests ----------------------------------------------------------------------------------- */

static void test_deterministic(void **state)
{
    (void)state;
    int32_t today = day_of(TODAYS[0]);
    json_t *a = demo_document(today), *b = demo_document(today);
    assert_true(json_equal(a, b));
    char *text_a = json_dumps(a, JSON_COMPACT), *text_b = json_dumps(b, JSON_COMPACT);
    assert_string_equal(text_a, text_b);
    free(text_a);
    free(text_b);
    /* Another today changes the attendance, not who the pupils are. */
    json_t *c = demo_document(day_of(TODAYS[1]));
    assert_true(json_equal(json_object_get(a, "pupils"), json_object_get(c, "pupils")));
    assert_false(json_equal(json_object_get(a, "attendance"), json_object_get(c, "attendance")));
    json_decref(a);
    json_decref(b);
    json_decref(c);
}

static void test_invariants(void **state)
{
    (void)state;
    for (size_t t = 0; t < sizeof TODAYS / sizeof TODAYS[0]; t++) {
        int32_t today = day_of(TODAYS[t]);
        json_t *doc = demo_document(today);
        check_schools_and_pupils(doc);
        check_enrolments(doc, today);
        check_attendance(doc, today);
        check_users(doc);
        check_domain_gap(doc, today);
        check_holidays(doc, today);
        json_decref(doc);
    }
}

static void test_size(void **state)
{
    (void)state;
    json_t *doc = demo_document(day_of(TODAYS[0]));
    size_t activities = json_array_size(section(doc, "activities"));
    size_t enrolments = json_array_size(section(doc, "enrolments"));
    size_t marks = json_array_size(section(doc, "attendance"));
    size_t staff = json_array_size(section(doc, "staff"));
    assert_true(staff >= 30 && staff <= 60);
    assert_true(activities >= 18 * 8 && activities <= 1200);
    assert_true(enrolments >= 3000);
    assert_true(marks >= 50000 && marks <= 300000);
    json_decref(doc);
}

static void test_loads(void **state)
{
    (void)state;
    char dir[64], err[512];
    struct db *db = testdb_open(dir, "test_demo", NULL);
    assert_non_null(db);
    json_t *doc = demo_document(day_of(TODAYS[0]));
    if (load_document(db, doc, err, sizeof err))
        fail_msg("load_document: %s", err);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM schools", -1), 18);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM pupils", -1),
                     (int64_t)json_array_size(section(doc, "pupils")));
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM attendance", -1),
                     (int64_t)json_array_size(section(doc, "attendance")));
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM enrolments", -1),
                     (int64_t)json_array_size(section(doc, "enrolments")));
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM sessions WHERE cancelled = 1", -1),
                     (int64_t)json_array_size(section(doc, "sessions")));
    assert_int_equal(db_scalar_int(db, "SELECT count(DISTINCT role) FROM users", -1), 4);
    /* Every mark belongs to a session before the demo's today that is not cancelled. */
    assert_int_equal(db_scalar_int(db,
                                   "SELECT count(*) FROM attendance a JOIN sessions s"
                                   " ON s.id = a.session_id WHERE s.cancelled = 1"
                                   " OR s.date >= '2026-11-22'",
                                   -1),
                     0);
    /* The pupil's voice: interest answers and feedback loaded, none after the demo's today. */
    int64_t interests = (int64_t)json_array_size(section(doc, "interests"));
    int64_t feedback = (int64_t)json_array_size(section(doc, "feedback"));
    assert_true(interests > 0 && feedback > 0);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM interest_answers", -1), interests);
    assert_int_equal(db_scalar_int(db, "SELECT count(*) FROM feedback", -1), feedback);
    assert_int_equal(db_scalar_int(db,
                                   "SELECT (SELECT count(*) FROM interest_answers WHERE date >="
                                   " '2026-11-22') + (SELECT count(*) FROM feedback WHERE"
                                   " date >= '2026-11-22')",
                                   -1),
                     0);
    json_decref(doc);
    testdb_remove(db, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_invariants),
        cmocka_unit_test(test_size),
        cmocka_unit_test(test_loads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
