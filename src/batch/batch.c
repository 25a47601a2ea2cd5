#include "batch/batch.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/template.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/files.h"
#include "core/parallel.h"
#include "core/strbuf.h"
#include "data/csv_reader.h"
#include "session.h"

enum job_column {
    JOB_NAME,
    JOB_TABLE,
    JOB_STYLE,
    JOB_EXTENT,
    JOB_PRESET,
    JOB_WIDTH,
    JOB_HEIGHT,
    JOB_SCALE,
    JOB_AS_OF,
    JOB_EACH,
    JOB_WHERE,
    JOB_SET,
    JOB_OUTPUTS,
    JOB_REPORT,
    JOB_ALT_TEXT,
    JOB_COLUMN_COUNT
};

static const char *const job_column_names[JOB_COLUMN_COUNT] = {
    "name",  "table", "style", "extent", "preset",  "width",  "height",   "scale",
    "as_of", "each",  "where", "set",    "outputs", "report", "alt_text",
};

enum { JOB_MAX_LIST = 64, COLUMN_ABSENT = -1 };

/* One row of the job file, its fields copied. */
struct job {
    size_t line;
    size_t index;                   /* 1-based row number among the jobs */
    char *fields[JOB_COLUMN_COUNT]; /* "" when absent or empty */
    char *problem;                  /* set if the row itself is malformed */
};

struct batch {
    const struct batch_options *options;
    char *input_dir; /* inputs are relative to it; NULL: as written */
    const char *out_dir;
    struct posture_session *session;
    struct job *jobs;
    size_t job_count, job_capacity;
    int columns[JOB_COLUMN_COUNT];
    size_t header_field_count;
    /* Every output path so far, to catch two jobs writing one file: open addressing, NULL
     * is empty, kept under half full. */
    char **written;
    size_t written_count, written_capacity;
    const struct job *current; /* for warnings */
    const char *current_date;
    struct batch_summary *summary;
    /* Planning (plan_allows_workers()): names are placed and checked, nothing is drawn. */
    bool is_planning;
    bool has_repeated_name; /* an output name was given twice while planning */
};

/* A list cell: values separated by ';' or line breaks, each trimmed; empty ones dropped. */
static size_t
split_list(char *text, char **items, size_t max)
{
    size_t count = 0;
    char *save = NULL;
    for (char *item = strtok_r(text, ";\n", &save); item != NULL && count < max;
         item = strtok_r(NULL, ";\n", &save)) {
        while (isspace((unsigned char)*item))
            item++;
        size_t length = strlen(item);
        while (length > 0 && isspace((unsigned char)item[length - 1]))
            item[--length] = '\0';
        if (length > 0)
            items[count++] = item;
    }
    return count;
}

/* "As Of", "as-of" and "AS_OF" all name as_of; COLUMN_ABSENT if none. */
static int
find_column(const char *text)
{
    char name[32];
    size_t n = 0;
    for (const char *p = text; *p && n + 1 < sizeof name; p++) {
        if (*p == '-' || *p == ' ')
            name[n++] = '_';
        else
            name[n++] = (char)tolower((unsigned char)*p);
    }
    name[n] = '\0';
    for (int c = 0; c < JOB_COLUMN_COUNT; c++) {
        if (strcmp(name, job_column_names[c]) == 0)
            return c;
    }
    return COLUMN_ABSENT;
}

static enum posture_status
map_header(struct batch *b, const struct csv_row *header, struct posture_error *err)
{
    for (int c = 0; c < JOB_COLUMN_COUNT; c++)
        b->columns[c] = COLUMN_ABSENT;
    b->header_field_count = header->field_count;
    for (size_t i = 0; i < header->field_count; i++) {
        int found = find_column(header->fields[i]);
        if (found == COLUMN_ABSENT)
            return error_set(err, POSTURE_ERR_INPUT,
                             "%s:%zu: unknown column \"%s\" (see posture(1) for the job columns)",
                             b->options->jobs_path, header->line, header->fields[i]);
        if (b->columns[found] != COLUMN_ABSENT)
            return error_set(err, POSTURE_ERR_INPUT, "%s:%zu: column \"%s\" appears twice",
                             b->options->jobs_path, header->line, job_column_names[found]);
        b->columns[found] = (int)i;
    }
    if (b->columns[JOB_OUTPUTS] == COLUMN_ABSENT)
        return error_set(err, POSTURE_ERR_INPUT, "%s:%zu: missing column \"outputs\"",
                         b->options->jobs_path, header->line);
    return POSTURE_OK;
}

