/* The calendar of the demo: the previous and the current school year, their holidays and the
   blocks in which activities run.

   Holidays follow region Zuid (the brief's choice for the demo), computed per year:
   - herfstvakantie: the week of ISO week 43, Saturday to Sunday (9 days);
   - kerstvakantie: from the last Saturday on or before 24 December, two weeks;
   - voorjaarsvakantie: the carnival week (Saturday before carnival Sunday = Easter - 49 to the
     Sunday after), as region Zuid does;
   - Goede Vrijdag en Pasen (Friday to Easter Monday), Hemelvaart (Thursday and Friday) and
     Pinksteren (Monday), the national days off;
   - meivakantie: from the last Saturday on or before 27 April (so Koningsdag falls inside),
     nine days;
   - zomervakantie: six weeks from the Saturday before ISO week 29; schools open again on the
     Monday of ISO week 35.
   Activities run in blocks: najaar (two weeks after the schools open until the Christmas
   holiday), winter (the second week of January until the end of ISO week 13) and voorjaar
   (ISO week 14 until two weeks before the summer holiday). */
#include <stdio.h>
#include <stdlib.h>

#include "demo/demo_internal.h"
#include "util/date.h"

static int32_t ymd(int y, int m, int d)
{
    char s[40];
    int32_t day = 0;
    snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
    if (date_parse(s, &day))
        abort(); /* only ever called with real dates */
    return day;
}

/* The Monday of ISO week `week` of year y (4 January is always in week 1). */
static int32_t iso_monday(int y, int week)
{
    int32_t jan4 = ymd(y, 1, 4);
    return jan4 - (date_weekday(jan4) - 1) + 7 * (week - 1);
}

/* The last day with ISO weekday wd on or before day. */
static int32_t on_or_before(int32_t day, int wd)
{
    return day - (date_weekday(day) - wd + 7) % 7;
}

/* Easter Sunday (the anonymous Gregorian algorithm). */
static int32_t easter(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25;
    int g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return ymd(y, month, day);
}

static void add_holiday(struct demo *d, const char *name, int32_t from, int32_t to)
{
    if (d->n_holidays == MAX_HOLIDAYS)
        abort();
    d->holidays[d->n_holidays] = (struct demo_holiday){name, from, to};
    d->ranges[d->n_holidays] = (struct holiday_range){from, to};
    d->n_holidays++;
}

/* The holidays and blocks of the school year starting in August of y. */
static void school_year(struct demo *d, struct demo_year *sy, int y)
{
    int32_t herfst = iso_monday(y, 43) - 2;
    int32_t kerst = on_or_before(ymd(y, 12, 24), 6);
    int32_t pasen = easter(y + 1);
    int32_t mei = on_or_before(ymd(y + 1, 4, 27), 6);
    int32_t zomer = iso_monday(y + 1, 29) - 2;
    add_holiday(d, "Herfstvakantie", herfst, herfst + 8);
    add_holiday(d, "Kerstvakantie", kerst, kerst + 15);
    add_holiday(d, "Voorjaarsvakantie", pasen - 50, pasen - 42);
    add_holiday(d, "Goede Vrijdag en Pasen", pasen - 2, pasen + 1);
    add_holiday(d, "Meivakantie (met Koningsdag)", mei, mei + 8);
    add_holiday(d, "Hemelvaart", pasen + 39, pasen + 40);
    add_holiday(d, "Pinksteren", pasen + 50, pasen + 50);
    add_holiday(d, "Zomervakantie", zomer, zomer + 43);

    sy->year = y;
    sy->first_day = ymd(y, 8, 1);
    sy->school_start = iso_monday(y, 29) + 42;
    sy->block_from[B_NAJAAR] = sy->school_start + 14;
    sy->block_until[B_NAJAAR] = kerst - 1;
    sy->block_from[B_WINTER] = kerst + 16 + 7;
    sy->block_until[B_WINTER] = iso_monday(y + 1, 13) + 4;
    sy->block_from[B_VOORJAAR] = iso_monday(y + 1, 14);
    sy->block_until[B_VOORJAAR] = zomer - 15;
}

void demo_calendar(struct demo *d)
{
    int32_t from, until;
    date_school_year(d->today, &from, &until);
    char s[11];
    date_format(from, s);
    int year = atoi(s);
    school_year(d, &d->years[0], year - 1);
    school_year(d, &d->years[1], year);
}

size_t demo_session_dates(const struct demo *d, const struct demo_activity *a, int32_t **out)
{
    size_t n = schedule_dates(a->weekday, a->from, a->until, d->ranges, d->n_holidays, NULL, 0);
    *out = malloc((n ? n : 1) * sizeof **out);
    if (!*out)
        abort();
    schedule_dates(a->weekday, a->from, a->until, d->ranges, d->n_holidays, *out, n);
    return n;
}
