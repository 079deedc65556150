/* The pupil's voice (issue 15, part 2): interest questionnaires and feedback on an activity,
   answered by the pupils on a shared tablet at /q/{code} (no account: the code is the only
   key), or, for interests, by a parent with the child on the parent's page.

   A questionnaire is opened by a coordinator for a group of their school (kind interest) or by
   the coordinator or the activity's staff for a session (kind feedback); it has a short code
   (QUESTIONNAIRE_CODE_LEN symbols of the link codes' unambiguous alphabet) valid for
   `minutes` (the lesson). A wrong or expired code counts against the typing address
   (questionnaire_failures), as wrong link codes do; above the limit the address waits.
   Who may open which questionnaire (scope) is the pages' concern; which pupil may answer on a
   questionnaire is this file's (questionnaire_pupil_allowed). */
#ifndef VERRIJKT_DOMAIN_QUALITY_VOICE_H
#define VERRIJKT_DOMAIN_QUALITY_VOICE_H

#include "domain/layer.h"

#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"
#include "domain/problems.h"

struct db;

enum {
    QUESTIONNAIRE_CODE_LEN = 6,
    QUESTIONNAIRE_CODE_SIZE = QUESTIONNAIRE_CODE_LEN + 1,
    QUESTIONNAIRE_MINUTES_DEFAULT = 120,
    QUESTIONNAIRE_MINUTES_MAX = 8 * 60,
    QUESTIONNAIRE_CLASS_MAX = 40,
    FEEDBACK_SCORE_MIN = 1,
    FEEDBACK_SCORE_MAX = 3,
    INTEREST_DOMAINS_MAX = 32,
};

enum questionnaire_kind { QUESTIONNAIRE_INTEREST, QUESTIONNAIRE_FEEDBACK };

/* An open questionnaire as the tablet flow needs it. */
struct questionnaire {
    int64_t id;
    enum questionnaire_kind kind;
    int64_t school_id;
    char class_name[QUESTIONNAIRE_CLASS_MAX * 4 + 1]; /* interest: the group */
    int64_t activity_id, session_id;                  /* feedback */
    char date[11];                                    /* the answers' date */
    char code[QUESTIONNAIRE_CODE_SIZE];
    long long expires_at; /* unix seconds */
};

/* The throttle's limits: within window_minutes, one address may type max_failures wrong or
   expired codes (the pages pass 4 × [enrolment] link_max_failures: a school's tablets share
   one address). */
struct questionnaire_limits {
    int max_failures;
    int window_minutes;
};

/* The typed code in its stored form (upper case, spaces and dashes dropped) into out. 0, or -1
   when it is not QUESTIONNAIRE_CODE_LEN symbols of the alphabet. */
int questionnaire_code_normalize(const char *typed, char out[QUESTIONNAIRE_CODE_SIZE]);

/* Open an interest questionnaire for the group class_name of school_id, valid `minutes`
   (1..QUESTIONNAIRE_MINUTES_MAX) from now (unix seconds), its answers dated today. Problems:
   "group" problem.questionnaire_group (no pupil at school in that group), "minutes"
   problem.questionnaire_minutes. The new code into code. OUTCOME_OK / _INVALID / _FAILED;
   audited as user_id. */
enum outcome questionnaire_open_interest(struct db *db, int64_t user_id, int64_t school_id,
                                         const char *class_name, int minutes, const char *today,
                                         long long now, struct problems *out,
                                         char code[QUESTIONNAIRE_CODE_SIZE]);

/* Open a feedback questionnaire for session_id (not cancelled, not after today; problem "form"
   problem.feedback_session otherwise), dated on the session's date, valid `minutes` from now.
   OUTCOME_NOT_FOUND without the session. */
enum outcome questionnaire_open_feedback(struct db *db, int64_t user_id, int64_t session_id,
                                         int minutes, const char *today, long long now,
                                         struct problems *out,
                                         char code[QUESTIONNAIRE_CODE_SIZE]);

enum questionnaire_find {
    QUESTIONNAIRE_FOUND = 0,
    QUESTIONNAIRE_FAILED = -1,
    QUESTIONNAIRE_WRONG = 1,     /* malformed, unknown or expired (counted as a failure) */
    QUESTIONNAIRE_THROTTLED = 2, /* the address typed too many wrong codes lately */
};

/* The open questionnaire of the typed code, at now (unix seconds), asked from address: first
   the throttle, then the code; a wrong one is counted. The questionnaire into *out. */
enum questionnaire_find questionnaire_find(struct db *db, const char *typed, const char *address,
                                           const struct questionnaire_limits *limits,
                                           long long now, struct questionnaire *out);

/* Whether pupil_id may answer on q: interest, a pupil of the group (not left); feedback, a
   pupil enrolled in the activity (not left). 1, 0, or -1 on a database error. */
int questionnaire_pupil_allowed(struct db *db, const struct questionnaire *q, int64_t pupil_id);

/* An interest answer. domain_codes: the codes of the domains named (each known, none twice). */
struct interest_input {
    int64_t pupil_id;
    const char *date; /* YYYY-MM-DD */
    const char *const *domain_codes;
    size_t n_domains;
    int other;          /* "iets anders" */
    const char *source; /* "class" or "parent" */
};

/* Save an interest answer in one transaction, replacing the pupil's answer of the same date and
   source. An answer names at least one domain or "iets anders" (problem "domains"
   problem.interest_empty); an unknown domain code is problem.interest_domain.
   OUTCOME_OK / _INVALID / _NOT_FOUND (no such pupil) / _FAILED. */
enum outcome interest_save(struct db *db, const struct interest_input *in, struct problems *out);

/* Save pupil_id's feedback on activity_id dated date (score 1..3, again 0/1), replacing the
   pupil's feedback on the same activity and date. Problems "score" problem.feedback_score,
   "again" problem.feedback_again. OUTCOME_OK / _INVALID / _NOT_FOUND / _FAILED. */
enum outcome feedback_save(struct db *db, int64_t pupil_id, int64_t activity_id, const char *date,
                           int score, int again, struct problems *out);

#endif
