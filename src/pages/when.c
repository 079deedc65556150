/* Dates in words, from the message files. */
#include "pages/when.h"

#include <stdio.h>
#include <string.h>

#include "http/req.h"
#include "util/date.h"
#include "view/i18n.h"

/* The words of a day number, filled into the message `key` with {{time}} when given. */
static const char *in_words(struct req *r, int32_t day, const char *key, const char *time)
{
    char iso[11], y[5], d[3], weekday_key[24], month_key[24];
    date_format(day, iso); /* "YYYY-MM-DD": the parts are digits */
    snprintf(y, sizeof y, "%.4s", iso);
    snprintf(d, sizeof d, "%.*s", iso[8] == '0' ? 1 : 2, iso[8] == '0' ? iso + 9 : iso + 8);
    snprintf(weekday_key, sizeof weekday_key, "date.weekday_%d", date_weekday(day));
    snprintf(month_key, sizeof month_key, "date.month_%.*s", iso[5] == '0' ? 1 : 2,
             iso[5] == '0' ? iso + 6 : iso + 5);
    json_t *vars = json_pack("{s:s, s:s, s:s, s:s, s:s}", "weekday", req_text(r, weekday_key),
                             "day", d, "month", req_text(r, month_key), "year", y, "time",
                             time ? time : "");
    const char *text = req_format(r, key, vars);
    json_decref(vars);
    return text;
}

const char *when_date(struct req *r, const char *iso_date)
{
    int32_t day;
    if (!iso_date || date_parse(iso_date, &day))
        return iso_date ? iso_date : "";
    return in_words(r, day, "date.date", NULL);
}

const char *when_day(struct req *r, const char *iso_date)
{
    int32_t day;
    if (!iso_date || date_parse(iso_date, &day))
        return iso_date ? iso_date : "";
    return in_words(r, day, "date.day", NULL);
}

const char *when_moment(struct req *r, const char *iso_moment)
{
    char date_part[11], time_part[6];
    int32_t day;
    int minutes;
    if (!iso_moment || strlen(iso_moment) < 16 || iso_moment[10] != 'T')
        return iso_moment ? iso_moment : "";
    snprintf(date_part, sizeof date_part, "%.10s", iso_moment);
    snprintf(time_part, sizeof time_part, "%.5s", iso_moment + 11);
    if (date_parse(date_part, &day) || time_parse(time_part, &minutes))
        return iso_moment;
    return in_words(r, day, "date.moment", time_part);
}
