#include "data/csv_reader.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/utf8.h"

enum {
    CSV_MAX_FIELD_BYTES = 64 * 1024,
    CSV_MAX_FIELDS = 256,
    /* libcsv is fed this much at a time: few calls, and a runaway quoted field is caught early. */
    CSV_CHUNK_BYTES = 64 * 1024,
};

/* A row complete in libcsv's callbacks, waiting for csv_reader_next(). */
struct pending_row {
    size_t first_field;
    size_t field_count;
    size_t line;
};

/* Lines are counted in the callbacks: CSV_REPALL_NL reports every line break outside quotes as
 * a row end (empty ones too), and breaks inside quoted fields are counted in their text. */
struct csv_reader {
    char *path;
    const char *bytes;
    size_t size;
    size_t offset;    /* next byte to feed to libcsv */
    size_t line;      /* line libcsv has reached, as far as the callbacks tell */
    size_t row_line;  /* line of the first field of the row being parsed */
    bool is_after_cr; /* the last row ended at a '\r': a '\n' right after it ends no line */
    bool may_quote;   /* the chunk being parsed can hold a quoted field (and line breaks in it) */
    bool is_finished; /* csv_fini has run */
    /* Set when parsing fails; reported once the rows before the error are handed out, so a
     * caller's own complaint about an earlier row comes first. */
    struct posture_error failure;
    const char *error; /* set by the callbacks, turned into failure after csv_parse returns */
    size_t error_line;
    struct csv_parser parser;

    char *text; /* trimmed fields of the pending rows, each NUL-terminated */
    size_t text_length, text_capacity;
    size_t *field_offsets; /* into text */
    size_t field_count, field_capacity;
    size_t row_field_count; /* fields of the row being parsed */
    struct pending_row *rows;
    size_t row_count, row_capacity, row_next;
    char **fields; /* handed out in struct csv_row */
    size_t fields_capacity;
};

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Line breaks in bytes[start..end): "\n", "\r\n" or a lone "\r". */
static size_t
line_breaks_in(const char *bytes, size_t size, size_t start, size_t end)
{
    size_t count = 0;
    for (size_t i = start; i < end; i++) {
        if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= size || bytes[i + 1] != '\n')))
            count++;
    }
    return count;
}

static size_t
line_of_row(const struct csv_reader *reader)
{
    return reader->row_field_count > 0 ? reader->row_line : reader->line;
}

static void
fail_in_callback(struct csv_reader *reader, const char *what)
{
    if (reader->error == NULL) {
        reader->error = what;
        reader->error_line = line_of_row(reader);
    }
}

static void
add_field(struct csv_reader *reader, const char *bytes, size_t length)
{
    if (reader->error != NULL)
        return;
    if (reader->row_field_count == 0)
        reader->row_line = reader->line;
    reader->is_after_cr = false;
    if (reader->row_field_count == CSV_MAX_FIELDS) {
        fail_in_callback(reader, "more than 256 fields in a row");
        return;
    }
    if (length > CSV_MAX_FIELD_BYTES) {
        fail_in_callback(reader, "field longer than 65536 bytes (an unterminated quote?)");
        return;
    }
    const char *start = bytes;
    const char *end = start + length;
    if (reader->may_quote)
        reader->line += line_breaks_in(start, length, 0, length);
    while (start < end && is_blank(*start))
        start++;
    while (end > start && is_blank(end[-1]))
        end--;
    size_t trimmed = (size_t)(end - start);
    if (reader->text_length + trimmed + 1 > reader->text_capacity) /* a call per field adds up */
        xgrow(&reader->text, &reader->text_capacity, reader->text_length + trimmed + 1, 1);
    if (reader->field_count + 1 > reader->field_capacity)
        xgrow(&reader->field_offsets, &reader->field_capacity, reader->field_count + 1,
              sizeof *reader->field_offsets);
    if (trimmed > 0)
        memcpy(reader->text + reader->text_length, start, trimmed);
    reader->field_offsets[reader->field_count++] = reader->text_length;
    reader->text_length += trimmed;
    reader->text[reader->text_length++] = '\0';
    reader->row_field_count++;
}

static bool
fields_are_empty(const struct csv_reader *reader, size_t first, size_t count)
{
    for (size_t i = first; i < first + count; i++) {
        if (reader->text[reader->field_offsets[i]] != '\0')
            return false;
    }
    return true;
}

