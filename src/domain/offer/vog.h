/* VOG validity (PRODUCT.md rule 7), its one home: the C form and the SQL form of the rule side
   by side. tests/unit/test_admin_read.c checks that the two agree around every boundary.

   A VOG (Verklaring Omtrent het Gedrag) dated D counts for `years` years (config
   staff.vog_valid_years): its last valid day is the day before the same date `years` later
   ("geldig tot", like a passport); a VOG of 29 February runs until 28 February when that year
   has no leap day. In SQLite that day is date(D, '+N years', '-1 day').

   Two questions are asked of a VOG:
   - Is it valid on a given day (a session's date, a report's reference day)? Only when it is
     dated on or before that day and the day is not after its last valid day. No date: no.
     C: vog_valid_on; SQL: VOG_VALID_ON_SQL.
   - What is its status today, for the lists of staff? Missing (no date), expired (its last
     valid day is before today) or valid (otherwise). A problem when expired, or when missing
     for staff of an external provider. C: vog_check + vog_problem; SQL: VOG_PROBLEM_SQL.
   The two differ only for a VOG dated after the day asked about: the forms refuse such a date
   (staff_vog_error) but a load file may carry one; its status today is "valid", while it is not
   yet valid for a session or a report before its date.

   The two forms agree on what the forms and load files store: no date (NULL; "" counts the
   same) or a valid "YYYY-MM-DD". The SQL fragments take their operands as SQL text (string literals: a column such as
   "st.vog_date", or a parameter such as "?4"); `modifier` is a parameter bound to the text of
   vog_modifier ("+3 years"). Every operand may appear more than once in the fragment. */
#ifndef VERRIJKT_DOMAIN_OFFER_VOG_H
#define VERRIJKT_DOMAIN_OFFER_VOG_H

#include "domain/layer.h"

#include <stdbool.h>
#include <stdint.h>

/* The last valid day of the VOG dated vog ("YYYY-MM-DD"; NULL for no date or an unreadable
   one). */
#define VOG_LAST_DAY_SQL(vog, modifier) "date(" vog ", " modifier ", '-1 day')"

/* 1 when the VOG dated vog is valid on day ("YYYY-MM-DD"), else 0 or NULL (an unreadable
   date): the twin of vog_valid_on. Negate it with NOT for "without a valid VOG". */
#define VOG_VALID_ON_SQL(vog, day, modifier)                                                   \
    "(" vog " IS NOT NULL AND " vog " <> '' AND " vog " <= " day                               \
    " AND " VOG_LAST_DAY_SQL(vog, modifier) " >= " day ")"

/* True when the VOG dated vog needs attention on day for a staff member whose provider is
   external when `external` is true: the twin of vog_problem(vog_check(vog, day, …), external). */
#define VOG_PROBLEM_SQL(vog, external, day, modifier)                                          \
    "((coalesce(" vog ", '') = '' AND " external ") OR " VOG_LAST_DAY_SQL(vog, modifier)       \
    " < " day ")"

enum { VOG_MODIFIER_SIZE = 24 };
/* The modifier the SQL fragments bind for a validity of `years` years: "+3 years". */
void vog_modifier(int years, char out[VOG_MODIFIER_SIZE]);

enum vog_status { VOG_MISSING, VOG_VALID, VOG_EXPIRED };
/* Status of vog_date (NULL or "" = missing; an unparsable date counts as missing) on day
   `today` (a day number, util/date.h). The last valid day goes into valid_until (11 bytes,
   "YYYY-MM-DD", "" when missing). */
enum vog_status vog_check(const char *vog_date, int32_t today, int years, char valid_until[11]);
/* Does this VOG status need attention? Expired always; missing only for staff of an external
   provider (rule 7: external staff must have a valid VOG). */
bool vog_problem(enum vog_status status, bool external);
/* Is the VOG dated vog_date (NULL, "" or unparsable: none) valid on `day` (a day number): dated
   on or before it, and `day` not after its last valid day? */
bool vog_valid_on(const char *vog_date, int32_t day, int years);

#endif
