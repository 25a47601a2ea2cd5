/* RFC 4180 records from bytes in memory, parsed by libcsv, one row at a time with its line.
 * What the fields mean is left to the tables that use it (deployments, gazetteer). */
#ifndef DATA_CSV_READER_H
#define DATA_CSV_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "posture.h"

struct csv_row {
    char **fields; /* UTF-8, NUL-terminated, surrounding spaces trimmed; borrowed */
    size_t field_count;
    size_t line; /* 1-based line on which the row starts */
};

struct csv_reader;

/* A UTF-8 BOM is skipped; invalid UTF-8 fails naming path:line. */
struct csv_reader *csv_reader_create(const char *path, const char *bytes, size_t size,
                                     struct posture_error *err);
void csv_reader_destroy(struct csv_reader *reader);
/* Fills *row with the next non-empty row; false at the end or on error (then err is set). The
 * row is valid until the next call. */
bool csv_reader_next(struct csv_reader *reader, struct csv_row *row, struct posture_error *err);

#endif
