/* The demo coalition (Coalitie Den Haag Zuidwest) as a load document. */
#ifndef VERRIJKT_DOMAIN_DEMO_H
#define VERRIJKT_DOMAIN_DEMO_H

#include <jansson.h>

/* A deterministic demo document relative to the school year containing `today` (a day number):
   schools, providers, staff, activities, pupils, enrolments, attendance up to today, and one
   account per role with its plain password (hashed by load). New reference. */
json_t *demo_document(int today);

#endif
