#include "cli/options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
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
    {"help", no_argument, NULL, OPTION_HELP},
    {NULL, 0, NULL, 0},
};

static const char DEFAULT_OUTPUT_DIR[] = "out";
static const char *const DEFAULT_OUTPUTS[] = {"out/posture.png", "out/posture.svg",
                                              "out/posture.pdf"};

static const char USAGE[] =
    "Usage: posture render [TABLE.csv] [options]\n"
    "       posture --help | help | --version\n"
    "\n"
    "Draws a force-posture map: country shapefiles, the deployments of TABLE.csv\n"
    "(the built-in default table without it), arrows, labels and a legend.\n"
    "\n"
    "Options of render:\n"
    "  -o, --output FILE   write the map to FILE; the extension picks the format:\n"
    "                      .png, .svg or .pdf. Repeat for several files (up to 32).\n"
    "                      Without -o: out/posture.png, out/posture.svg and\n"
    "                      out/posture.pdf, creating out/ if missing.\n"
    "      --style FILE    a style file overriding the default style key by key\n"
    "      --width PX      map width in pixels, 1 to 20000 (default: from the style)\n"
    "      --height PX     map height in pixels, 1 to 20000 (default: from the style)\n"
    "      --scale N       PNG pixel density, 0.1 to 10: 2 doubles the pixels and\n"
    "                      keeps the layout (default: 1)\n"
    "  -h, --help          print this help and exit\n"
    "\n"
    "Other options:\n"
    "      --version       print the version and exit\n"
    "\n"
    "Environment:\n"
    "  POSTURE_DATA_DIR    where shapefiles/ and data/ are read from\n"
    "\n"
    "Exit status:\n"
    "  0   the map was written to every output\n"
    "  64  usage error: unknown option or command, bad value, unknown output format\n"
    "  65  bad input data: a malformed table, style or shapefile\n"
    "  66  missing input: an input file does not exist or cannot be read\n"
    "  70  internal error\n"
    "  73  an output cannot be written\n"
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
    switch (id) {
    case OPTION_OUTPUT:
        return "-o";
    case OPTION_STYLE:
        return "--style";
    case OPTION_WIDTH:
        return "--width";
    case OPTION_HEIGHT:
        return "--height";
    case OPTION_SCALE:
        return "--scale";
    default:
        return "an option";
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

static enum posture_status
set_table(struct options *options, const char *path, struct posture_error *err)
{
    if (options->request.table_path != NULL)
        return fail_usage(err, "render: more than one table: \"%s\" and \"%s\"",
                          options->request.table_path, path);
    if (path[0] == '\0')
        return fail_usage(err, "render: the table file name is empty");
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
set_style(struct options *options, const char *path, struct posture_error *err)
{
    if (path[0] == '\0')
        return fail_usage(err, "--style: the file name is empty");
    options->request.style_path = path;
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
apply_option(int id, char **argv, struct options *options, struct posture_error *err)
{
    switch (id) {
    case OPTION_TABLE:
        return set_table(options, optarg, err);
    case OPTION_OUTPUT:
        return add_output(options, optarg, err);
    case OPTION_STYLE:
        return set_style(options, optarg, err);
    case OPTION_WIDTH:
        return parse_page_px(id, optarg, &options->request.width_px, err);
    case OPTION_HEIGHT:
        return parse_page_px(id, optarg, &options->request.height_px, err);
    case OPTION_SCALE:
        return parse_scale(optarg, &options->request.scale, err);
    case OPTION_HELP:
        options->action = OPTIONS_ACTION_HELP;
        return POSTURE_OK;
    case ':':
        return fail_usage(err, "%s: missing value", name_option(optopt));
    default:
        return fail_bad_option(argv, err);
    }
}

/* argv[0] is "render". */
static enum posture_status
parse_render(int argc, char **argv, struct options *options, struct posture_error *err)
{
    optind = 0; /* 0, not 1: glibc and musl then reset all their state */
    opterr = 0;
    int id;
    while ((id = getopt_long(argc, argv, SHORT_OPTIONS, LONG_OPTIONS, NULL)) != -1) {
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
    if (options->request.output_count == 0) {
        for (size_t i = 0; i < sizeof DEFAULT_OUTPUTS / sizeof DEFAULT_OUTPUTS[0]; i++)
            options->output_paths[i] = DEFAULT_OUTPUTS[i];
        options->request.output_count = sizeof DEFAULT_OUTPUTS / sizeof DEFAULT_OUTPUTS[0];
        options->default_output_dir = DEFAULT_OUTPUT_DIR;
    }
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
    options->action = OPTIONS_ACTION_RENDER;
    if (argc < 2) {
        options->action = OPTIONS_ACTION_NO_COMMAND;
        return POSTURE_OK;
    }
    const char *command = argv[1];
    if (strcmp(command, "render") == 0)
        return parse_render(argc - 1, argv + 1, options, err);
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
