/* Calendar dates as day numbers (days since 1970-01-01), times as minutes since midnight. */
#ifndef VERRIJKT_UTIL_DATE_H
#define VERRIJKT_UTIL_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* Exactly n ASCII digits at the start of the string s (n 0-9, so that the value fits an int)
   → their value in *out. 0, or -1 with *out untouched when one of the first n characters is
   not a digit: a string shorter than n fails at its terminating NUL, and nothing past it is
   read. Characters after the first n are not looked at. The building block of the fixed-width
   parsers here and of timestamp_parse (io/loadjson.c). */
int date_digits(const char *s, int n, int *out);
/* Strict "YYYY-MM-DD" (a real calendar date, years 1900-2999) → day number. 0 or -1. */
int date_parse(const char *s, int32_t *day);
/* The day number of the calendar date y-m-d (m 1–12, d 1 to the month's last day). */
int32_t date_from_ymd(int y, int m, int d);
/* The calendar date of a day number into *y, *m (1–12) and *d. */
void date_ymd(int32_t day, int *y, int *m, int *d);
/* Day number → "YYYY-MM-DD" in out (11 bytes). */
void date_format(int32_t day, char out[11]);
/* ISO weekday: 1 = Monday … 7 = Sunday. */
int date_weekday(int32_t day);
/* Today's day number in local time. */
int32_t date_today(void);
/* The first day of the school year that starts in year: 1 August, the rule's one home. */
int32_t date_school_year_start(int year);
/* The school year (1 August – 31 July) that contains day. */
void date_school_year(int32_t day, int32_t *from, int32_t *until);
/* Strict "HH:MM" (00:00–23:59) → minutes since midnight. 0 or -1. */
int time_parse(const char *s, int *minutes);
/* Strict "YYYY-MM-DDTHH:MM" (a space instead of T is accepted too). 0 or -1. */
int datetime_parse(const char *s, int32_t *day, int *minutes);
/* Now as "YYYY-MM-DDTHH:MM" in local time (17 bytes). */
void datetime_now(char out[17]);
/* Now as "YYYY-MM-DDTHH:MM:SS.mmm" in local time (24 bytes): for ordering records. */
void timestamp_now(char out[24]);

#endif
