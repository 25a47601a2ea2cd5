/* Error reporting: the first error of a call wins and is kept in struct posture_error.
 * Printing is left to the CLI; the library never writes to stderr. */
#ifndef CORE_ERROR_H
#define CORE_ERROR_H

#include "posture.h"

/* Records the error if none is recorded yet; returns the status recorded (the first one). */
enum posture_status error_set(struct posture_error *err, enum posture_status status,
                              const char *format, ...) __attribute__((format(printf, 3, 4)));

void error_clear(struct posture_error *err);

#endif
