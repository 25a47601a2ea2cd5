#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/files.h"
#include "render/output.h"

static struct scene_paint
solid(struct rgba colour)
{
    struct scene_paint paint = {.pattern = PATTERN_SOLID, .fill = colour};
    return paint;
}

static struct text_style
label_style(void)
{
    struct text_style style = {
        .family = "Noto Sans, DejaVu Sans",
        .size_pt = 10,
        .weight = 400,
        .colour = {0.2, 0.2, 0.2, 1},
    };
    return style;
}

static struct scene_item *
add_rectangle(struct scene *scene, enum scene_layer layer, const char *id, double x0, double y0,
              double x1, double y1, const struct scene_paint *paint)
{
    struct geometry_builder builder;
    geometry_builder_init(&builder);
    geometry_builder_move_to(&builder, (struct page_xy){x0, y0});
    geometry_builder_line_to(&builder, (struct page_xy){x1, y0});
    geometry_builder_line_to(&builder, (struct page_xy){x1, y1});
    geometry_builder_line_to(&builder, (struct page_xy){x0, y1});
    struct scene_geometry geometry = geometry_builder_view(&builder, true);
    struct scene_item *item = scene_add_path(scene, layer, id, &geometry, paint);
    geometry_builder_fini(&builder);
    return item;
}

/* The document for the scene, malloc'd. */
static char *
build(struct scene *scene)
{
    struct strbuf out;
    strbuf_init(&out);
    svg_writer_build(scene, &out);
    return out.bytes;
}

static size_t
count_occurrences(const char *haystack, const char *needle)
{
    size_t count = 0;
    for (const char *p = strstr(haystack, needle); p != NULL; p = strstr(p + 1, needle))
        count++;
    return count;
}

/* The value of the first attribute `name` at or after `from`, copied into value. */
static void
attribute_after(const char *from, const char *name, char *value, size_t size)
{
    char pattern[64];
    (void)snprintf(pattern, sizeof pattern, " %s=\"", name);
    const char *start = strstr(from, pattern);
    assert_non_null(start);
    start += strlen(pattern);
    const char *end = strchr(start, '"');
    assert_non_null(end);
    assert_true((size_t)(end - start) < size);
    memcpy(value, start, (size_t)(end - start));
    value[end - start] = '\0';
}

