#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <sched.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/parallel.h"
#include "core/strbuf.h"

/* Pages for an image: zeroed, every byte writable, for a few bytes, a 4 KiB page, just under a
 * huge page, several huge pages and an odd size past them. */
static void
test_pages_are_zeroed_and_writable_whatever_their_size(void **state)
{
    (void)state;
    const size_t sizes[] = {1, 4096, (2u << 20) - 7, 8u << 20, (6u << 20) + 12345};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        unsigned char *pages = xalloc_pages(sizes[k]);
        assert_non_null(pages);
        size_t nonzero = 0;
        for (size_t i = 0; i < sizes[k]; i++)
            nonzero += pages[i] != 0;
        assert_int_equal(nonzero, 0);
        memset(pages, 0xA5, sizes[k]);
        assert_int_equal(pages[sizes[k] - 1], 0xA5);
        xfree_pages(pages, sizes[k]);
    }
    xfree_pages(NULL, 100); /* like free(NULL) */
}

/* After heap_keep_and_warm(), a block within the warmed size is already mapped: touching it
 * page by page faults far less than once a page (glibc only: elsewhere, and under the
 * sanitizers' own malloc, it sets nothing). */
static void
test_a_warm_heap_is_touched_without_faults(void **state)
{
    (void)state;
#if defined(__GLIBC__) && defined(__linux__) && !defined(__SANITIZE_ADDRESS__)
    heap_keep_and_warm(6u << 20);
    struct rusage before, after;
    assert_int_equal(getrusage(RUSAGE_SELF, &before), 0);
    size_t size = 4u << 20;
    unsigned char *volatile block = malloc(size);
    assert_non_null(block);
    for (size_t i = 0; i < size; i += 4096)
        block[i] = 1;
    assert_int_equal(getrusage(RUSAGE_SELF, &after), 0);
    free(block);
    assert_true(after.ru_minflt - before.ru_minflt < 64); /* 1,024 pages */
#else
    skip();
#endif
}

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

static char *
number(double value, int decimals)
{
    static char text[128];
    struct strbuf buf;
    strbuf_init(&buf);
    strbuf_number(&buf, value, decimals);
    snprintf(text, sizeof text, "%s", buf.bytes);
    strbuf_fini(&buf);
    return text;
}

static void
test_numbers_drop_trailing_zeros_and_minus_zero(void **state)
{
    (void)state;
    assert_string_equal(number(12.50, 1), "12.5");
    assert_string_equal(number(3.0, 1), "3");
    assert_string_equal(number(-0.04, 1), "0");
}

/* A coordinate of 1e308 printed nothing at all (it needs more than the 64 bytes of fixed
 * notation), and inf or nan printed "inf"/"nan": either makes an SVG no reader opens. */
static void
test_bug_huge_and_non_finite_numbers_still_print_a_number(void **state)
{
    (void)state;
    assert_string_equal(number(1e308, 1), "1e+308");
    assert_string_equal(number(-1e300, 0), "-1.0000000000000001e+300");
    assert_string_equal(number(INFINITY, 1), "0");
    assert_string_equal(number(NAN, 1), "0");
}

struct helped {
    pthread_t ran_on;
    int runs;
};

static void
note_thread(void *data)
{
    struct helped *h = data;
    h->ran_on = pthread_self();
    h->runs++;
}

struct server {
    struct helpers *helpers;
    struct parallel_task task;
};

static void
serve(void *data)
{
    struct server *s = data;
    helpers_serve(s->helpers);
}

/* A worker with nothing left to do serves the others: what one offers runs on the helper's
 * thread, once; with no helper waiting, or after closing, nothing is taken and the offerer runs
 * it itself. */
static void
test_helpers_run_what_is_offered_on_their_thread(void **state)
{
    (void)state;
    struct helpers *helpers = helpers_create();
    struct parallel_task task;
    struct helped alone = {0};
    assert_false(helpers_offer(helpers, &task, note_thread, &alone)); /* none waits yet */
    assert_int_equal(alone.runs, 0);
    assert_false(helpers_offer(NULL, &task, note_thread, &alone));

    struct server server = {helpers, {0}};
    parallel_start(&server.task, serve, &server);
    assert_true(server.task.is_threaded);
    /* The helper may not wait yet: offer until it takes the task. */
    struct helped helped = {0};
    while (!helpers_offer(helpers, &task, note_thread, &helped))
        sched_yield();
    helpers_finish(helpers, &task);
    assert_int_equal(helped.runs, 1);
    assert_true(pthread_equal(helped.ran_on, server.task.thread));
    assert_false(pthread_equal(helped.ran_on, pthread_self()));
    /* The helper waits again for the next. */
    struct helped again = {0};
    while (!helpers_offer(helpers, &task, note_thread, &again))
        sched_yield();
    helpers_finish(helpers, &task);
    assert_int_equal(again.runs, 1);

    helpers_close(helpers);
    parallel_finish(&server.task); /* returns: closing ends helpers_serve() */
    struct helped closed = {0};
    assert_false(helpers_offer(helpers, &task, note_thread, &closed));
    helpers_serve(helpers); /* closed: returns at once */
    helpers_destroy(helpers);
    helpers_serve(NULL); /* no helpers: nothing to serve */
    helpers_close(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_are_zeroed_and_writable_whatever_their_size),
        cmocka_unit_test(test_a_warm_heap_is_touched_without_faults),
        cmocka_unit_test(test_the_first_error_wins),
        cmocka_unit_test(test_helpers_run_what_is_offered_on_their_thread),
        cmocka_unit_test(test_bug_line_breaks_in_quoted_text_are_escaped),
        cmocka_unit_test(test_escaping_never_overflows_the_message),
        cmocka_unit_test(test_numbers_drop_trailing_zeros_and_minus_zero),
        cmocka_unit_test(test_bug_huge_and_non_finite_numbers_still_print_a_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
