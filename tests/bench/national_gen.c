/* A generated national data set for the report benchmarks (issue 5, "fast at national scale"):
   at SCALE 1.0, 1,500 schools, about 400,000 pupils, 30,000 activities with weekly sessions
   (about 930,000), 1.7 enrolments per pupil and about 20 million attendance marks, all in one
   school year that is wholly in the past (so every session of it is held). Deterministic: a
   fixed seed, the same database for the same arguments. Passes or fails nothing.

   It writes straight into a fresh database made with the program's migrations (db_open +
   db_migrate), with prepared statements in one transaction per school. For speed, and only
   because the database is thrown away: journal off, no fsync, foreign keys off (the rows are
   consistent by construction), and the index attendance_pupil dropped during the load and
   made again at the end with the migration's definition (one sort instead of 20 million
   random inserts).

   Build and run from the source tree after `make B=DIR DIR/verrijkt` (tests/bench/national.sh
   does all of it):
     cc -std=c17 -O2 -D_GNU_SOURCE -Isrc -IDIR/gen tests/bench/national_gen.c \
        $(find DIR/obj -name '*.o' ! -name main.o) \
        -lmicrohttpd -ljansson -lsodium -lsqlite3 -linih -lpthread -o national_gen
     national_gen NEW.db YEAR [SCALE]
   YEAR: the school year 1 August YEAR – 31 July YEAR+1. SCALE: the share of the national size
   (default 1.0; 0.1 gives 150 schools and about 2 million marks). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_time.h"
#include "db/db.h"
#include "domain/reports/tally.h"
#include "util/date.h"

enum {
    NATIONAL_SCHOOLS = 1500,
    ACTIVITIES_PER_SCHOOL = 20,
    DOMAINS = 6,
    STAFF_PER_PROVIDER = 3,
    SCHOOLS_PER_PROVIDER = 5,
    FULL_SESSIONS = 37, /* weekly from early September, around the holidays: into early July */
    SHORT_SESSIONS = 5, /* one activity in ten: a short block, below min_sessions */
    MAX_SESSIONS = FULL_SESSIONS,
    MAX_PUPILS = 400, /* per school */
};

/* ---- a small deterministic random source (xorshift64*) ---------------------------------------- */

static uint64_t rng_state = 0x5eed2026u;

static uint64_t rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

/* A number in [0, n). */
static int rng_below(int n) { return (int)(rng_next() % (uint64_t)n); }

/* True with a chance of percent in 100. */
static int rng_pct(int percent) { return rng_below(100) < percent; }

/* ---- what is being generated ------------------------------------------------------------------ */

struct plan {
    struct db *db;
    int year;          /* the school year starts on 1 August of it */
    int32_t holidays[4][2];
    int n_schools, n_providers;
    int64_t next_pupil, next_activity, next_session, next_enrolment;
    int64_t pupils, activities, sessions, held, enrolments, marks, involvement;
};

struct pupil_row {
    int64_t id;
    int32_t left_day; /* INT32_MAX: still at school */
};

/* One enrolment of the activity being generated. */
struct member {
    int64_t pupil_id;
    int32_t until; /* the last day the pupil is on the register (cancel or leaving), or INT32_MAX */
};

static int32_t day_in(int year, int month, int day)
{
    char text[11];
    int32_t d = 0;
    snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    if (date_parse(text, &d)) {
        fprintf(stderr, "bad date %s\n", text);
        exit(1);
    }
    return d;
}

static int step(sqlite3_stmt *st)
{
    return db_step_done(st);
}

static void die_if(int failed, const char *what)
{
    if (failed) {
        fprintf(stderr, "national_gen: %s failed: %s\n", what, "see the log above");
        exit(1);
    }
}

/* ---- the coalition: domains, holidays, providers and their staff ------------------------------ */

static const char *const domain_codes[DOMAINS] = {"sport", "cultuur", "natuur",
                                                  "techniek", "taal", "burgerschap"};

