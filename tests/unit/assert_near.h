/* assert_near() for doubles: cmocka 1.1 compares as float, which is too coarse for metres and
 * degrees. Prints both values and the tolerance when it fails. */
#ifndef TESTS_UNIT_ASSERT_NEAR_H
#define TESTS_UNIT_ASSERT_NEAR_H

#include <math.h>

/* cmocka.h must come first (it needs setjmp.h, stdarg.h, stddef.h). */
static inline void
assert_near_at(double actual, double expected, double tolerance, const char *expression,
               const char *file, int line)
{
    if (fabs(actual - expected) <= tolerance)
        return;
    print_error("%s is %.10g, expected %.10g within %g\n", expression, actual, expected, tolerance);
    _fail(file, line);
}

#define assert_near(actual, expected, tolerance)                                                   \
    assert_near_at((actual), (expected), (tolerance), #actual, __FILE__, __LINE__)

#endif