static void
add_job(struct batch *b, const struct csv_row *row)
{
    xgrow(&b->jobs, &b->job_capacity, b->job_count + 1, sizeof *b->jobs);
    struct job *job = &b->jobs[b->job_count++];
    memset(job, 0, sizeof *job);
    job->line = row->line;
    job->index = b->job_count;
    if (row->field_count != b->header_field_count) {
        struct strbuf problem;
        strbuf_init(&problem);
        strbuf_printf(&problem, "expected %zu fields, found %zu", b->header_field_count,
                      row->field_count);
        job->problem = problem.bytes;
    }
    for (int c = 0; c < JOB_COLUMN_COUNT; c++) {
        int index = b->columns[c];
        bool has = index != COLUMN_ABSENT && (size_t)index < row->field_count;
        job->fields[c] = xstrdup(has ? row->fields[index] : "");
    }
}

static enum posture_status
read_jobs(struct batch *b, struct posture_error *err)
{
    const struct batch_options *o = b->options;
    struct csv_reader *reader = csv_reader_create(o->jobs_path, o->jobs_bytes, o->jobs_size, err);
    if (reader == NULL)
        return err->status;
    struct csv_row row;
    if (!csv_reader_next(reader, &row, err)) {
        error_set(err, POSTURE_ERR_INPUT, "%s: empty file", o->jobs_path);
    } else if (map_header(b, &row, err) == POSTURE_OK) {
        while (csv_reader_next(reader, &row, err))
            add_job(b, &row);
    }
    csv_reader_destroy(reader);
    return err->status;
}

/* Empties the table of names written so far. */
static void
forget_written(struct batch *b)
{
    for (size_t i = 0; i < b->written_capacity; i++)
        free(b->written[i]);
    free(b->written);
    b->written = NULL;
    b->written_count = b->written_capacity = 0;
}

static void
jobs_fini(struct batch *b)
{
    for (size_t i = 0; i < b->job_count; i++) {
        for (int c = 0; c < JOB_COLUMN_COUNT; c++)
            free(b->jobs[i].fields[c]);
        free(b->jobs[i].problem);
    }
    free(b->jobs);
    forget_written(b);
}

/* "dir/name" unless name is absolute or dir is NULL; malloc'd. */
static char *
join(const char *dir, const char *name)
{
    if (dir == NULL || name[0] == '/')
        return xstrdup(name);
    return files_join(dir, name);
}

static char *
directory_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return NULL;
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

/* mkdir -p of every directory above path. */
static enum posture_status
make_parents(const char *path, struct posture_error *err)
{
    char *copy = xstrdup(path);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            error_set(err, POSTURE_ERR_WRITE, "%s: cannot create directory: %s", copy,
                      strerror(errno));
            free(copy);
            return err->status;
        }
        *p = '/';
    }
    free(copy);
    return POSTURE_OK;
}

/* Names of one map: the job's templates expanded and placed under out_dir. */
struct map_names {
    char *outputs[JOB_MAX_LIST];
    size_t output_count;
    char *report, *alt_text;
};

static void
map_names_fini(struct map_names *names)
{
    for (size_t i = 0; i < JOB_MAX_LIST; i++)
        free(names->outputs[i]); /* a failed name may be set beyond output_count */
    free(names->report);
    free(names->alt_text);
    memset(names, 0, sizeof *names);
}

static size_t
hash_path(const char *path)
{
    size_t hash = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        hash = (hash ^ *p) * 1099511628211u;
    return hash;
}

