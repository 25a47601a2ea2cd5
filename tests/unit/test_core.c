#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/error.h"

static void
test_the_first_error_wins(void **state)
{
    (void)state;
    struct posture_error err = {POSTURE_OK, ""};
    assert_int_equal(error_set(&err, POSTURE_ERR_INPUT, "a.csv:%d: bad", 3), POSTURE_ERR_INPUT);
    assert_int_equal(error_set(&err, POSTURE_ERR_WRITE, "later"), POSTURE_ERR_INPUT);
    assert_string_equal(err.message, "a.csv:3: bad");
}

/* Found by fuzz_style: a --set value quoting a multi-line input made a message of several
 * lines; the CLI promises one. */
static void
test_bug_line_breaks_in_quoted_text_are_escaped(void **state)
{
    (void)state;
    struct posture_error err = {POSTURE_OK, ""};
    error_set(&err, POSTURE_ERR_INPUT, "t.csv:2: troops \"%s\" is not a number",
              "1\r\n2\x01\x7f\t");
    assert_string_equal(err.message, "t.csv:2: troops \"1\\r\\n2\\x01\\x7F\t\" is not a number");
}

static void
test_escaping_never_overflows_the_message(void **state)
{
    (void)state;
    char lines[2000];
    memset(lines, '\n', sizeof lines - 1);
    lines[sizeof lines - 1] = '\0';
    struct posture_error err = {POSTURE_OK, ""};
    error_set(&err, POSTURE_ERR_INPUT, "%s", lines);
    assert_true(strlen(err.message) < sizeof err.message);
    assert_null(strchr(err.message, '\n'));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_first_error_wins),
        cmocka_unit_test(test_bug_line_breaks_in_quoted_text_are_escaped),
        cmocka_unit_test(test_escaping_never_overflows_the_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
