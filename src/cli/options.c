#include "cli/options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What getopt_long returns for each option; long-only options take values above any char. */
enum option_id {
    OPTION_TABLE = 1, /* a non-option argument, because the option string starts with '-' */
    OPTION_HELP = 'h',
    OPTION_OUTPUT = 'o',
    OPTION_STYLE = 256,
    OPTION_WIDTH,
    OPTION_HEIGHT,
    OPTION_SCALE,
    OPTION_AS_OF,
    OPTION_EACH,
    OPTION_WHERE,
    OPTION_EXTENT,
    OPTION_SET,
    OPTION_REPORT,
    OPTION_ALT_TEXT,
    OPTION_FORMAT,
    OPTION_OUT_DIR,
    OPTION_SHARD,
    OPTION_WORKERS,
    OPTION_ALLOW_ANY_PATH,
    OPTION_PRESET,
    OPTION_LANG,
};

/* Which command takes which option. */
enum {
    FOR_RENDER = 1 << 0,
    FOR_CHECK = 1 << 1,
    FOR_BATCH = 1 << 2,
};

enum { PAGE_MIN_PX = 1, PAGE_MAX_PX = 20000 };
static const double SCALE_MIN = 0.1;
static const double SCALE_MAX = 10.0;

/* '-': non-options come back in order as OPTION_TABLE, whatever POSIXLY_CORRECT says;
 * ':': a missing value is reported as ':' rather than '?', and getopt prints nothing. */
static const char SHORT_OPTIONS[] = "-:ho:";

static const struct option LONG_OPTIONS[] = {
    {"output", required_argument, NULL, OPTION_OUTPUT},
    {"style", required_argument, NULL, OPTION_STYLE},
    {"width", required_argument, NULL, OPTION_WIDTH},
    {"height", required_argument, NULL, OPTION_HEIGHT},
    {"scale", required_argument, NULL, OPTION_SCALE},
    {"as-of", required_argument, NULL, OPTION_AS_OF},
    {"each", required_argument, NULL, OPTION_EACH},
    {"where", required_argument, NULL, OPTION_WHERE},
    {"extent", required_argument, NULL, OPTION_EXTENT},
    {"set", required_argument, NULL, OPTION_SET},
    {"report", required_argument, NULL, OPTION_REPORT},
    {"alt-text", required_argument, NULL, OPTION_ALT_TEXT},
    {"format", required_argument, NULL, OPTION_FORMAT},
    {"out-dir", required_argument, NULL, OPTION_OUT_DIR},
    {"shard", required_argument, NULL, OPTION_SHARD},
    {"workers", required_argument, NULL, OPTION_WORKERS},
    {"allow-any-path", no_argument, NULL, OPTION_ALLOW_ANY_PATH},
    {"preset", required_argument, NULL, OPTION_PRESET},
    {"lang", required_argument, NULL, OPTION_LANG},
    {"help", no_argument, NULL, OPTION_HELP},
    {NULL, 0, NULL, 0},
};

static const char DEFAULT_OUTPUT_DIR[] = "out";
static const char *const DEFAULT_OUTPUTS[] = {"out/posture.png", "out/posture.svg",
                                              "out/posture.pdf"};
static const char *const DEFAULT_EACH_OUTPUTS[] = {
    "out/posture-{date}.png", "out/posture-{date}.svg", "out/posture-{date}.pdf"};
static const char *const DEFAULT_PRESET_OUTPUTS[] = {
    "out/posture-{preset}.png", "out/posture-{preset}.svg", "out/posture-{preset}.pdf"};
static const char *const DEFAULT_PRESET_EACH_OUTPUTS[] = {"out/posture-{preset}-{date}.png",
                                                          "out/posture-{preset}-{date}.svg",
                                                          "out/posture-{preset}-{date}.pdf"};
enum { DEFAULT_OUTPUT_COUNT = 3, SHARD_MAX = 1000000, WORKERS_MAX = 64 };