/* The slot holding path, or the empty slot where it would go. */
static size_t
find_slot(char *const *slots, size_t capacity, const char *path)
{
    size_t i = hash_path(path) & (capacity - 1);
    while (slots[i] != NULL && strcmp(slots[i], path) != 0)
        i = (i + 1) & (capacity - 1);
    return i;
}

static bool
is_written(const struct batch *b, const char *path)
{
    return b->written_capacity > 0 &&
           b->written[find_slot(b->written, b->written_capacity, path)] != NULL;
}

static void
add_written(struct batch *b, const char *path)
{
    if (2 * (b->written_count + 1) > b->written_capacity) {
        size_t capacity = b->written_capacity ? 2 * b->written_capacity : 64;
        char **slots = xcalloc(capacity, sizeof *slots);
        for (size_t i = 0; i < b->written_capacity; i++) {
            if (b->written[i] != NULL)
                slots[find_slot(slots, capacity, b->written[i])] = b->written[i];
        }
        free(b->written);
        b->written = slots;
        b->written_capacity = capacity;
    }
    size_t slot = find_slot(b->written, b->written_capacity, path);
    if (b->written[slot] == NULL) {
        b->written[slot] = xstrdup(path);
        b->written_count++;
    }
}

static enum posture_status
place_output(struct batch *b, const char *template, const struct template_values *values,
             const char *what, char **out, struct posture_error *err)
{
    char *expanded = NULL;
    if (template_expand(template, values, what, &expanded, err) != POSTURE_OK)
        return err->status;
    if (!b->options->allow_any_path && template_check_inside(expanded, what, err) != POSTURE_OK) {
        free(expanded);
        return err->status;
    }
    *out = join(b->out_dir, expanded);
    free(expanded);
    if (is_written(b, *out)) {
        b->has_repeated_name = true;
        return error_set(err, POSTURE_ERR_USAGE, "%s: %s is written by an earlier job too", what,
                         *out);
    }
    return b->is_planning ? POSTURE_OK : make_parents(*out, err);
}

static void
remember_outputs(struct batch *b, const struct map_names *names)
{
    const char *all[JOB_MAX_LIST + 2];
    size_t count = 0;
    for (size_t i = 0; i < names->output_count; i++)
        all[count++] = names->outputs[i];
    if (names->report != NULL)
        all[count++] = names->report;
    if (names->alt_text != NULL)
        all[count++] = names->alt_text;
    for (size_t i = 0; i < count; i++)
        add_written(b, all[i]);
}

/* A job's request, its strings borrowed from the job and from `lists`. */
struct job_request {
    struct posture_request request;
    char *table, *style; /* paths joined to the input directory */
    char *lists[3];      /* copies of where, set and outputs, split in place */
    const char *where[JOB_MAX_LIST];
    const char *settings[JOB_MAX_LIST];
    const char *templates[JOB_MAX_LIST];
    size_t template_count;
    char preset[128];
};

static void
job_request_fini(struct job_request *r)
{
    free(r->table);
    free(r->style);
    for (size_t i = 0; i < 3; i++)
        free(r->lists[i]);
}

static enum posture_status
parse_size(const char *text, const char *what, int *out, struct posture_error *err)
{
    if (text[0] == '\0')
        return POSTURE_OK;
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (!isdigit((unsigned char)text[0]) || *end != '\0' || errno == ERANGE || value < 1 ||
        value > 20000)
        return error_set(err, POSTURE_ERR_INPUT, "%s \"%s\" is not a whole number from 1 to 20000",
                         what, text);
    *out = (int)value;
    return POSTURE_OK;
}

static bool
is_size(const char *text)
{
    size_t width = strspn(text, "0123456789");
    return width > 0 && (text[width] == 'x' || text[width] == 'X') &&
           strspn(text + width + 1, "0123456789") == strlen(text + width + 1) &&
           text[width + 1] != '\0';
}

