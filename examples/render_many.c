/* render_many: load the data once, render many maps with libposture.
 *
 *   cc render_many.c $(pkg-config --cflags --libs posture) -o render_many
 *   ./render_many [OUTPUT_DIR] [TABLE.csv]
 *
 * Writes one map per side of the table, one per date (as of that date) and the whole table at
 * three sizes, all through one posture_session: the shapefiles, the gazetteer and the fonts are
 * read by the first render and reused by the others. */
#include <posture.h>

#include <stdio.h>
#include <stdlib.h>

static void
print_warning(void *context, const char *message)
{
    (void)context;
    fprintf(stderr, "render_many: warning: %s\n", message);
}

/* Renders one map to dir/name.svg and dir/name.png; returns 0 or the status of the failure. */
static int
render(struct posture_session *session, struct posture_request *request, const char *dir,
       const char *name)
{
    char svg[1024], png[1024];
    snprintf(svg, sizeof svg, "%s/%s.svg", dir, name);
    snprintf(png, sizeof png, "%s/%s.png", dir, name);
    const char *outputs[] = {svg, png};
    request->outputs = outputs;
    request->output_count = 2;
    struct posture_error err;
    if (posture_session_render(session, request, &err) != POSTURE_OK) {
        fprintf(stderr, "render_many: %s: %s\n", name, err.message);
        return (int)err.status;
    }
    printf("%s\n%s\n", svg, png);
    return 0;
}

int
main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    const char *table = argc > 2 ? argv[2] : NULL; /* NULL: the built-in table */
    struct posture_session *session = posture_session_create(NULL);
    int failed = 0;

    struct posture_request request;
    posture_request_init(&request);
    request.table_path = table;
    request.warn = print_warning;

    /* One map per side: --where side=... */
    static const char *const sides[][2] = {{"us", "side=us"}, {"russia", "side=russia"}};
    for (size_t i = 0; i < 2; i++) {
        const char *where[] = {sides[i][1]};
        request.where = where;
        request.where_count = 1;
        failed |= render(session, &request, dir, sides[i][0]);
    }
    request.where_count = 0;

    /* One map per date, each showing what stands on that day. */
    struct posture_dates dates;
    struct posture_error err;
    if (posture_session_dates(session, &request, &dates, &err) == POSTURE_OK) {
        for (size_t i = 0; i < dates.count; i++) {
            char name[64];
            snprintf(name, sizeof name, "as-of-%s", dates.days[i]);
            request.as_of = dates.days[i];
            failed |= render(session, &request, dir, name);
        }
        posture_dates_fini(&dates);
    } else {
        fprintf(stderr, "render_many: %s\n", err.message); /* a table without dates */
    }
    request.as_of = NULL;

    /* The whole table at three sizes, the title overridden like --set. */
    static const int sizes[][2] = {{1600, 1200}, {1200, 675}, {800, 800}};
    const char *settings[] = {"title.text=Force posture"};
    request.settings = settings;
    request.setting_count = 1;
    for (size_t i = 0; i < 3; i++) {
        char name[64];
        snprintf(name, sizeof name, "all-%dx%d", sizes[i][0], sizes[i][1]);
        request.width_px = sizes[i][0];
        request.height_px = sizes[i][1];
        failed |= render(session, &request, dir, name);
    }

    posture_session_destroy(session);
    return failed != 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