static const char USAGE[] =
    "Usage: posture render [TABLE.csv | -] [options]\n"
    "       posture check [TABLE.csv | -] [--style FILE] [--set KEY=VALUE]...\n"
    "       posture batch JOBS.csv | - [--out-dir DIR] [--shard K/N] [--workers N]\n"
    "                     [--allow-any-path]\n"
    "       posture --help | help | --version\n"
    "\n"
    "render draws a force-posture map: country shapefiles, the deployments of\n"
    "TABLE.csv (the built-in default table without it; - reads standard input),\n"
    "arrows, labels and a legend.\n"
    "\n"
    "Options of render:\n"
    "  -o, --output FILE   write the map to FILE; the extension picks the format:\n"
    "                      .png, .svg or .pdf. Repeat for several files (up to 32).\n"
    "                      Without -o: out/posture.png, out/posture.svg and\n"
    "                      out/posture.pdf, creating out/ if missing. FILE may use\n"
    "                      {date} (with --as-of or --each), {preset}, {width},\n"
    "                      {height}.\n"
    "                      -o - writes to standard output in the --format given.\n"
    "      --format FMT    png, svg or pdf: the format of -o - (alone: -o -)\n"
    "      --style FILE    a style file overriding the default style key by key\n"
    "      --lang CODE     country names in that language where the shapefile has them\n"
    "                      (de, fr, pl, ru, uk; en or empty: the NAME field)\n"
    "      --set S.KEY=V   override one style key, e.g. --set title.text=Hello;\n"
    "                      after --style, repeatable\n"
    "      --extent W,S,E,N  the lon/lat box to show (degrees), instead of the style's\n"
    "      --where COL=V   draw only rows whose column COL (id, kind, side, place,\n"
    "                      from, to, label, date, until, source) is V, or one of\n"
    "                      V1|V2; case and accents ignored; repeat to narrow further\n"
    "      --as-of DATE    draw what stands on DATE (YYYY-MM-DD): rows dated then or\n"
    "                      before, or undated, and not ended (until) before it\n"
    "      --each date     one map per distinct date of the table, each --as-of that\n"
    "                      date; output names need {date}\n"
    "      --report FILE   also write a JSON report: page, projection, extent, every\n"
    "                      symbol and label with its position, warnings\n"
    "      --alt-text FILE also write the map's description in plain words\n"
    "      --preset NAME   a size from the style's [preset.*] sections: web-600,\n"
    "                      web-1200, mobile-375, social-1200x675, social-1080,\n"
    "                      social-1080x1350, print-52mm, print-107mm, print-163mm;\n"
    "                      repeat for several, or kit for all; names need {preset}\n"
    "      --width PX      map width in pixels, 1 to 20000 (default: from the style)\n"
    "      --height PX     map height in pixels, 1 to 20000 (default: from the style)\n"
    "      --scale N       PNG pixel density, 0.1 to 10: 2 doubles the pixels and\n"
    "                      keeps the layout (default: 1)\n"
    "  -h, --help          print this help and exit\n"
    "\n"
    "check reads TABLE.csv and the style like render and reports every problem it\n"
    "finds, each as \"file:line: what\"; exit 65 if there is any. Options: --style,\n"
    "--set, --extent.\n"
    "\n"
    "batch renders every job (row) of JOBS.csv in one process, loading shapefiles\n"
    "once and places and fonts once a worker; see docs/cli.md for its columns. A\n"
    "failing job is reported and the others still render. Options of batch:\n"
    "      --out-dir DIR   where output names are relative to (default: the job\n"
    "                      file's directory); created if missing\n"
    "      --shard K/N     render only jobs K, K+N, K+2N, ... (1 <= K <= N)\n"
    "      --workers N     render N jobs at once, on threads of one process\n"
    "                      (default: one per processor; 1: one job at a time)\n"
    "      --allow-any-path  let outputs be absolute or leave DIR with ..\n"
    "\n"
    "Other options:\n"
    "      --version       print the version and exit\n"
    "\n"
    "Environment:\n"
    "  POSTURE_DATA_DIR    where shapefiles/ and data/ are read from\n"
    "  SOURCE_DATE_EPOCH   the date written into PDF files (default: 1970-01-01)\n"
    "  TMPDIR              where -o - renders before copying to standard output\n"
    "\n"
    "Exit status:\n"
    "  0   the map was written to every output\n"
    "  64  usage error: unknown option or command, bad value, unknown output format\n"
    "  65  bad input data: a malformed table, style or shapefile\n"
    "  66  missing input: an input file does not exist or cannot be read\n"
    "  70  internal error\n"
    "  73  an output cannot be written\n"
    "batch exits with the status of its first failed job.\n"
    "Errors print one line \"posture: <message>\" on stderr; warnings print\n"
    "\"posture: warning: <message>\" and do not change the exit status.\n";