static void
test_svg_declares_its_size_in_points_and_a_matching_view_box(void **state)
{
    (void)state;
    struct scene *scene = scene_create(595.28, 420);
    char *svg = build(scene);
    assert_true(strncmp(svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"", 36) == 0);
    assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(svg, "xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\""));
    assert_non_null(strstr(svg, " width=\"595.28\" height=\"420\" viewBox=\"0 0 595.28 420\">"));
    assert_non_null(strstr(svg, "</svg>\n"));
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_has_one_layer_group_per_non_empty_layer_in_layer_order(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 100);
    struct scene_paint grey = solid(rgba_make(0.5, 0.5, 0.5, 1));
    struct text_style style = label_style();
    scene_add_text(scene, LAYER_LABELS, NULL, "Poland", (struct page_xy){50, 50}, ANCHOR_MIDDLE,
                   &style);
    add_rectangle(scene, LAYER_COUNTRIES, NULL, 10, 10, 20, 20, &grey);
    add_rectangle(scene, LAYER_BACKGROUND, NULL, 0, 0, 100, 100, &grey);
    add_rectangle(scene, LAYER_COUNTRIES, NULL, 30, 30, 40, 40, &grey);
    char *svg = build(scene);

    const char *background = strstr(
        svg, "<g id=\"background\" inkscape:groupmode=\"layer\" inkscape:label=\"Background\">");
    const char *countries = strstr(
        svg, "<g id=\"countries\" inkscape:groupmode=\"layer\" inkscape:label=\"Countries\">");
    const char *labels =
        strstr(svg, "<g id=\"labels\" inkscape:groupmode=\"layer\" inkscape:label=\"Labels\">");
    assert_non_null(background);
    assert_non_null(countries);
    assert_non_null(labels);
    assert_true(background < countries);
    assert_true(countries < labels);
    assert_int_equal(count_occurrences(svg, "<g "), 3);
    assert_int_equal(count_occurrences(svg, "</g>"), 3);
    assert_null(strstr(svg, "borders"));
    /* Both countries in their one group, in the order they were added. */
    const char *first = strstr(countries, "M10 10");
    const char *second = strstr(countries, "M30 30");
    assert_non_null(first);
    assert_non_null(second);
    assert_true(first < second && second < labels);
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_keeps_text_as_text_elements(void **state)
{
    (void)state;
    struct scene *scene = scene_create(200, 100);
    struct text_style style = label_style();
    style.weight = 700;
    style.is_italic = true;
    scene_add_text(scene, LAYER_LABELS, "label-1", "Rzeszów", (struct page_xy){100.25, 50},
                   ANCHOR_MIDDLE, &style);
    char *svg = build(scene);
    assert_non_null(strstr(svg, "<text id=\"label-1\" x=\"100.25\" y=\"50\" text-anchor=\"middle\""
                                " font-family=\"Noto Sans, DejaVu Sans\" font-size=\"10\""
                                " font-weight=\"700\" font-style=\"italic\" fill=\"#333333\">"
                                "Rzeszów</text>"));
    assert_null(strstr(svg, "<path"));
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_escapes_markup_and_keeps_utf8_verbatim(void **state)
{
    (void)state;
    struct scene *scene = scene_create(200, 100);
    scene_set_title(scene, "Forces <east> & \"west\"", "Rzeszów & Україна");
    struct text_style style = label_style();
    scene_add_text(scene, LAYER_LABELS, NULL, "A & B <C>", (struct page_xy){1, 2}, ANCHOR_START,
                   &style);
    scene_add_text(scene, LAYER_LABELS, NULL, "Україна", (struct page_xy){1, 20}, ANCHOR_START,
                   &style);
    scene_add_text(scene, LAYER_LABELS, NULL, "Rzeszów", (struct page_xy){1, 40}, ANCHOR_START,
                   &style);
    char *svg = build(scene);
    assert_non_null(strstr(svg, "<title>Forces &lt;east&gt; &amp; &quot;west&quot;</title>"));
    assert_non_null(strstr(svg, "<desc>Rzeszów &amp; Україна</desc>"));
    assert_non_null(strstr(svg, ">A &amp; B &lt;C&gt;</text>"));
    assert_non_null(strstr(svg, ">Україна</text>"));
    assert_non_null(strstr(svg, ">Rzeszów</text>"));
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_replaces_what_xml_cannot_hold(void **state)
{
    (void)state;
    struct scene *scene = scene_create(200, 100);
    struct text_style style = label_style();
    scene_add_text(scene, LAYER_LABELS, NULL, "bad\xff byte\x01", (struct page_xy){1, 2},
                   ANCHOR_START, &style);
    char *svg = build(scene);
    assert_non_null(strstr(svg, ">bad\xEF\xBF\xBD byte</text>"));
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_draws_a_halo_as_a_stroke_painted_first(void **state)
{
    (void)state;
    struct scene *scene = scene_create(200, 100);
    struct text_style style = label_style();
    style.halo = rgba_make(1, 1, 1, 0.75);
    style.halo_width_pt = 2.5;
    scene_add_text(scene, LAYER_LABELS, NULL, "Baltic Sea", (struct page_xy){10, 20}, ANCHOR_END,
                   &style);
    char *svg = build(scene);
    assert_non_null(strstr(svg, " text-anchor=\"end\""));
    assert_non_null(strstr(svg, " stroke=\"#ffffff\" stroke-opacity=\"0.75\" stroke-width=\"2.5\""
                                " stroke-linejoin=\"round\" paint-order=\"stroke\">Baltic Sea<"));
    free(svg);
    scene_destroy(scene);
}

/* An SVG reader drops leading and trailing spaces and joins runs of them unless told otherwise;
 * Pango draws every one, and the layout measured them. */
static void
test_svg_keeps_the_spaces_the_png_draws(void **state)
{
    (void)state;
    struct scene *scene = scene_create(200, 100);
    struct text_style style = label_style();
    scene_add_text(scene, LAYER_LABELS, "runs", "Two  spaces   here", (struct page_xy){1, 20},
                   ANCHOR_START, &style);
    scene_add_text(scene, LAYER_LABELS, "ends", " padded ", (struct page_xy){1, 40}, ANCHOR_MIDDLE,
                   &style);
    scene_add_text(scene, LAYER_LABELS, "tab", "a\tb", (struct page_xy){1, 60}, ANCHOR_START,
                   &style);
    scene_add_text(scene, LAYER_LABELS, "plain", "One space", (struct page_xy){1, 80}, ANCHOR_START,
                   &style);
    char *svg = build(scene);
    assert_non_null(strstr(svg, " xml:space=\"preserve\">Two  spaces   here</text>"));
    assert_non_null(strstr(svg, " xml:space=\"preserve\"> padded </text>"));
    assert_non_null(strstr(svg, " xml:space=\"preserve\">a\tb</text>"));
    assert_non_null(strstr(svg, " fill=\"#333333\">One space</text>"));
    assert_int_equal(count_occurrences(svg, "xml:space"), 3);
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_path_data_is_compact_and_relative(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 100);
    struct scene_paint grey = solid(rgba_make(0.5, 0.5, 0.5, 1));
    add_rectangle(scene, LAYER_COUNTRIES, NULL, 10, 10.04, 20.55, 20, &grey);
    struct geometry_builder builder;
    geometry_builder_init(&builder);
    geometry_builder_move_to(&builder, (struct page_xy){0.5, 0.5});
    geometry_builder_line_to(&builder, (struct page_xy){0, 0.25});
    geometry_builder_move_to(&builder, (struct page_xy){50, 50});
    geometry_builder_line_to(&builder, (struct page_xy){49.5, 52});
    struct scene_geometry lines = geometry_builder_view(&builder, false);
    struct scene_paint line = {.stroke = {0, 0, 0, 1}, .stroke_width_pt = 1};
    scene_add_path(scene, LAYER_BORDERS, NULL, &lines, &line);
    geometry_builder_fini(&builder);
    char *svg = build(scene);
    /* Rounded to 0.1 pt: 20.55 -> 20.6 (the last closing point is the one z draws). */
    assert_non_null(strstr(svg, " d=\"M10 10l10.6 0 0 10-10.6 0z\""));
    /* Open subpaths: no z, leading zeros dropped, "-" as a separator. */
    assert_non_null(strstr(svg, " d=\"M.5 .5l-.5-.2M50 50l-.5 2\" fill=\"none\""));
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_path_drops_segments_that_round_to_nothing(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 100);
    struct geometry_builder builder;
    geometry_builder_init(&builder);
    geometry_builder_move_to(&builder, (struct page_xy){10, 10});
    geometry_builder_line_to(&builder, (struct page_xy){10.01, 10.02});
    geometry_builder_line_to(&builder, (struct page_xy){10, 10});
    geometry_builder_line_to(&builder, (struct page_xy){20, 10});
    geometry_builder_line_to(&builder, (struct page_xy){20.04, 10});
    geometry_builder_line_to(&builder, (struct page_xy){20, 20});
    geometry_builder_line_to(&builder, (struct page_xy){10, 10});
    struct scene_geometry triangle = geometry_builder_view(&builder, true);
    struct scene_paint grey = solid(rgba_make(0.5, 0.5, 0.5, 1));
    scene_add_path(scene, LAYER_COUNTRIES, NULL, &triangle, &grey);
    geometry_builder_fini(&builder);
    char *svg = build(scene);
    assert_non_null(strstr(svg, " d=\"M10 10l10 0 0 10z\""));
    free(svg);
    scene_destroy(scene);
}

/* The borders: rings closed with z, then pieces of shared borders left open. */
static void
test_svg_path_closes_rings_but_not_the_open_subpaths_after_them(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 100);
    struct geometry_builder builder;
    geometry_builder_init(&builder);
    geometry_builder_move_to(&builder, (struct page_xy){10, 10});
    geometry_builder_line_to(&builder, (struct page_xy){20, 10});
    geometry_builder_line_to(&builder, (struct page_xy){20, 20});
    geometry_builder_line_to(&builder, (struct page_xy){10, 10});
    geometry_builder_move_to(&builder, (struct page_xy){30, 30});
    geometry_builder_line_to(&builder, (struct page_xy){40, 30});
    geometry_builder_line_to(&builder, (struct page_xy){30, 30});
    struct scene_geometry borders = geometry_builder_view(&builder, true);
    borders.open_subpath_count = 1;
    assert_true(scene_subpath_is_closed(&borders, 0));
    assert_false(scene_subpath_is_closed(&borders, 1));
    struct scene_paint line = {.stroke = {0, 0, 0, 1}, .stroke_width_pt = 1};
    scene_add_path(scene, LAYER_BORDERS, NULL, &borders, &line);
    geometry_builder_fini(&builder);
    char *svg = build(scene);
    assert_non_null(strstr(svg, " d=\"M10 10l10 0 0 10zM30 30l10 0-10 0\""));
    free(svg);
    scene_destroy(scene);
}

/* The absolute end point of path data made of M and l commands (implicit repeats included). */
static void
parse_end_point(const char *d, double *x, double *y)
{
    double start_x = 0, start_y = 0;
    char command = 0;
    const char *p = d;
    while (*p != '\0' && *p != '"') {
        if (isspace((unsigned char)*p)) {
            p++;
            continue;
        }
        if (*p == 'M' || *p == 'l' || *p == 'z') {
            command = *p++;
            if (command == 'z') {
                *x = start_x;
                *y = start_y;
            }
            continue;
        }
        char *end;
        double a = strtod(p, &end);
        assert_true(end != p);
        p = end;
        while (isspace((unsigned char)*p))
            p++;
        double b = strtod(p, &end);
        assert_true(end != p);
        p = end;
        if (command == 'M') {
            *x = start_x = a;
            *y = start_y = b;
            command = 'L'; /* SVG: pairs after M are line-tos; ours always say l first */
        } else {
            assert_int_equal(command, 'l');
            *x += a;
            *y += b;
        }
    }
}

static void
test_svg_path_data_does_not_drift_over_many_small_steps(void **state)
{
    (void)state;
    struct scene *scene = scene_create(1000, 1000);
    struct geometry_builder builder;
    geometry_builder_init(&builder);
    struct page_xy at = {3.333, 7.777};
    geometry_builder_move_to(&builder, at);
    for (int i = 0; i < 20000; i++) {
        at.x += 0.0349 + 0.01 * (i % 7);
        at.y += 0.0151 - 0.005 * (i % 3);
        geometry_builder_line_to(&builder, at);
    }
    struct scene_geometry line = geometry_builder_view(&builder, false);
    struct scene_paint paint = {.stroke = {0, 0, 0, 1}, .stroke_width_pt = 0.5};
    scene_add_path(scene, LAYER_MOVEMENTS, NULL, &line, &paint);
    geometry_builder_fini(&builder);
    char *svg = build(scene);

    const char *d = strstr(svg, " d=\"");
    assert_non_null(d);
    double x = 0, y = 0;
    parse_end_point(d + 4, &x, &y);
    assert_float_equal(x, at.x, 0.051);
    assert_float_equal(y, at.y, 0.051);
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_writes_colours_opacity_fill_rule_and_stroke_style(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 100);
    struct scene_paint paint = {
        .pattern = PATTERN_SOLID,
        .fill = {1, 0, 0, 0.5},
        .stroke = {0, 0.5, 1, 1},
        .stroke_width_pt = 0.75,
        .dash_pt = {3, 1.5},
        .cap = CAP_ROUND,
        .join = JOIN_BEVEL,
        .is_even_odd = true,
    };
    add_rectangle(scene, LAYER_AREAS, NULL, 1, 1, 2, 2, &paint);
    struct scene_paint outline = {.stroke = {0, 0, 0, 1}, .stroke_width_pt = 1};
    scene_add_circle(scene, LAYER_POSITIONS, NULL, (struct page_xy){50, 60.5}, 4, &outline);
    char *svg = build(scene);
    assert_non_null(strstr(svg, " fill=\"#ff0000\" fill-opacity=\"0.5\" fill-rule=\"evenodd\""
                                " stroke=\"#0080ff\" stroke-width=\"0.75\""
                                " stroke-dasharray=\"3 1.5\" stroke-linecap=\"round\""
                                " stroke-linejoin=\"bevel\"/>"));
    assert_non_null(strstr(svg, "<circle cx=\"50\" cy=\"60.5\" r=\"4\" fill=\"none\""
                                " stroke=\"#000000\" stroke-width=\"1\"/>"));
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_emits_one_hatch_pattern_per_distinct_hatch_style(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 100);
    struct scene_paint hatch = {
        .pattern = PATTERN_HATCH,
        .fill = {1, 1, 1, 1},
        .hatch = {1, 0, 0, 1},
        .hatch_spacing_pt = 4,
        .hatch_width_pt = 1,
        .hatch_angle_deg = 45,
    };
    struct scene_paint other = hatch;
    other.hatch_angle_deg = -45;
    add_rectangle(scene, LAYER_AREAS, NULL, 0, 0, 10, 10, &hatch);
    add_rectangle(scene, LAYER_AREAS, NULL, 20, 0, 30, 10, &other);
    add_rectangle(scene, LAYER_AREAS, NULL, 40, 0, 50, 10, &hatch);
    char *svg = build(scene);

    const char *defs = strstr(svg, "<defs>");
    const char *first_layer = strstr(svg, "<g ");
    assert_non_null(defs);
    assert_true(defs < first_layer);
    assert_int_equal(count_occurrences(svg, "<pattern "), 2);
    assert_non_null(strstr(svg,
                           "<pattern id=\"hatch-1\" patternUnits=\"userSpaceOnUse\" width=\"4\""
                           " height=\"4\" patternTransform=\"rotate(-45)\">"));
    assert_non_null(strstr(svg,
                           "<pattern id=\"hatch-2\" patternUnits=\"userSpaceOnUse\" width=\"4\""
                           " height=\"4\" patternTransform=\"rotate(45)\">"));
    /* The line, 1 pt wide in the middle of a 4 pt tile, over the ground. */
    assert_non_null(strstr(svg, "<rect width=\"4\" height=\"4\" fill=\"#ffffff\"/>"
                                "<rect y=\"1.5\" width=\"4\" height=\"1\" fill=\"#ff0000\"/>"));
    assert_int_equal(count_occurrences(svg, "fill=\"url(#hatch-1)\""), 2);
    assert_int_equal(count_occurrences(svg, "fill=\"url(#hatch-2)\""), 1);
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_emits_a_clip_path_for_clipped_items(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 100);
    struct geometry_builder builder;
    geometry_builder_init(&builder);
    geometry_builder_move_to(&builder, (struct page_xy){0, 0});
    geometry_builder_line_to(&builder, (struct page_xy){50, 0});
    geometry_builder_line_to(&builder, (struct page_xy){50, 50});
    struct scene_geometry view = geometry_builder_view(&builder, true);
    const struct scene_geometry *clip = scene_keep_geometry(scene, &view);
    geometry_builder_fini(&builder);
    struct scene_paint grey = solid(rgba_make(0.5, 0.5, 0.5, 1));
    add_rectangle(scene, LAYER_AREAS, NULL, 0, 0, 100, 100, &grey)->clip = clip;
    add_rectangle(scene, LAYER_AREAS, NULL, 10, 10, 90, 90, &grey)->clip = clip;
    add_rectangle(scene, LAYER_AREAS, NULL, 20, 20, 80, 80, &grey);
    char *svg = build(scene);
    assert_int_equal(count_occurrences(svg, "<clipPath "), 1);
    assert_non_null(strstr(svg, "<clipPath id=\"clip-1\" clipPathUnits=\"userSpaceOnUse\">"
                                "<path d=\"M0 0l50 0 0 50z\" clip-rule=\"evenodd\"/></clipPath>"));
    assert_int_equal(count_occurrences(svg, " clip-path=\"url(#clip-1)\""), 2);
    free(svg);
    scene_destroy(scene);
}

static void
test_svg_makes_repeated_ids_unique(void **state)
{
    (void)state;
    struct scene *scene = scene_create(100, 100);
    struct scene_paint grey = solid(rgba_make(0.5, 0.5, 0.5, 1));
    add_rectangle(scene, LAYER_COUNTRIES, "country-POL", 0, 0, 1, 1, &grey);
    add_rectangle(scene, LAYER_COUNTRIES, "country-POL", 0, 0, 2, 2, &grey);
    add_rectangle(scene, LAYER_COUNTRIES, "country-POL", 0, 0, 3, 3, &grey);
    add_rectangle(scene, LAYER_COUNTRIES, "labels", 0, 0, 4, 4, &grey);
    add_rectangle(scene, LAYER_COUNTRIES, "a\"b", 0, 0, 5, 5, &grey);
    char *svg = build(scene);
    assert_int_equal(count_occurrences(svg, " id=\"country-POL\""), 1);
    assert_int_equal(count_occurrences(svg, " id=\"country-POL-2\""), 1);
    assert_int_equal(count_occurrences(svg, " id=\"country-POL-3\""), 1);
    assert_non_null(strstr(svg, " id=\"labels-2\""));
    assert_non_null(strstr(svg, " id=\"a&quot;b\""));
    char value[64];
    attribute_after(strstr(svg, "country-POL-3"), "d", value, sizeof value);
    assert_string_equal(value, "M0 0l3 0 0 3-3 0z");
    free(svg);
    scene_destroy(scene);
}

static struct scene *
busy_scene(void)
{
    struct scene *scene = scene_create(300, 200);
    scene_set_title(scene, "Eastern flank", "Deployments");
    struct scene_paint hatch = {
        .pattern = PATTERN_HATCH,
        .hatch = {0.8, 0, 0, 1},
        .hatch_spacing_pt = 5,
        .hatch_width_pt = 1,
        .hatch_angle_deg = 30,
    };
    struct scene_paint grey = solid(rgba_make(0.9, 0.9, 0.9, 1));
    struct text_style style = label_style();
    for (int i = 0; i < 20; i++) {
        add_rectangle(scene, (enum scene_layer)(i % LAYER_COUNT), i % 2 ? "unit" : NULL, i, i,
                      i + 10.123, i + 7.891, i % 3 ? &grey : &hatch);
        scene_add_text(scene, LAYER_LABELS, "unit", "Kaliningrad", (struct page_xy){i, 2.0 * i},
                       ANCHOR_START, &style);
    }
    return scene;
}

static void
test_svg_output_is_deterministic(void **state)
{
    (void)state;
    struct scene *scene = busy_scene();
    char *first = build(scene);
    char *again = build(scene);
    struct scene *twin = busy_scene();
    char *from_twin = build(twin);
    assert_string_equal(first, again);
    assert_string_equal(first, from_twin);
    free(first);
    free(again);
    free(from_twin);
    scene_destroy(scene);
    scene_destroy(twin);
}

static int
setup_directory(void **state)
{
    char *dir = strdup("/tmp/posture-test-svg-XXXXXX");
    if (dir == NULL || mkdtemp(dir) == NULL) {
        free(dir);
        return -1;
    }
    *state = dir;
    return 0;
}

static int
teardown_directory(void **state)
{
    char *dir = *state;
    DIR *listing = opendir(dir);
    if (listing != NULL) {
        struct dirent *entry;
        while ((entry = readdir(listing)) != NULL) {
            if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                continue;
            char *path = files_join(dir, entry->d_name);
            (void)unlink(path);
            free(path);
        }
        closedir(listing);
    }
    (void)rmdir(dir);
    free(dir);
    return 0;
}

static size_t
count_files(const char *dir)
{
    size_t count = 0;
    DIR *listing = opendir(dir);
    assert_non_null(listing);
    struct dirent *entry;
    while ((entry = readdir(listing)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            count++;
    closedir(listing);
    return count;
}

static void
test_svg_write_puts_the_built_document_in_place(void **state)
{
    char *path = files_join(*state, "map.svg");
    FILE *old = fopen(path, "wb");
    assert_non_null(old);
    assert_true(fputs("old map", old) >= 0);
    assert_int_equal(fclose(old), 0);

    struct scene *scene = busy_scene();
    struct posture_error err = {0};
    assert_int_equal(svg_writer_write(scene, path, &err), POSTURE_OK);
    char *bytes = NULL;
    size_t size = 0;
    assert_int_equal(files_read(path, &bytes, &size, &err), POSTURE_OK);
    char *expected = build(scene);
    assert_string_equal(bytes, expected);
    assert_int_equal(count_files(*state), 1);
    free(expected);
    free(bytes);
    scene_destroy(scene);
    free(path);
}

static void
test_svg_write_into_a_missing_directory_fails_with_a_write_error(void **state)
{
    char *path = files_join(*state, "dir/that/does/not/exist/map.svg");
    struct scene *scene = busy_scene();
    struct posture_error err = {0};
    assert_int_equal(svg_writer_write(scene, path, &err), POSTURE_ERR_WRITE);
    assert_non_null(strstr(err.message, path));
    assert_int_equal(count_files(*state), 0);
    scene_destroy(scene);
    free(path);
}

static void
test_svg_write_failing_half_way_leaves_the_existing_file_untouched(void **state)
{
    char *path = files_join(*state, "map.svg");
    FILE *old = fopen(path, "wb");
    assert_non_null(old);
    assert_true(fputs("old map", old) >= 0);
    assert_int_equal(fclose(old), 0);

    /* A file size limit makes the write fail part way, as a full disk would. */
    struct scene *scene = busy_scene();
    struct rlimit saved;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
    void (*previous)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit lowered = saved;
    lowered.rlim_cur = 100;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lowered), 0);
    struct posture_error err = {0};
    enum posture_status status = svg_writer_write(scene, path, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
    (void)signal(SIGXFSZ, previous);

    assert_int_equal(status, POSTURE_ERR_WRITE);
    assert_non_null(strstr(err.message, path));
    char *bytes = NULL;
    size_t size = 0;
    assert_int_equal(files_read(path, &bytes, &size, &err), POSTURE_OK);
    assert_string_equal(bytes, "old map");
    assert_int_equal(count_files(*state), 1);
    free(bytes);
    scene_destroy(scene);
    free(path);
}

#define DIRECTORY_TEST(test)                                                                       \
    cmocka_unit_test_setup_teardown(test, setup_directory, teardown_directory)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg_declares_its_size_in_points_and_a_matching_view_box),
        cmocka_unit_test(test_svg_has_one_layer_group_per_non_empty_layer_in_layer_order),
        cmocka_unit_test(test_svg_keeps_text_as_text_elements),
        cmocka_unit_test(test_svg_escapes_markup_and_keeps_utf8_verbatim),
        cmocka_unit_test(test_svg_replaces_what_xml_cannot_hold),
        cmocka_unit_test(test_svg_draws_a_halo_as_a_stroke_painted_first),
        cmocka_unit_test(test_svg_keeps_the_spaces_the_png_draws),
        cmocka_unit_test(test_svg_path_data_is_compact_and_relative),
        cmocka_unit_test(test_svg_path_drops_segments_that_round_to_nothing),
        cmocka_unit_test(test_svg_path_closes_rings_but_not_the_open_subpaths_after_them),
        cmocka_unit_test(test_svg_path_data_does_not_drift_over_many_small_steps),
        cmocka_unit_test(test_svg_writes_colours_opacity_fill_rule_and_stroke_style),
        cmocka_unit_test(test_svg_emits_one_hatch_pattern_per_distinct_hatch_style),
        cmocka_unit_test(test_svg_emits_a_clip_path_for_clipped_items),
        cmocka_unit_test(test_svg_makes_repeated_ids_unique),
        cmocka_unit_test(test_svg_output_is_deterministic),
        DIRECTORY_TEST(test_svg_write_puts_the_built_document_in_place),
        DIRECTORY_TEST(test_svg_write_into_a_missing_directory_fails_with_a_write_error),
        DIRECTORY_TEST(test_svg_write_failing_half_way_leaves_the_existing_file_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
