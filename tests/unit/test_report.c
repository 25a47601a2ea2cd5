#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "data/deployments.h"
#include "report/report.h"
#include "scene/scene.h"

static const char TABLE[] = "id,side,place,troops\n"
                            "a,US,\"20.0, 50.0\",1000\n"
                            "b,US,\"21.0, 50.0\",1000\n";

/* Ten points per character, ascent 7, descent 3. */
static struct text_extent
measure_fixed(void *context, const char *text, const struct text_style *style)
{
    (void)context;
    (void)style;
    struct text_extent e = {10.0 * (double)strlen(text), 7, 3};
    return e;
}

struct fixture {
    struct scene *scene;
    struct deployment_table *table;
    struct text_measure measure;
    struct report_input input;
};

static void
fixture_init(struct fixture *f)
{
    struct posture_error err;
    error_clear(&err);
    f->table = deployments_parse("t.csv", TABLE, sizeof TABLE - 1, &err);
    assert_non_null(f->table);
    f->scene = scene_create(200, 100);
    struct scene_paint paint;
    memset(&paint, 0, sizeof paint);
    struct text_style style;
    memset(&style, 0, sizeof style);
    style.size_pt = 12;
    scene_add_circle(f->scene, LAYER_POSITIONS, "position-a", (struct page_xy){10, 20}, 5, &paint);
    scene_add_circle(f->scene, LAYER_POSITIONS, "position-b", (struct page_xy){30, 40}, 5, &paint);
    scene_add_text(f->scene, LAYER_LABELS, "label-a", "Say \"hi\"\\\n", (struct page_xy){50, 60},
                   ANCHOR_MIDDLE, &style);
    f->measure = (struct text_measure){NULL, measure_fixed};
    static const char *const outputs[] = {"map.svg"};
    static const char *const warnings[] = {"label \"b\" dropped"};
    f->input = (struct report_input){
        .version = "9.9.9",
        .scene = f->scene,
        .measure = &f->measure,
        .scale = 2,
        .projection = "EPSG:3035",
        .extent = {10, 40, 30, 60},
        .frame = {0, 10, 200, 90},
        .table = f->table,
        .outputs = outputs,
        .output_count = 1,
        .warnings = warnings,
        .warning_count = 1,
        .alt_text = "Map: x.",
    };
}

static void
fixture_fini(struct fixture *f)
{
    scene_destroy(f->scene);
    deployments_destroy(f->table);
}

static void
test_report_lists_symbols_texts_and_dropped_labels(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f);
    char *json = report_json(&f.input);
    assert_non_null(strstr(json, "\"posture\": \"9.9.9\""));
    assert_non_null(strstr(json, "\"page\": {\"width_pt\": 200, \"height_pt\": 100, \"scale\": 2, "
                                 "\"png_width_px\": 400, \"png_height_px\": 200}"));
    assert_non_null(strstr(json, "\"extent\": [10, 40, 30, 60]"));
    assert_non_null(strstr(json, "\"visible\": null"));
    assert_non_null(strstr(json, "{\"id\": \"position-a\", \"layer\": \"positions\", \"at\": "
                                 "[10, 20], \"radius_pt\": 5}"));
    /* Escaped, and boxed by the measure around its middle anchor: 10 characters wide. */
    assert_non_null(strstr(json, "\"text\": \"Say \\\"hi\\\"\\\\\\n\", \"at\": [50, 60], "
                                 "\"anchor\": \"middle\", \"size_pt\": 12, \"box\": [0, 53, 100, "
                                 "63]"));
    assert_non_null(strstr(json, "\"labels_dropped\": [\n    {\"id\": \"label-b\", \"line\": 3, "
                                 "\"label\": \"\"}\n  ]"));
    assert_non_null(strstr(json, "\"warnings\": [\n    \"label \\\"b\\\" dropped\"\n  ]"));
    assert_non_null(strstr(json, "\"alt_text\": \"Map: x.\"\n}\n"));
    free(json);
    fixture_fini(&f);
}

static void
test_report_is_the_same_bytes_each_time(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f);
    char *first = report_json(&f.input);
    char *second = report_json(&f.input);
    assert_string_equal(first, second);
    free(first);
    free(second);
    fixture_fini(&f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_lists_symbols_texts_and_dropped_labels),
        cmocka_unit_test(test_report_is_the_same_bytes_each_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
