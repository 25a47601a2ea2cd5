/* posture's command line: argv -> struct posture_request -> posture_render() -> exit code.
 * Parsing is options.c's; everything about maps is the library's. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "cli/options.h"
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

static enum posture_status
render(struct options *options, struct posture_error *err)
{
    const char *dir = options->default_output_dir;
    if (dir != NULL && mkdir(dir, 0777) != 0 && errno != EEXIST)
        return fail(err, POSTURE_ERR_WRITE, "cannot create directory", dir);
    options->request.warn = print_warning;
    return posture_render(&options->request, err);
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
    switch (options->action) {
    case OPTIONS_ACTION_RENDER:
        return render(options, err);
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
    enum posture_status status = options_parse(argc, argv, &options, &err);
    if (status == POSTURE_OK)
        status = run(&options, &err);
    if (status != POSTURE_OK && err.message[0] != '\0')
        (void)fprintf(stderr, "posture: %s\n", err.message);
    else if (status != POSTURE_OK && options.action != OPTIONS_ACTION_NO_COMMAND)
        (void)fprintf(stderr, "posture: failed without a message (status %d)\n", (int)status);
    return exit_code_of(status);
}