static void write_coalition(struct plan *p)
{
    die_if(db_exec(p->db, "INSERT INTO coalition (id, name, city) VALUES"
                          " (1, 'Landelijke benchmark', 'Nederland')"),
           "coalition");
    sqlite3_stmt *st = db_stmt(p->db, "INSERT INTO domains (code, name, position) VALUES (?1, ?1, ?2)");
    for (int d = 0; d < DOMAINS; d++) {
        db_bind_text(st, 1, domain_codes[d]);
        sqlite3_bind_int(st, 2, d);
        die_if(step(st), "domain");
        sqlite3_reset(st);
    }
    static const char *const names[4] = {"Herfstvakantie", "Kerstvakantie", "Voorjaarsvakantie",
                                         "Meivakantie"};
    int32_t (*h)[2] = p->holidays;
    h[0][0] = day_in(p->year, 10, 17), h[0][1] = day_in(p->year, 10, 25);
    h[1][0] = day_in(p->year, 12, 19), h[1][1] = day_in(p->year + 1, 1, 4);
    h[2][0] = day_in(p->year + 1, 2, 14), h[2][1] = day_in(p->year + 1, 2, 22);
    h[3][0] = day_in(p->year + 1, 4, 25), h[3][1] = day_in(p->year + 1, 5, 3);
    st = db_stmt(p->db, "INSERT INTO holidays (name, date_from, date_to) VALUES (?1, ?2, ?3)");
    for (int i = 0; i < 4; i++) {
        char from[11], to[11];
        date_format(h[i][0], from);
        date_format(h[i][1], to);
        db_bind_text(st, 1, names[i]);
        db_bind_text(st, 2, from);
        db_bind_text(st, 3, to);
        die_if(step(st), "holiday");
        sqlite3_reset(st);
    }
    static const char *const levels[3] = {"start", "basis", "vak"};
    sqlite3_stmt *prov = db_stmt(p->db, "INSERT INTO providers (id, key, name, external)"
                                        " VALUES (?1, ?2, ?2, ?3)");
    sqlite3_stmt *staff = db_stmt(p->db, "INSERT INTO staff (id, key, provider_id, name, level,"
                                         " vog_date) VALUES (?1, ?2, ?3, ?2, ?4, ?5)");
    for (int i = 1; i <= p->n_providers; i++) {
        char key[32];
        snprintf(key, sizeof key, "aanbieder-%04d", i);
        sqlite3_bind_int(prov, 1, i);
        db_bind_text(prov, 2, key);
        sqlite3_bind_int(prov, 3, rng_pct(80));
        die_if(step(prov), "provider");
        sqlite3_reset(prov);
        for (int k = 0; k < STAFF_PER_PROVIDER; k++) {
            char skey[40], vog[11];
            snprintf(skey, sizeof skey, "%s-%d", key, k);
            date_format(day_in(p->year - rng_below(4), 1 + rng_below(12), 1 + rng_below(28)), vog);
            sqlite3_bind_int(staff, 1, (i - 1) * STAFF_PER_PROVIDER + k + 1);
            db_bind_text(staff, 2, skey);
            sqlite3_bind_int(staff, 3, i);
            db_bind_text(staff, 4, levels[rng_below(3)]);
            db_bind_text(staff, 5, rng_pct(90) ? vog : NULL);
            die_if(step(staff), "staff");
            sqlite3_reset(staff);
        }
    }
    /* Each level assessed before the year, and a third of the staff reassessed one level up
       in the middle of it (issue 15, part 6: the level valid on each session's date). */
    die_if(db_exec(p->db, "INSERT INTO staff_levels (staff_id, level, assessed_on)"
                          " SELECT id, level, '2000-01-01' FROM staff"),
           "staff levels");
    char mid[11];
    date_format(day_in(p->year + 1, 1, 15), mid);
    sqlite3_stmt *up = db_stmt(p->db, "INSERT INTO staff_levels (staff_id, level, assessed_on)"
                                      " SELECT id, CASE level WHEN 'start' THEN 'basis' ELSE"
                                      " 'vak' END, ?1 FROM staff WHERE id % 3 = 0");
    db_bind_text(up, 1, mid);
    die_if(step(up), "staff reassessed");
    sqlite3_reset(up);
}

