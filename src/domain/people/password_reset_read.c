/* The read of the forgotten-password links (password_reset.h). */
#include "domain/people/password_reset.h"

#include <string.h>

#include "db/db.h"
#include "db/rows.h"

int read_password_reset(struct db *db, const char *token, long long now, json_t **out)
{
    *out = NULL;
    unsigned char hash[32];
    password_reset_token_hash(token ? token : "", hash);
    sqlite3_stmt *st = db_stmt(db, "SELECT u.email AS email,"
                                   " u.password_hash = '" PASSWORD_INVITED "' AS invited"
                                   " FROM password_resets p"
                                   " JOIN users u ON u.id = p.user_id WHERE p.token_hash = ?1"
                                   " AND p.used_at IS NULL AND p.expires_at > ?2"
                                   " AND u.active = 1");
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    return db_row(st, "sb", out);
}