/* A preset of the style ("web-1200", or "kit" for all: run_job's), or a size "1200x675". */
static enum posture_status
parse_preset(struct job_request *r, const char *text, struct posture_error *err)
{
    if (text[0] == '\0')
        return POSTURE_OK;
    (void)snprintf(r->preset, sizeof r->preset, "%s", text);
    if (!is_size(text)) {
        r->request.preset = strcmp(text, "kit") != 0 ? r->preset : NULL;
        return POSTURE_OK;
    }
    char width[32], height[32];
    size_t length = strcspn(text, "xX");
    (void)snprintf(width, sizeof width, "%.*s", (int)length, text);
    (void)snprintf(height, sizeof height, "%s", text + length + 1);
    if (parse_size(width, "preset width", &r->request.width_px, err) != POSTURE_OK ||
        parse_size(height, "preset height", &r->request.height_px, err) != POSTURE_OK)
        return err->status;
    return POSTURE_OK;
}

static enum posture_status
parse_scale(const char *text, double *out, struct posture_error *err)
{
    if (text[0] == '\0')
        return POSTURE_OK;
    char *end;
    double value = strtod(text, &end);
    if (*end != '\0' || !(value >= 0.1 && value <= 10))
        return error_set(err, POSTURE_ERR_INPUT, "scale \"%s\" is not a number from 0.1 to 10",
                         text);
    *out = value;
    return POSTURE_OK;
}

static size_t
split_field(struct job_request *r, size_t slot, const char *text, const char **items)
{
    r->lists[slot] = xstrdup(text);
    return split_list(r->lists[slot], (char **)items, JOB_MAX_LIST);
}

static const char *
optional(const char *text)
{
    return text[0] != '\0' ? text : NULL;
}

static enum posture_status
build_request(struct batch *b, const struct job *job, struct job_request *r,
              struct posture_error *err)
{
    char *const *f = job->fields;
    struct posture_request *request = &r->request;
    posture_request_init(request);
    if (job->problem != NULL)
        return error_set(err, POSTURE_ERR_INPUT, "%s", job->problem);
    if (strcmp(f[JOB_TABLE], "-") == 0)
        return error_set(err, POSTURE_ERR_USAGE, "table \"-\": a batch reads no standard input");
    r->table = f[JOB_TABLE][0] != '\0' ? join(b->input_dir, f[JOB_TABLE]) : NULL;
    r->style = f[JOB_STYLE][0] != '\0' ? join(b->input_dir, f[JOB_STYLE]) : NULL;
    request->table_path = r->table;
    request->style_path = r->style;
    request->extent = optional(f[JOB_EXTENT]);
    request->as_of = optional(f[JOB_AS_OF]);
    request->where = r->where;
    request->where_count = split_field(r, 0, f[JOB_WHERE], r->where);
    request->settings = r->settings;
    request->setting_count = split_field(r, 1, f[JOB_SET], r->settings);
    r->template_count = split_field(r, 2, f[JOB_OUTPUTS], r->templates);
    request->data_dir = b->options->data_dir;
    if (r->template_count == 0)
        return error_set(err, POSTURE_ERR_USAGE, "outputs: no output given");
    if (f[JOB_EACH][0] != '\0' && strcmp(f[JOB_EACH], "date") != 0)
        return error_set(err, POSTURE_ERR_INPUT, "each \"%s\" is not supported (only \"date\")",
                         f[JOB_EACH]);
    if (parse_preset(r, f[JOB_PRESET], err) != POSTURE_OK ||
        parse_size(f[JOB_WIDTH], "width", &request->width_px, err) != POSTURE_OK ||
        parse_size(f[JOB_HEIGHT], "height", &request->height_px, err) != POSTURE_OK ||
        parse_scale(f[JOB_SCALE], &request->scale, err) != POSTURE_OK)
        return err->status;
    return POSTURE_OK;
}

static void
forward_warning(void *context, const char *message)
{
    const struct batch *b = context;
    if (b->options->warn == NULL || b->is_planning)
        return;
    struct strbuf line;
    strbuf_init(&line);
    strbuf_printf(&line, "%s:%zu: ", b->options->jobs_path, b->current->line);
    if (b->current_date != NULL)
        strbuf_printf(&line, "%s: ", b->current_date);
    strbuf_puts(&line, message);
    b->options->warn(b->options->warn_context, line.bytes);
    strbuf_fini(&line);
}

