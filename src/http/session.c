#include "http/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "db/db.h"
#include "http/flash.h"
#include "http/req.h"

#define SESSION_COOKIE "vsid"
#define CSRF_COOKIE "vcsrf"
enum { TOKEN_BYTES = 32, TOKEN_HEX = TOKEN_BYTES * 2 + 1 };

static void new_token(char out[TOKEN_HEX])
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, TOKEN_HEX, raw, sizeof raw);
}

static bool token_well_formed(const char *t)
{
    if (!t || strlen(t) != TOKEN_HEX - 1)
        return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

static void hash_token(const char *token, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

static void set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
    const char *secure = r->app->cfg.cookie_secure ? "; Secure" : "";
    char *header = arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s",
                                name, value, max_age, secure);
    req_add_header(r, "Set-Cookie", header);
}

static enum role role_from_text(const char *text)
{
    if (!strcmp(text, "lead"))
        return ROLE_LEAD;
    if (!strcmp(text, "coordinator"))
        return ROLE_COORDINATOR;
    if (!strcmp(text, "staff"))
        return ROLE_STAFF;
    if (!strcmp(text, "parent"))
        return ROLE_PARENT;
    return ROLE_NONE;
}

static void load_anonymous_csrf(struct req *r)
{
    const char *token = req_cookie(r, CSRF_COOKIE);
    if (token_well_formed(token)) {
        r->csrf = arena_strdup(&r->arena, token);
        return;
    }
    char fresh[TOKEN_HEX];
    new_token(fresh);
    r->csrf = arena_strdup(&r->arena, fresh);
    set_cookie(r, CSRF_COOKIE, fresh, 12 * 3600);
}

/* The login's flash, if one waits (http/flash.h: in memory, so neither setting nor reading it
   writes to the database), taken into r->flash and r->flash_warning. */
static void take_flash(struct req *r)
{
    char text[FLASH_TEXT_MAX + 1];
    bool warning;
    if (flash_take(r->session_token_hash, text, sizeof text, &warning, time(NULL)) && *text) {
        r->flash = arena_strdup(&r->arena, text);
        r->flash_warning = warning;
    }
}

void session_load(struct req *r)
{
    const char *token = req_cookie(r, SESSION_COOKIE);
    if (!token_well_formed(token)) {
        load_anonymous_csrf(r);
        return;
    }
    hash_token(token, r->session_token_hash);
    sqlite3_stmt *st = db_stmt(
        r->db, "SELECT u.id, u.role, coalesce(u.school_id, 0), coalesce(u.staff_id, 0), u.email,"
               " u.name, l.csrf FROM logins l JOIN users u ON u.id = l.user_id"
               " WHERE l.token_hash = ?1 AND l.created_at > ?2 AND u.active = 1");
    if (!st) {
        load_anonymous_csrf(r);
        return;
    }
    long long oldest = (long long)time(NULL) - (long long)r->app->cfg.session_hours * 3600;
    sqlite3_bind_blob(st, 1, r->session_token_hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, oldest);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        load_anonymous_csrf(r);
        return;
    }
    r->has_session = true;
    r->user.id = sqlite3_column_int64(st, 0);
    r->user.role = role_from_text(db_col_text(st, 1));
    r->user.school_id = sqlite3_column_int64(st, 2);
    r->user.staff_id = sqlite3_column_int64(st, 3);
    r->user.email = arena_strdup(&r->arena, db_col_text(st, 4));
    r->user.name = arena_strdup(&r->arena, db_col_text(st, 5));
    r->csrf = arena_strdup(&r->arena, db_col_text(st, 6));
    sqlite3_reset(st);
    take_flash(r);
}

bool session_check_csrf(const struct req *r)
{
    const char *sent = req_form(r, "csrf");
    if (!sent || !r->csrf)
        return false;
    size_t len = strlen(r->csrf);
    if (strlen(sent) != len)
        return false;
    return sodium_memcmp(sent, r->csrf, len) == 0;
}

int session_login(struct req *r, int64_t user_id)
{
    char token[TOKEN_HEX], csrf[TOKEN_HEX];
    unsigned char hash[32];
    new_token(token);
    new_token(csrf);
    hash_token(token, hash);
    long long now = (long long)time(NULL);
    long long oldest = now - (long long)r->app->cfg.session_hours * 3600;
    if (db_begin(r->db)) /* first: statements that write belong to the transaction */
        return -1;
    sqlite3_stmt *del = db_stmt(r->db, "DELETE FROM logins WHERE token_hash = ?1 OR created_at < ?2");
    sqlite3_stmt *ins = db_stmt(r->db, "INSERT INTO logins (token_hash, user_id, csrf, created_at,"
                                       " seen_at) VALUES (?1, ?2, ?3, ?4, ?4)");
    if (!del || !ins) {
        db_rollback(r->db);
        return -1;
    }
    sqlite3_bind_blob(del, 1, r->session_token_hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(del, 2, oldest);
    sqlite3_bind_blob(ins, 1, hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 2, user_id);
    sqlite3_bind_text(ins, 3, csrf, -1, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 4, now);
    if (db_step_done(del) || db_step_done(ins)) {
        db_rollback(r->db);
        return -1;
    }
    if (db_commit(r->db))
        return -1;
    memcpy(r->session_token_hash, hash, 32);
    r->has_session = true;
    r->csrf = arena_strdup(&r->arena, csrf);
    set_cookie(r, SESSION_COOKIE, token, (long)r->app->cfg.session_hours * 3600);
    /* The anonymous token of before the login is not kept either: whoever may have learnt it
       (a shared computer, a planted cookie) gets nothing that lasts past the login. */
    char fresh[TOKEN_HEX];
    new_token(fresh);
    set_cookie(r, CSRF_COOKIE, fresh, 12 * 3600);
    return 0;
}

void session_logout(struct req *r)
{
    if (r->has_session) {
        if (!db_begin(r->db)) {
            sqlite3_stmt *del = db_stmt(r->db, "DELETE FROM logins WHERE token_hash = ?1");
            if (del)
                sqlite3_bind_blob(del, 1, r->session_token_hash, 32, SQLITE_STATIC);
            if (!del || db_step_done(del))
                db_rollback(r->db);
            else
                db_commit(r->db);
        }
    }
    if (r->has_session)
        flash_drop(r->session_token_hash);
    r->has_session = false;
    set_cookie(r, SESSION_COOKIE, "", 0);
}

void session_flash_warning(struct req *r, const char *message)
{
    if (r->has_session)
        flash_put(r->session_token_hash, message, true, time(NULL));
}

void session_flash(struct req *r, const char *message)
{
    if (r->has_session)
        flash_put(r->session_token_hash, message, false, time(NULL));
}
