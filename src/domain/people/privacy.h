/* The pupil's rights (PRODUCT.md rule 8, issue 14): everything stored about one pupil, and
   deleting a pupil, by hand or by the purge of pupils who left long ago. No HTTP here.

   Deleting keeps the pupil's row as an anonymous one: the name becomes "Verwijderde leerling",
   the key and the school's number "anon-<id>"; class, safety notes and link code are emptied;
   the parent links, follow-up notes, notifications and the incidents' mention of the pupil are
   removed; anonymised = 1, and left_on is set (today) when it was not. Enrolments, their
   history, the marks and round preferences stay, without a name, so that every report of every
   past period reads exactly the same. Anonymous pupils are out of every list, page and letter
   (reads treat them as gone) and keep their anonymous form in dump. */
#ifndef VERRIJKT_DOMAIN_PRIVACY_H
#define VERRIJKT_DOMAIN_PRIVACY_H

#include "domain/layer.h"

#include <jansson.h>
#include <stdint.h>

#include "domain/outcome.h"

struct db;

#define PRIVACY_FIRST_NAME "Verwijderde"
#define PRIVACY_LAST_NAME "leerling"

/* Delete pupil_id as above, in one write transaction with an audit record by user_id (0: the
   system), on day today ("YYYY-MM-DD"). OUTCOME_NOT_FOUND when there is no such pupil or it
   was deleted already; OUTCOME_FAILED on a database error (nothing written). */
enum outcome pupil_anonymise(struct db *db, int64_t user_id, int64_t pupil_id, const char *today);

/* Delete every pupil who left more than after_days days before today ("YYYY-MM-DD"), in one
   write transaction, recorded in privacy_purges with `by` ("serve" or "command"): the number
   deleted (0 when none), or -1 on a database error (nothing written). Running it again
   deletes nothing more. */
int pupils_purge(struct db *db, int after_days, const char *today, const char *by);

/* Everything stored about pupil_id, for the pupil's export: {"pupil" (as read_pupil),
   "enrolments" [{"activity", "activity_id", "status", "created_at", "history" [{"at",
   "to_status"}]}], "attendance" [{"activity", "date", "status", "involvement" (null)}],
   "contacts" [] (the families' contacts, with the school-year issue), "parents" [{"name",
   "email"}], "incidents" [{"id", "occurred_on", "what", "severity"}], "followups"
   [{"activity", "through", "note", "at"}], "audit" [{"at", "action", "entity", "detail"}]}
   into *out (new reference): 1; 0 when there is no such (or only an anonymous) pupil; -1 on a
   database error. */
int read_pupil_export(struct db *db, int64_t pupil_id, json_t **out);

/* The last purge: {"at", "removed", "by"} into *out, 1; 0 when none ran yet; -1 on error. */
int read_last_purge(struct db *db, json_t **out);

#endif