static enum posture_status fail_usage(struct posture_error *err, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static enum posture_status
fail_usage(struct posture_error *err, const char *format, ...)
{
    err->status = POSTURE_ERR_USAGE;
    va_list args;
    va_start(args, format);
    (void)vsnprintf(err->message, sizeof err->message, format, args);
    va_end(args);
    return POSTURE_ERR_USAGE;
}

static const char *
name_option(int id)
{
    if (id == OPTION_OUTPUT)
        return "-o";
    for (const struct option *option = LONG_OPTIONS; option->name != NULL; option++) {
        if (option->val == id) {
            static char name[32];
            (void)snprintf(name, sizeof name, "--%s", option->name);
            return name;
        }
    }
    return "an option";
}

static unsigned
commands_of(int id)
{
    switch (id) {
    case OPTION_STYLE:
    case OPTION_SET:
    case OPTION_EXTENT:
    case OPTION_LANG:
        return FOR_RENDER | FOR_CHECK;
    case OPTION_OUT_DIR:
    case OPTION_SHARD:
    case OPTION_WORKERS:
    case OPTION_ALLOW_ANY_PATH:
        return FOR_BATCH;
    case OPTION_HELP:
    case ':':
    case '?':
        return FOR_RENDER | FOR_CHECK | FOR_BATCH;
    default:
        return FOR_RENDER;
    }
}

static enum posture_status
parse_page_px(int id, const char *text, int *out_px, struct posture_error *err)
{
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (text[0] == '\0' || isspace((unsigned char)text[0]) || *end != '\0')
        return fail_usage(err, "%s: \"%s\" is not a whole number", name_option(id), text);
    if (errno == ERANGE || value < PAGE_MIN_PX || value > PAGE_MAX_PX)
        return fail_usage(err, "%s: \"%s\" is not between %d and %d", name_option(id), text,
                          PAGE_MIN_PX, PAGE_MAX_PX);
    *out_px = (int)value;
    return POSTURE_OK;
}

static enum posture_status
parse_scale(const char *text, double *out_scale, struct posture_error *err)
{
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    if (text[0] == '\0' || isspace((unsigned char)text[0]) || *end != '\0')
        return fail_usage(err, "--scale: \"%s\" is not a number", text);
    /* Written so that NaN fails too. */
    if (errno == ERANGE || !(value >= SCALE_MIN && value <= SCALE_MAX))
        return fail_usage(err, "--scale: \"%s\" is not between %g and %g", text, SCALE_MIN,
                          SCALE_MAX);
    *out_scale = value;
    return POSTURE_OK;
}

/* --workers N: a whole number from 1 to WORKERS_MAX. */
static enum posture_status
parse_workers(const char *text, struct options *options, struct posture_error *err)
{
    char *end = NULL;
    errno = 0;
    unsigned long n = isdigit((unsigned char)text[0]) ? strtoul(text, &end, 10) : 0;
    if (end == NULL || *end != '\0' || errno == ERANGE || n < 1 || n > WORKERS_MAX)
        return fail_usage(err, "--workers: \"%s\" is not a whole number from 1 to %d", text,
                          WORKERS_MAX);
    options->workers = n;
    return POSTURE_OK;
}

/* "K/N": whole numbers, 1 <= K <= N. */
static enum posture_status
parse_shard(const char *text, struct options *options, struct posture_error *err)
{
    char *slash = NULL, *end = NULL;
    errno = 0;
    unsigned long k = isdigit((unsigned char)text[0]) ? strtoul(text, &slash, 10) : 0;
    unsigned long n = slash != NULL && *slash == '/' && isdigit((unsigned char)slash[1])
                          ? strtoul(slash + 1, &end, 10)
                          : 0;
    if (end == NULL || *end != '\0' || errno == ERANGE)
        return fail_usage(err, "--shard: \"%s\" is not K/N (e.g. 2/8)", text);
    if (n < 1 || n > SHARD_MAX || k < 1 || k > n)
        return fail_usage(err, "--shard: \"%s\": K must be 1 to N, N 1 to %d", text, SHARD_MAX);
    options->shard_index = k;
    options->shard_count = n;
    return POSTURE_OK;
}

static const char *
command_name(enum options_action action)
{
    return action == OPTIONS_ACTION_CHECK   ? "check"
           : action == OPTIONS_ACTION_BATCH ? "batch"
                                            : "render";
}

static enum posture_status
set_table(struct options *options, const char *path, struct posture_error *err)
{
    const char *command = command_name(options->action);
    if (options->action == OPTIONS_ACTION_BATCH) {
        if (options->jobs_path != NULL)
            return fail_usage(err, "batch: more than one job file: \"%s\" and \"%s\"",
                              options->jobs_path, path);
        if (path[0] == '\0')
            return fail_usage(err, "batch: the job file name is empty");
        options->jobs_path = path;
        return POSTURE_OK;
    }
    if (options->request.table_path != NULL)
        return fail_usage(err, "%s: more than one table: \"%s\" and \"%s\"", command,
                          options->request.table_path, path);
    if (path[0] == '\0')
        return fail_usage(err, "%s: the table file name is empty", command);
    options->request.table_path = path;
    return POSTURE_OK;
}

static enum posture_status
add_output(struct options *options, const char *path, struct posture_error *err)
{
    if (path[0] == '\0')
        return fail_usage(err, "-o: the file name is empty");
    if (options->request.output_count == OPTIONS_MAX_OUTPUTS)
        return fail_usage(err, "-o: at most %d outputs", OPTIONS_MAX_OUTPUTS);
    options->output_paths[options->request.output_count++] = path;
    return POSTURE_OK;
}

static enum posture_status
set_path(int id, const char **out, const char *path, struct posture_error *err)
{
    if (path[0] == '\0')
        return fail_usage(err, "%s: the file name is empty", name_option(id));
    *out = path;
    return POSTURE_OK;
}

static enum posture_status
add_text(int id, const char **list, size_t *count, size_t max, const char *text,
         struct posture_error *err)
{
    if (text[0] == '\0')
        return fail_usage(err, "%s: the value is empty", name_option(id));
    if (*count == max)
        return fail_usage(err, "%s: at most %zu", name_option(id), max);
    list[(*count)++] = text;
    return POSTURE_OK;
}

static enum posture_status
set_each(struct options *options, const char *text, struct posture_error *err)
{
    if (strcmp(text, "date") != 0)
        return fail_usage(err, "--each: \"%s\" is not supported (only \"date\")", text);
    options->is_each_date = true;
    return POSTURE_OK;
}

/* --lang de is --set map.lang=de, with the code checked here: letters only, at most 8. */
static enum posture_status
set_lang(struct options *options, const char *code, struct posture_error *err)
{
    size_t n = strlen(code);
    bool is_letters = true;
    for (size_t i = 0; i < n; i++)
        is_letters = is_letters && isalpha((unsigned char)code[i]);
    if (!is_letters || n > 8)
        return fail_usage(err, "--lang: \"%s\" is not a language code such as de or uk", code);
    bool is_english = strcmp(code, "en") == 0 || n == 0;
    (void)snprintf(options->lang_setting, sizeof options->lang_setting, "map.lang=%s",
                   is_english ? "" : code);
    return add_text(OPTION_LANG, options->settings, &options->request.setting_count,
                    OPTIONS_MAX_SETTINGS, options->lang_setting, err);
}

static enum posture_status
add_preset(struct options *options, const char *text, struct posture_error *err)
{
    if (strcmp(text, "kit") == 0) {
        options->is_kit = true;
        return POSTURE_OK;
    }
    return add_text(OPTION_PRESET, options->presets, &options->preset_count, OPTIONS_MAX_PRESETS,
                    text, err);
}

static enum posture_status
set_format(struct options *options, const char *text, struct posture_error *err)
{
    if (strcmp(text, "png") != 0 && strcmp(text, "svg") != 0 && strcmp(text, "pdf") != 0)
        return fail_usage(err, "--format: \"%s\" is not png, svg or pdf", text);
    options->format = text;
    return POSTURE_OK;
}

static size_t
count_long_options_starting(const char *prefix, size_t length)
{
    size_t count = 0;
    for (const struct option *option = LONG_OPTIONS; option->name != NULL; option++)
        count += strncmp(option->name, prefix, length) == 0;
    return count;
}

/* Explains why getopt_long rejected an option: "-x" and "--name" are unknown, "--na" may be an
 * ambiguous abbreviation, "--help=x" gave a value to an option that takes none. */
static enum posture_status
fail_bad_option(char **argv, struct posture_error *err)
{
    const char *arg = argv[optind - 1];
    if (strncmp(arg, "--", 2) != 0)
        return fail_usage(err, "unknown option \"-%c\"", optopt);
    int length = (int)strcspn(arg, "=");
    if (optopt != 0)
        return fail_usage(err, "%.*s: takes no value", length, arg);
    if (count_long_options_starting(arg + 2, (size_t)length - 2) > 1)
        return fail_usage(err, "ambiguous option \"%.*s\"", length, arg);
    return fail_usage(err, "unknown option \"%.*s\"", length, arg);
}

static enum posture_status
apply_file_option(int id, struct options *options, struct posture_error *err)
{
    struct posture_request *request = &options->request;
    switch (id) {
    case OPTION_STYLE:
        return set_path(id, &request->style_path, optarg, err);
    case OPTION_REPORT:
        return set_path(id, &request->report_path, optarg, err);
    case OPTION_ALT_TEXT:
        return set_path(id, &request->alt_text_path, optarg, err);
    case OPTION_OUT_DIR:
        return set_path(id, &options->out_dir, optarg, err);
    default:
        return fail_usage(err, "%s: not handled", name_option(id));
    }
}

static enum posture_status
apply_option(int id, char **argv, struct options *options, struct posture_error *err)
{
    struct posture_request *request = &options->request;
    switch (id) {
    case OPTION_TABLE:
        return set_table(options, optarg, err);
    case OPTION_OUTPUT:
        return add_output(options, optarg, err);
    case OPTION_STYLE:
    case OPTION_REPORT:
    case OPTION_ALT_TEXT:
    case OPTION_OUT_DIR:
        return apply_file_option(id, options, err);
    case OPTION_WIDTH:
        return parse_page_px(id, optarg, &request->width_px, err);
    case OPTION_HEIGHT:
        return parse_page_px(id, optarg, &request->height_px, err);
    case OPTION_SCALE:
        return parse_scale(optarg, &request->scale, err);
    case OPTION_AS_OF:
        request->as_of = optarg; /* checked by the library */
        return POSTURE_OK;
    case OPTION_EACH:
        return set_each(options, optarg, err);
    case OPTION_WHERE:
        return add_text(id, options->where, &request->where_count, OPTIONS_MAX_WHERE, optarg, err);
    case OPTION_SET:
        return add_text(id, options->settings, &request->setting_count, OPTIONS_MAX_SETTINGS,
                        optarg, err);
    case OPTION_EXTENT:
        request->extent = optarg; /* checked by the library */
        return POSTURE_OK;
    case OPTION_LANG:
        return set_lang(options, optarg, err);
    case OPTION_FORMAT:
        return set_format(options, optarg, err);
    case OPTION_PRESET:
        return add_preset(options, optarg, err);
    case OPTION_SHARD:
        return parse_shard(optarg, options, err);
    case OPTION_WORKERS:
        return parse_workers(optarg, options, err);
    case OPTION_ALLOW_ANY_PATH:
        options->allow_any_path = true;
        return POSTURE_OK;
    case OPTION_HELP:
        options->action = OPTIONS_ACTION_HELP;
        return POSTURE_OK;
    case ':':
        return fail_usage(err, "%s: missing value", name_option(optopt));
    default:
        return fail_bad_option(argv, err);
    }
}

static bool
is_dash(const char *path)
{
    return path != NULL && strcmp(path, "-") == 0;
}

static bool
is_several_presets(const struct options *options)
{
    return options->is_kit || options->preset_count > 1;
}

/* "-" may name standard output once, and then needs --format; --format alone means -o -. */
static enum posture_status
check_stdout(struct options *options, struct posture_error *err)
{
    const struct posture_request *request = &options->request;
    size_t dashes = is_dash(request->report_path) + is_dash(request->alt_text_path);
    size_t dash_outputs = 0;
    for (size_t i = 0; i < request->output_count; i++)
        dash_outputs += is_dash(options->output_paths[i]);
    if (options->format != NULL && dash_outputs == 0 && request->output_count > 0)
        return fail_usage(err, "--format: only for -o - (other outputs take the format from "
                               "their extension)");
    if (options->format != NULL && dash_outputs == 0 && dashes == 0) {
        options->output_paths[options->request.output_count++] = "-";
        dash_outputs = 1;
    }
    if (dash_outputs > 0 && options->format == NULL)
        return fail_usage(err, "-o -: give the format with --format png, svg or pdf");
    if (dash_outputs + dashes > 1)
        return fail_usage(err, "only one of -o, --report and --alt-text may be - (standard "
                               "output)");
    if ((options->is_each_date || is_several_presets(options)) && dash_outputs + dashes > 0)
        return fail_usage(err, "--each, --preset: several maps cannot go to - (standard output)");
    return POSTURE_OK;
}

/* A name of several maps must tell them apart: {date} for --each date, {preset} for several
 * presets. */
static enum posture_status
check_name(const struct options *options, const char *option, const char *name,
           struct posture_error *err)
{
    if (name == NULL)
        return POSTURE_OK;
    if (options->is_each_date && strstr(name, "{date}") == NULL)
        return fail_usage(err, "--each date: %s %s needs {date} in its name", option, name);
    if (is_several_presets(options) && strstr(name, "{preset}") == NULL)
        return fail_usage(err, "--preset: %s %s needs {preset} in its name (several presets)",
                          option, name);
    return POSTURE_OK;
}

static enum posture_status
check_names(struct options *options, struct posture_error *err)
{
    const struct posture_request *request = &options->request;
    if (options->is_each_date && request->as_of != NULL)
        return fail_usage(err, "--each date and --as-of cannot go together");
    for (size_t i = 0; i < request->output_count; i++) {
        if (check_name(options, "-o", options->output_paths[i], err) != POSTURE_OK)
            return err->status;
    }
    if (check_name(options, "--report", request->report_path, err) != POSTURE_OK ||
        check_name(options, "--alt-text", request->alt_text_path, err) != POSTURE_OK)
        return err->status;
    return POSTURE_OK;
}

static enum posture_status
finish_render(struct options *options, struct posture_error *err)
{
    if (check_stdout(options, err) != POSTURE_OK || check_names(options, err) != POSTURE_OK)
        return err->status;
    if (options->request.output_count == 0) {
        const char *const *defaults =
            is_several_presets(options)
                ? (options->is_each_date ? DEFAULT_PRESET_EACH_OUTPUTS : DEFAULT_PRESET_OUTPUTS)
                : (options->is_each_date ? DEFAULT_EACH_OUTPUTS : DEFAULT_OUTPUTS);
        for (size_t i = 0; i < DEFAULT_OUTPUT_COUNT; i++)
            options->output_paths[i] = defaults[i];
        options->request.output_count = DEFAULT_OUTPUT_COUNT;
        options->default_output_dir = DEFAULT_OUTPUT_DIR;
    }
    return POSTURE_OK;
}

static unsigned
command_flag(enum options_action action)
{
    return action == OPTIONS_ACTION_CHECK   ? FOR_CHECK
           : action == OPTIONS_ACTION_BATCH ? FOR_BATCH
                                            : FOR_RENDER;
}

/* argv[0] is the command. */
static enum posture_status
parse_command(int argc, char **argv, struct options *options, struct posture_error *err)
{
    optind = 0; /* 0, not 1: glibc and musl then reset all their state */
    opterr = 0;
    enum options_action command = options->action;
    int id;
    while ((id = getopt_long(argc, argv, SHORT_OPTIONS, LONG_OPTIONS, NULL)) != -1) {
        if (id != OPTION_TABLE && (commands_of(id) & command_flag(command)) == 0)
            return fail_usage(err, "%s: %s is not an option of %s", command_name(command),
                              name_option(id), command_name(command));
        enum posture_status status = apply_option(id, argv, options, err);
        if (status != POSTURE_OK || options->action == OPTIONS_ACTION_HELP)
            return status;
    }
    /* Whatever follows "--" is a table name, even if it starts with '-'. */
    for (; optind < argc; optind++) {
        enum posture_status status = set_table(options, argv[optind], err);
        if (status != POSTURE_OK)
            return status;
    }
    if (command == OPTIONS_ACTION_BATCH && options->jobs_path == NULL)
        return fail_usage(err, "batch: no job file given");
    if (command == OPTIONS_ACTION_RENDER)
        return finish_render(options, err);
    return POSTURE_OK;
}

static bool
is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0 || strcmp(arg, "help") == 0;
}