/* ---- one school -------------------------------------------------------------------------------- */

static int in_holiday(const struct plan *p, int32_t day)
{
    for (int i = 0; i < 4; i++)
        if (day >= p->holidays[i][0] && day <= p->holidays[i][1])
            return 1;
    return 0;
}

/* The school's pupils: 150 to 384 of them (267 on average), 2% leave during the year. */
static int write_pupils(struct plan *p, int64_t school_id, int grades, struct pupil_row *rows)
{
    sqlite3_stmt *st = db_stmt(
        p->db, "INSERT INTO pupils (id, key, school_id, number, first_name, last_name, grade,"
               " priority, left_on) VALUES (?1, ?2, ?3, ?4, 'Kind', ?4, ?5, ?6, ?7)");
    int n = 150 + rng_below(235);
    int32_t year_start = day_in(p->year, 8, 1);
    for (int i = 0; i < n; i++) {
        int64_t id = p->next_pupil++;
        char key[24], number[16], left[11];
        snprintf(key, sizeof key, "l%07lld", (long long)id);
        snprintf(number, sizeof number, "%d", i + 1);
        rows[i] = (struct pupil_row){id, INT32_MAX};
        if (rng_pct(2))
            rows[i].left_day = year_start + 30 + rng_below(300);
        if (rows[i].left_day != INT32_MAX)
            date_format(rows[i].left_day, left);
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, key);
        sqlite3_bind_int64(st, 3, school_id);
        db_bind_text(st, 4, number);
        sqlite3_bind_int(st, 5, 1 + rng_below(grades));
        sqlite3_bind_int(st, 6, rng_pct(20));
        db_bind_text(st, 7, rows[i].left_day == INT32_MAX ? NULL : left);
        die_if(step(st), "pupil");
        sqlite3_reset(st);
    }
    p->pupils += n;
    return n;
}

/* The activity's row, its domains and staff, and its sessions (ids written to ids, dates to
   days, cancelled ones marked). The number of sessions. */
