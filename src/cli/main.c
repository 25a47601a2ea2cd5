/* posture's command line: argv -> struct posture_request -> the library -> exit code.
 * Parsing is options.c's, pipes pipes.c's, job files batch/'s; everything about maps is the
 * library's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "batch/batch.h"
#include "batch/template.h"
#include "cli/options.h"
#include "cli/pipes.h"
#include "core/alloc.h"
#include "core/files.h"
#include "posture.h"

static void
print_warning(void *context, const char *message)
{
    (void)context;
    (void)fprintf(stderr, "posture: warning: %s\n", message);
}

static int
exit_code_of(enum posture_status status)
{
    switch (status) {
    case POSTURE_OK:
        return EX_OK;
    case POSTURE_ERR_USAGE:
        return EX_USAGE;
    case POSTURE_ERR_INPUT:
        return EX_DATAERR;
    case POSTURE_ERR_MISSING:
        return EX_NOINPUT;
    case POSTURE_ERR_WRITE:
        return EX_CANTCREAT;
    case POSTURE_ERR_INTERNAL:
        return EX_SOFTWARE;
    }
    return EX_SOFTWARE;
}

static enum posture_status
fail(struct posture_error *err, enum posture_status status, const char *what, const char *path)
{
    err->status = status;
    (void)snprintf(err->message, sizeof err->message, "%s: %s: %s", path, what, strerror(errno));
    return status;
}

/* One render's names, from the templates of -o, --report and --alt-text. */
struct expanded_names {
    char *outputs[OPTIONS_MAX_OUTPUTS];
    char *report, *alt_text;
};

static void
expanded_names_fini(struct expanded_names *names)
{
    for (size_t i = 0; i < OPTIONS_MAX_OUTPUTS; i++)
        free(names->outputs[i]);
    free(names->report);
    free(names->alt_text);
    memset(names, 0, sizeof *names);
}

static enum posture_status
expand_one(const char *text, const struct template_values *values, const char *what, char **out,
           struct posture_error *err)
{
    if (text == NULL)
        return POSTURE_OK;
    return template_expand(text, values, what, out, err);
}

/* Fills `names` and points `request` at them. */
static enum posture_status
expand_names(const struct options *options, const char *date, struct posture_request *request,
             struct expanded_names *names, struct posture_error *err)
{
    struct template_values values = {.date = date,
                                     .preset = request->preset,
                                     .width_px = options->request.width_px,
                                     .height_px = options->request.height_px};
    for (size_t i = 0; i < options->request.output_count; i++) {
        if (expand_one(options->output_paths[i], &values, "-o", &names->outputs[i], err) !=
            POSTURE_OK)
            return err->status;
    }
    if (expand_one(options->request.report_path, &values, "--report", &names->report, err) !=
            POSTURE_OK ||
        expand_one(options->request.alt_text_path, &values, "--alt-text", &names->alt_text, err) !=
            POSTURE_OK)
        return err->status;
    request->outputs = (const char *const *)names->outputs;
    request->report_path = names->report;
    request->alt_text_path = names->alt_text;
    return POSTURE_OK;
}

static enum posture_status
render_one(struct posture_session *session, const struct options *options,
           struct posture_request *request, const char *date, struct posture_error *err)
{
    struct expanded_names names;
    memset(&names, 0, sizeof names);
    if (expand_names(options, date, request, &names, err) == POSTURE_OK && session != NULL)
        (void)posture_session_render(session, request, err);
    else if (err->status == POSTURE_OK)
        (void)posture_render(request, err); /* one map: read only what it shows */
    expanded_names_fini(&names);
    return err->status;
}

/* --each date: one map per distinct date, each as of that date; the first failure stops. */
static enum posture_status
render_each(struct posture_session *session, const struct options *options,
            struct posture_request *request, struct posture_error *err)
{
    struct posture_dates dates;
    if (posture_session_dates(session, request, &dates, err) != POSTURE_OK)
        return err->status;
    for (size_t i = 0; i < dates.count && err->status == POSTURE_OK; i++) {
        request->as_of = dates.days[i];
        (void)render_one(session, options, request, dates.days[i], err);
    }
    posture_dates_fini(&dates);
    return err->status;
}

