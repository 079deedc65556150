#include "util/date.h"

#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

/* Days from civil, after H. Hinnant's well-known public-domain algorithm description. */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

int32_t date_from_ymd(int y, int m, int d)
{
    return days_from_civil(y, m, d);
}

void date_ymd(int32_t day, int *y, int *m, int *d)
{
    civil_from_days(day, y, m, d);
}

int date_digits(const char *s, int n, int *out)
{
    if (n < 0 || n > 9)
        return -1;
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int date_parse_prefix(const char *s, int32_t *day)
{
    int y, m, d;
    if (date_digits(s, 4, &y) || s[4] != '-' || date_digits(s + 5, 2, &m) || s[7] != '-' ||
        date_digits(s + 8, 2, &d))
        return -1;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *day = days_from_civil(y, m, d);
    return 0;
}

int date_parse(const char *s, int32_t *day)
{
    if (!s || strlen(s) != 10)
        return -1;
    return date_parse_prefix(s, day);
}

void date_format(int32_t day, char out[11])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
    out[0] = (char)('0' + uy / 1000);
    out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10);
    out[3] = (char)('0' + uy % 10);
    out[4] = '-';
    out[5] = (char)('0' + um / 10);
    out[6] = (char)('0' + um % 10);
    out[7] = '-';
    out[8] = (char)('0' + ud / 10);
    out[9] = (char)('0' + ud % 10);
    out[10] = '\0';
}

int date_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (int)((day % 7 + 7 + 3) % 7);
    return w + 1;
}

int32_t date_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int32_t date_school_year_start(int year)
{
    return days_from_civil(year, 8, 1);
}

void date_school_year(int32_t day, int32_t *from, int32_t *until)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    int start_year = day >= date_school_year_start(y) ? y : y - 1;
    *from = date_school_year_start(start_year);
    *until = date_school_year_start(start_year + 1) - 1;
}

int time_parse(const char *s, int *minutes)
{
    int h, m;
    if (!s || strlen(s) != 5 || date_digits(s, 2, &h) || s[2] != ':' ||
        date_digits(s + 3, 2, &m))
        return -1;
    if (h > 23 || m > 59)
        return -1;
    *minutes = h * 60 + m;
    return 0;
}

int datetime_parse(const char *s, int32_t *day, int *minutes)
{
    if (!s || strlen(s) != 16 || (s[10] != 'T' && s[10] != ' '))
        return -1;
    if (date_parse_prefix(s, day))
        return -1;
    return time_parse(s + 11, minutes);
}

void datetime_now(char out[17])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, 17, "%Y-%m-%dT%H:%M", &tm);
}

void timestamp_now(char out[24])
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    char head[20];
    strftime(head, sizeof head, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 24, "%s.%03d", head, (int)(tv.tv_usec / 1000));
}
