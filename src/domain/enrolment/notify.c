/* Notifications for parents and the outbox they are mailed from. */
#include "domain/enrolment/notify.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "domain/enrolment/enrol.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/messages.h"
#include "util/utf8.h"

static char public_url[256] = "http://127.0.0.1:8080";

void notify_set_public_url(const char *url)
{
    snprintf(public_url, sizeof public_url, "%s", url);
    size_t n = strlen(public_url);
    while (n > 0 && public_url[n - 1] == '/')
        public_url[--n] = '\0';
}

/* The names a notification's texts fill in: {{child}}, {{activity}}, {{detail}} and {{url}}.
   New reference, NULL when out of memory or a name is not UTF-8. */
static json_t *notice_vars(const char *child, const char *activity, const char *detail)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "child", child, "activity", activity, "detail", detail,
                     "url", public_url);
}

/* The notice of kind (the catalogue's "notice.KIND") with the names filled in; a detail that
   starts with a date (a session's, stored as "YYYY-MM-DD…") is told in words. The names into
   *vars (the caller's reference, NULL on failure). Caller frees the text; NULL on failure. */
static char *notice_text(const char *lang, const char *kind, const char *child,
                         const char *activity, const char *detail, json_t **vars)
{
    char key[48], *dated = i18n_dated(lang, detail);
    snprintf(key, sizeof key, "notice.%s", kind);
    *vars = dated ? notice_vars(child, activity, dated) : NULL;
    free(dated);
    return *vars ? i18n_format(lang, key, *vars) : NULL;
}

char *notify_text(const char *lang, const char *kind, const char *child, const char *activity,
                  const char *detail)
{
    json_t *vars;
    char *text = notice_text(lang, kind, child, activity, detail, &vars);
    json_decref(vars);
    return text;
}

/* The notice text for one parent, rendered in the parent's language, into the outbox. vars
   are the notice's; the mail's own parts are filled in with an empty detail. */
static int queue_mail(struct db *db, int64_t notification_id, const char *email, const char *lang,
                      const char *text, json_t *vars, const char *stamp)
{
    if (json_object_set_new_nocheck(vars, "detail", json_string("")))
        return -1;
    char *subject = i18n_format(lang, "mail.subject", vars);
    char *greeting = i18n_format(lang, "mail.greeting", vars);
    char *link = i18n_format(lang, "mail.link", vars);
    char *closing = i18n_format(lang, "mail.closing", vars);
    int rc = -1;
    struct buf body = {0};
    if (subject && greeting && link && closing) {
        buf_printf(&body, "%s\n\n%s\n\n%s\n\n%s\n", greeting, text, link, closing);
        sqlite3_stmt *st = db_stmt(db, "INSERT INTO outbox (notification_id, to_email, subject,"
                                       " body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (st && body.data) {
            sqlite3_bind_int64(st, 1, notification_id);
            db_bind_text(st, 2, email);
            db_bind_text(st, 3, subject);
            db_bind_text(st, 4, body.data);
            db_bind_text(st, 5, stamp);
            rc = db_step_done(st);
        }
    }
    buf_free(&body);
    free(subject);
    free(greeting);
    free(link);
    free(closing);
    return rc;
}

/* One notification row for a parent, and its mail. */
static int notify_one(struct db *db, int64_t user_id, const char *email, const char *lang,
                      int64_t pupil_id, int64_t activity_id, const char *kind, const char *detail,
                      const char *child, const char *activity)
{
    char stamp[24];
    timestamp_now(stamp);
    sqlite3_stmt *st = db_stmt(db, "INSERT INTO notifications (user_id, pupil_id, activity_id,"
                                   " kind, detail, created_at) VALUES (?1, ?2, nullif(?3, 0), ?4,"
                                   " ?5, ?6)");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, pupil_id);
    sqlite3_bind_int64(st, 3, activity_id);
    db_bind_text(st, 4, kind);
    db_bind_text(st, 5, detail);
    db_bind_text(st, 6, stamp);
    if (db_step_done(st))
        return -1;
    int64_t id = sqlite3_last_insert_rowid(db_handle(db));
    json_t *vars;
    char *text = notice_text(lang, kind, child, activity, detail, &vars);
    int rc = text ? queue_mail(db, id, email, lang, text, vars, stamp) : -1;
    free(text);
    json_decref(vars);
    return rc;
}

/* The parents of a pupil, copied out first so that the inserts do not run under the query.
   Texts too long are cut between characters (utf8_copy): a title cut inside one made every
   sign-up for its activity fail, as the mail could not be formatted. */
