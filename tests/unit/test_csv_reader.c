#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/strbuf.h"
#include "data/csv_reader.h"

/* Every row of text, as "line:field|field|..." joined by newlines, or the error message. */
static char *
read_all(const char *text, size_t size)
{
    struct posture_error err;
    error_clear(&err);
    struct strbuf out;
    strbuf_init(&out);
    struct csv_reader *reader = csv_reader_create("t.csv", text, size, &err);
    if (reader != NULL) {
        struct csv_row row;
        while (csv_reader_next(reader, &row, &err)) {
            strbuf_printf(&out, "%zu:", row.line);
            for (size_t i = 0; i < row.field_count; i++)
                strbuf_printf(&out, "%s%s", i > 0 ? "|" : "", row.fields[i]);
            strbuf_puts(&out, "\n");
        }
        assert_false(csv_reader_next(reader, &row, &err)); /* stays at the end */
        csv_reader_destroy(reader);
    }
    if (err.status != POSTURE_OK) {
        assert_int_equal(err.status, POSTURE_ERR_INPUT);
        strbuf_printf(&out, "error: %s", err.message);
    }
    return out.bytes;
}

#define assert_rows(text, expected)                                                                \
    do {                                                                                           \
        char *actual_ = read_all(text, sizeof(text) - 1);                                          \
        assert_string_equal(actual_, expected);                                                    \
        free(actual_);                                                                             \
    } while (0)