/* One map of a job: names expanded for `date` (NULL: none), rendered. */
static enum posture_status
render_map(struct batch *b, const struct job *job, struct job_request *r, const char *date,
           struct posture_error *err)
{
    struct template_values values = {
        .name = optional(job->fields[JOB_NAME]),
        .date = date,
        .preset = r->preset[0] != '\0' ? r->preset : NULL,
        .width_px = r->request.width_px,
        .height_px = r->request.height_px,
        .index = job->index,
    };
    struct map_names names;
    memset(&names, 0, sizeof names);
    for (size_t i = 0; i < r->template_count && err->status == POSTURE_OK; i++) {
        if (place_output(b, r->templates[i], &values, "outputs", &names.outputs[i], err) ==
            POSTURE_OK)
            names.output_count++;
    }
    const char *report = job->fields[JOB_REPORT], *alt_text = job->fields[JOB_ALT_TEXT];
    if (err->status == POSTURE_OK && report[0] != '\0')
        (void)place_output(b, report, &values, "report", &names.report, err);
    if (err->status == POSTURE_OK && alt_text[0] != '\0')
        (void)place_output(b, alt_text, &values, "alt_text", &names.alt_text, err);
    if (err->status == POSTURE_OK && b->is_planning) {
        remember_outputs(b, &names); /* as if the map were drawn */
    } else if (err->status == POSTURE_OK) {
        r->request.outputs = (const char *const *)names.outputs;
        r->request.output_count = names.output_count;
        r->request.report_path = names.report;
        r->request.alt_text_path = names.alt_text;
        b->current_date = date;
        if (posture_session_render(b->session, &r->request, err) == POSTURE_OK) {
            b->summary->map_count++;
            remember_outputs(b, &names);
        }
        b->current_date = NULL;
    }
    map_names_fini(&names);
    return err->status;
}

/* One preset's maps of a job: one, or one per date. */
static enum posture_status
run_preset(struct batch *b, const struct job *job, struct job_request *r, struct posture_error *err)
{
    if (strcmp(job->fields[JOB_EACH], "date") != 0)
        return render_map(b, job, r, r->request.as_of, err);
    if (r->request.as_of != NULL)
        return error_set(err, POSTURE_ERR_INPUT, "each date and as_of cannot go together");
    struct posture_dates dates;
    if (posture_session_dates(b->session, &r->request, &dates, err) != POSTURE_OK)
        return err->status;
    for (size_t i = 0; i < dates.count && err->status == POSTURE_OK; i++) {
        r->request.as_of = dates.days[i];
        if (render_map(b, job, r, dates.days[i], err) != POSTURE_OK) {
            char message[sizeof err->message];
            (void)snprintf(message, sizeof message, "%s", err->message);
            (void)snprintf(err->message, sizeof err->message, "%s: %.1000s", dates.days[i],
                           message);
        }
    }
    r->request.as_of = NULL;
    posture_dates_fini(&dates);
    return err->status;
}

/* preset "kit": every preset of the job's style, {preset} naming each. */
static enum posture_status
run_kit(struct batch *b, const struct job *job, struct job_request *r, struct posture_error *err)
{
    struct posture_presets presets;
    if (posture_session_presets(b->session, &r->request, &presets, err) != POSTURE_OK)
        return err->status;
    for (size_t i = 0; i < presets.count && err->status == POSTURE_OK; i++) {
        (void)snprintf(r->preset, sizeof r->preset, "%s", presets.names[i]);
        r->request.preset = r->preset;
        (void)run_preset(b, job, r, err);
    }
    posture_presets_fini(&presets);
    return err->status;
}

static enum posture_status
run_job(struct batch *b, const struct job *job, struct posture_error *err)
{
    struct job_request r;
    memset(&r, 0, sizeof r);
    b->current = job;
    if (build_request(b, job, &r, err) == POSTURE_OK) {
        r.request.warn = forward_warning;
        r.request.warn_context = b;
        if (strcmp(job->fields[JOB_PRESET], "kit") == 0)
            (void)run_kit(b, job, &r, err);
        else
            (void)run_preset(b, job, &r, err);
    }
    job_request_fini(&r);
    return err->status;
}