enum posture_status
options_parse(int argc, char **argv, struct options *options, struct posture_error *err)
{
    memset(options, 0, sizeof *options);
    posture_request_init(&options->request);
    options->request.outputs = options->output_paths;
    options->request.output_count = 0;
    options->request.where = options->where;
    options->request.settings = options->settings;
    options->action = OPTIONS_ACTION_RENDER;
    if (argc < 2) {
        options->action = OPTIONS_ACTION_NO_COMMAND;
        return POSTURE_OK;
    }
    const char *command = argv[1];
    if (strcmp(command, "render") == 0)
        return parse_command(argc - 1, argv + 1, options, err);
    if (strcmp(command, "check") == 0) {
        options->action = OPTIONS_ACTION_CHECK;
        return parse_command(argc - 1, argv + 1, options, err);
    }
    if (strcmp(command, "batch") == 0) {
        options->action = OPTIONS_ACTION_BATCH;
        return parse_command(argc - 1, argv + 1, options, err);
    }
    if (is_help(command)) {
        options->action = OPTIONS_ACTION_HELP; /* "posture help render" too */
        return POSTURE_OK;
    }
    if (strcmp(command, "--version") == 0) {
        if (argc > 2)
            return fail_usage(err, "--version: unexpected argument \"%s\"", argv[2]);
        options->action = OPTIONS_ACTION_VERSION;
        return POSTURE_OK;
    }
    if (command[0] == '-')
        return fail_usage(err, "unknown option \"%s\"", command);
    return fail_usage(err, "unknown command \"%s\"", command);
}

bool
options_print_usage(FILE *stream)
{
    return fputs(USAGE, stream) != EOF;
}
