/* Calendar dates as tables write them (YYYY-MM-DD): checking them and writing them out in
 * words. Which date a map shows is the caller's. */
#ifndef CORE_DATES_H
#define CORE_DATES_H

#include <stdbool.h>
#include <stddef.h>

/* True for a real date "YYYY-MM-DD" (leap years included), nothing before or after it. */
bool dates_is_valid(const char *text);
/* "January" .. "December" for 1..12; NULL otherwise. */
const char *dates_month_name(int month);

#endif
