/* Schools (locaties) of the coalition: kinds, keys generated from names, and the write
   functions the lead uses. No HTTP here. */
#ifndef VERRIJKT_DOMAIN_SCHOOLS_H
#define VERRIJKT_DOMAIN_SCHOOLS_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/outcome.h"

struct db;

enum { SCHOOL_NAME_MAX = 120, SCHOOL_KEY_MAX = 72, SCHOOL_CONTACT_MAX = 200 };

/* The kinds of school: "po" (primair onderwijs, groep 1–8) and "vo" (voortgezet onderwijs,
   leerjaar 1–6). NULL-terminated. */
extern const char *const school_kinds[];
/* "Primair onderwijs" / "Voortgezet onderwijs"; "" for an unknown kind. Static string. */
const char *school_kind_label(const char *kind);
/* "groep" for po, "leerjaar" for vo. Static string. */
const char *school_grade_word(const char *kind);

/* The stored kind ("po"/"vo") of school_id into kind (3 bytes, the caller's; left untouched
   when there is no such school). 1 found, 0 no such school, -1 database error. Read only;
   usable inside the caller's transaction. */
int school_kind_of(struct db *db, int64_t school_id, char kind[3]);

/* The name's problem as a message key (static; {{max}} is SCHOOL_NAME_MAX), or NULL when it is
   a valid name: 1–SCHOOL_NAME_MAX characters of UTF-8 without control characters. */
const char *school_name_error(const char *name);
/* The same for the optional contact line (how parents reach the coordinator, printed on the
   parent letters): "" or at most SCHOOL_CONTACT_MAX ({{max}}) characters on one line. */
const char *school_contact_error(const char *contact);

/* A key for a new school with this name that no school uses yet: the name folded to
   lowercase ASCII words joined by '-' (see key_from_name), else with "-2", "-3", … appended.
   Call inside the write transaction that inserts the school. out needs SCHOOL_KEY_MAX + 1
   bytes. 0, or -1 on a database error. */
int school_key_unique(struct db *db, const char *name, char *out, size_t out_size);

struct school_input {
    const char *name;
    const char *kind;    /* "po" | "vo" */
    const char *contact; /* one line for parents; NULL or "" = none */
};

/* The outcomes of domain/outcome.h, and one of its own. */
enum school_result {
    SCHOOL_OK = OUTCOME_OK,
    SCHOOL_FAILED = OUTCOME_FAILED,       /* database error (logged) */
    SCHOOL_INVALID = OUTCOME_INVALID,     /* bad name or kind */
    SCHOOL_NOT_FOUND = OUTCOME_NOT_FOUND, /* no such school */
    SCHOOL_KIND_GRADES = OUTCOME_AREA     /* the new kind's grades leave pupils or activities out */
};

/* What refuses a change of kind: how many pupils and activities of the school have a grade
   above the highest grade of the new kind. */
struct school_grade_conflict {
    long long pupils, activities;
    int grade_max; /* the new kind's highest grade */
};

/* Count what would fall outside the grade range of `kind` at school_id (read only). 0 or -1. */
int school_grade_conflicts(struct db *db, int64_t school_id, const char *kind,
                           struct school_grade_conflict *out);

/* Create a school with a key generated from its name, audited as user_id, in one
   transaction. *id_out gets the id; key_out (SCHOOL_KEY_MAX + 1 bytes, may be NULL) the key. */
enum school_result school_create(struct db *db, int64_t user_id, const struct school_input *in,
                                 int64_t *id_out, char *key_out, size_t key_size);
/* Change a school's name, kind and contact line (the key stays), audited, in one transaction. A change of
   kind is refused with SCHOOL_KIND_GRADES (details in conflict, may be NULL) when pupils or
   activities of the school have grades beyond the new kind's range. Nothing is written on
   any error. */
enum school_result school_update(struct db *db, int64_t user_id, int64_t school_id,
                                 const struct school_input *in,
                                 struct school_grade_conflict *conflict);

#endif