static const char *
dash_to_temp(const char *path, const struct stdout_file *file)
{
    return path != NULL && strcmp(path, "-") == 0 ? file->path : path;
}

/* Whatever is "-" (one of -o, --report, --alt-text) is written to a temporary file. */
static enum posture_status
open_stdout(struct options *options, struct stdout_file *file, bool *is_used,
            struct posture_error *err)
{
    struct posture_request *request = &options->request;
    bool uses = request->report_path != NULL && strcmp(request->report_path, "-") == 0;
    bool alt = request->alt_text_path != NULL && strcmp(request->alt_text_path, "-") == 0;
    for (size_t i = 0; i < request->output_count; i++)
        uses = uses || strcmp(options->output_paths[i], "-") == 0;
    *is_used = uses || alt;
    if (!*is_used)
        return POSTURE_OK;
    const char *extension = options->format != NULL ? options->format : alt ? "txt" : "json";
    if (pipes_stdout_open(file, extension, err) != POSTURE_OK)
        return err->status;
    for (size_t i = 0; i < request->output_count; i++)
        options->output_paths[i] = dash_to_temp(options->output_paths[i], file);
    request->report_path = dash_to_temp(request->report_path, file);
    request->alt_text_path = dash_to_temp(request->alt_text_path, file);
    return POSTURE_OK;
}

/* The maps of one preset (NULL: none): one, or one per date. */
static enum posture_status
render_preset(struct posture_session *session, const struct options *options, const char *preset,
              struct posture_error *err)
{
    struct posture_request request = options->request;
    request.preset = preset;
    if (options->is_each_date)
        return render_each(session, options, &request, err);
    return render_one(session, options, &request, options->request.as_of, err);
}

/* --preset kit: every preset the style has. */
static enum posture_status
render_kit(struct posture_session *session, const struct options *options,
           struct posture_error *err)
{
    struct posture_presets presets;
    if (posture_session_presets(session, &options->request, &presets, err) != POSTURE_OK)
        return err->status;
    for (size_t i = 0; i < presets.count && err->status == POSTURE_OK; i++)
        (void)render_preset(session, options, presets.names[i], err);
    posture_presets_fini(&presets);
    return err->status;
}

static enum posture_status
render_with_session(struct options *options, struct posture_error *err)
{
    /* One map needs no session: posture_render() reads only the shapefile records and rings
     * the map shows (a ninth of the 1:10m file for a map of Europe). */
    if (!options->is_kit && options->preset_count <= 1 && !options->is_each_date) {
        struct posture_request request = options->request;
        request.preset = options->preset_count == 1 ? options->presets[0] : NULL;
        return render_one(NULL, options, &request, options->request.as_of, err);
    }
    struct posture_session *session = posture_session_create(options->request.data_dir);
    if (options->is_kit)
        (void)render_kit(session, options, err);
    for (size_t i = 0; i < options->preset_count && err->status == POSTURE_OK; i++)
        (void)render_preset(session, options, options->presets[i], err);
    if (!options->is_kit && options->preset_count == 0)
        (void)render_preset(session, options, NULL, err);
    posture_session_destroy(session);
    return err->status;
}

static void
print_problem(void *context, const char *message)
{
    (void)context;
    (void)fprintf(stderr, "posture: %s\n", message);
}

/* A table named "-" is read from standard input into *bytes (the caller frees it). */
static enum posture_status
read_stdin_table(struct posture_request *request, char **bytes, struct posture_error *err)
{
    *bytes = NULL;
    if (request->table_path == NULL || strcmp(request->table_path, "-") != 0)
        return POSTURE_OK;
    if (pipes_read_stdin(bytes, &request->table_size, err) != POSTURE_OK)
        return err->status;
    request->table_bytes = *bytes;
    request->table_path = "<stdin>";
    return POSTURE_OK;
}