static int write_activity(struct plan *p, int64_t school_id, int64_t id, int grades,
                          int64_t *ids, int32_t *days, int *cancelled)
{
    int weekday = 1 + rng_below(5);
    int n = rng_pct(10) ? SHORT_SESSIONS : FULL_SESSIONS;
    const char *start = weekday == 3 ? "13:00" : "15:00";
    const char *end = rng_pct(50) ? (weekday == 3 ? "14:30" : "16:30") : (weekday == 3 ? "14:00" : "16:00");
    int32_t day = day_in(p->year, 9, 7);
    while (date_weekday(day) != weekday)
        day++;
    if (n == SHORT_SESSIONS)
        day += 7 * rng_below(25); /* a block somewhere in the year */
    int k = 0;
    for (; k < n; day += 7) {
        if (in_holiday(p, day))
            continue;
        days[k] = day;
        ids[k] = p->next_session++;
        cancelled[k] = rng_pct(3);
        k++;
    }
    char key[24], from[11], until[11];
    snprintf(key, sizeof key, "a%06lld", (long long)id);
    date_format(days[0], from);
    date_format(days[n - 1], until);
    sqlite3_stmt *st = db_stmt(
        p->db, "INSERT INTO activities (id, key, school_id, provider_id, title, grade_min,"
               " grade_max, capacity, weekday, start_time, end_time, date_from, date_until,"
               " open_to) VALUES (?1, ?2, ?3, ?4, ?2, 1, ?5, 40, ?6, ?7, ?8, ?9, ?10, ?11)");
    int provider = 1 + (int)((school_id - 1) / SCHOOLS_PER_PROVIDER + rng_below(3)) % p->n_providers;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, key);
    sqlite3_bind_int64(st, 3, school_id);
    sqlite3_bind_int(st, 4, provider);
    sqlite3_bind_int(st, 5, grades);
    sqlite3_bind_int(st, 6, weekday);
    db_bind_text(st, 7, start);
    db_bind_text(st, 8, end);
    db_bind_text(st, 9, from);
    db_bind_text(st, 10, until);
    db_bind_text(st, 11, rng_pct(10) ? "coalition" : "school");
    die_if(step(st), "activity");
    sqlite3_reset(st);

    st = db_stmt(p->db, "INSERT INTO activity_domains (activity_id, domain_id) VALUES (?1, ?2)");
    int first = rng_below(DOMAINS), second = rng_pct(20) ? (first + 1 + rng_below(DOMAINS - 1)) % DOMAINS : -1;
    for (int d = 0; d < 2; d++) {
        int domain = d ? second : first;
        if (domain < 0)
            continue;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, domain + 1);
        die_if(step(st), "activity domain");
        sqlite3_reset(st);
    }
    st = db_stmt(p->db, "INSERT INTO activity_staff (activity_id, staff_id) VALUES (?1, ?2)");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, (provider - 1) * STAFF_PER_PROVIDER + 1 + rng_below(STAFF_PER_PROVIDER));
    die_if(step(st), "activity staff");
    sqlite3_reset(st);

    st = db_stmt(p->db, "INSERT INTO sessions (id, activity_id, slot_date, date, start_time,"
                        " end_time, cancelled, reason) VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7)");
    for (int i = 0; i < n; i++) {
        char date[11];
        date_format(days[i], date);
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int64(st, 2, id);
        db_bind_text(st, 3, date);
        db_bind_text(st, 4, start);
        db_bind_text(st, 5, end);
        sqlite3_bind_int(st, 6, cancelled[i]);
        db_bind_text(st, 7, cancelled[i] ? "ziek" : "");
        die_if(step(st), "session");
        sqlite3_reset(st);
        p->held += !cancelled[i];
    }
    p->sessions += n;
    return n;
}

/* One enrolment with its history: 92% enrolled, 5% enrolled and cancelled during the year,
   3% waitlisted. Its member row when the pupil is (was) on the register, else until = -1. */
static struct member write_enrolment(struct plan *p, const struct pupil_row *pupil,
                                     int64_t activity_id)
{
    int64_t id = p->next_enrolment++;
    int kind = rng_below(100);
    const char *status = kind < 92 ? "enrolled" : kind < 97 ? "cancelled" : "waitlisted";
    char created[24], changed[24];
    snprintf(created, sizeof created, "%04d-08-%02dT10:00:00.000", p->year, 20 + rng_below(10));
    int32_t cancel_day = day_in(p->year, 10, 1) + rng_below(200);
    char cday[11];
    date_format(cancel_day, cday);
    snprintf(changed, sizeof changed, "%sT18:00:00.000", cday);
    sqlite3_stmt *st = db_stmt(p->db, "INSERT INTO enrolments (id, pupil_id, activity_id, status,"
                                      " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, pupil->id);
    sqlite3_bind_int64(st, 3, activity_id);
    db_bind_text(st, 4, status);
    db_bind_text(st, 5, created);
    db_bind_text(st, 6, kind >= 92 && kind < 97 ? changed : created);
    die_if(step(st), "enrolment");
    sqlite3_reset(st);
    st = db_stmt(p->db, "INSERT INTO enrolment_history (enrolment_id, from_status, to_status, at)"
                        " VALUES (?1, ?2, ?3, ?4)");
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, NULL);
    db_bind_text(st, 3, kind < 97 ? "enrolled" : "waitlisted");
    db_bind_text(st, 4, created);
    die_if(step(st), "history");
    sqlite3_reset(st);
    if (kind >= 92 && kind < 97) {
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, "enrolled");
        db_bind_text(st, 3, "cancelled");
        db_bind_text(st, 4, changed);
        die_if(step(st), "history");
        sqlite3_reset(st);
    }
    p->enrolments++;
    if (kind >= 97)
        return (struct member){pupil->id, -1};
    int32_t until = kind < 92 ? INT32_MAX : cancel_day - 1;
    if (pupil->left_day != INT32_MAX && pupil->left_day - 1 < until)
        until = pupil->left_day - 1;
    return (struct member){pupil->id, until};
}