static bool
is_in_shard(const struct batch_options *options, size_t index)
{
    if (options->shard_count == 0)
        return true;
    return (index - 1) % options->shard_count == options->shard_index - 1;
}

static void
report_failure(struct batch *b, const struct job *job, const struct posture_error *job_err)
{
    if (b->options->fail == NULL)
        return;
    struct strbuf line;
    strbuf_init(&line);
    strbuf_printf(&line, "%s:%zu: %s", b->options->jobs_path, job->line, job_err->message);
    b->options->fail(b->options->fail_context, line.bytes);
    strbuf_fini(&line);
}

/* Counts a selected job's outcome; *first keeps the status of the first that failed. */
static void
tally_job(struct batch_summary *summary, enum posture_status status, enum posture_status *first)
{
    summary->selected_count++;
    if (status == POSTURE_OK)
        return;
    summary->failed_count++;
    if (*first == POSTURE_OK)
        *first = status;
}

/* Once every job ran: "N of M jobs failed", with the first failure's status. */
static enum posture_status
fail_if_any(const struct batch_summary *summary, enum posture_status first,
            struct posture_error *err)
{
    if (first != POSTURE_OK)
        error_set(err, first, "%zu of %zu jobs failed", summary->failed_count,
                  summary->selected_count);
    return err->status;
}

static enum posture_status
run_jobs(struct batch *b, struct posture_error *err)
{
    enum posture_status first = POSTURE_OK;
    for (size_t i = 0; i < b->job_count; i++) {
        const struct job *job = &b->jobs[i];
        if (!is_in_shard(b->options, job->index))
            continue;
        struct posture_error job_err;
        error_clear(&job_err);
        if (run_job(b, job, &job_err) != POSTURE_OK)
            report_failure(b, job, &job_err);
        tally_job(b->summary, job_err.status, &first);
    }
    return fail_if_any(b->summary, first, err);
}

/* Workers: jobs rendered at once, each worker on a thread of its own with a session of its own
 * (a session is not to be shared by two threads), taking the next job as it finishes one. A
 * job's warnings and failure are kept and passed on in job order once every earlier job has
 * finished, so the messages, the summary and the exit status are those of one job at a time;
 * the maps are the same bytes whichever worker draws them (a session's caches change no
 * pixel: tests/cli/sh/reproducible.sh). Maps of a batch share nothing but what a session
 * loads, and one map at a time, drawn on two threads, kept both processors busy only 65 % of
 * a batch: each map's layout runs on one. */

struct message {
    char *text;
    bool is_failure;
};

/* What one job left for the summary, in job order. */
struct job_outcome {
    struct message *messages;
    size_t message_count, message_capacity;
    enum posture_status status;
    bool is_selected, is_done;
};

struct pool {
    pthread_mutex_t lock;
    struct job_outcome *outcomes; /* one per job */
    size_t next;                  /* the next job to take */
    size_t passed;                /* jobs [0, passed) are passed on */
    const struct batch_options *options;
    struct batch_summary *summary;
    enum posture_status first; /* of the first failed job */
    /* Workers with no job left, who draw other workers' bands until every job is done. */
    struct helpers *helpers;
};

struct worker {
    struct batch b;               /* the batch's, with this worker's session and summary */
    struct batch_options options; /* the batch's, with warn and fail keeping messages */
    struct batch_summary summary; /* maps drawn by this worker */
    struct pool *pool;
    struct job_outcome *outcome; /* of the job being rendered */
    struct parallel_task task;
    bool is_thread; /* started by run_workers(), not the caller's thread */
};

static void
keep_message(struct worker *w, const char *message, bool is_failure)
{
    struct job_outcome *o = w->outcome;
    xgrow(&o->messages, &o->message_capacity, o->message_count + 1, sizeof *o->messages);
    o->messages[o->message_count++] = (struct message){xstrdup(message), is_failure};
}