static enum posture_status
render(struct options *options, struct posture_error *err)
{
    const char *dir = options->default_output_dir;
    if (dir != NULL && mkdir(dir, 0777) != 0 && errno != EEXIST)
        return fail(err, POSTURE_ERR_WRITE, "cannot create directory", dir);
    options->request.warn = print_warning;
    char *table = NULL;
    if (read_stdin_table(&options->request, &table, err) != POSTURE_OK)
        return err->status;
    struct stdout_file file;
    bool has_stdout = false;
    memset(&file, 0, sizeof file);
    if (open_stdout(options, &file, &has_stdout, err) == POSTURE_OK &&
        render_with_session(options, err) == POSTURE_OK && has_stdout)
        (void)pipes_stdout_copy(&file, err);
    pipes_stdout_fini(&file);
    free(table);
    return err->status;
}

static enum posture_status
check(struct options *options, struct posture_error *err)
{
    options->request.warn = print_warning;
    char *table = NULL;
    if (read_stdin_table(&options->request, &table, err) == POSTURE_OK) {
        struct posture_session *session = posture_session_create(options->request.data_dir);
        (void)posture_session_check(session, &options->request, print_problem, NULL, err);
        posture_session_destroy(session);
    }
    free(table);
    return err->status;
}

static enum posture_status
batch(struct options *options, struct posture_error *err)
{
    struct batch_options batch_options = {
        .jobs_path = options->jobs_path,
        .out_dir = options->out_dir,
        .shard_index = options->shard_index,
        .shard_count = options->shard_count,
        .workers = options->workers,
        .allow_any_path = options->allow_any_path,
        .data_dir = options->request.data_dir,
        .warn = print_warning,
        .fail = print_problem,
    };
    char *bytes = NULL;
    enum posture_status status;
    if (strcmp(options->jobs_path, "-") == 0) {
        batch_options.jobs_path = "<stdin>";
        status = pipes_read_stdin(&bytes, &batch_options.jobs_size, err);
    } else {
        status = files_read(options->jobs_path, &bytes, &batch_options.jobs_size, err);
    }
    batch_options.jobs_bytes = bytes;
    struct batch_summary summary;
    if (status == POSTURE_OK)
        (void)batch_run(&batch_options, &summary, err);
    free(bytes);
    return err->status;
}

/* --help and --version: a full disk or closed stdout is an error, not a silent success. */
static enum posture_status
flush_stdout(struct posture_error *err)
{
    if (fflush(stdout) != 0 || ferror(stdout))
        return fail(err, POSTURE_ERR_WRITE, "cannot write", "standard output");
    return POSTURE_OK;
}

static enum posture_status
run(struct options *options, struct posture_error *err)
{
    /* The least heap a map's layout uses (a 1:50m map's SVG), mapped at once (core/alloc.h). */
    if (options->action == OPTIONS_ACTION_RENDER || options->action == OPTIONS_ACTION_BATCH)
        heap_keep_and_warm(6u << 20);
    else
        heap_keep_and_warm(0);
    switch (options->action) {
    case OPTIONS_ACTION_RENDER:
        return render(options, err);
    case OPTIONS_ACTION_CHECK:
        return check(options, err);
    case OPTIONS_ACTION_BATCH:
        return batch(options, err);
    case OPTIONS_ACTION_HELP:
        (void)options_print_usage(stdout);
        return flush_stdout(err);
    case OPTIONS_ACTION_VERSION:
        (void)printf("posture %s\n", posture_version());
        return flush_stdout(err);
    case OPTIONS_ACTION_NO_COMMAND:
        (void)options_print_usage(stderr);
        return POSTURE_ERR_USAGE;
    }
    return POSTURE_ERR_INTERNAL;
}

int
main(int argc, char **argv)
{
    struct options options;
    struct posture_error err = {.status = POSTURE_OK, .message = ""};
    posture_own_fontconfig(); /* the command uses fontconfig only through posture */
    enum posture_status status = options_parse(argc, argv, &options, &err);
    if (status == POSTURE_OK)
        status = run(&options, &err);
    if (status != POSTURE_OK && err.message[0] != '\0')
        (void)fprintf(stderr, "posture: %s\n", err.message);
    else if (status != POSTURE_OK && options.action != OPTIONS_ACTION_NO_COMMAND)
        (void)fprintf(stderr, "posture: failed without a message (status %d)\n", (int)status);
    return exit_code_of(status);
}