struct parent {
    int64_t user_id;
    char email[256], lang[16], child[128], activity[ENROL_TITLE_MAX + 1];
};

int notify_parents(struct db *db, int64_t pupil_id, int64_t activity_id, const char *kind,
                   const char *detail)
{
    /* Ordered by pc.user_id (= u.id), which the index parent_children_pupil (pupil_id, and the
       key user_id) gives without sorting. */
    sqlite3_stmt *st = db_stmt(db, "SELECT u.id, u.email, u.lang, p.first_name,"
                                   " coalesce((SELECT title FROM activities WHERE id = ?2), '')"
                                   " FROM parent_children pc"
                                   " JOIN users u ON u.id = pc.user_id AND u.active = 1"
                                   " JOIN pupils p ON p.id = pc.pupil_id"
                                   " WHERE pc.pupil_id = ?1 ORDER BY pc.user_id LIMIT 8");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pupil_id);
    sqlite3_bind_int64(st, 2, activity_id);
    struct parent parents[8];
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 8) {
        struct parent *p = &parents[n++];
        p->user_id = sqlite3_column_int64(st, 0);
        utf8_copy(p->email, sizeof p->email, db_col_text(st, 1));
        utf8_copy(p->lang, sizeof p->lang, i18n_pick(db_col_text(st, 2), NULL));
        utf8_copy(p->child, sizeof p->child, db_col_text(st, 3));
        utf8_copy(p->activity, sizeof p->activity, db_col_text(st, 4));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct parent *p = &parents[i];
        if (notify_one(db, p->user_id, p->email, p->lang, pupil_id, activity_id, kind, detail,
                       p->child, p->activity))
            return -1;
    }
    return 0;
}

int notify_session_change(struct db *db, int64_t session_id, const char *kind,
                          const char *detail)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT e.pupil_id, s.activity_id FROM sessions s"
                                   " JOIN enrolments e ON e.activity_id = s.activity_id"
                                   "  AND e.status = 'enrolled'"
                                   " JOIN parent_children pc ON pc.pupil_id = e.pupil_id"
                                   " WHERE s.id = ?1 GROUP BY e.pupil_id ORDER BY e.pupil_id");
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    size_t n = 0, cap = 0;
    int64_t *pupils = NULL, activity_id = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(pupils, cap, n))
            break; /* out of memory: rc is SQLITE_ROW, so -1 */
        pupils[n++] = sqlite3_column_int64(st, 0);
        activity_id = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    int result = rc == SQLITE_DONE ? 0 : -1;
    for (size_t i = 0; i < n && result == 0; i++)
        result = notify_parents(db, pupils[i], activity_id, kind, detail);
    free(pupils);
    return result;
}

json_t *notify_list(struct db *db, int64_t user_id, const char *lang, int limit)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT n.id, n.kind, n.detail, n.created_at,"
                                   " n.seen_at IS NULL, p.first_name, coalesce(a.title, ''), p.id"
                                   " FROM notifications n JOIN pupils p ON p.id = n.pupil_id"
                                   " LEFT JOIN activities a ON a.id = n.activity_id"
                                   " WHERE n.user_id = ?1"
                                   " ORDER BY n.created_at DESC, n.id DESC LIMIT ?2");
    json_t *list = json_array();
    if (!st || !list) {
        json_decref(list);
        return NULL;
    }
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kind = db_col_text(st, 1), *detail = db_col_text(st, 2);
        const char *child = db_col_text(st, 5), *activity = db_col_text(st, 6);
        char *text = notify_text(lang, kind, child, activity, detail);
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I}", "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "kind", kind, "text",
                            text ? text : "", "child", child, "activity", activity, "detail",
                            detail, "at", db_col_text(st, 3), "unseen",
                            sqlite3_column_int(st, 4), "pupil_id",
                            (json_int_t)sqlite3_column_int64(st, 7)));
        free(text);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return NULL;
    }
    return list;
}

int notify_mark_seen(struct db *db, int64_t user_id)
{
    char stamp[24];
    timestamp_now(stamp);
    if (db_begin(db))
        return -1;
    sqlite3_stmt *st = db_stmt(db, "UPDATE notifications SET seen_at = ?2"
                                   " WHERE user_id = ?1 AND seen_at IS NULL");
    if (!st) {
        db_rollback(db);
        return -1;
    }
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, stamp);
    if (db_step_done(st)) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db);
}