static void
keep_warning(void *context, const char *message)
{
    keep_message(context, message, false);
}

static void
keep_failure(void *context, const char *message)
{
    keep_message(context, message, true);
}

/* Passes on the outcomes of the finished jobs that no unfinished one precedes. Locked. */
static void
pass_on_finished(struct pool *pool, size_t job_count)
{
    const struct batch_options *o = pool->options;
    for (; pool->passed < job_count && pool->outcomes[pool->passed].is_done; pool->passed++) {
        struct job_outcome *outcome = &pool->outcomes[pool->passed];
        for (size_t i = 0; i < outcome->message_count; i++) {
            const struct message *m = &outcome->messages[i];
            if (m->is_failure && o->fail != NULL)
                o->fail(o->fail_context, m->text);
            else if (!m->is_failure && o->warn != NULL)
                o->warn(o->warn_context, m->text);
            free(m->text);
        }
        free(outcome->messages);
        outcome->messages = NULL;
        if (outcome->is_selected)
            tally_job(pool->summary, outcome->status, &pool->first);
    }
}

static void
work(void *data)
{
    struct worker *w = data;
    struct pool *pool = w->pool;
    /* A thread's heap is a malloc arena of its own, which the command's warm-up of the first
     * thread's does not reach: mapped at once, it spared 800-1,500 of a batch's page faults
     * (50m 1,880 -> 1,050), 1-8 % of its time, at no cost in peak memory (core/alloc.h). */
    if (w->is_thread)
        heap_keep_and_warm(6u << 20);
    for (;;) {
        (void)pthread_mutex_lock(&pool->lock);
        size_t i = pool->next < w->b.job_count ? pool->next++ : w->b.job_count;
        (void)pthread_mutex_unlock(&pool->lock);
        if (i == w->b.job_count) {
            /* No job left: help the others with theirs (the last maps' bands) until all are
             * done; the worker that finishes the last closes the helpers. */
            helpers_serve(pool->helpers);
            return;
        }
        const struct job *job = &w->b.jobs[i];
        struct job_outcome *outcome = &pool->outcomes[i];
        w->outcome = outcome;
        outcome->is_selected = is_in_shard(w->b.options, job->index);
        if (outcome->is_selected) {
            struct posture_error job_err;
            error_clear(&job_err);
            outcome->status = run_job(&w->b, job, &job_err);
            if (outcome->status != POSTURE_OK)
                report_failure(&w->b, job, &job_err);
        }
        (void)pthread_mutex_lock(&pool->lock);
        outcome->is_done = true;
        pass_on_finished(pool, w->b.job_count);
        bool is_all_done = pool->passed == w->b.job_count;
        (void)pthread_mutex_unlock(&pool->lock);
        if (is_all_done)
            helpers_close(pool->helpers);
    }
}

/* Runs the jobs on `count` workers, the first on this thread, each with a session of its own
 * and all with one shelf of shapefiles (a 1:10m file is 20 MB in memory, and read once). */
static enum posture_status
run_workers(struct batch *b, size_t count, struct posture_error *err)
{
    struct pool pool = {
        .outcomes = xcalloc(b->job_count, sizeof *pool.outcomes),
        .options = b->options,
        .summary = b->summary,
        .first = POSTURE_OK,
        .helpers = helpers_create(),
    };
    (void)pthread_mutex_init(&pool.lock, NULL);
    struct worker *workers = xcalloc(count, sizeof *workers);
    struct country_shelf *shelf = country_shelf_create();
    for (size_t k = 0; k < count; k++) {
        struct worker *w = &workers[k];
        w->pool = &pool;
        w->options = *b->options;
        w->options.warn = keep_warning;
        w->options.warn_context = w;
        w->options.fail = keep_failure;
        w->options.fail_context = w;
        w->b = *b;
        w->b.options = &w->options;
        w->b.summary = &w->summary;
        /* Its own table of names written, empty: plan_allows_workers() checked them all. */
        w->b.session = posture_session_create(b->options->data_dir);
        w->b.session->shelf = shelf;
        /* The workers keep the processors busy: each draws its images on its own thread, and
         * hands a band to a worker that has no job left. */
        w->b.session->draws_serially = true;
        w->b.session->helpers = pool.helpers;
    }
    for (size_t k = 1; k < count; k++) {
        workers[k].is_thread = true;
        parallel_start(&workers[k].task, work, &workers[k]);
    }
    work(&workers[0]);
    for (size_t k = 0; k < count; k++) {
        struct worker *w = &workers[k];
        if (k > 0)
            parallel_finish(&w->task);
        posture_session_destroy(w->b.session);
        b->summary->map_count += w->summary.map_count;
        forget_written(&w->b);
    }
    country_shelf_destroy(shelf);
    helpers_destroy(pool.helpers);
    free(workers);
    (void)pthread_mutex_destroy(&pool.lock);
    free(pool.outcomes);
    return fail_if_any(b->summary, pool.first, err);
}

