#include "core/dates.h"

#include <ctype.h>
#include <stdlib.h>

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

static bool
is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool
dates_is_valid(const char *text)
{
    static const int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (size_t i = 0; i < 10; i++) {
        bool want_dash = i == 4 || i == 7;
        if (want_dash ? text[i] != '-' : !isdigit((unsigned char)text[i]))
            return false;
    }
    if (text[10] != '\0')
        return false;
    int year = atoi(text), month = atoi(text + 5), day = atoi(text + 8);
    if (year < 1 || month < 1 || month > 12 || day < 1)
        return false;
    return day <= days_in_month[month - 1] + (month == 2 && is_leap_year(year));
}

const char *
dates_month_name(int month)
{
    return month >= 1 && month <= 12 ? month_names[month - 1] : NULL;
}