static void
test_plain_rows_are_split_at_commas(void **state)
{
    (void)state;
    assert_rows("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
}

static void
test_quoted_field_keeps_comma(void **state)
{
    (void)state;
    assert_rows("name,label\n\"Vilseck, Germany\",x\n", "1:name|label\n2:Vilseck, Germany|x\n");
}

static void
test_doubled_quote_inside_quotes_is_one_quote(void **state)
{
    (void)state;
    assert_rows("\"the \"\"Stryker\"\" squadron\",2\n", "1:the \"Stryker\" squadron|2\n");
}

static void
test_fields_are_trimmed(void **state)
{
    (void)state;
    assert_rows("  a  ,\tb\t, \" c \" \n", "1:a|b|c\n");
}

static void
test_empty_fields_are_kept(void **state)
{
    (void)state;
    assert_rows("a,,c,\n", "1:a||c|\n");
}

static void
test_bom_is_skipped(void **state)
{
    (void)state;
    assert_rows("\xEF\xBB\xBFid,side\n1,US\n", "1:id|side\n2:1|US\n");
}

static void
test_empty_rows_are_skipped(void **state)
{
    (void)state;
    assert_rows("a,b\n\n   \n,,\n \" \" , \n1,2\n", "1:a|b\n6:1|2\n");
}

static void
test_rows_start_on_the_line_of_their_first_field(void **state)
{
    (void)state;
    assert_rows("a,b\n\"multi\nline\",x\nnext,y\n", "1:a|b\n2:multi\nline|x\n4:next|y\n");
}

static void
test_crlf_line_endings_count_one_line(void **state)
{
    (void)state;
    assert_rows("a,b\r\n\r\n\"x\",y\r\nz,\"w\"\r\n", "1:a|b\n3:x|y\n4:z|w\n");
}

static void
test_lone_cr_line_endings_count_lines(void **state)
{
    (void)state;
    assert_rows("a,b\r1,2\r\r3,4", "1:a|b\n2:1|2\n4:3|4\n");
}

static void
test_last_row_needs_no_newline(void **state)
{
    (void)state;
    assert_rows("a,b\n1,\"2\"", "1:a|b\n2:1|2\n");
}

static void
test_empty_input_has_no_rows(void **state)
{
    (void)state;
    assert_rows("", "");
    assert_rows("\xEF\xBB\xBF", "");
    char *rows = read_all(NULL, 0);
    assert_string_equal(rows, "");
    free(rows);
}

static void
test_unbalanced_quote_names_line(void **state)
{
    (void)state;
    assert_rows("a,b\n1,2\n3,\"four\n5,6\n",
                "1:a|b\n2:1|2\nerror: t.csv:3: unterminated quoted field");
}

static void
test_text_after_closing_quote_names_line(void **state)
{
    (void)state;
    assert_rows("a,b\n\"x\"y,2\n", "1:a|b\nerror: t.csv:2: unexpected text after a closing quote "
                                   "(quote the whole field and double quotes inside it)");
}

static void
test_stray_quote_closing_an_earlier_field_names_both_lines(void **state)
{
    (void)state;
    assert_rows("a,b\n1,\"open\n2,\"two\",3\n",
                "1:a|b\nerror: t.csv:3: unexpected text after a closing quote (is the quoted "
                "field of the row starting on line 2 unterminated?)");
}

static void
test_quote_inside_unquoted_field_is_an_error(void **state)
{
    (void)state;
    assert_rows("a,b\n5\" gun,2\n", "1:a|b\nerror: t.csv:2: quote inside an unquoted field "
                                    "(quote the whole field and double quotes inside it)");
}

static void
test_invalid_utf8_names_line_and_byte(void **state)
{
    (void)state;
    assert_rows("a,b\nRzesz\xF3w,1\n", "error: t.csv:2: invalid UTF-8 (byte 0xF3)");
    assert_rows("\xEF\xBB\xBF\n\n\xC3(", "error: t.csv:3: invalid UTF-8 (byte 0xC3)");
}

static void
test_nul_byte_is_rejected(void **state)
{
    (void)state;
    assert_rows("a,b\n1,2\x00\n", "error: t.csv:2: NUL byte: not UTF-8 text (UTF-16?)");
}

static char *
repeated(char c, size_t count)
{
    char *text = xmalloc(count + 1);
    memset(text, c, count);
    text[count] = '\0';
    return text;
}

static char *
read_field_of(size_t length, const char *quote)
{
    char *field = repeated('x', length);
    struct strbuf text;
    strbuf_init(&text);
    strbuf_printf(&text, "a,b\n1,%s%s%s\n2,3\n", quote, field, quote);
    char *rows = read_all(text.bytes, text.length);
    strbuf_fini(&text);
    free(field);
    return rows;
}

static void
test_field_of_64_kib_is_accepted(void **state)
{
    (void)state;
    char *rows = read_field_of(64 * 1024, "\"");
    assert_int_equal(strlen(rows), strlen("1:a|b\n2:1|\n3:2|3\n") + 64 * 1024);
    free(rows);
}

static void
test_field_longer_than_64_kib_names_line(void **state)
{
    (void)state;
    const char *quotes[] = {"", "\""};
    for (size_t i = 0; i < 2; i++) {
        char *rows = read_field_of(64 * 1024 + 1, quotes[i]);
        assert_string_equal(rows, "1:a|b\nerror: t.csv:2: field longer than 65536 bytes (an "
                                  "unterminated quote?)");
        free(rows);
    }
}

static void
test_runaway_quote_stops_at_64_kib(void **state)
{
    (void)state;
    struct strbuf text;
    strbuf_init(&text);
    strbuf_puts(&text, "a,b\n1,\"oops\n");
    for (int i = 0; i < 100000; i++)
        strbuf_puts(&text, "row,row\n");
    char *rows = read_all(text.bytes, text.length);
    assert_string_equal(rows, "1:a|b\nerror: t.csv:2: field longer than 65536 bytes (an "
                              "unterminated quote?)");
    free(rows);
    strbuf_fini(&text);
}

static char *
read_row_of(size_t field_count)
{
    struct strbuf text;
    strbuf_init(&text);
    strbuf_puts(&text, "header\n");
    for (size_t i = 0; i < field_count; i++)
        strbuf_puts(&text, i > 0 ? ",f" : "f");
    strbuf_puts(&text, "\n");
    char *rows = read_all(text.bytes, text.length);
    strbuf_fini(&text);
    return rows;
}

static void
test_row_of_256_fields_is_accepted(void **state)
{
    (void)state;
    char *rows = read_row_of(256);
    assert_int_equal(strlen(rows), strlen("1:header\n2:\n") + 256 + 255);
    free(rows);
}

static void
test_row_of_257_fields_names_line(void **state)
{
    (void)state;
    char *rows = read_row_of(257);
    assert_string_equal(rows, "1:header\nerror: t.csv:2: more than 256 fields in a row");
    free(rows);
}

static void
test_many_rows_keep_their_lines(void **state)
{
    (void)state;
    struct strbuf text, expected;
    strbuf_init(&text);
    strbuf_init(&expected);
    size_t line = 1;
    for (int i = 0; i < 20000; i++) { /* several chunks of libcsv input */
        if (i % 7 == 0) {
            strbuf_puts(&text, "\n");
            line++;
            continue;
        }
        strbuf_printf(&text, "%d,\"q\n%d\"\n", i, i);
        strbuf_printf(&expected, "%zu:%d|q\n%d\n", line, i, i);
        line += 2;
    }
    char *rows = read_all(text.bytes, text.length);
    assert_string_equal(rows, expected.bytes);
    free(rows);
    strbuf_fini(&text);
    strbuf_fini(&expected);
}

static uint32_t
next_random(uint32_t *seed)
{
    *seed ^= *seed << 13;
    *seed ^= *seed >> 17;
    *seed ^= *seed << 5;
    return *seed;
}

/* Text without quotes is split without libcsv (see split_plain): any such text must read as
 * libcsv reads it, which a quote later in the same chunk forces. */
static void
test_quote_free_text_reads_as_libcsv_reads_it(void **state)
{
    (void)state;
    static const char alphabet[] = "ab \t,\r\n";
    uint32_t seed = 20220202;
    for (int round = 0; round < 5000; round++) {
        char text[128];
        size_t length = next_random(&seed) % (sizeof text - 1);
        for (size_t i = 0; i < length; i++)
            text[i] = alphabet[next_random(&seed) % (sizeof alphabet - 1)];
        text[length] = '\0';
        char with_quote[160];
        snprintf(with_quote, sizeof with_quote, "%s\n\"q\"\n", text);
        char *plain = read_all(text, length);
        char *quoted = read_all(with_quote, strlen(with_quote));
        size_t n = strlen(plain);
        if (strncmp(plain, quoted, n) != 0 || strchr(quoted + n, ':') == NULL ||
            strcmp(strchr(quoted + n, ':'), ":q\n") != 0)
            fail_msg("text \"%s\": \"%s\" versus \"%s\"", text, plain, quoted);
        free(plain);
        free(quoted);
    }
}

static void
test_quote_free_chunks_keep_rows_whole(void **state)
{
    (void)state;
    struct strbuf text, expected;
    strbuf_init(&text);
    strbuf_init(&expected);
    size_t line = 1;
    for (int i = 0; text.length < 300 * 1024; i++) { /* several 64 KiB chunks */
        if (i % 11 == 0) {
            strbuf_puts(&text, i % 2 ? "\r\n" : " \n");
            line++;
            continue;
        }
        size_t pad = (size_t)(i * 7919) % 90;
        strbuf_printf(&text, "%d, %.*s ,x%s", i, (int)pad,
                      "..........................................................................."
                      "...............",
                      i % 3 ? "\n" : "\r\n");
        strbuf_printf(&expected, "%zu:%d|%.*s|x\n", line, i, (int)pad,
                      "..........................................................................."
                      "...............");
        line++;
    }
    char *rows = read_all(text.bytes, text.length);
    assert_string_equal(rows, expected.bytes);
    free(rows);
    strbuf_fini(&text);
    strbuf_fini(&expected);
}

static void
test_fields_stay_valid_until_the_next_call(void **state)
{
    (void)state;
    const char text[] = "a,b\nc,d\n";
    struct posture_error err;
    error_clear(&err);
    struct csv_reader *reader = csv_reader_create("t.csv", text, sizeof text - 1, &err);
    struct csv_row first;
    assert_true(csv_reader_next(reader, &first, &err));
    char *a = first.fields[0];
    assert_string_equal(a, "a");
    assert_string_equal(first.fields[1], "b");
    struct csv_row second;
    assert_true(csv_reader_next(reader, &second, &err));
    assert_string_equal(second.fields[0], "c");
    assert_int_equal(second.line, 2);
    csv_reader_destroy(reader);
    csv_reader_destroy(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_rows_are_split_at_commas),
        cmocka_unit_test(test_quoted_field_keeps_comma),
        cmocka_unit_test(test_doubled_quote_inside_quotes_is_one_quote),
        cmocka_unit_test(test_fields_are_trimmed),
        cmocka_unit_test(test_empty_fields_are_kept),
        cmocka_unit_test(test_bom_is_skipped),
        cmocka_unit_test(test_empty_rows_are_skipped),
        cmocka_unit_test(test_rows_start_on_the_line_of_their_first_field),
        cmocka_unit_test(test_crlf_line_endings_count_one_line),
        cmocka_unit_test(test_lone_cr_line_endings_count_lines),
        cmocka_unit_test(test_last_row_needs_no_newline),
        cmocka_unit_test(test_empty_input_has_no_rows),
        cmocka_unit_test(test_unbalanced_quote_names_line),
        cmocka_unit_test(test_text_after_closing_quote_names_line),
        cmocka_unit_test(test_stray_quote_closing_an_earlier_field_names_both_lines),
        cmocka_unit_test(test_quote_inside_unquoted_field_is_an_error),
        cmocka_unit_test(test_invalid_utf8_names_line_and_byte),
        cmocka_unit_test(test_nul_byte_is_rejected),
        cmocka_unit_test(test_field_of_64_kib_is_accepted),
        cmocka_unit_test(test_field_longer_than_64_kib_names_line),
        cmocka_unit_test(test_runaway_quote_stops_at_64_kib),
        cmocka_unit_test(test_row_of_256_fields_is_accepted),
        cmocka_unit_test(test_row_of_257_fields_names_line),
        cmocka_unit_test(test_many_rows_keep_their_lines),
        cmocka_unit_test(test_quote_free_text_reads_as_libcsv_reads_it),
        cmocka_unit_test(test_quote_free_chunks_keep_rows_whole),
        cmocka_unit_test(test_fields_stay_valid_until_the_next_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
