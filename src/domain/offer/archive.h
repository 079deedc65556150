/* Archived activities and rounds (issue 14, the year turns over): what belongs to a school
   year before the latest rollover. An activity is archived when it ended (its last date is
   before today) before the first day of the school year of the latest rollover; a round when
   it closed before that day (and before today) and none of its activities is still current.
   Archived things stay in the database and in the reports of their year; they are out of
   today's lists (the activity list's "afgelopen", the rounds list; the parent pages and
   sign-up show only activities that have not ended). The SQL forms below are the rule's one
   home; each takes the table alias and the SQL expression of today ("YYYY-MM-DD"). */
#ifndef VERRIJKT_DOMAIN_OFFER_ARCHIVE_H
#define VERRIJKT_DOMAIN_OFFER_ARCHIVE_H

#include "domain/layer.h"

/* The first day of the school year of the latest rollover, "" when none ran. */
#define ARCHIVE_BEFORE_SQL "coalesce((SELECT max(starts_on) FROM rollovers), '')"

/* Whether activity a (an alias) is archived, seen from today (an SQL expression). */
#define ACTIVITY_ARCHIVED_SQL(a, today)                                                          \
    "(" a ".date_until < " today " AND " a ".date_until < " ARCHIVE_BEFORE_SQL ")"

/* Whether round r (an alias) is archived, seen from today (an SQL expression). */
#define ROUND_ARCHIVED_SQL(r, today)                                                             \
    "(" r ".closes < " today " AND " r ".closes < " ARCHIVE_BEFORE_SQL                           \
    " AND NOT EXISTS (SELECT 1 FROM round_activities ra_ JOIN activities a_"                    \
    " ON a_.id = ra_.activity_id WHERE ra_.round_id = " r ".id AND NOT "                       \
    ACTIVITY_ARCHIVED_SQL("a_", today) "))"

#endif
