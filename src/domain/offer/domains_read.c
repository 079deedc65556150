/* Reads of the development domains and the holidays; see domains_read.h. */
#include "domain/offer/domains_read.h"

#include "db/db.h"
#include "db/rows.h"

/* The count of sql (no parameters) into *out: 1, or -1 on a database error. */
static int count_of(struct db *db, const char *sql, int64_t *out)
{
    int64_t n = db_int(db, sql, 0, 0, -1);
    *out = n < 0 ? 0 : n;
    return n < 0 ? -1 : 1;
}

json_t *read_domains(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, code AS code, name AS name,"
                                   " position AS position FROM domains ORDER BY position, name");
    return st ? db_rows(st, "issi") : NULL;
}

json_t *read_domains_in_use(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT d.id AS id, d.code AS code, d.name AS name,"
                                   " d.position AS position,"
                                   " (SELECT count(*) FROM activity_domains x"
                                   "  WHERE x.domain_id = d.id) AS activities"
                                   " FROM domains d ORDER BY d.position, d.id");
    return st ? db_rows(st, "issii") : NULL;
}

int read_domains_count(struct db *db, int64_t *out)
{
    return count_of(db, "SELECT count(*) FROM domains", out);
}

json_t *read_holidays(struct db *db)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT id AS id, name AS name, date_from AS \"from\","
                                   " date_to AS \"to\","
                                   " julianday(date_to) - julianday(date_from) + 1 AS days"
                                   " FROM holidays ORDER BY date_from, date_to, name, id");
    return st ? db_rows(st, "isssi") : NULL;
}

int read_holidays_count(struct db *db, int64_t *out)
{
    return count_of(db, "SELECT count(*) FROM holidays", out);
}