static int compare_members(const void *x, const void *y)
{
    const struct member *a = x, *b = y;
    return (a->pupil_id > b->pupil_id) - (a->pupil_id < b->pupil_id);
}

/* The marks of the held sessions for the members on the register that day, in the order of the
   attendance table's key (session, pupil): 85% present, 10% absent, 5% excused; an
   involvement score with 40% of the present marks. */
static void write_marks(struct plan *p, const int64_t *ids, const int32_t *days,
                        const int *cancelled, int n_sessions, struct member *members, int n)
{
    qsort(members, (size_t)n, sizeof *members, compare_members);
    sqlite3_stmt *st = db_stmt(p->db, "INSERT INTO attendance (session_id, pupil_id, status,"
                                      " involvement) VALUES (?1, ?2, ?3, ?4)");
    for (int s = 0; s < n_sessions; s++) {
        if (cancelled[s])
            continue;
        for (int m = 0; m < n; m++) {
            if (members[m].until < days[s])
                continue;
            int r = rng_below(100);
            const char *status = r < 85 ? "present" : r < 95 ? "absent" : "excused";
            sqlite3_bind_int64(st, 1, ids[s]);
            sqlite3_bind_int64(st, 2, members[m].pupil_id);
            db_bind_text(st, 3, status);
            if (r < 85 && rng_pct(40)) {
                sqlite3_bind_int(st, 4, 1 + rng_below(5));
                p->involvement++;
            } else {
                sqlite3_bind_null(st, 4);
            }
            die_if(step(st), "mark");
            sqlite3_reset(st);
            p->marks++;
        }
    }
}

/* A school with its pupils, activities, sessions, enrolments (0 to 3 per pupil, 1.7 on
   average; 15% of the pupils take part in nothing) and marks, in one transaction. */