/* terminator: the '\r' or '\n' that ended the row, or -1 at the end of the input. */
static void
end_row(struct csv_reader *reader, int terminator)
{
    size_t count = reader->row_field_count;
    if (terminator == '\n' && reader->is_after_cr && count == 0) {
        reader->is_after_cr = false; /* the '\n' of "\r\n" (or of "\r  \n": rare enough) */
        return;
    }
    size_t line = line_of_row(reader);
    size_t first = reader->field_count - count;
    reader->row_field_count = 0;
    reader->is_after_cr = terminator == '\r';
    if (terminator >= 0)
        reader->line++;
    if (reader->error != NULL)
        return;
    if (fields_are_empty(reader, first, count)) {
        reader->field_count = first; /* a blank line, or ",,," which says nothing */
        return;
    }
    if (reader->row_count + 1 > reader->row_capacity)
        xgrow(&reader->rows, &reader->row_capacity, reader->row_count + 1, sizeof *reader->rows);
    reader->rows[reader->row_count++] = (struct pending_row){first, count, line};
}

static void
on_field(void *bytes, size_t length, void *context)
{
    add_field(context, bytes, length);
}

static void
on_row_end(int terminator, void *context)
{
    end_row(context, terminator);
}

static bool
report(struct csv_reader *reader, size_t line, const char *what)
{
    error_set(&reader->failure, POSTURE_ERR_INPUT, "%s:%zu: %s", reader->path, line, what);
    return false;
}

static bool
report_strict_error(struct csv_reader *reader, size_t offset)
{
    size_t line = 1 + line_breaks_in(reader->bytes, reader->size, 0, offset);
    size_t row_line = line_of_row(reader);
    const char *what = reader->parser.quoted ? "unexpected text after a closing quote"
                                             : "quote inside an unquoted field";
    if (reader->parser.quoted && row_line != line) {
        error_set(&reader->failure, POSTURE_ERR_INPUT,
                  "%s:%zu: %s (is the quoted field of the row starting on line %zu "
                  "unterminated?)",
                  reader->path, line, what, row_line);
    } else {
        error_set(&reader->failure, POSTURE_ERR_INPUT,
                  "%s:%zu: %s (quote the whole field and double quotes inside it)", reader->path,
                  line, what);
    }
    return false;
}

/* Where the chunk starting at offset ends: after its last '\n', so the next one starts a row. */
static size_t
chunk_end(const struct csv_reader *reader)
{
    size_t start = reader->offset;
    if (reader->size - start <= CSV_CHUNK_BYTES)
        return reader->size;
    for (size_t end = start + CSV_CHUNK_BYTES; end > start; end--) {
        if (reader->bytes[end - 1] == '\n')
            return end;
    }
    return start + CSV_CHUNK_BYTES; /* a line longer than a chunk: libcsv copes */
}

/* What libcsv does with text without quotes (fields end at commas, rows at line breaks, a row
 * of spaces is an empty row), at a fraction of its cost: libcsv takes a byte at a time, and a
 * 60,000-place gazetteer has no quote. Runs the same callbacks. */
static void
split_plain(struct csv_reader *reader, size_t start, size_t end)
{
    const char *field = reader->bytes + start;
    const char *stop = reader->bytes + end;
    bool has_row_begun = false;
    for (const char *p = field; p < stop; p++) {
        char c = *p;
        if (c == ',') {
            add_field(reader, field, (size_t)(p - field));
            field = p + 1;
            has_row_begun = true;
        } else if (c == '\n' || c == '\r') {
            if (has_row_begun)
                add_field(reader, field, (size_t)(p - field));
            end_row(reader, c);
            field = p + 1;
            has_row_begun = false;
        } else if (c != ' ' && c != '\t') {
            has_row_begun = true;
        }
    }
    if (has_row_begun && end == reader->size) { /* what csv_fini does with a last open row */
        add_field(reader, field, (size_t)(stop - field));
        end_row(reader, -1);
    }
}

static bool
is_at_row_start(const struct csv_reader *reader)
{
    return !reader->parser.quoted && reader->parser.entry_pos == 0 && reader->row_field_count == 0;
}

/* Parses one chunk; false on error (kept in reader->failure). */
static bool
feed_chunk(struct csv_reader *reader)
{
    size_t start = reader->offset;
    size_t end = chunk_end(reader);
    size_t length = end - start;
    /* Only quoted fields hold line breaks (counted in add_field) or need libcsv. */
    bool has_quote = memchr(reader->bytes + start, '"', length) != NULL;
    reader->may_quote = reader->parser.quoted || has_quote;
    bool is_plain = !has_quote && is_at_row_start(reader) &&
                    (end == reader->size || reader->bytes[end - 1] == '\n');
    if (is_plain) {
        split_plain(reader, start, end);
        if (reader->error != NULL)
            return report(reader, reader->error_line, reader->error);
        reader->offset = end;
        return true;
    }
    size_t parsed =
        csv_parse(&reader->parser, reader->bytes + start, length, on_field, on_row_end, reader);
    if (reader->error != NULL)
        return report(reader, reader->error_line, reader->error);
    if (parsed < length) {
        if (csv_error(&reader->parser) == CSV_EPARSE)
            return report_strict_error(reader, start + parsed);
        return report(reader, line_of_row(reader), csv_strerror(csv_error(&reader->parser)));
    }
    if (reader->parser.entry_pos > CSV_MAX_FIELD_BYTES)
        return report(reader, line_of_row(reader),
                      "field longer than 65536 bytes (an unterminated quote?)");
    reader->offset = end;
    return true;
}