/* Whether the jobs may run at once: every selected job's names placed in job order as if each
 * map were drawn, and no name given twice. When one is, a later job fails for it, or not if the
 * earlier one failed first: only jobs one at a time keep that order. Tables and styles read
 * here (the dates of `each date`, the presets of a kit) stay loaded in the batch's session. */
static bool
plan_allows_workers(struct batch *b)
{
    b->is_planning = true;
    for (size_t i = 0; i < b->job_count && !b->has_repeated_name; i++) {
        if (!is_in_shard(b->options, b->jobs[i].index))
            continue;
        struct posture_error ignored;
        error_clear(&ignored);
        (void)run_job(b, &b->jobs[i], &ignored);
    }
    b->is_planning = false;
    forget_written(b);
    return !b->has_repeated_name;
}

/* How many workers: as asked, or one per processor (at most WORKERS_DEFAULT_MAX), and no more
 * than there are jobs to render. */
static size_t
worker_count(const struct batch *b)
{
    enum { WORKERS_DEFAULT_MAX = 8 };
    size_t selected = 0;
    for (size_t i = 0; i < b->job_count; i++)
        selected += is_in_shard(b->options, b->jobs[i].index) ? 1 : 0;
    size_t count = b->options->workers;
    if (count == 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        count = online < 1                     ? 1
                : online > WORKERS_DEFAULT_MAX ? WORKERS_DEFAULT_MAX
                                               : (size_t)online;
    }
    return count < selected ? count : selected;
}

static enum posture_status
prepare_out_dir(struct batch *b, char **owned, struct posture_error *err)
{
    const struct batch_options *o = b->options;
    *owned = NULL;
    if (o->out_dir != NULL)
        b->out_dir = o->out_dir;
    else
        b->out_dir = b->input_dir;
    if (b->out_dir == NULL)
        return POSTURE_OK;
    *owned = files_join(b->out_dir, "x"); /* so make_parents() creates out_dir itself */
    return make_parents(*owned, err);
}

enum posture_status
batch_run(const struct batch_options *options, struct batch_summary *summary,
          struct posture_error *err)
{
    error_clear(err);
    memset(summary, 0, sizeof *summary);
    struct batch b;
    memset(&b, 0, sizeof b);
    b.options = options;
    b.summary = summary;
    bool is_stdin = strcmp(options->jobs_path, "<stdin>") == 0;
    b.input_dir = is_stdin ? NULL : directory_of(options->jobs_path);
    char *out_dir_probe = NULL;
    if (read_jobs(&b, err) == POSTURE_OK &&
        prepare_out_dir(&b, &out_dir_probe, err) == POSTURE_OK) {
        summary->job_count = b.job_count;
        b.session = posture_session_create(options->data_dir);
        size_t workers = worker_count(&b);
        if (workers > 1 && plan_allows_workers(&b))
            (void)run_workers(&b, workers, err);
        else
            (void)run_jobs(&b, err);
        posture_session_destroy(b.session);
    }
    free(out_dir_probe);
    free(b.input_dir);
    jobs_fini(&b);
    return err->status;
}