static void write_school(struct plan *p, int64_t school_id)
{
    static struct pupil_row pupils[MAX_PUPILS];
    static struct member members[ACTIVITIES_PER_SCHOOL][MAX_PUPILS];
    static int n_members[ACTIVITIES_PER_SCHOOL];
    die_if(db_begin(p->db), "begin");
    int vo = rng_pct(20);
    int grades = vo ? 6 : 8;
    char key[16], name[32];
    snprintf(key, sizeof key, "s%05lld", (long long)school_id);
    snprintf(name, sizeof name, "School %05lld", (long long)school_id);
    sqlite3_stmt *st = db_stmt(p->db, "INSERT INTO schools (id, key, name, kind) VALUES (?1, ?2, ?3, ?4)");
    sqlite3_bind_int64(st, 1, school_id);
    db_bind_text(st, 2, key);
    db_bind_text(st, 3, name);
    db_bind_text(st, 4, vo ? "vo" : "po");
    die_if(step(st), "school");
    sqlite3_reset(st);

    int n_pupils = write_pupils(p, school_id, grades, pupils);
    int64_t first_activity = p->next_activity;
    p->next_activity += ACTIVITIES_PER_SCHOOL;
    memset(n_members, 0, sizeof n_members);
    for (int i = 0; i < n_pupils; i++) {
        int r = rng_below(100), k = r < 15 ? 0 : r < 40 ? 1 : r < 75 ? 2 : 3;
        int chosen[3] = {-1, -1, -1};
        for (int j = 0; j < k; j++) {
            int a;
            do
                a = rng_below(ACTIVITIES_PER_SCHOOL);
            while (a == chosen[0] || a == chosen[1]);
            chosen[j] = a;
        }
        /* the enrolments are written by activity below, so that their ids follow the
           activities; until then a member's pupil_id holds the pupil's index in pupils */
        for (int j = 0; j < k; j++)
            members[chosen[j]][n_members[chosen[j]]++] = (struct member){i, 0};
    }
    int64_t ids[MAX_SESSIONS];
    int32_t days[MAX_SESSIONS];
    int cancelled[MAX_SESSIONS];
    for (int a = 0; a < ACTIVITIES_PER_SCHOOL; a++) {
        int64_t activity_id = first_activity + a;
        int n_sessions = write_activity(p, school_id, activity_id, grades, ids, days, cancelled);
        int n = 0;
        for (int m = 0; m < n_members[a]; m++) {
            struct member e = write_enrolment(p, &pupils[members[a][m].pupil_id], activity_id);
            if (e.until >= 0)
                members[a][n++] = e;
        }
        write_marks(p, ids, days, cancelled, n_sessions, members[a], n);
    }
    p->activities += ACTIVITIES_PER_SCHOOL;
    die_if(db_commit(p->db), "commit");
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s NEW.db YEAR [SCALE]\n", argv[0]);
        return 2;
    }
    double scale = argc > 3 ? atof(argv[3]) : 1.0;
    struct plan p = {.year = atoi(argv[2]), .next_pupil = 1, .next_activity = 1,
                     .next_session = 1, .next_enrolment = 1};
    p.n_schools = (int)(NATIONAL_SCHOOLS * scale + 0.5);
    if (p.year < 2000 || p.year > 2900 || p.n_schools < 1) {
        fprintf(stderr, "national_gen: YEAR 2000-2900 and SCALE > 0 please\n");
        return 2;
    }
    p.n_providers = (p.n_schools + SCHOOLS_PER_PROVIDER - 1) / SCHOOLS_PER_PROVIDER;
    char err[256];
    p.db = db_open(argv[1], err, sizeof err);
    if (!p.db || db_migrate(p.db, err, sizeof err)) {
        fprintf(stderr, "national_gen: %s\n", err);
        return 1;
    }
    die_if(db_exec(p.db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                         " PRAGMA foreign_keys = OFF; PRAGMA cache_size = -1000000;"
                         " DROP INDEX attendance_pupil"),
           "pragmas");
    write_coalition(&p);
    for (int64_t s = 1; s <= p.n_schools; s++) {
        write_school(&p, s);
        if (s % 100 == 0)
            fprintf(stderr, "national_gen: %lld of %d schools, %lld marks\n", (long long)s,
                    p.n_schools, (long long)p.marks);
    }
    die_if(db_exec(p.db, "CREATE INDEX attendance_pupil ON attendance(pupil_id)"), "index");
    /* The reports' summary tables, from what the triggers noted during the load (as a commit
       of the program would have done school by school). */
    double started = bench_now_ms();
    die_if(db_begin(p.db) || tally_flush(p.db) || db_commit(p.db), "tallies");
    double tallies = (bench_now_ms() - started) / 1000;
    db_close(p.db);
    printf("schools %d, pupils %lld, activities %lld, sessions %lld (held %lld), enrolments %lld,"
           " marks %lld (with involvement %lld)\n",
           p.n_schools, (long long)p.pupils, (long long)p.activities, (long long)p.sessions,
           (long long)p.held, (long long)p.enrolments, (long long)p.marks,
           (long long)p.involvement);
    printf("tallies (domain/reports/tally.c) brought up to date in %.1f s\n", tallies);
    return 0;
}