static bool
finish(struct csv_reader *reader)
{
    reader->is_finished = true;
    reader->may_quote = reader->parser.quoted;
    if (csv_fini(&reader->parser, on_field, on_row_end, reader) != 0)
        return report(reader, line_of_row(reader), "unterminated quoted field");
    if (reader->error != NULL)
        return report(reader, reader->error_line, reader->error);
    return true;
}

struct csv_reader *
csv_reader_create(const char *path, const char *bytes, size_t size, struct posture_error *err)
{
    if (size == 0)
        bytes = ""; /* NULL is fine for an empty input */
    size_t bom = size >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t bad;
    if (!utf8_valid(bytes + bom, size - bom, &bad)) {
        error_set(err, POSTURE_ERR_INPUT, "%s:%zu: invalid UTF-8 (byte 0x%02X)", path,
                  1 + line_breaks_in(bytes, size, 0, bom + bad),
                  (unsigned)(unsigned char)bytes[bom + bad]);
        return NULL;
    }
    const char *nul = size > 0 ? memchr(bytes, '\0', size) : NULL;
    if (nul != NULL) {
        error_set(err, POSTURE_ERR_INPUT, "%s:%zu: NUL byte: not UTF-8 text (UTF-16?)", path,
                  1 + line_breaks_in(bytes, size, 0, (size_t)(nul - bytes)));
        return NULL;
    }
    struct csv_reader *reader = xcalloc(1, sizeof *reader);
    reader->path = xstrdup(path);
    reader->bytes = bytes;
    reader->size = size;
    reader->offset = bom;
    reader->line = 1;
    error_clear(&reader->failure);
    if (csv_init(&reader->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        csv_reader_destroy(reader);
        error_set(err, POSTURE_ERR_INTERNAL, "%s: cannot start the CSV parser", path);
        return NULL;
    }
    csv_set_blk_size(&reader->parser, 4096);
    return reader;
}

void
csv_reader_destroy(struct csv_reader *reader)
{
    if (reader == NULL)
        return;
    csv_free(&reader->parser);
    free(reader->path);
    free(reader->text);
    free(reader->field_offsets);
    free(reader->rows);
    free(reader->fields);
    free(reader);
}

static void
start_next_batch(struct csv_reader *reader)
{
    /* Every pending row was handed out: the fields of a row in progress move to the front. */
    size_t keep = reader->row_field_count;
    size_t first = reader->field_count - keep;
    size_t text_start = keep > 0 ? reader->field_offsets[first] : reader->text_length;
    if (text_start > 0 && text_start < reader->text_length)
        memmove(reader->text, reader->text + text_start, reader->text_length - text_start);
    reader->text_length -= text_start;
    for (size_t i = 0; i < keep; i++)
        reader->field_offsets[i] = reader->field_offsets[first + i] - text_start;
    reader->field_count = keep;
    reader->row_count = 0;
    reader->row_next = 0;
}

/* Parses until a row is pending, the input ends or parsing fails. */
static void
parse_more(struct csv_reader *reader)
{
    start_next_batch(reader);
    while (reader->row_count == 0 && reader->failure.status == POSTURE_OK && !reader->is_finished) {
        if (reader->offset < reader->size)
            feed_chunk(reader);
        else
            finish(reader);
    }
}

bool
csv_reader_next(struct csv_reader *reader, struct csv_row *row, struct posture_error *err)
{
    if (reader->row_next == reader->row_count && reader->failure.status == POSTURE_OK)
        parse_more(reader);
    if (reader->row_next == reader->row_count) {
        if (reader->failure.status != POSTURE_OK)
            error_set(err, reader->failure.status, "%s", reader->failure.message);
        return false;
    }
    const struct pending_row *pending = &reader->rows[reader->row_next++];
    xgrow(&reader->fields, &reader->fields_capacity, pending->field_count, sizeof *reader->fields);
    for (size_t i = 0; i < pending->field_count; i++)
        reader->fields[i] = reader->text + reader->field_offsets[pending->first_field + i];
    row->fields = reader->fields;
    row->field_count = pending->field_count;
    row->line = pending->line;
    return true;
}
