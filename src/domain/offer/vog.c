/* VOG validity, the C form of the rule; see vog.h (the SQL form is there too). */
#include "domain/offer/vog.h"

#include <stdio.h>

#include "util/date.h"

void vog_modifier(int years, char out[VOG_MODIFIER_SIZE])
{
    snprintf(out, VOG_MODIFIER_SIZE, "+%d years", years);
}

/* The last valid day (a day number) of a VOG dated vog_date, a valid "YYYY-MM-DD", per the
   rule in the header. Beyond the supported calendar (year 2999) it is 2999-12-31. */
static int32_t vog_last_day(const char *vog_date, int years)
{
    int y = 0, m = 0, d = 0;
    char anniversary[40];
    int32_t day = 0;
    if (sscanf(vog_date, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return 0;
    snprintf(anniversary, sizeof anniversary, "%04d-%02d-%02d", y + years, m, d);
    if (!date_parse(anniversary, &day))
        return day - 1;
    snprintf(anniversary, sizeof anniversary, "%04d-03-01", y + years); /* no 29 February */
    if (!date_parse(anniversary, &day))
        return day - 1;
    date_parse("2999-12-31", &day);
    return day;
}

enum vog_status vog_check(const char *vog_date, int32_t today, int years, char valid_until[11])
{
    int32_t issued;
    valid_until[0] = '\0';
    if (!vog_date || !*vog_date || date_parse(vog_date, &issued))
        return VOG_MISSING;
    int32_t last = vog_last_day(vog_date, years);
    date_format(last, valid_until);
    return today <= last ? VOG_VALID : VOG_EXPIRED;
}

bool vog_problem(enum vog_status status, bool external)
{
    return status == VOG_EXPIRED || (status == VOG_MISSING && external);
}

bool vog_valid_on(const char *vog_date, int32_t day, int years)
{
    int32_t issued;
    if (!vog_date || !*vog_date || date_parse(vog_date, &issued))
        return false;
    return issued <= day && day <= vog_last_day(vog_date, years);
}
